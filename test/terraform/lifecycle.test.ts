/**
 * The deploy lifecycle through the real `terraform` binary (terraform_data form) on a booted systemd
 * 252/257/262, for both targets: local (Terraform runs inside the sandbox, so its local-exec
 * provisioners act on that systemd exactly as on a host that runs Terraform itself) and SSH (Terraform
 * on this machine, sshd inside the sandbox, host address and key from Terraform variables). After every apply the host is observed:
 * the unit file (byte-identical to the synthesized one), enablement, active state and main PID are what
 * README promises, and nothing is left in staging.
 *
 * CI runs the whole matrix on one release and the upgrade-failure rows on all three;
 * `npm run test:terraform:full` runs the whole matrix on all three.
 */
import { SystemdDropIn, SystemdService, SystemdSocket, SystemdTimer, type ServiceSectionModel } from '../../lib/constructs';
import { assessUnit } from '../../lib/exposure';
import { parseUnitText } from '../../lib/unit/parse';
import { Sandbox, SANDBOX_SUITES, sandboxesForTests, type SandboxSuite } from '../support/sandbox';
import { HostTerraform, SandboxTerraform, skipWithoutTerraform, type TerraformRunner } from '../support/terraform';
import { enableSsh, sshAvailable, type SshEndpoint } from '../support/ssh-sandbox';
import { leftovers, observe, synthApp, type AppVersion } from './fixture';

const suites = skipWithoutTerraform() ? [] : sandboxesForTests();
const FULL: readonly SandboxSuite[] = process.env.TERRAFORM_FULL ? suites : suites.filter((s) => s === 'trixie');
type Target = 'local' | 'ssh';
const TARGETS: readonly Target[] = sshAvailable() ? ['local', 'ssh'] : ['local'];
if (process.env.CI && !TARGETS.includes('ssh')) throw new Error('the SSH deploy tests need root, ip, ssh, ssh-keygen and apt-get');
const CASES: Array<[SandboxSuite, Target]> = suites.flatMap((s) => TARGETS.map((t): [SandboxSuite, Target] => [s, t]));

/** The app's main service in version `version`. */
function app(version: string, extra: ServiceSectionModel = {}, budget = 9.9): AppVersion {
  return (host) =>
    void new SystemdService(host, 'app', {
      service: { ExecStart: ['/bin/sleep infinity'], DynamicUser: true, Environment: [`VERSION=${version}`], ...extra },
      policy: { budget },
    });
}

/** Settings the offline score accepts and the live score does not (a /32 loopback allow counts as "other" live). */
const OVER_LIVE: ServiceSectionModel = { DynamicUser: false, IPAddressDeny: ['any'], IPAddressAllow: ['127.0.0.1'] };

/** The failure rows: what each broken version changes. */
const BROKEN: ReadonlyArray<[string, ServiceSectionModel | 'over-offline' | 'over-live', 'before-restart' | 'after-restart']> = [
  ['fails verify', { ExecStart: ['/nonexistent/cdktf-systemd-binary'] }, 'before-restart'],
  ['is over the offline budget', 'over-offline', 'before-restart'],
  ['is over the live budget', 'over-live', 'before-restart'],
  ['fails to start', { ExecStartPre: ['/bin/false'] }, 'after-restart'],
  ['dies after start', { ExecStart: ['/bin/sh -c "sleep 1; exit 3"'] }, 'after-restart'],
];

const describeEach = CASES.length > 0 ? describe.each(CASES) : describe.skip.each([['trixie' as SandboxSuite, 'local' as Target]]);

