/**
 * What synth costs, counted rather than timed: each service is scored once per mode on its host's
 * release (the aspects, validations and every report share those verdicts), and once per mode on each
 * other release for the release drift; the unit files and reports are the same whoever reads them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as exposure from '../../lib/exposure';
import { App, SystemdHost, SystemdService, SystemdStack, SystemdTimer } from '../../lib/constructs';
import * as presets from '../../presets';

function app(outdir: string) {
  const a = new App({ outdir });
  const stack = new SystemdStack(a, 'st', { policy: { budget: 9.9 } });
  const services = exposure.SUPPORTED_RELEASES.flatMap((release, h) => {
    const host = new SystemdHost(stack, `h${release}`, { target: h === 0 ? { type: 'local' } : { type: 'ssh', host: `10.0.0.${h}` }, systemd: release });
    return [presets.strict(), presets.networkService({ ports: [8080] }), presets.batch()].map((preset, i) => {
      const svc = new SystemdService(host, `s${i}`, { preset, service: { ExecStart: [`/usr/bin/app ${i}`] } });
      if (i === 2) new SystemdTimer(host, `t${i}`, { service: svc, timer: { OnCalendar: ['daily'] } });
      return svc;
    });
  });
  return { app: a, services };
}

describe('synth cost', () => {
  let outdir: string;
  beforeEach(() => (outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-cost-'))));
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  it('scores each service once per mode and release', () => {
    const { app: a, services } = app(outdir);
    const calls = new Map<string, number>();
    const original = exposure.assessUnit;
    jest.spyOn(exposure, 'assessUnit').mockImplementation((unit, options) => {
      const key = `${unit.name} ${options?.release} ${options?.mode ?? 'offline'}`;
      calls.set(key, (calls.get(key) ?? 0) + 1);
      return original(unit, options);
    });
    a.synth();
    // unit names repeat across hosts: each (name, release, mode) once per host that has the name
    const expected = new Map<string, number>();
    for (const svc of services) {
      for (const release of exposure.SUPPORTED_RELEASES) {
        for (const mode of ['offline', 'live']) {
          const key = `${svc.unitName} ${release} ${mode}`;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
      }
    }
    expect(Object.fromEntries([...calls].sort())).toEqual(Object.fromEntries([...expected].sort()));
  });

  it('writes the same files when synth runs twice, and the units read the same after it', () => {
    const first = app(path.join(outdir, 'a'));
    const before = first.services.map((s) => [s.text, s.budgetVerdicts.offline.report.exposure, s.budgetVerdicts.live.report.checks.length]);
    first.app.synth();
    // synth lets go of its caches; reading again recomputes the same values
    expect(first.services.map((s) => [s.text, s.budgetVerdicts.offline.report.exposure, s.budgetVerdicts.live.report.checks.length])).toEqual(before);
    first.app.synth();
    const second = app(path.join(outdir, 'b'));
    second.app.synth();
    const files = (dir: string): string[] => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
    const stackA = path.join(outdir, 'a', 'stacks', 'st');
    const stackB = path.join(outdir, 'b', 'stacks', 'st');
    expect(files(stackA)).toEqual(files(stackB));
    for (const f of files(stackA)) {
      if (fs.statSync(path.join(stackA, f)).isFile()) expect([f, fs.readFileSync(path.join(stackA, f), 'utf8')]).toEqual([f, fs.readFileSync(path.join(stackB, f), 'utf8')]);
    }
  });
});
