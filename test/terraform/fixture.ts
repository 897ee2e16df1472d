/**
 * Deploy tests on real Terraform: apps declared with our constructs, synthesized to cdk.tf.json,
 * applied by the real `terraform` binary to a booted systemd, and the host observed afterwards.
 */
import { TerraformVariable } from 'cdktf';
import { App, SystemdHost, SystemdStack, Testing, type HostTarget } from '../../lib/constructs';
import type { SystemdRelease } from '../../lib/exposure';
import type { Sandbox } from '../support/sandbox';
import { testApp } from '../support/test-app';

/** Declares the units of one version of the app on `host`. */
export type AppVersion = (host: SystemdHost) => void;

/** Settle time the tests use (a service must stay up this long after start). */
export const SETTLE_SECONDS = 2;

/** Options of {@link synthApp}. */
export interface SynthOptions {
  readonly release: SystemdRelease;
  /** Where the units go; `ssh-variables`: SSH with host and key from Terraform variables `ssh_host` and `ssh_key`. */
  readonly target?: HostTarget | 'ssh-variables';
  readonly deployResource?: 'null_resource' | 'terraform_data';
  /** Run construct validations (budgets) at synth; off to let the host-side checks meet a bad unit. */
  readonly validate?: boolean;
}

/** cdk.tf.json of `version` and the synthesized text of each installed file (path → text). */
export function synthApp(version: AppVersion, o: SynthOptions): { json: string; files: Map<string, string> } {
  const app: App = testApp();
  const stack = new SystemdStack(app, 'deploy-test', { deployResource: o.deployResource ?? 'terraform_data' });
  const target: HostTarget =
    o.target === 'ssh-variables'
      ? {
          type: 'ssh',
          host: new TerraformVariable(stack, 'ssh_host', { type: 'string' }).stringValue,
          privateKey: new TerraformVariable(stack, 'ssh_key', { type: 'string', sensitive: true }).stringValue,
          agent: false,
        }
      : (o.target ?? { type: 'local' });
  const host = new SystemdHost(stack, 'box', { target, systemd: o.release, settleSeconds: SETTLE_SECONDS });
  version(host);
  const json = Testing.synth(stack, o.validate ?? true);
  return { json, files: new Map(stack.units.map((u) => [u.installPath, u.text])) };
}

/** What a unit looks like on the host. */
export interface UnitState {
  readonly file: string | undefined;
  readonly active: string;
  readonly enabled: string;
  readonly pid: string;
}

/** Reads the state of units (and their files below /etc/systemd/system) in one call. */
export function observe(box: Sandbox, units: readonly string[], files: readonly string[] = units): Record<string, UnitState> {
  const script = [
    'for u in "$@"; do',
    '  printf "%s\\t%s\\t%s\\t%s\\n" "$u" "$(systemctl is-active -- "$u" 2>/dev/null)" "$(systemctl is-enabled -- "$u" 2>/dev/null)" "$(systemctl show -P MainPID -- "$u" 2>/dev/null)"',
    'done',
  ].join('\n');
  const r = box.exec(['sh', '-c', script, 'observe', ...units]);
  const out: Record<string, UnitState> = {};
  const lines = r.stdout.split('\n').filter(Boolean);
  units.forEach((u, i) => {
    const [, active = '', enabled = '', pid = ''] = (lines[i] ?? '').split('\t');
    const f = files[i] ?? u;
    const cat = box.exec(['cat', `/etc/systemd/system/${f}`]);
    out[u] = { file: cat.status === 0 ? cat.stdout : undefined, active, enabled, pid };
  });
  return out;
}

/** Leftovers a deployment must never leave: staged files, temporary unit files, dangling symlinks. */
export function leftovers(box: Sandbox): string[] {
  const r = box.sh(
    [
      'ls -A /var/lib/cdktf-systemd/staging 2>/dev/null | sed "s|^|staging: |"',
      'find /etc/systemd/system -name ".cdktf-*" | sed "s|^|temporary: |"',
      'find /etc/systemd/system -xtype l | sed "s|^|dangling: |"',
    ].join('\n'),
  );
  return r.stdout.split('\n').filter(Boolean);
}
