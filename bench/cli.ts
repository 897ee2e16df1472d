/**
 * Benchmark: `cdktf-systemd score` as a whole process against `systemd-analyze security
 * --offline=true`, on the same files, side by side: 1 unit, 100 services, the machine's services,
 * all machine units, 1,000 and 10,000 units (copies of the machine's services under new names), each
 * batched in one process; then units scored one process per unit. Prints the median wall time of
 * paired runs (ours and theirs alternate), each side's peak RSS (output to a pipe, read as it comes)
 * and the load average at each row.
 *
 *   npm run bench:cli [-- --runs 5 --per-process 20 --keep-env]
 *
 * Runs the compiled CLI (bin/cdktf-systemd.js → dist/, built by `npm run build`).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DIRS = ['/lib/systemd/system', '/usr/lib/systemd/system'];

/** Machine unit files (no symlinks, no duplicates) of the given suffixes. */
function machineUnits(suffix: RegExp): string[] {
  const seen = new Map<string, string>();
  for (const dir of DIRS) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, f);
      if (!suffix.test(f) || f.includes('@') || fs.lstatSync(full).isSymbolicLink() || !fs.statSync(full).isFile()) continue;
      const real = fs.realpathSync(full);
      if (!seen.has(real)) seen.set(real, full);
    }
  }
  return [...seen.values()];
}

/**
 * The environment both sides run in: this one without NODE_EXTRA_CA_CERTS, which makes every Node
 * start-up parse that certificate file (these VMs set it to the whole system bundle: about 55 ms
 * each) and which `score` never needs. `--keep-env` keeps it; the header prints both start-ups.
 */
const RUN_ENV: NodeJS.ProcessEnv = process.argv.includes('--keep-env')
  ? process.env
  : Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS'));

/** Runs a command with `/usr/bin/time`, draining stdout; returns seconds and peak RSS (MiB). */
function timed(command: string, args: readonly string[]): Promise<{ seconds: number; rssMiB: number; status: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...RUN_ENV, SYSTEMD_PAGER: 'cat', TERM: 'dumb' } });
    let stderr = '';
    child.stdout.on('data', () => undefined);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const kb = Number(stderr.trim().split('\n').pop());
      resolve({ seconds, rssMiB: kb / 1024, status: status ?? 128 });
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(name);
    return (i > 0 && Number(process.argv[i + 1])) || fallback;
  };
  const runs = arg('--runs', 5);
  const perProcess = arg('--per-process', 20);
  const services = machineUnits(/\.service$/);
  const all = machineUnits(/\.(service|socket|timer|mount|swap|path|slice|target|automount)$/);
  const big = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cli-'));
  const copies: string[] = [];
  for (let i = 0; copies.length < 10_000; i++) {
    const src = services[i % services.length]!;
    const dest = path.join(big, `b${i}-${path.basename(src)}`);
    fs.copyFileSync(src, dest);
    copies.push(dest);
  }
  const sets: Array<[string, string[]]> = [
    ['1 unit', services.slice(0, 1)],
    ['100 units', copies.slice(0, 100)],
    [`${services.length} services`, services],
    [`${all.length} units`, all],
    ['1,000 units', copies.slice(0, 1000)],
    ['10,000 units', copies],
  ];
  const cli = path.join(ROOT, 'bin', 'cdktf-systemd.js');
  const bare = async (env: NodeJS.ProcessEnv): Promise<string> => {
    const times: number[] = [];
    for (let r = 0; r < 10; r++) {
      const started = process.hrtime.bigint();
      await new Promise((done) => spawn(process.execPath, ['-e', '0'], { stdio: 'ignore', env }).on('close', done));
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return `${median(times).toFixed(0)} ms`;
  };
  const extraCa = process.env.NODE_EXTRA_CA_CERTS;
  console.log(
    `Node's own start-up (\`node -e 0\`, median of 10): ${await bare(RUN_ENV)} in the environment below` +
      (extraCa !== undefined && RUN_ENV.NODE_EXTRA_CA_CERTS === undefined ? `; ${await bare(process.env)} with this shell's NODE_EXTRA_CA_CERTS=${extraCa} (left out below; --keep-env keeps it)` : ''),
  );
  console.log(`whole-process benchmark (node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)}, median of ${runs} paired runs)`);
  console.log('| set | `cdktf-systemd score` | peak RSS | `systemd-analyze security --offline=true` | peak RSS | ratio | load |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, files] of sets) {
    const ours: number[] = [];
    const theirs: number[] = [];
    let ourRss = 0;
    let theirRss = 0;
    for (let r = 0; r < runs; r++) {
      const a = await timed(process.execPath, [cli, 'score', ...files]);
      const b = await timed('systemd-analyze', ['security', '--offline=true', ...files]);
      ours.push(a.seconds);
      theirs.push(b.seconds);
      ourRss = Math.max(ourRss, a.rssMiB);
      theirRss = Math.max(theirRss, b.rssMiB);
    }
    const [o, t] = [median(ours), median(theirs)];
    console.log(`| ${name} | ${o.toFixed(3)} s | ${ourRss.toFixed(0)} MiB | ${t.toFixed(3)} s | ${theirRss.toFixed(0)} MiB | ${(t / o).toFixed(2)}× | ${os.loadavg()[0]!.toFixed(2)} |`);
  }
  // One process per unit, as a script or a pre-commit hook runs it: the same units on both sides.
  const step = Math.max(1, Math.floor(services.length / perProcess));
  const sample = services.filter((_, i) => i % step === 0).slice(0, perProcess);
  let ours = 0;
  let theirs = 0;
  for (const file of sample) {
    ours += (await timed(process.execPath, [cli, 'score', file])).seconds;
    theirs += (await timed('systemd-analyze', ['security', '--offline=true', file])).seconds;
  }
  console.log(`| one process per unit (${sample.length} units), per unit | ${((ours / sample.length) * 1000).toFixed(1)} ms | | ${((theirs / sample.length) * 1000).toFixed(1)} ms | | ${(theirs / ours).toFixed(2)}× | ${os.loadavg()[0]!.toFixed(2)} |`);
  fs.rmSync(big, { recursive: true, force: true });
}

void main();
