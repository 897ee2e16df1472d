/**
 * Per-release rules of systemd's unit loader for hostile values: how specifiers expand, how paths
 * are simplified and checked, how command lines are judged. Read from the sources of each release
 * (252.39, 257.13; 262 from its oracle where its source differs) and checked against the real tools
 * (test/exposure/hostile/). Everything else about these rules is the same in all three releases and
 * lives in the code that applies them.
 */
import type { SpecifierFlavour } from '../unit/specifiers';
import type { SystemdRelease } from './release';
import type { PathCheck, SimplifyFlavour } from './settings/paths';

/** The loader rules of one release. */
export interface LoadRules {
  readonly specifiers: SpecifierFlavour;
  readonly paths: SimplifyFlavour;
  /**
   * When an executable path names a directory (config_parse_exec): 252 only a trailing `/`; 257+
   * path_implies_directory(): also `.` and `..`, alone or as the last component.
   */
  readonly execDirectory: 'trailing-slash' | 'implies-directory';
  /**
   * 262: an executable path with a glob character (`*`, `?`, `[`), or that is not valid UTF-8 (a
   * `\xff` escape, a noncharacter), is refused like an unsafe one.
   */
  readonly execRefusesGlobAndNonUtf8: boolean;
  /** 262: a C escape `\uXXXX` of a UTF-16 surrogate is invalid (kept verbatim, with its backslash). */
  readonly cunescapeRejectsSurrogates: boolean;
  /**
   * 262: the `|` prefix runs the command line through the shell; the first word is then passed to
   * `sh -c` as it is (no specifier expansion, no executable checks; only the arguments are read).
   */
  readonly execViaShell: boolean;
  /** 257+: unit_verify_contexts() (WorkingDirectory= vs. DynamicUser= and mount namespaces, PrivatePIDs=). */
  readonly contextChecks: boolean;
  /** 257+: a Type=forking service may not use PrivatePIDs= (service_verify()). */
  readonly forkingRefusesPrivatePids: boolean;
  /** 262: PAMName= may not be combined with PrivatePIDs= (unit_verify_contexts()). */
  readonly pamRefusesPrivatePids: boolean;
  /** KillMode= values PAMName= allows, for services and for the other unit types. */
  readonly pamKillModes: { readonly service: readonly string[]; readonly other: readonly string[] };
  /** PIDFile=: path_simplify_and_warn() flags (257+ refuse API file systems). */
  readonly pidFile: PathCheck;
  /** 257+: exec directories take `SOURCE:DEST:FLAGS` (`ro`), separators not coalesced. */
  readonly execDirectoryFlags: boolean;
  /** MountImages= source and destination: path_simplify_and_warn() flags. */
  readonly mountImages: PathCheck;
}

const CONTROLLERS = ['cpu', 'cpuacct', 'cpuset', 'io', 'blkio', 'memory', 'devices', 'pids'];

const R252: LoadRules = {
  specifiers: { extraLetters: '', userStateIn: 'config', cgroupControllers: CONTROLLERS },
  paths: { dropLeadingDotDot: false },
  execDirectory: 'trailing-slash',
  execRefusesGlobAndNonUtf8: false,
  cunescapeRejectsSurrogates: false,
  execViaShell: false,
  contextChecks: false,
  forkingRefusesPrivatePids: false,
  pamRefusesPrivatePids: false,
  pamKillModes: { service: ['control-group', 'mixed'], other: ['control-group'] },
  pidFile: { absolute: true },
  execDirectoryFlags: false,
  mountImages: { absolute: true },
};

const R257: LoadRules = {
  specifiers: { extraLetters: 'D', userStateIn: 'state', cgroupControllers: CONTROLLERS },
  paths: { dropLeadingDotDot: true },
  execDirectory: 'implies-directory',
  execRefusesGlobAndNonUtf8: false,
  cunescapeRejectsSurrogates: false,
  execViaShell: false,
  contextChecks: true,
  forkingRefusesPrivatePids: true,
  pamRefusesPrivatePids: false,
  pamKillModes: { service: ['control-group', 'mixed'], other: ['control-group', 'mixed'] },
  pidFile: { absolute: true, nonApiVfs: true },
  execDirectoryFlags: true,
  mountImages: { absolute: true, nonApiVfsDevOk: true },
};

/** Loader rules per supported release. */
export const LOAD_RULES: Readonly<Record<SystemdRelease, LoadRules>> = {
  '252': R252,
  '257': R257,
  '262': { ...R257, execRefusesGlobAndNonUtf8: true, cunescapeRejectsSurrogates: true, execViaShell: true, pamRefusesPrivatePids: true },
};
