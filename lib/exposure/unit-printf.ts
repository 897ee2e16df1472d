/**
 * systemd's unit_*_printf() family for one analysed unit: specifier expansion with the unit's name,
 * scope, host facts and release, capped at the length each family allows (src/core/unit-printf.h).
 */
import { expandSpecifiers, SpecifierError, type HostFacts, type SpecifierContext } from '../unit/specifiers';
import { LONG_LINE_MAX } from '../unit/parse';
import type { LoadRules } from './load-rules';
import { PATH_MAX } from './settings/paths';

/** CREDENTIAL_NAME_MAX (= FDNAME_MAX). */
export const CREDENTIAL_NAME_MAX = 255;

/** Where a unit is analysed: what specifiers need besides its name. */
export interface PrintfContext {
  readonly unit: string;
  readonly scope: 'system' | 'user';
  readonly rules: LoadRules;
  readonly host?: HostFacts;
  /** The unit file's real path (%y, %Y). */
  readonly fragmentPath?: string;
}

/** The expansions of one unit; each method throws {@link SpecifierError} where systemd's fails. */
export class UnitPrintf {
  private readonly fullCtx: SpecifierContext;
  private readonly pathCtx: SpecifierContext;
  private readonly credCtx: SpecifierContext;

  constructor(ctx: PrintfContext) {
    const base: SpecifierContext = {
      unitName: ctx.unit,
      scope: ctx.scope,
      flavour: ctx.rules.specifiers,
      ...(ctx.host ? { host: ctx.host } : {}),
      ...(ctx.fragmentPath !== undefined ? { fragmentPath: ctx.fragmentPath } : {}),
    };
    this.fullCtx = { ...base, maxBytes: LONG_LINE_MAX };
    this.pathCtx = { ...base, maxBytes: PATH_MAX - 1 };
    this.credCtx = { ...base, maxBytes: CREDENTIAL_NAME_MAX };
  }

  /** unit_full_printf(): at most LONG_LINE_MAX bytes. */
  full(v: string): string {
    return expandSpecifiers(v, this.fullCtx);
  }

  /** unit_path_printf(): at most PATH_MAX - 1 bytes. */
  path(v: string): string {
    return expandSpecifiers(v, this.pathCtx);
  }

  /** unit_cred_printf(): at most CREDENTIAL_NAME_MAX bytes. */
  cred(v: string): string {
    return expandSpecifiers(v, this.credCtx);
  }

  /** Expansion capped at `maxBytes` (e.g. HOST_NAME_MAX for ProtectHostname=...:NAME). */
  limited(v: string, maxBytes: number): string {
    return expandSpecifiers(v, { ...this.fullCtx, maxBytes });
  }

  /** The manager's runtime directory (%t): /run, or $XDG_RUNTIME_DIR in user scope. */
  runtimeDir(): string {
    return expandSpecifiers('%t', this.pathCtx);
  }

  /** `expand(v)`, or undefined where it fails (the setting is then ignored). */
  static orUndefined(expand: () => string): string | undefined {
    try {
      return expand();
    } catch (e) {
      if (e instanceof SpecifierError) return undefined;
      throw e;
    }
  }
}
