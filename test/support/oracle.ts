/**
 * The oracle harness: runs the REAL `systemd-analyze security --offline=true` of a systemd release on
 * local unit files (through `../shared/tools/systemd-oracle.sh`, overridable with env
 * SYSTEMD_ORACLE_SCRIPT) and returns its verdict per file, check by check.
 *
 * Each batch costs two launches (text mode for the overall number and the unit names, debug JSON for
 * weight/badness/range of every check). Measured: the host oracle scores about 1,600 units/s, the
 * trixie/sid chroots about 140 units/s (copying the files into the chroot dominates), so batches of
 * a few hundred files keep the launch overhead negligible.
 *
 * Isolation: every file is scored from a folder of its own with the drop-in folders beside it that
 * apply to it (see isolate(); an alias symlink is scored as its target), and every run sets SYSTEMD_UNIT_PATH to a directory that does not exist. systemd then does not
 * append its built-in search path (spec e.1), so drop-ins installed on the machine (`/etc/systemd/
 * system/NAME.d`, type-wide `service.d/`…) cannot leak into the score; each FILE's own directory is
 * still searched first, so `FILE.d/*.conf` beside it applies, as with the real tool.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isSystemdRelease, type SystemdRelease } from '../../lib/exposure/release';
import { dropInFolderNames } from '../../lib/unit/load';

/** Which real systemd-analyze to run: this machine's, or one of the prepared Debian roots. */
export type OracleSuite = 'host' | 'trixie' | 'sid';

/** One check as the oracle scored it (debug JSON). */
export interface OracleCheck {
  name: string;
  jsonField: string;
  set: boolean | null;
  /** Row exposure in tenths, null when empty. */
  exposure: number | null;
  /** null = N/A (systemd's 2^64-1). */
  badness: number | null;
  weight: number;
  range: number;
  description: string | null;
}

/** The oracle's verdict on one file: a report, or the reason it refused the unit. */
export type OracleResult =
  | { file: string; unit: string; exposure: number; level: string; checks: OracleCheck[] }
  | { file: string; unit: string; error: string };

/** Raw result of one oracle command line. */
export interface OracleRun {
  stdout: string;
  stderr: string;
  /** Exit status, or 128 + signal number when killed by a signal (like a shell). */
  status: number;
}

const SUITES: readonly OracleSuite[] = ['host', 'trixie', 'sid'];
/** Files per launch; the chroot script copies each file, so this bounds the copy and argv size. */
const BATCH_SIZE = 400;
/** systemd's N/A badness, UINT64_MAX. */
const NA_BADNESS = (1n << 64n) - 1n;
/** A search path entry that does not exist: isolates runs from installed drop-ins (see header). */
const ISOLATED_UNIT_PATH = '/nonexistent-cdktf-systemd-oracle-unit-path';

/** Path of the oracle script: env SYSTEMD_ORACLE_SCRIPT or `../shared/tools/systemd-oracle.sh` beside the repo. */
export function oracleScript(): string {
  return process.env.SYSTEMD_ORACLE_SCRIPT ?? path.resolve(__dirname, '../../../shared/tools/systemd-oracle.sh');
}

let versionCache: Map<OracleSuite, string> | undefined;

function versions(): Map<OracleSuite, string> {
  if (versionCache) return versionCache;
  const found = new Map<OracleSuite, string>();
  const script = oracleScript();
  if (fs.existsSync(script)) {
    const r = spawnSync(script, ['versions'], { encoding: 'utf8' });
    for (const line of (r.stdout ?? '').split('\n')) {
      const m = /^(\S+) (systemd .*)$/.exec(line.trim());
      if (m && (SUITES as readonly string[]).includes(m[1]!)) found.set(m[1] as OracleSuite, m[2]!);
    }
    // The chroot suites need root; without it they cannot run even when their roots exist.
    if (process.getuid?.() !== 0) {
      found.delete('trixie');
      found.delete('sid');
    }
  }
  versionCache = found;
  return found;
}

