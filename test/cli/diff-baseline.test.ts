/**
 * `cdktf-systemd diff` and `cdktf-systemd baseline`: the CI gates on the command line, each with a
 * passing and a failing case. Scores come from the scorer (itself compared with the real tool).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../lib/cli/main';
import { App, SystemdHost, SystemdService, SystemdStack, REPORT_JSON } from '../../lib/constructs';
import { assessFile } from '../../lib/exposure';
import * as presets from '../../presets';

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-gates-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in-process; returns exit code and output. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (err.push(String(c)), true));
  try {
    const code = await main(['node', 'cdktf-systemd', ...args]);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** Synthesizes a one-service app; `weaker` drops a preset setting. Returns its exposure-report.json. */
function report(name: string, weaker: boolean): string {
  const outdir = path.join(dir, name);
  const app = new App({ outdir });
  const stack = new SystemdStack(app, 'gate');
  const host = new SystemdHost(stack, 'h', { target: { type: 'local' }, systemd: '257' });
  new SystemdService(host, 'web', {
    preset: presets.networkService({ ports: [8080] }),
    ...(weaker ? { removeFromPreset: { ProtectKernelTunables: 'the gate test needs a unit that got worse' } } : {}),
    service: { ExecStart: ['/usr/bin/python3 -m http.server 8080'] },
  });
  app.synth();
  return path.join(outdir, 'stacks', 'gate', REPORT_JSON);
}

describe('cdktf-systemd diff', () => {
  it('two unit files: exit 1 and the check that starts failing when the new one is worse; 0 the other way', async () => {
    const base = '[Service]\nExecStart=/usr/bin/true\nDynamicUser=yes\n';
    const better = path.join(dir, 'better.service');
    const worse = path.join(dir, 'worse.service');
    fs.writeFileSync(better, `${base}ProtectKernelTunables=yes\n`);
    fs.writeFileSync(worse, base);
    const [b, w] = [better, worse].map((f) => assessFile(f, { release: '257' }).exposure / 10);
    const r = await cli(['diff', '--systemd', '257', better, worse]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`worse: worse.service: offline ${b!.toFixed(1)} → ${w!.toFixed(1)}`);
    expect(r.out).toMatch(/starts failing: ProtectKernelTunables= \(0\.\d\)/);
    const back = await cli(['diff', '--systemd', '257', worse, better]);
    expect(back.code).toBe(0);
    expect(back.out).toMatch(/now passes: ProtectKernelTunables=/);
  });

  it('two exposure reports, and a clear error for one of each', async () => {
    const [good, weak] = [report('d-good', false), report('d-weak', true)];
    expect((await cli(['diff', good, weak])).code).toBe(1);
    expect((await cli(['diff', weak, good])).code).toBe(0);
    const mixed = await cli(['diff', good, path.join(dir, 'worse.service')]);
    expect([mixed.code, mixed.err.trim()]).toEqual([2, 'compare two unit files or two exposure-report.json files, not one of each']);
  });
});

describe('cdktf-systemd baseline', () => {
  it('writes the baseline, passes the same report, fails a worse one naming the check', async () => {
    const file = path.join(dir, 'exposure-baseline.json');
    const good = report('b-good', false);
    const w = await cli(['baseline', good, '--file', file]);
    expect([w.code, w.out]).toEqual([0, `baseline: wrote 1 units to ${file}\n`]);
    expect((await cli(['baseline', good, '--file', file, '--check'])).code).toBe(0);
    const weak = await cli(['baseline', report('b-weak', true), '--file', file, '--check']);
    expect(weak.code).toBe(1);
    expect(weak.err).toMatch(/web\.service: exposure rose above its baseline/);
    expect(weak.err).toMatch(/starts failing: ProtectKernelTunables=/);
  });

  it('says how to start when there is no baseline yet', async () => {
    const r = await cli(['baseline', report('b-none', false), '--file', path.join(dir, 'none.json'), '--check']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/none\.json: no baseline yet \(write one with: cdktf-systemd baseline /);
  });
});
