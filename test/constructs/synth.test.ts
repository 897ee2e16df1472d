import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, SystemdDropIn, SystemdHost, SystemdService, SystemdSocket, SystemdStack, SystemdTimer, REPORT_JSON, REPORT_MARKDOWN } from '../../lib/constructs';
import { Testing } from '../../lib/constructs/cdktf';
import * as presets from '../../presets';
import { testApp } from '../support/test-app';

type Resource = { triggers?: Record<string, string>; triggers_replace?: Record<string, string>; provisioner?: Array<Record<string, Record<string, unknown>>>; connection?: Record<string, string>; depends_on?: string[]; lifecycle?: Record<string, boolean> };
type TfJson = { resource: Record<string, Record<string, Resource>>; provider?: Record<string, unknown> };

function build(outdir?: string, deployResource?: 'null_resource' | 'terraform_data') {
  const app = outdir ? new App({ outdir }) : testApp();
  const stack = new SystemdStack(app, 's', { ...(deployResource ? { deployResource } : {}) });
  const remote = new SystemdHost(stack, 'remote', { target: { type: 'ssh', host: '192.0.2.10', user: 'deploy', port: 2222, bastion: { host: 'jump.test' } }, systemd: '252' });
  const local = new SystemdHost(stack, 'local', { target: { type: 'local' }, systemd: '262' });
  const job = new SystemdService(remote, 'job', { preset: presets.batch({ outputDirectories: ['job'] }), service: { ExecStart: ['/usr/bin/true'] } });
  new SystemdTimer(remote, 'job-timer', { service: job, timer: { OnCalendar: ['hourly'] } });
  const web = new SystemdService(local, 'web', { preset: presets.networkService({ ports: [8080] }), service: { ExecStart: ['/usr/bin/python3 -m http.server 8080'] } });
  new SystemdSocket(local, 'web-socket', { service: web, socket: { ListenStream: ['127.0.0.1:8081'] } });
  new SystemdDropIn(local, 'ssh-hardening', { unit: 'ssh.service', sections: { Service: { ProtectHome: 'read-only' } }, budget: 9.6 });
  return { app, stack, job, web };
}

const kind = (p: Record<string, Record<string, unknown>>): string => Object.keys(p)[0]!;

