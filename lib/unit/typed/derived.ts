/**
 * TypeScript types derived from the catalog tables: a section model maps each directive name to its
 * value type (one value, or a list for directives that accumulate). The documented interfaces in
 * sections.generated.ts are generated from the same tables and checked to be identical to these.
 */
import type { DirectiveSpec, DirectiveTable } from '../catalog/define';
import type { KindValue } from '../values/kind';

/** An empty assignment in a list: resets what came before (kept only with `keepResets`). */
export type Reset = '';

/** The model value type of one catalog entry. */
export type DirectiveValue<S> =
  S extends DirectiveSpec<infer K, infer M> ? (M extends 'single' ? KindValue<K> : readonly (KindValue<K> | Reset)[]) : never;

/** A section model derived from a catalog table. */
export type DerivedSection<T extends DirectiveTable> = { readonly [K in keyof T]?: DirectiveValue<T[K]> };
