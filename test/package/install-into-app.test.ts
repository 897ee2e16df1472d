/**
 * The path a user takes: `npm pack`, install the tarball into a fresh cdktf app next to its own
 * cdktf, constructs and @cdktf/provider-null (peer dependencies: one copy of each, so `instanceof`
 * holds), then synthesize with `npx tsx` and with the cdktf CLI. Install prints no install-script
 * warning for this package, and synth prints its warnings to stderr both ways.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const APP = `import { App, SystemdHost, SystemdService, SystemdStack, presets } from 'cdktf-systemd';
const app = new App();
const stack = new SystemdStack(app, 'svc');
const host = new SystemdHost(stack, 'web1', { target: { type: 'ssh', host: 'web1.example.internal' }, systemd: '252' });
new SystemdService(host, 'website', {
  preset: presets.networkService({ ports: [8080] }),
  service: { ExecStart: ['/usr/bin/python3 -m http.server 8080 --bind 127.0.0.1'], RestartSteps: 2 },
});
app.synth();
`;

function sh(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', ...env }, timeout: 600_000, maxBuffer: 1 << 26 });
  return { status: r.status ?? 128, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

describe('installed into an existing cdktf app', () => {
  let dir: string;
  let app: string;
  let install: { status: number; stdout: string; stderr: string };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-'));
    const pack = sh('npm', ['pack', '--pack-destination', dir], root);
    expect(pack.status).toBe(0);
    app = path.join(dir, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    fs.writeFileSync(path.join(app, 'main.ts'), APP);
    fs.writeFileSync(path.join(app, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'npx tsx main.ts', output: 'cdktf.out' }));
    const tarball = fs.readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    install = sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `../${tarball}`, 'cdktf@0.21.0', 'constructs@10', '@cdktf/provider-null@11.0.1', 'tsx', 'cdktf-cli@0.21.0'], app);
  }, 600_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('installs without an install-script warning of its own and with one copy of cdktf and constructs', () => {
    expect(install.status).toBe(0);
    expect(install.stderr).not.toMatch(/cdktf-systemd@[^\s]+ \((prepare|install|postinstall)/);
    // the app, cdktf-systemd and cdktf all load the same constructs and cdktf (cdktf-cli may bundle its own)
    const resolve = `const r = (m, from) => require.resolve(m, { paths: [require('path').dirname(require.resolve(from + '/package.json'))] });
      console.log(JSON.stringify(['constructs', 'cdktf'].map((m) => [r(m, '.'), r(m, 'cdktf-systemd'), r(m, 'cdktf')])))`;
    const seen = JSON.parse(sh('node', ['-e', resolve.replace("r(m, '.')", 'require.resolve(m)')], app).stdout) as string[][];
    for (const copies of seen) expect(new Set(copies).size).toBe(1);
  });

  it.each([
    ['npx tsx main.ts', ['tsx', 'main.ts']],
    ['the cdktf CLI (cdktf synth)', ['cdktf', 'synth']],
  ])('synthesizes with %s, printing its warnings to stderr', (_how, args) => {
    fs.rmSync(path.join(app, 'cdktf.out'), { recursive: true, force: true });
    const r = sh('npx', args, app);
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/cdktf-systemd: stack svc:\n\s+warning: \[svc\/web1\/website\] website\.service: RestartSteps= needs systemd 254/);
    const out = path.join(app, 'cdktf.out', 'stacks', 'svc');
    expect(fs.readFileSync(path.join(out, 'units', 'web1', 'website.service'), 'utf8')).toMatch(/^\[Unit\]|^\[Service\]/m);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'exposure-report.json'), 'utf8')).units[0].unit).toBe('website.service');
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(out, 'cdk.tf.json'), 'utf8')).resource.null_resource)).toHaveLength(2);
  });
});
