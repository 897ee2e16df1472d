/**
 * The services the sandbox tests run: built with our constructs and presets for one systemd release,
 * deployed to a "local" host so that their install/remove commands are self-contained local-exec
 * scripts, which the tests run inside the sandbox exactly as cdk.tf.json carries them.
 */
import { App, SystemdHost, SystemdService, SystemdStack, SystemdTimer, type SystemdUnit } from '../../lib/constructs';
import { Testing } from '../../lib/constructs/cdktf';
import { INSTALL_PROGRAM } from '../../lib/deploy';
import type { SystemdRelease } from '../../lib/exposure';
import * as presets from '../../presets';
import { testApp } from '../support/test-app';

/** Install and remove commands of one unit, as synthesized. */
export interface DeployCommands {
  readonly install: string;
  readonly remove: string;
}

type LocalExec = { command: string; interpreter: string[]; when?: string };
type TfJson = { resource: { null_resource: Record<string, { triggers: { unit: string }; provisioner?: Array<{ 'local-exec'?: LocalExec }> }> } };

/**
 * Reads the local-exec install/remove scripts per unit from a synthesized stack, as Terraform would
 * run them, with the owner references (Terraform expressions) set to one fixed value.
 */
export function deployCommands(stack: SystemdStack): Map<string, DeployCommands> {
  const tf = JSON.parse(Testing.synth(stack)) as TfJson;
  const scripts = new Map<string, { install?: string; remove?: string }>();
  for (const r of Object.values(tf.resource.null_resource)) {
    for (const p of r.provisioner ?? []) {
      const exec = p['local-exec'];
      if (!exec) continue;
      const script = exec.interpreter[2]!
        .replace(/^owner='\$\{[^']*\}'$/m, "owner='sandbox-test'")
        // the install program, which Terraform would interpolate from its local
        .replace(/^\$\{local\.cdktf_systemd_install_[0-9a-f]+\}$/m, () => INSTALL_PROGRAM);
      const entry = scripts.get(r.triggers.unit) ?? {};
      if (exec.when === 'destroy') entry.remove = script;
      else entry.install = script;
      scripts.set(r.triggers.unit, entry);
    }
  }
  return new Map([...scripts].map(([unit, e]) => [unit, { install: e.install!, remove: e.remove! }]));
}

/** A stack on a local host of `release` (validations are run separately, not at synth). */
export function localStack(release: SystemdRelease): { app: App; stack: SystemdStack; host: SystemdHost } {
  const app = testApp();
  const stack = new SystemdStack(app, 'sbx');
  const host = new SystemdHost(stack, 'box', { target: { type: 'local' }, systemd: release });
  return { app, stack, host };
}

/** The representative services, one group per preset, plus negative controls. */
export function representativeServices(release: SystemdRelease) {
  const { stack, host } = localStack(release);
  const units: Record<string, SystemdUnit> = {};
  const add = <T extends SystemdUnit>(u: T): T => ((units[u.unitName] = u), u);

  // networkService: an HTTP server on loopback; a second one that writes its cache directory.
  add(new SystemdService(host, 'web', {
    preset: presets.networkService({ ports: [8080] }),
    service: { ExecStart: ['/usr/bin/python3 -m http.server 8080 --bind 127.0.0.1 --directory /usr/share/doc'] },
  }));
  add(new SystemdService(host, 'webcache', {
    preset: presets.networkService({ ports: [8081] }),
    service: {
      CacheDirectory: ['webcache'],
      ExecStartPre: ['/bin/sh -c "echo cached > /var/cache/webcache/probe.txt"'],
      ExecStart: ['/usr/bin/python3 -m http.server 8081 --bind 127.0.0.1 --directory /var/cache/webcache'],
    },
  }));
  // batch: a oneshot job, started by its timer and by systemctl start.
  const job = add(new SystemdService(host, 'job', {
    preset: presets.batch({ outputDirectories: ['job'] }),
    service: { ExecStart: ['/bin/sh -c "wc -l < /etc/os-release > /var/lib/job/lines.txt"'] },
  }));
  add(new SystemdTimer(host, 'job-timer', { service: job, timer: { OnActiveSec: ['1s'], AccuracySec: '1s' } }));
  // strict: a daemon without network that keeps writing its state directory.
  add(new SystemdService(host, 'beat', {
    preset: presets.strict(),
    service: { StateDirectory: ['beat'], ExecStart: ['/bin/sh -c "while :; do date +%%s > /var/lib/beat/beat; sleep 1; done"'] },
  }));

  // Negative controls: the hardening must bite.
  add(new SystemdService(host, 'web-unix-only', {
    preset: presets.networkService({ ports: [8082] }),
    service: { RestrictAddressFamilies: ['AF_UNIX'], ExecStart: ['/usr/bin/python3 -m http.server 8082 --bind 127.0.0.1'] },
  }));
  add(new SystemdService(host, 'web-wrong-port', {
    preset: presets.networkService({ ports: [8083] }),
    service: { ExecStart: ['/usr/bin/python3 -m http.server 8084 --bind 127.0.0.1'] },
  }));
  add(new SystemdService(host, 'job-writes-etc', {
    preset: presets.batch({ outputDirectories: ['job2'] }),
    service: { ExecStart: ['/bin/sh -c "echo x > /etc/cdktf-systemd-probe"'] },
  }));
  add(new SystemdService(host, 'job-reaches-host', {
    preset: presets.batch(),
    // Only PrivateNetwork= stands between this job and the web server on the host's loopback.
    removeFromPreset: { IPAddressDeny: 'the control shows that PrivateNetwork alone hides the host loopback' },
    service: { RestrictAddressFamilies: ['AF_UNIX AF_INET AF_INET6'], ExecStart: ['/usr/bin/curl -sS -m 3 -o /dev/null http://127.0.0.1:8080/'] },
  }));
  return { stack, host, units };
}