describeEach('deploy lifecycle through terraform (%s, %s target)', (suite, target) => {
  const release = SANDBOX_SUITES[suite];
  const full = FULL.includes(suite);
  let box: Sandbox;
  let tf: TerraformRunner;
  let ssh: SshEndpoint | undefined;
  const targetOption = target === 'ssh' ? ({ target: 'ssh-variables' } as const) : {};
  const log: string[] = [];

  /** A version of a service that fails on the host in the way `kind` says. */
  function broken(name: string, kind: ServiceSectionModel | 'over-offline' | 'over-live', version: string): { version: AppVersion; validate: boolean } {
    if (kind === 'over-offline') return { version: appNamed(name, version, { DynamicUser: false }, 1.0), validate: false };
    if (kind === 'over-live') {
      const probe = synthApp(appNamed(name, version, OVER_LIVE), { release, validate: false, ...targetOption });
      const text = probe.files.get(`${name}.service`)!;
      const offline = assessUnit({ name: `${name}.service`, document: parseUnitText(text).document }, { release }).exposure;
      return { version: appNamed(name, version, OVER_LIVE, offline / 10), validate: false };
    }
    return { version: appNamed(name, version, kind), validate: false };
  }

  function appNamed(name: string, version: string, extra: ServiceSectionModel = {}, budget = 9.9, removed = false): AppVersion {
    return (host) =>
      void new SystemdService(host, name, {
        service: { ExecStart: ['/bin/sleep infinity'], DynamicUser: true, Environment: [`VERSION=${version}`], ...extra },
        policy: { budget },
        removed,
      });
  }

  /** Applies `versions` (all on one host) and returns terraform's result. */
  function apply(versions: AppVersion[], validate = true): { status: number; out: string; files: Map<string, string> } {
    const { json, files } = synthApp((host) => versions.forEach((v) => v(host)), { release, validate, ...targetOption });
    tf.writeConfig(json);
    const r = tf.run(['apply', '-auto-approve']);
    log.push(`--- apply (${r.status})\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
    return { status: r.status, out: r.stdout + r.stderr, files };
  }

  beforeAll(() => {
    box = Sandbox.up(suite, `t-tf-${target}-${suite}`);
    if (target === 'ssh') {
      // Terraform on this machine, the host over SSH, its address and key from Terraform variables
      ssh = enableSsh(box);
      tf = new HostTerraform('tf-ssh-', { TF_VAR_ssh_host: ssh.host, TF_VAR_ssh_key: ssh.privateKey });
    } else {
      tf = new SandboxTerraform(box);
    }
    tf.writeConfig(synthApp(() => undefined, { release, ...targetOption }).json);
    expect(tf.run(['init']).status).toBe(0);
  });

  afterAll(() => {
    if (process.env.TERRAFORM_LOG) process.stderr.write(log.join('\n') + '\n');
    ssh?.close();
    if (tf instanceof HostTerraform) tf.cleanup();
    box?.down();
  });

  const v1 = app('1');
  const v2 = app('2');

  it('first install: file as synthesized, enabled, running', () => {
    const r = apply([v1]);
    expect(r.status).toBe(0);
    const s = observe(box, ['app.service']);
    expect(s['app.service']).toMatchObject({ file: r.files.get('app.service'), active: 'active', enabled: 'enabled' });
    expect(Number(s['app.service']!.pid)).toBeGreaterThan(0);
    expect(leftovers(box)).toEqual([]);
  });

  it('unchanged re-apply, and a forced reinstall of unchanged content: no restart', () => {
    const before = observe(box, ['app.service'])['app.service']!;
    expect(apply([v1]).out).toMatch(/No changes/);
    const replaced = tf.run(['apply', '-auto-approve', '-replace=terraform_data.box_app_deploy_7C8920A9']);
    expect(replaced.status).toBe(0);
    expect(replaced.stdout).toMatch(/unchanged/);
    expect(observe(box, ['app.service'])['app.service']).toEqual(before);
  });

  it('upgrade: the new version replaces the old one and runs', () => {
    const before = observe(box, ['app.service'])['app.service']!;
    const r = apply([v2]);
    expect(r.status).toBe(0);
    const after = observe(box, ['app.service'])['app.service']!;
    expect(after).toMatchObject({ file: r.files.get('app.service'), active: 'active', enabled: 'enabled' });
    expect(after.pid).not.toBe(before.pid);
    expect(leftovers(box)).toEqual([]);
  });

  describe.each(BROKEN)('upgrade that %s', (_what, kind, when) => {
    it('fails the apply and leaves the previous version installed, enabled and running', () => {
      const good = observe(box, ['app.service'])['app.service']!;
      const bad = broken('app', kind, 'broken');
      const r = apply([bad.version], bad.validate);
      expect(r.status).not.toBe(0);
      const after = observe(box, ['app.service'])['app.service']!;
      expect(after).toMatchObject({ file: good.file, active: 'active', enabled: 'enabled' });
      // refused before the restart: the very same process runs on; after it: the previous version again
      if (when === 'before-restart') expect(after.pid).toBe(good.pid);
      else expect(after.pid).not.toBe(good.pid);
      expect(leftovers(box)).toEqual([]);
      // the previous good config applies cleanly again, without restarting what runs
      const again = apply([v2]);
      expect(again.status).toBe(0);
      expect(observe(box, ['app.service'])['app.service']).toEqual(after);
    });
  });

  (full ? describe.each(BROKEN) : describe.skip.each(BROKEN))('first install that %s', (_what, kind) => {
    it('fails the apply and leaves no unit, no enablement and nothing in staging', () => {
      const bad = broken('fresh', kind, '1');
      const r = apply([v2, bad.version], bad.validate);
      expect(r.status).not.toBe(0);
      const s = observe(box, ['fresh.service'])['fresh.service']!;
      expect(s.file).toBeUndefined();
      expect(s.active).not.toBe('active');
      expect(['', 'not-found', 'disabled']).toContain(s.enabled);
      expect(leftovers(box)).toEqual([]);
      // declared removed: the slot's removal runs and takes the claim away; then nothing is left
      expect(apply([v2, appNamed('fresh', '1', {}, 9.9, true)]).status).toBe(0);
      expect(box.sh('ls -A /var/lib/cdktf-systemd/claims | wc -l').stdout.trim()).toBe('2'); // app.service: claim + its units list
    });
  });

  (full ? it : it.skip)('socket and service: a socket upgrade while its service runs', () => {
    const pair = (port: number, removed = false): AppVersion => (host) => {
      const svc = new SystemdService(host, 'echo', {
        service: { ExecStart: [`/usr/bin/python3 -c "import socket, itertools; s = socket.socket(fileno=3); [s.accept()[0].sendall(b'hi') for _ in itertools.count()]"`], DynamicUser: true },
        policy: { budget: 9.9 },
        removed,
      });
      new SystemdSocket(host, 'echo-socket', { service: svc, socket: { ListenStream: [`127.0.0.1:${port}`] }, removed });
    };
    expect(apply([v2, pair(9101)]).status).toBe(0);
    const connect = (port: number) => box.exec(['python3', '-c', `import socket; print(socket.create_connection(("127.0.0.1", ${port}), 3).recv(10).decode().strip())`]).stdout.trim();
    expect(connect(9101)).toBe('hi');
    expect(observe(box, ['echo.service'])['echo.service']!.active).toBe('active');
    const r = apply([v2, pair(9102)]);
    expect(r.status).toBe(0);
    const s = observe(box, ['echo.socket'])['echo.socket']!;
    expect(s).toMatchObject({ file: r.files.get('echo.socket'), active: 'active', enabled: 'enabled' });
    expect(connect(9102)).toBe('hi');
    expect(leftovers(box)).toEqual([]);
    expect(apply([v2, pair(9102, true)]).status).toBe(0);
    const gone = observe(box, ['echo.socket', 'echo.service']);
    for (const st of Object.values(gone)) expect(st).toMatchObject({ file: undefined, active: 'inactive' });
  });

  (full ? it : it.skip)('timer: an upgrade reschedules it', () => {
    const job = (calendar: string, removed = false): AppVersion => (host) => {
      const svc = new SystemdService(host, 'job', { service: { Type: 'oneshot', ExecStart: ['/bin/true'], DynamicUser: true }, policy: { budget: 9.9 }, removed });
      new SystemdTimer(host, 'job-timer', { service: svc, timer: { OnCalendar: [calendar] }, removed });
    };
    expect(apply([v2, job('daily')]).status).toBe(0);
    const r = apply([v2, job('hourly')]);
    expect(r.status).toBe(0);
    expect(observe(box, ['job.timer'])['job.timer']).toMatchObject({ file: r.files.get('job.timer'), active: 'active', enabled: 'enabled' });
    expect(box.exec(['systemctl', 'show', '-P', 'TimersCalendar', 'job.timer']).stdout).toMatch(/hourly|\*-\*-\* \*:00:00/);
    expect(apply([v2, job('hourly', true)]).status).toBe(0);
    for (const st of Object.values(observe(box, ['job.timer', 'job.service']))) expect(st).toMatchObject({ file: undefined, active: 'inactive' });
  });

  (full ? it : it.skip)('template with instances: each instance enabled and running; a dropped instance is stopped', () => {
    const worker = (version: string, instances: string[], removed = false): AppVersion => (host) =>
      void new SystemdService(host, 'worker', {
        name: 'worker@',
        instances,
        service: { ExecStart: ['/bin/sleep infinity'], DynamicUser: true, Environment: [`VERSION=${version}`] },
        policy: { budget: 9.9 },
        removed,
      });
    expect(apply([v2, worker('1', ['a', 'b'])]).status).toBe(0);
    const s1 = observe(box, ['worker@a.service', 'worker@b.service'], ['worker@.service', 'worker@.service']);
    for (const s of Object.values(s1)) expect(s).toMatchObject({ active: 'active', enabled: 'enabled' });
    const r = apply([v2, worker('2', ['a'])]);
    expect(r.status).toBe(0);
    const s2 = observe(box, ['worker@a.service', 'worker@b.service'], ['worker@.service', 'worker@.service']);
    expect(s2['worker@a.service']).toMatchObject({ file: r.files.get('worker@.service'), active: 'active', enabled: 'enabled' });
    expect(s2['worker@a.service']!.pid).not.toBe(s1['worker@a.service']!.pid);
    expect(s2['worker@b.service']!.active).not.toBe('active');
    expect(s2['worker@b.service']!.enabled).not.toBe('enabled');
    expect(apply([v2, worker('2', ['a'], true)]).status).toBe(0);
    expect(observe(box, ['worker@a.service'], ['worker@.service'])['worker@a.service']).toMatchObject({ file: undefined, active: 'inactive' });
    expect(leftovers(box)).toEqual([]);
  });

  (full ? it : it.skip)('drop-in on a distribution unit; a drop-in for a unit the host lacks is refused', () => {
    box.writeFile('/usr/lib/systemd/system/distro.service', '[Service]\nExecStart=/bin/sleep infinity\n');
    box.sh('systemctl daemon-reload && systemctl start distro.service');
    const pid = observe(box, ['distro.service'])['distro.service']!.pid;
    const dropIn = (unit: string, removed = false): AppVersion => (host) =>
      void new SystemdDropIn(host, `override-${unit.replace('.service', '')}`, { unit, fileName: '50-env', sections: { Service: { Environment: ['FROM_DROPIN=1'] } }, removed });
    const r = apply([v2, dropIn('distro.service')]);
    expect(r.status).toBe(0);
    expect(observe(box, ['distro.service'], ['distro.service.d/50-env.conf'])['distro.service']).toMatchObject({ file: r.files.get('distro.service.d/50-env.conf'), active: 'active' });
    expect(observe(box, ['distro.service'])['distro.service']!.pid).not.toBe(pid);
    expect(box.exec(['systemctl', 'show', '-P', 'Environment', 'distro.service']).stdout).toMatch(/FROM_DROPIN=1/);
    const missing = apply([v2, dropIn('distro.service'), dropIn('absent.service')]);
    expect(missing.status).not.toBe(0);
    expect(missing.out).toMatch(/absent\.service is not installed on this host/);
    expect(leftovers(box)).toEqual([]);
    expect(apply([v2, dropIn('distro.service'), dropIn('absent.service', true)]).status).toBe(0);
  });

  (full && target === 'local' ? it : it.skip)('two applies of one unit at once, from two Terraform working folders: serialized by the host lock', () => {
    const shared = (version: string): AppVersion => (host) =>
      void new SystemdService(host, 'shared', { service: { ExecStart: ['/bin/sleep infinity'], DynamicUser: true, Environment: [`VERSION=${version}`] }, policy: { budget: 9.9 } });
    const runners = ['a', 'b'].map((v) => {
      const runner = new SandboxTerraform(box, `/root/tf-${v}`);
      const { json, files } = synthApp(shared(v), { release });
      runner.writeConfig(json);
      expect(runner.run(['init']).status).toBe(0);
      return { runner, text: files.get('shared.service')! };
    });
    const both = box.sh(
      'export TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1\n' + runners.map((r, i) => `terraform -chdir=${r.runner.dir} apply -auto-approve -no-color > /tmp/apply-${i}.log 2>&1; echo $? > /tmp/apply-${i}.rc`).join(' &\n') + '\nwait; cat /tmp/apply-0.rc /tmp/apply-1.rc',
      undefined,
    );
    expect(both.stdout.trim().split('\n')).toEqual(['0', '0']);
    const s = observe(box, ['shared.service'])['shared.service']!;
    expect(s.active).toBe('active');
    const winner = runners.findIndex((r) => r.text === s.file);
    expect(winner).toBeGreaterThanOrEqual(0);
    // the running service was started from the file that is installed: no interleaving
    expect(box.exec(['systemctl', 'show', '-P', 'Environment', 'shared.service']).stdout.trim()).toBe(`VERSION=${winner === 0 ? 'a' : 'b'}`);
    // the first to be destroyed leaves the unit to the owner of the claim; the second removes it
    const loser = 1 - winner;
    expect(runners[loser]!.runner.run(['destroy', '-auto-approve']).status).toBe(0);
    expect(observe(box, ['shared.service'])['shared.service']!.active).toBe('active');
    expect(runners[winner]!.runner.run(['destroy', '-auto-approve']).status).toBe(0);
    expect(observe(box, ['shared.service'])['shared.service']).toMatchObject({ file: undefined, active: 'inactive' });
  });

  (full ? it : it.skip)('destroy: every unit stopped and removed, the drop-in gone, the distribution unit running without it', () => {
    const job: AppVersion = (host) => {
      const svc = new SystemdService(host, 'job', { service: { Type: 'oneshot', ExecStart: ['/bin/true'], DynamicUser: true }, policy: { budget: 9.9 } });
      new SystemdTimer(host, 'job-timer', { service: svc, timer: { OnCalendar: ['daily'] } });
    };
    const dropIn: AppVersion = (host) =>
      void new SystemdDropIn(host, 'override-distro', { unit: 'distro.service', fileName: '50-env', sections: { Service: { Environment: ['FROM_DROPIN=1'] } } });
    expect(apply([v2, job, dropIn]).status).toBe(0);
    const r = tf.run(['destroy', '-auto-approve']);
    log.push(r.stdout.slice(-3000) + r.stderr.slice(-3000));
    expect(r.status).toBe(0);
    const s = observe(box, ['app.service', 'job.timer', 'job.service']);
    for (const [u, st] of Object.entries(s)) expect([u, st.file, st.active]).toEqual([u, undefined, 'inactive']);
    expect(box.exec(['test', '-e', '/etc/systemd/system/distro.service.d/50-env.conf']).status).not.toBe(0);
    expect(observe(box, ['distro.service'])['distro.service']!.active).toBe('active');
    expect(box.exec(['systemctl', 'show', '-P', 'Environment', 'distro.service']).stdout).not.toMatch(/FROM_DROPIN/);
    expect(box.sh('ls -A /var/lib/cdktf-systemd/claims').stdout).toBe('');
    expect(leftovers(box)).toEqual([]);
  });
});
