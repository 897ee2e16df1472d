/**
 * Release drift: each service scored on 252, 257 and 262 with its policy; a unit is flagged when an
 * upgrade of its host changes its exposure or checks, or when the host's release ignores one of its
 * directives. Expected numbers come from the scorer (evaluateBudget) at run time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, SystemdHost, SystemdService, SystemdStack } from '../../lib/constructs';
import { SUPPORTED_RELEASES, formatExposure, type AnalysisMode, type SystemdRelease } from '../../lib/exposure';
import { evaluateBudget } from '../../lib/policy/budget';
import * as presets from '../../presets';
import { checkExposure, stackJson, tempDir, withStderr } from './helpers';

let outdir: string;
beforeEach(() => (outdir = tempDir('drift')));
afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

function appOn(release: SystemdRelease) {
  const app = new App({ outdir });
  const host = new SystemdHost(new SystemdStack(app, 'st'), 'h', { target: { type: 'local' }, systemd: release });
  return { app, host, stackDir: path.join(outdir, 'stacks', 'st') };
}

/** The scorer's verdict on a service for one release and mode. */
const verdict = (svc: SystemdService, release: SystemdRelease, mode: AnalysisMode = 'offline') => evaluateBudget({ name: svc.unitName, document: svc.document }, svc.policy, { release, mode });
const score = (svc: SystemdService, release: SystemdRelease, mode: AnalysisMode = 'offline') => formatExposure(verdict(svc, release, mode).report.exposure);
const fails = (svc: SystemdService, release: SystemdRelease, mode: AnalysisMode, field: string) => (verdict(svc, release, mode).report.checks.find((c) => c.jsonField === field)!.badness ?? 0) > 0;

describe('a service on systemd 252 that an upgrade changes (flagged)', () => {
  const IGNORED = 'RestartSteps= needs systemd 254; systemd 252 ignores it ("Unknown key name").';

  it('names the ignored directive, each upgrade’s scores and the checks that change', () => {
    const { app, host, stackDir } = appOn('252');
    // No preset: 257 and later rate an unset PrivateMounts= as set offline (not live), 252 does not.
    const web = new SystemdService(host, 'web', { service: { ExecStart: ['/usr/bin/sleep infinity'], RestartSteps: 3 }, policy: { budget: 10 } });
    withStderr(() => app.synth());
    expect([fails(web, '252', 'offline', 'PrivateMounts'), fails(web, '257', 'offline', 'PrivateMounts'), fails(web, '257', 'live', 'PrivateMounts')]).toEqual([true, false, true]);
    const pm = checkExposure(verdict(web, '252').report, 'PrivateMounts');
    const pmLive = checkExposure(verdict(web, '257', 'live').report, 'PrivateMounts');
    const upgrade = (to: SystemdRelease, label: string) => [
      `[st/h/web] web.service on h: upgrading systemd 252 → ${to} (Debian 12 → ${label}) changes the exposure: offline ${score(web, '252')} → ${score(web, to)}, live ${score(web, '252', 'live')} → ${score(web, to, 'live')}`,
      `  costs less: PrivateMounts= (offline ${pm} → passes, live ${pm} → ${pmLive})`,
      `  now honoured: ${IGNORED}`,
    ];
    const expected = [`[st/h/web] web.service on h: systemd 252 (the host's release): ${IGNORED}`, ...upgrade('257', 'Debian 13'), ...upgrade('262', 'Debian sid')];

    const json = stackJson(stackDir);
    expect(json.release_drift).toHaveLength(1);
    expect(json.release_drift[0]!.findings).toEqual(expected);
    expect(json.release_drift[0]!.upgrades.map((u) => [u.from, u.to, u.offline, u.live, u.now_honoured])).toEqual(
      (['257', '262'] as const).map((to) => ['252', to, [Number(score(web, '252')), Number(score(web, to))], [Number(score(web, '252', 'live')), Number(score(web, to, 'live'))], [IGNORED]]),
    );
    expect(json.units[0]!.releases.map((r) => [r.systemd, r.offline, r.live, r.ignored])).toEqual(
      SUPPORTED_RELEASES.map((r) => [r, Number(score(web, r)), Number(score(web, r, 'live')), r === '252' ? [IGNORED] : []]),
    );
    const md = fs.readFileSync(path.join(stackDir, 'exposure-report.md'), 'utf8');
    expect(md).toContain(`| web.service | h | **${score(web, '252')} / ${score(web, '252', 'live')} (ignores 1)** | ${score(web, '257')} / ${score(web, '257', 'live')} | ${score(web, '262')} / ${score(web, '262', 'live')} |`);
    expect(md).toContain(expected.map((f) => (f.startsWith('  ') ? `  - ${f.trim()}` : `- ${f}`)).join('\n'));
  });

  it('says when an upgrade changes whether the service passes its policy', () => {
    const app = new App({ outdir, skipValidation: true }); // over budget on its host: synth would stop
    const host = new SystemdHost(new SystemdStack(app, 'st'), 'h', { target: { type: 'local' }, systemd: '252' });
    const job = new SystemdService(host, 'job', { service: { ExecStart: ['/usr/bin/sleep infinity'], PrivateTmp: 'disconnected' }, policy: { budget: 9.5 } });
    withStderr(() => app.synth());
    const ok = (r: SystemdRelease) => verdict(job, r).ok && verdict(job, r, 'live').ok;
    expect([ok('252'), ok('257')]).toEqual([false, true]);
    const [drift] = stackJson(path.join(outdir, 'stacks', 'st')).release_drift;
    expect(drift!.findings).toContain(
      `[st/h/job] job.service on h: upgrading systemd 252 → 257 (Debian 12 → Debian 13) changes the exposure: offline ${score(job, '252')} → ${score(job, '257')}, live ${score(job, '252', 'live')} → ${score(job, '257', 'live')}; it then passes its policy`,
    );
    expect(drift!.upgrades[0]!.ok).toEqual([false, true]);
  });
});

describe('services an upgrade does not change (not flagged)', () => {
  it('lists their scores on every release and says that nothing changes', () => {
    const { app, host, stackDir } = appOn('257');
    const svcs = [
      new SystemdService(host, 'web', { preset: presets.networkService({ ports: [8080] }), service: { ExecStart: ['/usr/bin/python3 -m http.server 8080'] } }),
      new SystemdService(host, 'beat', { preset: presets.strict(), service: { ExecStart: ['/bin/true'] } }),
    ];
    withStderr(() => app.synth());
    const json = stackJson(stackDir);
    expect(json.release_drift).toEqual([]);
    for (const svc of svcs) {
      const unit = json.units.find((u) => u.unit === svc.unitName)!;
      expect(unit.releases.map((r) => [r.systemd, r.offline, r.live, r.ok, r.ignored])).toEqual(SUPPORTED_RELEASES.map((r) => [r, Number(score(svc, r)), Number(score(svc, r, 'live')), true, []]));
    }
    const md = fs.readFileSync(path.join(stackDir, 'exposure-report.md'), 'utf8');
    expect(md).toContain('\nUpgrading the hosts changes no exposure, and no host ignores a directive of its units.\n');
  });
});