/** The first line of `systemd-analyze --version` of a suite, e.g. `systemd 257 (257.13-1~deb13u1)`. */
export function oracleVersion(suite: OracleSuite): string {
  const v = versions().get(suite);
  if (!v) throw new Error(`oracle suite '${suite}' is not available (script ${oracleScript()})`);
  return v;
}

/** The release a suite runs, or undefined when it is unavailable or its release has no scorer data. */
export function oracleRelease(suite: OracleSuite): SystemdRelease | undefined {
  const v = versions().get(suite);
  const m = v ? /^systemd (\d+)/.exec(v) : null;
  return m && isSystemdRelease(m[1]!) ? m[1] : undefined;
}

/** The suites that can run here, each with the release it runs (host mapped from its version). */
export function availableOracles(): Array<{ suite: OracleSuite; release: SystemdRelease }> {
  const out: Array<{ suite: OracleSuite; release: SystemdRelease }> = [];
  for (const suite of SUITES) {
    const release = oracleRelease(suite);
    if (release) out.push({ suite, release });
  }
  return out;
}

/**
 * The suites a test should compare against. With none available the test is skipped, unless env CI
 * is set: then this throws, because CI must have the oracles.
 */
export function oraclesForTests(): Array<{ suite: OracleSuite; release: SystemdRelease }> {
  const list = availableOracles();
  if (list.length === 0) {
    const why = `no systemd oracle available (script ${oracleScript()}; chroot suites need root)`;
    if (process.env.CI) throw new Error(why);
    // eslint-disable-next-line no-console
    console.warn(`skipping oracle comparisons: ${why}`);
  }
  return list;
}

/**
 * `describe.each` over the available oracles; with none it registers the block as skipped (jest
 * refuses an empty table), and under CI {@link oraclesForTests} has already failed.
 */
export function describeEachOracle(title: string, body: (o: { suite: OracleSuite; release: SystemdRelease }) => void): void {
  const suites = oraclesForTests();
  if (suites.length > 0) describe.each(suites)(title, body);
  else describe.skip(title.replace(/\$\w+/g, '(no oracle)'), () => body({ suite: 'host', release: '262' }));
}

/** Runs `systemd-analyze ARGS…` of a suite (file arguments are copied into chroots by the script). */
export function runOracleCommand(suite: OracleSuite, args: readonly string[], env: Record<string, string> = {}): OracleRun {
  const r = spawnSync(oracleScript(), [suite, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, SYSTEMD_UNIT_PATH: ISOLATED_UNIT_PATH, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp', ...env },
  });
  if (r.error) throw r.error;
  const status = r.status ?? 128 + (r.signal ? signalNumber(r.signal) : 0);
  return { stdout: r.stdout, stderr: r.stderr, status };
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0;
}

/**
 * A symlinked FILE (an alias) is loaded and named by its target; /dev/null links are masks, kept.
 */
function aliasTarget(file: string): string | undefined {
  try {
    if (!fs.lstatSync(file).isSymbolicLink()) return undefined;
    const real = fs.realpathSync(file);
    return real === '/dev/null' ? undefined : real;
  } catch {
    return undefined;
  }
}

/** The name systemd reports for a file: an alias by its target; a template `foo@.service` as an instance. */
export function analysedUnitName(file: string, release: SystemdRelease): string {
  const base = path.basename(aliasTarget(file) ?? file);
  const m = /^(.*)@(\.[^.]+)$/.exec(base);
  if (!m) return base;
  return `${m[1]}@${release === '252' ? 'i' : 'test_instance'}${m[2]}`;
}

