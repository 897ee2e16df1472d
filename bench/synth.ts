/**
 * Benchmark: synth of a large app. N services (mixed presets, a timer on every 10th) on 10 hosts over
 * the three supported releases, synthesized to a temporary folder; prints the wall time, the peak
 * RSS, how often each unit was scored, and the time of each phase of synth.
 *
 *   npm run bench:synth [-- 1000 10000]
 *   npm run bench:synth -- --floor 1000 10000     # also cdktf's floor (bench/cdktf-floor.ts)
 *   npm run bench:synth -- --profile 3000         # also the CPU profile's library / cdktf / runtime shares
 *   npm run bench:synth -- --over-budget 100      # also synth failing on 100 services over budget
 *
 * Each size runs in a child process of its own (so peak RSS is that size's), from the compiled
 * JavaScript (tsconfig.bench.json). BENCH_KEEP=dir keeps a child's output there (to diff versions).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack } from 'cdktf';
import { App, SystemdHost, SystemdService, SystemdStack, SystemdTimer } from '../lib/constructs';
import * as exposure from '../lib/exposure';
import { SUPPORTED_RELEASES } from '../lib/exposure';
import * as presets from '../presets';
import { floorInput, rebuild, type FloorFigures } from './cdktf-floor';
import { cpuShares, type CpuShares } from './cpu-shares';

/** The phases of one synth, in the order they run. */
const PHASES = ['declare', 'aspects', 'validate', 'reports', 'toTerraform', 'write'] as const;
type Phase = (typeof PHASES)[number];

/** What a child reports. */
interface Figures {
  readonly seconds: number;
  readonly maxRssMiB: number;
  readonly scored: number;
  readonly phases: Record<Phase, number>;
  /** CPU seconds of the process in user space, and in the kernel (mostly creating the output files). */
  readonly userSeconds: number;
  readonly systemSeconds: number;
}

/** Wraps `owner[name]` so that `mark(phase)` runs before it and `after` after it. */
function around(owner: object, name: string, before: () => void, after: () => void = () => undefined): void {
  const o = owner as Record<string, (...args: unknown[]) => unknown>;
  const original = o[name]!;
  o[name] = function (this: unknown, ...args: unknown[]) {
    before();
    try {
      return original.apply(this, args);
    } finally {
      after();
    }
  };
}

/**
 * Where synth writes: the project's own folder, as an app's cdktf.out/ is (BENCH_OUT to choose).
 * Not the OS temp folder: on these VMs creating a file in /tmp costs up to 0.4 ms of kernel time,
 * ten times what it costs under /work or /var/tmp, and synth at 10,000 services creates 11,000.
 */
function benchOutRoot(): string {
  const root = process.env.BENCH_OUT ?? path.resolve(__dirname, '../../.bench-out');
  fs.mkdirSync(root, { recursive: true });
  return root;
}