describe('synth output', () => {
  it('has a slot (removal at destroy) and an install resource per unit, create-before-destroy, no user text as a template', () => {
    const { stack, job } = build();
    const tf = JSON.parse(Testing.synth(stack, true)) as TfJson;
    expect(Object.keys(tf.provider ?? {})).toEqual(['null']);
    const resources = Object.entries(tf.resource.null_resource!);
    const installs = Object.fromEntries(resources.filter(([k]) => /_deploy_/.test(k)).map(([, r]) => [r.triggers!.unit, r]));
    const slots = Object.fromEntries(resources.filter(([k]) => /_slot-/.test(k)).map(([, r]) => [r.triggers!.unit, r]));
    const units = ['job.service', 'job.timer', 'ssh.service.d/50-ssh-hardening.conf', 'web.service', 'web.socket'];
    expect(Object.keys(installs).sort()).toEqual(units);
    expect(Object.keys(slots).sort()).toEqual(units);
    for (const r of Object.values(tf.resource.null_resource!)) expect(r.lifecycle).toEqual({ create_before_destroy: true });

    // Remote target: mkdir, upload of the base64 text, install; the slot removes at destroy; both read
    // the connection from the slot's triggers (destroy provisioners may reference only self).
    const remoteJob = installs['job.service']!;
    expect(remoteJob.provisioner!.map(kind)).toEqual(['remote-exec', 'file', 'remote-exec']);
    expect(remoteJob.provisioner![1]!.file).toEqual({
      content: Buffer.from(job.text).toString('base64').match(/.{1,76}/g)!.join('\n'),
      destination: '/var/lib/cdktf-systemd/staging/${self.id}.b64',
    });
    expect(slots['job.service']!.provisioner).toEqual([
      { 'remote-exec': { inline: [expect.stringContaining('# cdktf-systemd: remove job.service'), "rm -f '/var/lib/cdktf-systemd/staging/${self.id}.b64'\nowner='${self.id}'\nremove\n"], when: 'destroy' } },
    ]);
    // the install program travels once, as a local; each install script ends with a reference to it
    const locals = Object.keys((JSON.parse(Testing.synth(stack)) as { locals: Record<string, string> }).locals);
    expect(locals).toEqual([expect.stringMatching(/^cdktf_systemd_install_[0-9a-f]{12}$/)]);
    const inline = remoteJob.provisioner![2]!['remote-exec']!.inline as string[];
    expect(inline).toEqual([expect.stringContaining('# cdktf-systemd: install job.service'), expect.stringMatching(/^staged='[^']*'\nowner='\$\{null_resource\.[^}]+\.id\}'$/), `\${local.${locals[0]}}`]);
    expect(slots['job.service']!.connection).toEqual({
      type: 'ssh', host: '${self.triggers.host}', user: '${self.triggers.user}', port: '${self.triggers.port}', agent: '${self.triggers.agent}', bastion_host: '${self.triggers.bastion_host}',
    });
    expect(slots['job.service']!.triggers).toEqual({ unit: 'job.service', host: '192.0.2.10', user: 'deploy', port: '2222', agent: 'true', bastion_host: 'jump.test' });
    expect(remoteJob.connection!.host).toMatch(/^\$\{null_resource\.remote_job_slot-[0-9a-f]{12}_[0-9A-F]{8}\.triggers\.host\}$/);
    expect(remoteJob.triggers).toEqual({
      unit: 'job.service', budget: '1.0', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), deploy: expect.stringMatching(/^[0-9a-f]{32}$/),
      owner: expect.stringMatching(/^\$\{null_resource\.remote_job_slot-[0-9a-f]{12}_[0-9A-F]{8}\.id\}$/),
    });
    expect(installs['job.timer']!.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^null_resource\.remote_job_deploy_/)]));
    expect(slots['job.timer']!.depends_on).toEqual([expect.stringMatching(/^null_resource\.remote_job_slot-/)]);

    // Local target: the script is sh's argument, the command a short label.
    const localWeb = installs['web.service']!;
    expect(localWeb.provisioner).toEqual([{ 'local-exec': { command: 'cdktf-systemd install web.service', interpreter: ['/bin/sh', '-c', expect.stringContaining('# cdktf-systemd: install web.service'), 'cdktf-systemd'] } }]);
    expect(slots['web.service']!.provisioner).toEqual([{ 'local-exec': { command: 'cdktf-systemd removal web.service', interpreter: ['/bin/sh', '-c', expect.stringContaining('# cdktf-systemd: remove web.service'), 'cdktf-systemd'], when: 'destroy' } }]);
    expect(localWeb.connection).toBeUndefined();

    // Every string: no template opener but our own references.
    const own = /\$\{(self\.(id|triggers\.[a-z_]+)|null_resource\.[A-Za-z0-9_-]+\.(id|triggers\.[a-z_]+)|local\.cdktf_systemd_install_[0-9a-f]{12})\}/g;
    const strings: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(tf.resource);
    for (const s of strings) expect(s.replace(own, '')).not.toMatch(/\$\{|%\{/);
  });

  it('the terraform_data form differs from the null_resource form only in the resource type and the triggers key', () => {
    const forms = (['null_resource', 'terraform_data'] as const).map((t) => {
      const text = Testing.synth(build(undefined, t).stack, true);
      return t === 'terraform_data' ? text : text.replace(/null_resource/g, 'terraform_data').replace(/triggers/g, 'triggers_replace');
    });
    const [viaNull, viaData] = forms.map((t) => JSON.parse(t) as TfJson & { terraform?: unknown });
    expect(viaNull!.provider).toEqual({ null: [{}] });
    expect(viaData!.provider).toBeUndefined();
    delete viaNull!.provider;
    delete (viaNull as { terraform?: { required_providers?: unknown } }).terraform;
    delete (viaData as { terraform?: { required_providers?: unknown } }).terraform;
    expect(viaData).toEqual(viaNull);
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