/** Splits files into batches whose analysed names are unique (the search path is shared by a run). */
function batches(files: readonly string[], release: SystemdRelease): string[][] {
  const out: Array<{ files: string[]; names: Set<string> }> = [];
  for (const file of files) {
    const names = [path.basename(file), analysedUnitName(file, release)];
    let batch = out.find((b) => b.files.length < BATCH_SIZE && names.every((n) => !b.names.has(n)));
    if (!batch) {
      batch = { files: [], names: new Set() };
      out.push(batch);
    }
    batch.files.push(file);
    names.forEach((n) => batch!.names.add(n));
  }
  return out.map((b) => b.files);
}

function parseBadness(raw: string): number | null {
  const v = BigInt(raw);
  return v === NA_BADNESS ? null : Number(v);
}

interface RawCheck {
  set: boolean | null;
  name: string;
  json_field: string;
  description: string | null;
  weight: number;
  badness: string;
  range: number;
  exposure: string | null;
}

/** Parses one `SYSTEMD_ANALYZE_DEBUG=1 … --json=short` array (badness kept exact, N/A → null). */
export function parseJsonLine(line: string): OracleCheck[] {
  // Quote every badness before JSON.parse: 2^64-1 does not survive a double.
  const rows = JSON.parse(line.replace(/"badness":(\d+)/g, '"badness":"$1"')) as RawCheck[];
  return rows.map((r) => ({
    name: r.name,
    jsonField: r.json_field,
    set: r.set,
    exposure: r.exposure === null ? null : tenths(r.exposure),
    badness: parseBadness(r.badness),
    weight: r.weight,
    range: r.range,
    description: r.description,
  }));
}

/** "9.2" → 92 (systemd prints integer tenths). */
function tenths(s: string): number {
  const m = /^(\d+)\.(\d)$/.exec(s);
  if (!m) throw new Error(`unexpected exposure '${s}' from the oracle`);
  return Number(m[1]) * 10 + Number(m[2]);
}

const OVERALL = /Overall exposure level for (.+): (\d+)\.(\d) (\S+)/;

/** The summary lines of a text-mode run: unit name, exposure in tenths, level. */
export function parseSummaries(stdout: string): Array<{ unit: string; exposure: number; level: string }> {
  return stdout
    .split('\n')
    .map((l) => OVERALL.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ unit: m[1]!, exposure: Number(m[2]) * 10 + Number(m[3]), level: m[4]! }));
}

/** Options of {@link runOracle}. */
export interface OracleOptions {
  /** A `--security-policy` JSON file. */
  policy?: string;
  /** `--user` scope. */
  user?: boolean;
  /** `--threshold=N` (does not change the reports, only the exit status). */
  threshold?: number;
}

/**
 * Scores files with a suite's real systemd-analyze: one result per file, in order. Files whose unit
 * systemd refuses get `error` with systemd's own messages about it.
 */
export function runOracle(suite: OracleSuite, files: string[], options: OracleOptions = {}): OracleResult[] {
  const release = oracleRelease(suite);
  if (!release) throw new Error(`oracle suite '${suite}' is not available`);
  const absolute = files.map((f) => path.resolve(f));
  const bySource = new Map<string, OracleResult>();
  for (const batch of batches(absolute, release)) {
    const results = runBatch(suite, release, batch, options);
    batch.forEach((f, i) => bySource.set(f, results[i]!));
  }
  return absolute.map((f, i) => ({ ...bySource.get(f)!, file: files[i]! }));
}

function commonArgs(options: OracleOptions): string[] {
  const args = ['security', '--offline=true'];
  if (options.user) args.push('--user');
  if (options.threshold !== undefined) args.push(`--threshold=${options.threshold}`);
  if (options.policy !== undefined) args.push('--security-policy', path.resolve(options.policy));
  return args;
}

/** Drop-in folders beside `file` that systemd applies to it (NAME.d, template, dash-prefix, type-wide). */
function dropInFoldersBeside(file: string): string[] {
  let names: string[];
  try {
    names = dropInFolderNames(path.basename(file));
  } catch {
    return [];
  }
  return names.map((n) => path.join(path.dirname(file), n)).filter((d) => fs.existsSync(d));
}