/** Declares `n` services on 10 hosts and synthesizes them; returns the figures. */
function synthesize(n: number): Figures {
  let scored = 0;
  const original = exposure.assessUnit;
  // count the scorer's calls without changing it
  (exposure as { assessUnit: typeof original }).assessUnit = ((...args: Parameters<typeof original>) => (scored++, original(...args))) as typeof original;
  // phase boundaries: each hook closes the running phase and opens the next
  const phases = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
  let phase: Phase = 'declare';
  let since = process.hrtime.bigint();
  const mark = (next: Phase) => () => {
    const now = process.hrtime.bigint();
    phases[phase] += Number(now - since) / 1e9;
    // BENCH_MEM=1: memory at each boundary on stderr (run with --trace-gc to see the peaks between)
    if (process.env.BENCH_MEM) {
      (globalThis as { gc?: () => void }).gc?.(); // with --expose-gc: what is retained
      const m = process.memoryUsage();
      process.stderr.write(`bench: end of ${phase}: rss ${(m.rss / 1048576).toFixed(0)} MiB, heap ${(m.heapUsed / 1048576).toFixed(0)} MiB, peak rss ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
    }
    phase = next;
    since = now;
  };
  around(TerraformStack.prototype, 'runAllValidations', mark('validate'), mark('reports'));
  around(SystemdStack.prototype, 'writeOutputs', mark('reports'), mark('toTerraform'));
  around(SystemdStack.prototype, 'toTerraform', mark('toTerraform'), mark('write'));

  const outdir = fs.mkdtempSync(path.join(benchOutRoot(), 'bench-synth-'));
  const started = process.hrtime.bigint();
  const app = new App({ outdir, ...(process.env.NO_TRACES ? { stackTraces: false } : {}) });
  const stack = new SystemdStack(app, 'bench', { policy: { budget: 9.9 } });
  const hosts = Array.from({ length: 10 }, (_, i) =>
    new SystemdHost(stack, `host${i}`, { target: { type: 'ssh', host: `10.0.0.${i + 1}` }, systemd: SUPPORTED_RELEASES[i % SUPPORTED_RELEASES.length] }),
  );
  for (let i = 0; i < n; i++) {
    const host = hosts[i % hosts.length]!;
    const kind = i % 3;
    const preset = kind === 0 ? presets.strict() : kind === 1 ? presets.networkService({ ports: [8000 + (i % 1000)] }) : presets.batch();
    const svc = new SystemdService(host, `svc${i}`, { preset, service: { ExecStart: [`/usr/bin/app --instance ${i}`] } });
    if (i % 10 === 0) new SystemdTimer(host, `timer${i}`, { service: svc, timer: { OnCalendar: ['daily'] } });
  }
  mark('aspects')();
  app.synth();
  mark('write')();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (process.env.BENCH_KEEP) fs.cpSync(outdir, process.env.BENCH_KEEP, { recursive: true });
  fs.rmSync(outdir, { recursive: true, force: true });
  const usage = process.resourceUsage();
  return { seconds, maxRssMiB: usage.maxRSS / 1024, scored, phases, userSeconds: usage.userCPUTime / 1e6, systemSeconds: usage.systemCPUTime / 1e6 };
}

/** What the over-budget child reports. */
interface FailureFigures {
  readonly seconds: number;
  readonly failed: boolean;
  readonly errorLines: number;
  readonly maxRssMiB: number;
}

/**
 * The first synth a new user sees: `n` services as written, without a preset, over the default
 * budget; synth fails with each service's costliest checks and the planner's smallest fix.
 */
function synthesizeOverBudget(n: number): FailureFigures {
  const outdir = fs.mkdtempSync(path.join(benchOutRoot(), 'bench-fail-'));
  const started = process.hrtime.bigint();
  const app = new App({ outdir });
  const stack = new SystemdStack(app, 'bench');
  const host = new SystemdHost(stack, 'host', { target: { type: 'ssh', host: '10.0.0.1' }, systemd: '257' });
  for (let i = 0; i < n; i++) new SystemdService(host, `svc${i}`, { service: { ExecStart: [`/usr/bin/app --instance ${i}`], User: 'app' } });
  let errorLines = 0;
  try {
    app.synth();
  } catch (e) {
    errorLines = String(e).split('\n').length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  fs.rmSync(outdir, { recursive: true, force: true });
  return { seconds, failed: errorLines > 0, errorLines, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
}

/** Runs this script in a child process with `args`; returns what it printed, parsed. */
function child<T>(args: readonly string[], env: NodeJS.ProcessEnv = process.env, nodeFlags: readonly string[] = []): T {
  const r = spawnSync(process.execPath, [...nodeFlags, __filename, ...args], { encoding: 'utf8', maxBuffer: 1 << 24, env });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as T;
}

const s = (x: number): string => `${x.toFixed(2)} s`;

function main(argv: readonly string[]): void {
  const floor = argv.includes('--floor');
  const profile = argv.includes('--profile');
  const overAt = argv.indexOf('--over-budget');
  const sizes = argv.filter((a, i) => !a.startsWith('--') && !(overAt >= 0 && i === overAt + 1)).map(Number);
  const load = os.loadavg()[0]!.toFixed(2);
  console.log(`synth benchmark (node ${process.version}, ${os.cpus().length} cores, load ${load}, ${new Date().toISOString().slice(0, 16)}Z)`);
  console.log('| services | timers | hosts | synth | CPU user / kernel | peak RSS | scorer calls per service | declare | aspects | validate | reports | toTerraform | write |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const extra: string[] = [];
  for (const n of sizes.length > 0 ? sizes : [1000, 10000]) {
    const keep = floor ? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-keep-')) : undefined;
    const profDir = profile ? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-prof-')) : undefined;
    const f = child<Figures>(['--child', String(n)], keep ? { ...process.env, BENCH_KEEP: keep } : process.env, profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []);
    const p = f.phases;
    console.log(`| ${n} | ${Math.ceil(n / 10)} | 10 | ${s(f.seconds)} | ${s(f.userSeconds)} / ${s(f.systemSeconds)} | ${f.maxRssMiB.toFixed(0)} MiB | ${(f.scored / n).toFixed(1)} | ${PHASES.map((x) => s(p[x])).join(' | ')} |`);
    if (profDir) {
      const file = path.join(profDir, fs.readdirSync(profDir)[0]!);
      const c = child<CpuShares>(['--shares', file]);
      const pct = (x: number) => `${((100 * x) / c.total).toFixed(0)}%`;
      extra.push(`${n} services, CPU profile (self time): library ${pct(c.library)}, cdktf/constructs ${pct(c.cdktf)}, runtime (GC, fs, Node) ${pct(c.runtime)}`);
      fs.rmSync(profDir, { recursive: true, force: true });
    }
    if (keep) {
      const file = path.join(keep, 'stacks', 'bench', 'cdk.tf.json');
      const out = fs.mkdtempSync(path.join(benchOutRoot(), 'bench-floor-'));
      const input = path.join(keep, 'floor-input.ndjson');
      floorInput(file, input);
      const fl = child<FloorFigures>(['--floor-child', input, out]);
      const same = fs.readFileSync(file).equals(fs.readFileSync(path.join(out, 'stacks', 'bench', 'cdk.tf.json')));
      extra.push(
        `${n} services, cdktf floor (the same cdk.tf.json from bare cdktf constructs, ${same ? 'byte-identical' : 'DIFFERENT'}): ` +
          `${s(fl.seconds)}, peak RSS ${fl.maxRssMiB.toFixed(0)} MiB (${fl.inputRssMiB.toFixed(0)} MiB before the first construct)`,
      );
      fs.rmSync(keep, { recursive: true, force: true });
      fs.rmSync(out, { recursive: true, force: true });
    }
  }
  const over = argv.indexOf('--over-budget');
  if (over >= 0) {
    const n = Number(argv[over + 1]) || 100;
    const f = child<FailureFigures>(['--over-budget-child', String(n)]);
    extra.push(
      `${n} services over budget (no preset, budget 4.9, systemd 257): synth ${f.failed ? 'failed' : 'DID NOT FAIL'} in ${s(f.seconds)} ` +
        `(${(f.seconds * 1000 / n).toFixed(0)} ms per service, the planner's smallest fix included), peak RSS ${f.maxRssMiB.toFixed(0)} MiB, ${f.errorLines} lines of errors`,
    );
  }
  for (const line of extra) console.log(`\n${line}`);
}

const [mode, a1, a2] = process.argv.slice(2);
if (mode === '--child') process.stdout.write(JSON.stringify(synthesize(Number(a1))));
else if (mode === '--floor-child') process.stdout.write(JSON.stringify(rebuild(a1!, a2!)));
else if (mode === '--over-budget-child') process.stdout.write(JSON.stringify(synthesizeOverBudget(Number(a1))));
else if (mode === '--shares') process.stdout.write(JSON.stringify(cpuShares(a1!)));
else main(process.argv.slice(2));
