/**
 * The work of `score`, as `systemd-analyze security --offline=true FILE…` does it: options checked
 * first (a bad one prints nothing else and exits 1), the policy read (a bad one: exit 1), then each
 * file in turn — its table and summary line on stdout, or why it cannot be scored on stderr (exit 1,
 * the other files still scored) — and exit 1 when an exposure exceeds `--threshold`. Each file's work
 * is score-file.ts; a large batch is spread over worker threads (score-parallel.ts) and printed in
 * the same order, byte for byte.
 */
import type { SecurityPolicy } from '../exposure';
import { SecurityPolicyError } from '../exposure/errors';
import { glyphsFromEnv } from '../exposure/format-report';
import { BUILTIN_POLICY } from '../exposure/policy';
import { parseBoolean } from '../exposure/settings/words';
import { chooseRelease } from './host-release';
import type { ScoreContext, ScoreFormat, ScoreWrite } from './score-file';
import type { SystemdJsonFormat } from './score-json';
import { ScoreOutput } from './score-output';
import { scoreInParallel, workerCount, workerScript, type EncodedWrite } from './score-parallel';
import { searchPathOf } from './search-path';
import { FolderEntries } from '../unit/folder-entries';
import { readMachineFacts } from '../unit/machine-facts';

/** Options of the `score` verb, as commander hands them over. */
export interface ScoreOptions {
  systemd?: string;
  threshold?: string;
  policy?: string;
  securityPolicy?: string;
  user?: boolean;
  system?: boolean;
  live?: boolean;
  offline?: string;
  json?: string;
  jsonLines?: boolean;
  format?: string;
  pager?: boolean;
}

/** systemd-analyze's --threshold: an integer 0…100 on the tenths scale (default 100). */
function parseThreshold(value: string | undefined): number | Error {
  if (value === undefined) return 100;
  if (!/^[0-9]+$/.test(value) || Number(value) > 100) {
    return new Error(`Failed to parse threshold: ${value} (an integer 0…100 on the tenths scale, e.g. 92 for 9.2)`);
  }
  return Number(value);
}

/** `--json=`: systemd-analyze's values (off = text). */
function parseJson(value: string | undefined): SystemdJsonFormat | 'off' | Error {
  if (value === undefined || value === 'off') return 'off';
  if (value === 'short' || value === 'pretty') return value;
  return new Error(`Unknown argument to --json= switch: ${value} (short, pretty or off)`);
}

/**
 * Scores `files` (see the header); sets `exit.code`. `hostVersion`, when given, is the first line of
 * the host's `systemd-analyze --version` already asked for (see score-fast.ts); otherwise the host
 * is asked when no `--systemd` is given.
 */
export async function runScore(files: readonly string[], opts: ScoreOptions, exit: { code: number }, hostVersion?: Promise<string | undefined>): Promise<void> {
  const output = new ScoreOutput();
  const fail = (message: string): void => {
    output.err(`${message}\n`);
    exit.code = 1;
  };
  const json = parseJson(opts.json);
  if (json instanceof Error) return fail(json.message);
  if (opts.format !== undefined && opts.format !== 'sarif') return fail(`Unknown --format: ${opts.format} (sarif)`);
  const sarif = opts.format === 'sarif' ? await import('./score-sarif') : undefined;
  const offline = opts.offline === undefined ? true : parseBoolean(opts.offline);
  if (offline === undefined) return fail(`Failed to parse boolean argument to --offline: ${opts.offline} (true or false)`);
  const threshold = parseThreshold(opts.threshold);
  if (threshold instanceof Error) return fail(threshold.message);
  const asked = opts.systemd === undefined && hostVersion !== undefined ? await hostVersion : undefined;
  const choice = hostVersion === undefined ? chooseRelease(opts.systemd) : chooseRelease(opts.systemd, () => asked);
  if (choice instanceof Error) return fail(choice.message);
  if (choice.note) output.err(`${choice.note}\n`);
  const release = choice.release;
  const policyFile = opts.securityPolicy ?? opts.policy;
  let policy: SecurityPolicy = BUILTIN_POLICY;
  if (policyFile !== undefined) {
    // Loaded only with a policy: most runs have none.
    const { PolicyFileError, readPolicyFile } = await import('./policy-file');
    try {
      policy = readPolicyFile(policyFile, release);
    } catch (e) {
      if (!(e instanceof PolicyFileError || e instanceof SecurityPolicyError)) throw e;
      return fail(`Failed to load security policy '${policyFile}': ${e.message}`);
    }
  }
  const format: ScoreFormat = sarif ? 'sarif' : opts.jsonLines ? 'lines' : json === 'off' ? 'text' : json;
  const ctx: ScoreContext = {
    assess: { release, policy, scope: opts.user ? 'user' : 'system', mode: opts.live === true || !offline ? 'live' : 'offline', host: readMachineFacts() },
    policyFile, format, threshold, glyphs: glyphsFromEnv(process.env), searchPath: searchPathOf(files),
  };
  // One file's outcome, from this thread (text) or a worker (stdout already encoded), in order.
  const apply = async (outcome: { readonly writes: ReadonlyArray<ScoreWrite | EncodedWrite>; readonly failed: boolean; readonly bug?: unknown }, written?: () => void): Promise<void> => {
    const last = written === undefined ? -1 : outcome.writes.reduce((at, w, i) => (w[0] === 1 ? i : at), -1);
    for (let i = 0; i < outcome.writes.length; i++) {
      const write = outcome.writes[i]!;
      if (write[0] === 2) output.err(write[1]);
      else if (typeof write[1] === 'string' || write[1] instanceof Uint8Array) await output.out(write[1], i === last ? written : undefined);
      else await output.table(write[1]);
    }
    if (last < 0) written?.();
    if (outcome.failed) exit.code = 1;
    if (outcome.bug !== undefined) {
      await output.flush();
      throw outcome.bug;
    }
  };
  // The scorer itself is loaded here, not above: a parallel batch scores in its workers only.
  const workers = sarif ? 0 : workerCount(files.length);
  const script = workers > 1 ? workerScript() : undefined;
  if (script !== undefined) return scoreInParallel(files, ctx, apply, workers, script);
  const { scoreFile } = await import('./score-file');
  const folders = new FolderEntries();
  if (sarif) {
    const units: Array<import('../report').SarifUnit> = [];
    for (const file of files) {
      const outcome = scoreFile(file, ctx, folders);
      await apply(outcome);
      if (outcome.report) units.push(sarif.sarifUnitOf(file, outcome.report, opts.threshold === undefined ? undefined : threshold));
    }
    await output.out(sarif.sarifText(units));
    return;
  }
  for (const file of files) await apply(scoreFile(file, ctx, folders));
  await output.flush();
}
