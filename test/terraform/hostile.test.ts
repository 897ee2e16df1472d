/**
 * Hostile values through every string field of every construct and the host target, judged by the
 * real `terraform`: nothing a user writes is ever evaluated by Terraform, and the unit a host gets is
 * byte-identical to the one synthesized.
 *
 * 1. ≥ 1,000 values rich in `${`, `%{`, `$${`, `%%{`, `$$`, quotes, backslashes and unicode go into
 *    every string-valued directive of services, sockets and timers. Values the typed layer refuses
 *    fail with an error naming the directive; the rest are synthesized in both deploy forms, whose
 *    strings hold no template opener but our own references, and `terraform validate` passes.
 * 2. The same values as SSH host, user and keys: those with a template opener are refused at synth;
 *    for the rest, `terraform plan` shows the connection values exactly as written.
 * 3. A sample of ≥ 100 services with hostile Description=, Environment= and ExecStart= arguments is
 *    applied by terraform to a booted systemd, over the local and the SSH target, and every
 *    installed file is compared byte for byte with the synthesized one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { SystemdHost, SystemdService, SystemdSocket, SystemdStack, SystemdTimer, SystemdUnit, Testing, type HostTarget } from '../../lib/constructs';
import { SECTIONS, UNIT_KINDS, type SectionName } from '../../lib/unit/catalog';
import { Sandbox, sandboxesForTests } from '../support/sandbox';
import { HostTerraform, SandboxTerraform, skipWithoutTerraform, type TerraformRunner } from '../support/terraform';
import { enableSsh, sshAvailable, type SshEndpoint } from '../support/ssh-sandbox';
import { testApp } from '../support/test-app';

const VALUES = Number(process.env.HOSTILE_VALUES ?? 3000);
const APPLIED = Number(process.env.HOSTILE_APPLIED ?? 100);
const noTerraform = skipWithoutTerraform();

const PIECES = [
  '${', '%{', '$${', '%%{', '$$', '$', '%', '{', '}', '${x}', '%{ if true }x%{ endif }', '${file("/etc/hostname")}', '$${x}', '%%{x}',
  '"', "'", '\\', '\\\\', '\\n', 'é', '😀', '中', '\u2028', ' ', 'a', 'Z', '0', '/', '=', '#', ';', '~', '-', ':', '@', '.', '\n', '\t',
];
const hostile = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
const values = fc.sample(hostile, { numRuns: VALUES, seed: 20261130 });

/** Every string-valued directive of the unit kinds our constructs write. */
function stringFields(): Array<{ kind: 'service' | 'socket' | 'timer'; section: SectionName; key: string; list: boolean }> {
  const out: Array<{ kind: 'service' | 'socket' | 'timer'; section: SectionName; key: string; list: boolean }> = [];
  for (const [kind, sections] of Object.entries(UNIT_KINDS) as Array<['service' | 'socket' | 'timer', readonly SectionName[]]>) {
    for (const section of sections) {
      if ((section === 'Unit' || section === 'Install') && kind !== 'service') continue;
      for (const [key, spec] of Object.entries(SECTIONS[section])) {
        if (/string|Text|CommandLineValue/.test(spec.kind.tsType)) out.push({ kind, section, key, list: spec.multiplicity !== 'single' });
      }
    }
  }
  return out;
}

