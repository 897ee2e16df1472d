import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, SystemdDropIn, SystemdHost, SystemdService, SystemdSocket, SystemdStack, SystemdTimer, REPORT_JSON, REPORT_MARKDOWN } from '../../lib/constructs';
import { Testing } from '../../lib/constructs/cdktf';
import { installScript, removeScript } from '../../lib/deploy/install-script';
import * as presets from '../../presets';

type TfJson = { resource: { null_resource: Record<string, { triggers: Record<string, string>; provisioner: Array<Record<string, Record<string, unknown>>>; connection?: Record<string, string>; depends_on?: string[] }> }; provider: Record<string, unknown> };

function build(outdir?: string) {
  const app = outdir ? new App({ outdir }) : Testing.app();
  const stack = new SystemdStack(app, 's');
  const remote = new SystemdHost(stack, 'remote', { target: { type: 'ssh', host: '192.0.2.10', user: 'deploy', port: 2222, bastion: { host: 'jump.test' } }, systemd: '252' });
  const local = new SystemdHost(stack, 'local', { target: { type: 'local' }, systemd: '262' });
  const job = new SystemdService(remote, 'job', { preset: presets.batch({ outputDirectories: ['job'] }), service: { ExecStart: ['/usr/bin/true'] } });
  new SystemdTimer(remote, 'job-timer', { service: job, timer: { OnCalendar: ['hourly'] } });
  const web = new SystemdService(local, 'web', { preset: presets.networkService({ ports: [8080] }), service: { ExecStart: ['/usr/bin/python3 -m http.server 8080'] } });
  new SystemdSocket(local, 'web-socket', { service: web, socket: { ListenStream: ['127.0.0.1:8081'] } });
  new SystemdDropIn(local, 'ssh-hardening', { unit: 'ssh.service', sections: { Service: { ProtectHome: 'read-only' } }, budget: 9.6 });
  return { app, stack, job, web };
}

describe('synth output', () => {
  it('has exactly one null_resource per unit, with the designed triggers and provisioners', () => {
    const { stack, job } = build();
    const tf = JSON.parse(Testing.synth(stack, true)) as TfJson;
    expect(Object.keys(tf.provider)).toEqual(['null']);
    const resources = tf.resource.null_resource;
    const byUnit = Object.fromEntries(Object.values(resources).map((r) => [r.triggers.unit, r]));
    expect(Object.keys(byUnit).sort()).toEqual(['job.service', 'job.timer', 'ssh.service.d/50-ssh-hardening.conf', 'web.service', 'web.socket']);

    // Remote target: mkdir, file upload, install; destroy-time removal; ssh connection with bastion.
    const remoteJob = byUnit['job.service']!;
    expect(remoteJob.provisioner.map((p) => Object.keys(p)[0])).toEqual(['remote-exec', 'file', 'remote-exec', 'remote-exec']);
    expect(remoteJob.provisioner[1]!.file).toEqual({ content: job.text, destination: '/var/lib/cdktf-systemd/staging/job.service' });
    expect((remoteJob.provisioner[2]!['remote-exec']!.inline as string[])[0]).toBe(
      installScript({ unitName: 'job.service', stagedPath: '/var/lib/cdktf-systemd/staging/job.service', liveCheck: true, activation: 'reload-only', enable: false, budgetTenths: 10 }),
    );
    expect(remoteJob.provisioner[3]!['remote-exec']).toEqual({ inline: [removeScript({ unitName: 'job.service' })], when: 'destroy' });
    expect(remoteJob.connection).toEqual({ type: 'ssh', host: '192.0.2.10', user: 'deploy', port: 2222, agent: 'true', bastion_host: 'jump.test' });
    expect(remoteJob.triggers).toEqual({ unit: 'job.service', budget: '1.0', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(byUnit['job.timer']!.depends_on).toEqual([expect.stringMatching(/^null_resource\.remote_job_deploy_/)]);

    // Local target: local-exec install with the unit inline, and a destroy-time local-exec.
    const localWeb = byUnit['web.service']!;
    expect(localWeb.provisioner.map((p) => Object.keys(p)[0])).toEqual(['local-exec', 'local-exec']);
    expect(localWeb.provisioner[1]!['local-exec']).toMatchObject({ when: 'destroy', interpreter: ['/bin/sh', '-c'] });
    expect(localWeb.connection).toBeUndefined();
  });

  it('writes unit files and the exposure report (JSON and Markdown) into the stack folder, byte-identical across synths', () => {
    const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'synth-')));
    for (const d of dirs) build(d).app.synth();
    const files = (d: string): Record<string, string> => {
      const out: Record<string, string> = {};
      const walk = (p: string) => {
        for (const e of fs.readdirSync(p, { withFileTypes: true })) {
          const f = path.join(p, e.name);
          if (e.isDirectory()) walk(f);
          else out[path.relative(d, f)] = fs.readFileSync(f, 'utf8');
        }
      };
      walk(d);
      return out;
    };
    const [a, b] = dirs.map(files) as [Record<string, string>, Record<string, string>];
    expect(Object.keys(a)).toEqual(expect.arrayContaining([
      `stacks/s/${REPORT_JSON}`, `stacks/s/${REPORT_MARKDOWN}`, 'stacks/s/cdk.tf.json',
      'stacks/s/units/remote/job.service', 'stacks/s/units/remote/job.timer', 'stacks/s/units/local/web.socket',
      'stacks/s/units/local/ssh.service.d/50-ssh-hardening.conf',
    ]));
    expect(b).toEqual(a);
    const report = JSON.parse(a[`stacks/s/${REPORT_JSON}`]!) as { units: Array<{ unit: string; systemd: string }> };
    expect(report.units.map((u) => [u.unit, u.systemd])).toEqual([['web.service', '262'], ['job.service', '252']]);
    dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  });

  it('synthesizes the example app (main.ts)', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.resolve(__dirname, '../../main.ts')], {
      encoding: 'utf8',
      env: { ...process.env, CDKTF_OUTDIR: outdir },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\| website\.service \| web1 \| 257 \|/);
    expect(fs.existsSync(path.join(outdir, 'stacks/example/cdk.tf.json'))).toBe(true);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
