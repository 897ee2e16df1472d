/**
 * The CLI as users run it — `node bin/cdktf-systemd.js` over the tsc-compiled library and the bundled
 * score path (scripts/bundle-cli.js, as `npm run build` makes them) — built from the
 * current sources into a private folder under the OS temp dir (the shared `dist/` may be stale or
 * being rebuilt). The folder is keyed by a hash of the sources, so test files and runs share one
 * build; a build goes to a temporary name first and is renamed into place when complete.
 */
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Removes builds of other source states untouched for a day (kept that long for parallel runs). */
function removeStaleBuilds(current: string): void {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of fs.readdirSync(os.tmpdir())) {
    const full = path.join(os.tmpdir(), name);
    if (!name.startsWith('cdktf-systemd-cli-') || full === current) continue;
    try {
      if (fs.statSync(full).mtimeMs < dayAgo) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // removed meanwhile by another run
    }
  }
}

/** Builds (once per source state) and returns the path of the CLI's bin script. */
export function builtCli(): string {
  const files = [...sources(path.join(ROOT, 'lib')), ...sources(path.join(ROOT, 'presets')), path.join(ROOT, 'bin/cdktf-systemd.js'), path.join(ROOT, 'scripts/bundle-cli.js'), path.join(ROOT, 'package.json')].sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(fs.readFileSync(f));
  const dir = path.join(os.tmpdir(), `cdktf-systemd-cli-${hash.digest('hex').slice(0, 16)}`);
  const bin = path.join(dir, 'bin/cdktf-systemd.js');
  if (fs.existsSync(bin)) return bin;
  const staging = fs.mkdtempSync(`${dir}.partial-`);
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(staging, 'dist')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the CLI failed:\n${r.stdout}${r.stderr}`);
  fs.mkdirSync(path.join(staging, 'bin'));
  fs.copyFileSync(path.join(ROOT, 'bin/cdktf-systemd.js'), path.join(staging, 'bin/cdktf-systemd.js'));
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(staging, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(staging, 'node_modules'));
  // The rest of `npm run build`: the bundled score path and its code cache, as users run it.
  const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bundle-cli.js'), path.join(staging, 'dist')], { encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`bundling the CLI failed:\n${b.stdout}${b.stderr}`);
  try {
    fs.renameSync(staging, dir);
  } catch {
    fs.rmSync(staging, { recursive: true, force: true }); // another worker finished first
  }
  removeStaleBuilds(dir);
  return bin;
}

/** Result of one CLI run. */
export interface CliRun {
  stdout: string;
  stderr: string;
  /** Exit status, or null when killed. */
  status: number | null;
  signal: NodeJS.Signals | null;
  /** Wall time in ms. */
  ms: number;
  /** Peak resident memory of the CLI process in KiB (VmHWM), when it could be read. */
  peakKiB?: number;
}

/** Options of {@link runCli}. */
export interface RunOptions {
  env?: Record<string, string>;
  /** Kill the run after this many ms (a hang then fails instead of blocking the suite). */
  timeoutMs?: number;
  /** Measure the peak RSS (runs through /usr/bin/time -f %M). */
  measure?: boolean;
}

const TIME = '/usr/bin/time';

/** Runs the built CLI with `args`; never throws for a failing run. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const bin = builtCli();
  const measure = options.measure === true && fs.existsSync(TIME);
  const marker = '@@peak-kib=';
  const argv = measure ? [TIME, '-f', `${marker}%M`, process.execPath, bin, ...args] : [process.execPath, bin, ...args];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // A process group of its own, so that a timeout kills the CLI and not only /usr/bin/time.
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      let stderr = Buffer.concat(err).toString('utf8');
      let peakKiB: number | undefined;
      const m = new RegExp(`${marker}(\\d+)\\n?$`).exec(stderr);
      if (m) {
        peakKiB = Number(m[1]);
        stderr = stderr.slice(0, m.index).replace(/Command exited with non-zero status \d+\n$/, '');
      }
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr, status, signal, ms: Date.now() - started, ...(peakKiB === undefined ? {} : { peakKiB }) });
    });
  });
}
