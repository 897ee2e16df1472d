/**
 * Benchmark: synth of a large app. N services (mixed presets, a timer on every 10th) on 10 hosts over
 * the three supported releases, synthesized to a temporary folder; prints the wall time, the peak
 * RSS and how often each unit was rendered and scored.
 *
 *   npm run bench:synth [-- 1000 10000]
 *
 * Each size runs in a child process of its own (so peak RSS is that size's), from the compiled
 * JavaScript (tsconfig.bench.json).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, SystemdHost, SystemdService, SystemdStack, SystemdTimer } from '../lib/constructs';
import * as exposure from '../lib/exposure';
import { SUPPORTED_RELEASES } from '../lib/exposure';
import * as presets from '../presets';

/** Declares `n` services on 10 hosts and synthesizes them; returns the figures. */
function synthesize(n: number): { seconds: number; maxRssMiB: number; scored: number } {
  let scored = 0;
  const original = exposure.assessUnit;
  // count the scorer's calls without changing it
  (exposure as { assessUnit: typeof original }).assessUnit = ((...args: Parameters<typeof original>) => (scored++, original(...args))) as typeof original;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
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
  app.synth();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  fs.rmSync(outdir, { recursive: true, force: true });
  return { seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, scored };
}

if (process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(synthesize(Number(process.argv[3]))));
} else {
  const sizes = process.argv.slice(2).map(Number);
  const load = os.loadavg()[0]!.toFixed(2);
  console.log(`synth benchmark (node ${process.version}, ${os.cpus().length} cores, load ${load})`);
  console.log('| services | timers | hosts | synth | peak RSS | scorer calls per service |');
  console.log('|---|---|---|---|---|---|');
  for (const n of sizes.length > 0 ? sizes : [1000, 10000]) {
    const r = spawnSync(process.execPath, [__filename, '--child', String(n)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(r.stderr);
    const f = JSON.parse(r.stdout) as { seconds: number; maxRssMiB: number; scored: number };
    console.log(`| ${n} | ${Math.ceil(n / 10)} | 10 | ${f.seconds.toFixed(2)} s | ${f.maxRssMiB.toFixed(0)} MiB | ${(f.scored / n).toFixed(1)} |`);
  }
}
