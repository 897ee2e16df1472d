/**
 * The shape of the directive catalog: one entry per directive, with its value kind, how repeated
 * assignments combine, the systemd release that introduced it, values added later, a summary and its
 * man page. Tables are plain data; their key order is the canonical order within a section.
 */
import type { AnyValueKind } from '../values/kind';
import type { ExtractFlags } from '../values/words';

/** Man pages that document the directives we catalog. */
export type ManPage =
  | 'systemd.unit'
  | 'systemd.service'
  | 'systemd.socket'
  | 'systemd.timer'
  | 'systemd.exec'
  | 'systemd.resource-control'
  | 'systemd.kill';

/**
 * `since` value for directives older than every release this library supports (252): they predate
 * the man pages' "Added in version" notes or are far older than 252.
 */
export const ANCIENT = 0;

/** How repeated assignments of a directive combine. */
export type Multiplicity =
  /** One value; a later assignment replaces an earlier one. */
  | 'single'
  /** A list, one element per assignment line; order matters; an empty assignment resets. */
  | 'lines'
  /** A list of words; an assignment may hold several (split like systemd does); an empty assignment resets. */
  | 'words';

/** One directive of the catalog. */
export interface DirectiveSpec<K extends AnyValueKind = AnyValueKind, M extends Multiplicity = Multiplicity> {
  readonly kind: K;
  readonly multiplicity: M;
  /** For `words`: how systemd splits an assignment into words (and therefore how we quote). */
  readonly split?: ExtractFlags;
  /** First systemd release with this directive ({@link ANCIENT} when older than 252 by far). */
  readonly since: number;
  /** First release that no longer supports the directive (it is ignored with a warning from then on). */
  readonly removedIn?: number;
  /** Values (enum words, prefixes …) added after the directive itself: value → release. */
  readonly valueSince?: Readonly<Record<string, number>>;
  /** One line in our own words. */
  readonly summary: string;
  /** The man page that documents it. */
  readonly man: ManPage;
}

/** Builds a single-valued catalog entry (keeps tables short). */
export function directive<K extends AnyValueKind>(
  kind: K,
  man: ManPage,
  since: number,
  summary: string,
  extra: { valueSince?: Readonly<Record<string, number>>; removedIn?: number } = {},
): DirectiveSpec<K, 'single'> {
  return { kind, multiplicity: 'single', since, removedIn: extra.removedIn, valueSince: extra.valueSince, summary, man };
}

/** A list directive whose assignments are lines. */
export function lines<K extends AnyValueKind>(kind: K, man: ManPage, since: number, summary: string, valueSince?: Readonly<Record<string, number>>): DirectiveSpec<K, 'lines'> {
  return { kind, multiplicity: 'lines', since, valueSince, summary, man };
}

/** A list directive whose assignments hold words split with `split`. */
export function words<K extends AnyValueKind>(kind: K, split: ExtractFlags, man: ManPage, since: number, summary: string): DirectiveSpec<K, 'words'> {
  return { kind, multiplicity: 'words', split, since, summary, man };
}

/** The man page link of a directive, e.g. https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#PrivateTmp= */
export function manLink(man: ManPage, name: string): string {
  return `https://www.freedesktop.org/software/systemd/man/latest/${man}.html#${name}=`;
}

/** A table of directives of one section (or one man page's part of a section). */
export type DirectiveTable = Readonly<Record<string, DirectiveSpec>>;