/** Strings of a Terraform JSON document, minus our own references; none may open a template. */
function templateOpeners(json: string): string[] {
  const own = /\$\{(self\.(id|triggers(_replace)?\.[a-z_]+)|(null_resource|terraform_data)\.[A-Za-z0-9_-]+\.(id|triggers(_replace)?\.[a-z_]+)|var\.[a-z_]+|local\.cdktf_systemd_install_[0-9a-f]{12})\}/g;
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (/\$\{|%\{/.test(v.replace(own, ''))) found.push(v.slice(0, 200));
    } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk((JSON.parse(json) as { resource: unknown }).resource);
  return found;
}

/**
 * Builds `declare` on a scratch host first: a construct that throws is already in the tree, so only
 * declarations that succeed there are repeated on `host`. Returns the error, if any.
 */
function declareIfAccepted(host: SystemdHost, declare: (h: SystemdHost) => void): Error | undefined {
  const scratch = new SystemdHost(new SystemdStack(testApp(), host.node.scope!.node.id), host.node.id, { target: host.target, systemd: host.release });
  try {
    declare(scratch);
    for (const c of scratch.node.findAll()) if (c instanceof SystemdUnit) c.ensureDeployResource(); // renders and scores
  } catch (err) {
    return err as Error;
  }
  declare(host);
  return undefined;
}

(noTerraform ? describe.skip : describe)('hostile values and Terraform', () => {
  it(`${VALUES} values through every string field: refused by name, or synthesized with no template opener and valid for terraform`, () => {
    const fields = stringFields();
    let accepted = 0;
    const stacks = (['terraform_data', 'null_resource'] as const).map((deployResource) => {
      const stack = new SystemdStack(testApp(), 'hostile', { deployResource });
      const targets: HostTarget[] = [{ type: 'local' }, { type: 'ssh', host: 'h.example', privateKey: 'KEY' }];
      const hosts = targets.map((target, i) => new SystemdHost(stack, `h${i}`, { target, systemd: '257' }));
      accepted = 0;
      values.forEach((value, i) => {
        const f = fields[i % fields.length]!;
        const host = hosts[i % hosts.length]!;
        const setting = { [f.key]: f.list ? [value] : value };
        const err = declareIfAccepted(host, (h) => {
          if (f.kind === 'service') {
            new SystemdService(h, `v${i}`, {
              ...(f.section === 'Unit' ? { unit: setting } : {}),
              ...(f.section === 'Install' ? { install: setting } : {}),
              service: { ExecStart: ['/bin/true'], ...(f.section === 'Service' ? setting : {}) },
              policy: { budget: 10 },
            });
            return;
          }
          const base = new SystemdService(h, `base${i}`, { service: { ExecStart: ['/bin/true'] }, policy: { budget: 10 } });
          if (f.kind === 'socket') new SystemdSocket(h, `v${i}`, { service: base, socket: { ListenStream: ['/run/hostile.sock'], ...setting } });
          else new SystemdTimer(h, `v${i}`, { service: base, timer: { OnCalendar: ['daily'], ...setting } });
        });
        if (err) expect(err.message).toMatch(new RegExp(`^hostile/h\\d/v${i}: (${f.section}\\.${f.key}: invalid value|systemd 257 would refuse to load v${i}\\.service)`));
        else accepted++;
      });
      return stack;
    });
    const forms = stacks.map((s) => Testing.synth(s));
    for (const json of forms) expect(templateOpeners(json)).toEqual([]);
    expect(accepted).toBeGreaterThan(VALUES / 20); // most fields hold names, paths or numbers: hostile text is refused there
    fs.writeFileSync('/tmp/cdktf-systemd-hostile.txt', `${VALUES} values over ${fields.length} string-valued directives: ${accepted} accepted and synthesized, ${VALUES - accepted} refused by name\n`);

    const tf = new HostTerraform('tf-hostile-');
    try {
      tf.writeConfig(forms[0]!);
      expect(tf.run(['init']).status).toBe(0);
      const validate = tf.run(['validate']);
      expect(validate.stderr).toBe('');
      expect(validate.status).toBe(0);
    } finally {
      tf.cleanup();
    }
  });

  it('the same values as SSH connection fields: refused when they open a template, otherwise read literally by terraform', () => {
    const stack = new SystemdStack(testApp(), 'conn', { deployResource: 'terraform_data' });
    const expected = new Map<string, Record<string, string>>();
    let refused = 0;
    values.slice(0, 300).forEach((value, i) => {
      const target = { type: 'ssh', host: `h${i}.example`, user: 'root', privateKey: value, bastion: { host: 'jump.example', user: `u${i}`, privateKey: value } } as const;
      const asHost = /\s/.test(value) ? undefined : value;
      try {
        const host = new SystemdHost(stack, `h${i}`, { target: { ...target, ...(asHost !== undefined ? { host: asHost, user: asHost } : {}) }, systemd: '257' });
        new SystemdService(host, 's', { service: { ExecStart: ['/bin/true'] }, policy: { budget: 10 } });
        expected.set(`h${i}`, { private_key: value, bastion_private_key: value, ...(asHost !== undefined ? { host: asHost, user: asHost } : {}) });
      } catch (err) {
        refused++;
        expect(/\$\{|%\{/.test(value) || value.trim() === '').toBe(true);
        expect((err as Error).message).toMatch(/^conn\/h\d+: target\.(host|user|privateKey|bastion\.privateKey) (contains '(\$\{|%\{)'|must not be empty)/);
      }
    });
    expect(refused).toBeGreaterThan(0);
    expect(expected.size).toBeGreaterThan(100);
    const tf = new HostTerraform('tf-conn-');
    try {
      tf.writeConfig(Testing.synth(stack));
      expect(tf.run(['init']).status).toBe(0);
      expect(tf.run(['plan', '-out=plan.bin']).status).toBe(0);
      const show = JSON.parse(tf.run(['show', '-json', 'plan.bin']).stdout) as {
        planned_values: { root_module: { resources: Array<{ address: string; values: { triggers_replace?: Record<string, string> } }> } };
      };
      let checked = 0;
      for (const r of show.planned_values.root_module.resources) {
        const m = /^terraform_data\.(h\d+)_s_slot-/.exec(r.address);
        if (!m) continue;
        expect(r.values.triggers_replace).toMatchObject(expected.get(m[1]!)!);
        checked++;
      }
      expect(checked).toBe(expected.size);
    } finally {
      tf.cleanup();
    }
  });

  const suites = noTerraform ? [] : sandboxesForTests().filter((s) => s === 'trixie');
  const targets = sshAvailable() ? (['local', 'ssh'] as const) : (['local'] as const);
  (suites.length > 0 ? describe.each(targets) : describe.skip.each(targets))('applied to systemd 257 (%s target)', (target) => {
    let box: Sandbox;
    let ssh: SshEndpoint | undefined;
    let tf: TerraformRunner;
    beforeAll(() => {
      box = Sandbox.up('trixie', `t-hostile-${target}`);
      if (target === 'ssh') {
        ssh = enableSsh(box);
        tf = new HostTerraform('tf-hostile-ssh-');
      } else tf = new SandboxTerraform(box);
    });
    afterAll(() => {
      ssh?.close();
      if (tf instanceof HostTerraform) tf.cleanup();
      box?.down();
    });

    it(`${APPLIED} services with hostile Description=, Environment= and ExecStart= arguments (and a 255-byte unit name) are installed byte for byte`, () => {
      const stack = new SystemdStack(testApp(), 'applied', { deployResource: 'terraform_data' });
      const host = new SystemdHost(stack, 'box', {
        target: ssh ? { type: 'ssh', host: ssh.host, privateKey: ssh.privateKey, agent: false } : { type: 'local' },
        systemd: '257',
        settleSeconds: 0,
      });
      const units: Array<{ name: string; text: string }> = [];
      let i = 0;
      for (const value of values) {
        if (units.length >= APPLIED) break;
        const id = `s${i++}`;
        // values the typed layer refuses (tested above) are skipped: the sample takes the next one
        const err = declareIfAccepted(host, (h) =>
          void new SystemdService(h, id, {
            unit: { Description: value },
            service: { Type: 'oneshot', ExecStart: [{ executable: '/bin/true', args: [value, `${value}x`] }], Environment: [`HOSTILE=${value}`] },
            policy: { budget: 10 },
          }),
        );
        if (!err) {
          const svc = host.node.findChild(id) as SystemdService;
          units.push({ name: svc.unitName, text: svc.text });
        }
      }
      const long = new SystemdService(host, 'long', { name: 'l'.repeat(247), service: { Type: 'oneshot', ExecStart: ['/bin/true'] }, policy: { budget: 10 } });
      units.push({ name: long.unitName, text: long.text });
      expect(Buffer.byteLength(long.unitName)).toBe(255);
      tf.writeConfig(Testing.synth(stack, true));
      expect(tf.run(['init']).status).toBe(0);
      const r = tf.run(['apply', '-auto-approve', '-parallelism=8']);
      if (r.status !== 0) fs.writeFileSync(path.join('/tmp', `hostile-${target}.log`), r.stdout + r.stderr);
      expect(r.status).toBe(0);
      // All installed files, read back in one call: NUL-separated name and content.
      const dump = box.exec(['sh', '-c', 'for u in "$@"; do printf "%s\\0" "$u"; cat "/etc/systemd/system/$u"; printf "\\0"; done', 'dump', ...units.map((u) => u.name)]);
      const parts = dump.stdout.split('\0');
      const installed = new Map<string, string>();
      for (let k = 0; k + 1 < parts.length; k += 2) installed.set(parts[k]!, parts[k + 1]!);
      const differ = units.filter((u) => installed.get(u.name) !== u.text).map((u) => u.name);
      expect(differ).toEqual([]);
      expect(installed.size).toBe(units.length);
      expect(box.exec(['systemctl', 'is-active', long.unitName]).stdout.trim()).toBe('inactive'); // a oneshot that ran
      expect(box.exec(['systemctl', 'show', '-P', 'Result', long.unitName]).stdout.trim()).toBe('success');
    });
  });
});
