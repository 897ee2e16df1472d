/**
 * Synth-time refusals of what could never deploy right: two units with one path on a host, names
 * systemd tools cannot take, drop-in names over NAME_MAX, Terraform template openers in connection
 * values, Terraform tokens in unit settings, instances on non-templates. Each error names the
 * construct and the reason.
 */
import { TerraformVariable } from 'cdktf';
import { SystemdDropIn, SystemdHost, SystemdService, SystemdStack, SystemdTimer, Testing } from '../../lib/constructs';
import { installScript } from '../../lib/deploy';
import { testApp } from '../support/test-app';

function host(target: ConstructorParameters<typeof SystemdHost>[2]['target'] = { type: 'local' }) {
  const stack = new SystemdStack(testApp(), 's');
  return { stack, host: new SystemdHost(stack, 'h', { target, systemd: '257' }) };
}
const run = { ExecStart: ['/bin/true'] };

describe('synth refuses deployments that could not work', () => {
  it('two services with one name on a host', () => {
    const { stack, host: h } = host();
    new SystemdService(h, 'a', { name: 'web', service: run, policy: { budget: 10 } });
    new SystemdService(h, 'b', { name: 'web', service: run, policy: { budget: 10 } });
    expect(() => Testing.synth(stack, true)).toThrow(/\[s\/h\] web\.service is declared 2 times on host h: by s\/h\/a, s\/h\/b/);
  });

  it('two timers on one service (both default to its name), and the same drop-in twice', () => {
    const { stack, host: h } = host();
    const svc = new SystemdService(h, 'job', { service: run, policy: { budget: 10 } });
    new SystemdTimer(h, 't1', { service: svc, timer: { OnCalendar: ['daily'] } });
    new SystemdTimer(h, 't2', { service: svc, timer: { OnCalendar: ['hourly'] } });
    new SystemdDropIn(h, 'd1', { unit: 'ssh.service', fileName: '50-x', sections: { Service: { ProtectHome: true } } });
    new SystemdDropIn(h, 'd2', { unit: 'ssh.service', fileName: '50-x', sections: { Service: { ProtectHome: true } } });
    expect(() => Testing.synth(stack, true)).toThrow(/job\.timer is declared 2 times on host h: by s\/h\/t1, s\/h\/t2[\s\S]*ssh\.service\.d\/50-x\.conf is declared 2 times/);
  });

  it('a unit declared removed does not clash with the one taking its place', () => {
    const { stack, host: h } = host();
    new SystemdService(h, 'old', { name: 'web', service: run, policy: { budget: 10 }, removed: true });
    new SystemdService(h, 'new', { name: 'web', service: run, policy: { budget: 10 } });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it('a unit name starting with "-" (tools read it as an option)', () => {
    expect(() => new SystemdService(host().host, 'x', { name: '-web', service: run })).toThrow(/s\/h\/x: unit name '-web\.service' starts with '-'/);
  });

  it('unit names systemd refuses, and drop-in names over NAME_MAX or with a newline', () => {
    expect(() => new SystemdService(host().host, 'x', { name: 'a'.repeat(250), service: run })).toThrow(/s\/h\/x: Invalid unit name .*shorter than 256/);
    const long = 'a'.repeat(247); // a.service of 255 bytes installs (no suffix is added beside it) ...
    expect(() => new SystemdService(host().host, 'x', { name: long, service: run })).not.toThrow();
    // ... but its drop-in folder (NAME.d) would exceed NAME_MAX
    expect(() => new SystemdDropIn(host().host, 'd', { unit: `${long}.service`, sections: { Service: { ProtectHome: true } } })).toThrow(/too long for a drop-in folder/);
    expect(() => new SystemdDropIn(host().host, 'd', { unit: 'ssh.service', fileName: 'x'.repeat(300), sections: { Service: { ProtectHome: true } } })).toThrow(/s\/h\/d: drop-in file name longer than 255 bytes/);
    expect(() => new SystemdDropIn(host().host, 'd', { unit: 'ssh.service', fileName: '50-x\nrm -rf /', sections: { Service: { ProtectHome: true } } })).toThrow(/drop-in file name must be a plain file name/);
  });

  it('installScript refuses a drop-in file name that would run as a command', () => {
    const plan = { content: '', activation: 'try-restart' as const, enableUnits: [], runUnits: [], liveUnits: [], settleSeconds: 0 };
    expect(() => installScript({ plan: { ...plan, installPath: 'ssh.service.d/50-x\ntouch /tmp/pwned\n.conf' }, owner: 'x', source: { kind: 'inline' } })).toThrow(/plain file name/);
    expect(() => installScript({ plan: { ...plan, installPath: '-x.service' }, owner: 'x', source: { kind: 'inline' } })).toThrow(/starts with '-'/);
  });

  it('Terraform template openers in literal connection values; tokens are welcome', () => {
    expect(() => host({ type: 'ssh', host: 'web1${file("/etc/hostname")}' })).toThrow(/s\/h: target\.host contains '\$\{', which Terraform would evaluate/);
    expect(() => host({ type: 'ssh', host: 'web1', user: 'x%{if true}' })).toThrow(/target\.user contains '%\{'/);
    expect(() => host({ type: 'ssh', host: 'web1', bastion: { host: 'j', privateKey: 'k${x}' } })).toThrow(/target\.bastion\.privateKey contains/);
    const stack = new SystemdStack(testApp(), 's');
    const key = new TerraformVariable(stack, 'key', { type: 'string', sensitive: true });
    const addr = new TerraformVariable(stack, 'addr', { type: 'string' });
    expect(() => new SystemdHost(stack, 'h', { target: { type: 'ssh', host: addr.stringValue, privateKey: key.stringValue }, systemd: '257' })).not.toThrow();
  });

  it('Terraform tokens in unit settings (units are rendered and scored at synth)', () => {
    const { stack, host: h } = host();
    const v = new TerraformVariable(stack, 'port', { type: 'string' });
    const svc = new SystemdService(h, 'x', { service: { ExecStart: ['/bin/true'], Environment: [`PORT=${v.stringValue}`] }, policy: { budget: 10 } });
    expect(() => svc.text).toThrow(/s\/h\/x: a Terraform token .* is used in the unit's settings/);
  });

  it('instances only on templates, each installable and listed once', () => {
    expect(() => new SystemdService(host().host, 'x', { name: 'web', instances: ['a'], service: run })).toThrow(/instances are for template services/);
    expect(() => new SystemdService(host().host, 'x', { name: 'w@', instances: ['a', 'a'], service: run })).toThrow(/w@a\.service is listed twice/);
    expect(() => new SystemdService(host().host, 'x', { name: 'w@', instances: [''], service: run })).toThrow(/instances\[0\]: an instance name must not be empty/);
    expect(() => new SystemdService(host().host, 'x', { name: 'w@', instances: ['a b'], service: run })).toThrow(/instances\[0\]: Invalid unit name/);
  });

  it('a drop-in with a bad value fails where it is written', () => {
    expect(() => new SystemdDropIn(host().host, 'd', { unit: 'ssh.service', sections: { Service: { ProtectHome: 'yes' as never } } })).toThrow(/s\/h\/d: Service\.ProtectHome: invalid value "yes"/);
  });

  it('a timer of a removed service must be removed too', () => {
    const { host: h } = host();
    const svc = new SystemdService(h, 'job', { service: run, removed: true });
    expect(() => new SystemdTimer(h, 't', { service: svc, timer: { OnCalendar: ['daily'] } })).toThrow(/activates s\/h\/job, which is declared removed/);
  });

  it('a unit too large for a local-exec argument, with the way out', () => {
    const { stack, host: h } = host();
    new SystemdService(h, 'x', { service: { ...run, Environment: Array.from({ length: 60 }, (_, i) => `V${i}=${'d'.repeat(2000)}`) }, policy: { budget: 10 } });
    expect(() => Testing.synth(stack)).toThrow(/s\/h\/x: the install command for x\.service is \d+ bytes, over the 131000 a local-exec can pass to \/bin\/sh; deploy it over SSH/);
  });
});