/**
 * systemd-analyze loads each FILE by name through a search path made of all the FILEs' folders, so a
 * file whose name also exists in another argument's folder could be shadowed. Each file is therefore
 * scored from a folder of its own. For the host the drop-in folders beside it are copied as they
 * are; the chroot script copies only FILE and FILE.d, so for the chroots the other applicable folders
 * are merged into FILE.d with systemd's precedence (the most specific folder wins a file name), which
 * systemd treats identically.
 */
function isolate(files: string[], suite: OracleSuite): { args: string[]; cleanup: () => void } {
  // Aliases: score the target file (systemd names the unit after it); the chroot script would copy a
  // dangling link. (Drop-ins for the alias name itself are not carried over.)
  files = files.map((f) => aliasTarget(f) ?? f);
  const extra = (f: string): string[] => dropInFoldersBeside(f).filter((d) => d !== `${f}.d`);
  if (suite !== 'host' && !files.some((f) => extra(f).length > 0)) return { args: files, cleanup: () => undefined };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oracle-stage-'));
  const args = files.map((f, i) => {
    if (!fs.existsSync(f)) return f;
    const sub = path.join(dir, String(i));
    fs.mkdirSync(sub);
    const to = path.join(sub, path.basename(f));
    fs.cpSync(f, to, { dereference: false });
    if (suite === 'host') {
      for (const d of dropInFoldersBeside(f)) fs.cpSync(d, path.join(sub, path.basename(d)), { recursive: true });
    } else {
      for (const d of dropInFoldersBeside(f)) {
        fs.mkdirSync(`${to}.d`, { recursive: true });
        for (const conf of fs.readdirSync(d)) {
          if (!fs.existsSync(path.join(`${to}.d`, conf))) fs.cpSync(path.join(d, conf), path.join(`${to}.d`, conf));
        }
      }
    }
    return to;
  });
  return { args, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function runBatch(suite: OracleSuite, release: SystemdRelease, files: string[], options: OracleOptions): OracleResult[] {
  const isolated = isolate(files, suite);
  let text: OracleRun;
  let json: OracleRun;
  try {
    text = runOracleCommand(suite, [...commonArgs(options), ...isolated.args], { SYSTEMD_EMOJI: '0', LANG: 'C.UTF-8' });
    json = runOracleCommand(suite, [...commonArgs(options), '--json=short', ...isolated.args], { SYSTEMD_ANALYZE_DEBUG: '1' });
  } finally {
    isolated.cleanup();
  }
  const reports = parseSummaries(text.stdout);
  const arrays = json.stdout.split('\n').filter((l) => l.startsWith('['));
  if (arrays.length !== reports.length) {
    throw new Error(
      `oracle ${suite}: ${reports.length} text reports but ${arrays.length} JSON arrays for ${files.length} files\n${text.stderr}`,
    );
  }
  const stderrLines = text.stderr.split('\n').filter((l) => l.trim() !== '');
  const out: OracleResult[] = [];
  let next = 0;
  for (const file of files) {
    const unit = analysedUnitName(file, release);
    const report = reports[next];
    if (report && report.unit === unit) {
      out.push({ file, unit, exposure: report.exposure, level: report.level, checks: parseJsonLine(arrays[next]!) });
      next++;
      continue;
    }
    const base = path.basename(file);
    const mentions = stderrLines.filter((l) => l.includes(`${unit}:`) || l.includes(`${unit} `) || l.includes(`/${base}:`) || l.includes(` ${base}:`));
    const abnormal = text.status > 1 ? ` (systemd-analyze exited with status ${text.status})` : '';
    out.push({ file, unit, error: (mentions.join('\n') || 'no report') + abnormal });
  }
  if (next !== reports.length) {
    throw new Error(`oracle ${suite}: could not match reports to files (${reports.map((r) => r.unit).join(', ')})`);
  }
  return out;
}
