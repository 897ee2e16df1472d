/**
 * The real `terraform` binary, run on synthesized cdk.tf.json: on this machine (validate, plan, the
 * SSH target) or inside a booted sandbox (the local target: Terraform's local-exec then runs on the
 * sandbox's systemd, as it would on a host that runs Terraform itself).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Sandbox, SandboxResult } from './sandbox';

/** Path of the terraform binary on PATH, or undefined. */
export function terraformBinary(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' });
  const p = r.stdout.trim();
  return r.status === 0 && p ? p : undefined;
}

/** One line for suites that need terraform on a machine without it. */
export function skipWithoutTerraform(): boolean {
  if (terraformBinary()) return false;
  // eslint-disable-next-line no-console
  console.log('SKIPPED: no terraform binary (install Terraform >= 1.4 on PATH to run the deploy suites)');
  return true;
}

const TF_ENV = { TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0' };

/** cdk.tf.json made runnable in another folder: cdktf writes an absolute local-backend path. */
export function portableConfig(cdkTfJson: string): string {
  const tf = JSON.parse(cdkTfJson) as { terraform?: { backend?: unknown } };
  if (tf.terraform) delete tf.terraform.backend;
  return JSON.stringify(tf, null, 2);
}

/** A Terraform working folder on this machine. */
export class HostTerraform implements TerraformRunner {
  readonly dir: string;
  /** `env`: extra environment, e.g. TF_VAR_name values. */
  constructor(prefix = 'tf-', private readonly env: Readonly<Record<string, string>> = {}) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  }
  writeConfig(cdkTfJson: string): void {
    fs.writeFileSync(path.join(this.dir, 'cdk.tf.json'), portableConfig(cdkTfJson));
  }
  run(args: readonly string[], timeoutMs = 600_000): SandboxResult {
    const r = spawnSync(terraformBinary()!, [`-chdir=${this.dir}`, ...args, ...noColor(args)], {
      encoding: 'utf8',
      env: { ...process.env, ...TF_ENV, ...this.env },
      maxBuffer: 1 << 28,
      timeout: timeoutMs,
    });
    return { status: r.status ?? 128, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
  }
  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function noColor(args: readonly string[]): string[] {
  const sub = args[0];
  return sub && ['init', 'validate', 'plan', 'apply', 'destroy', 'show', 'output'].includes(sub) ? ['-no-color'] : [];
}

/** What the deploy tests need of a Terraform working folder, wherever it is. */
export interface TerraformRunner {
  writeConfig(cdkTfJson: string): void;
  run(args: readonly string[]): SandboxResult;
}

/** A Terraform working folder inside a sandbox (the local target's view of the world). */
export class SandboxTerraform implements TerraformRunner {
  constructor(
    private readonly box: Sandbox,
    readonly dir = '/root/tf',
  ) {
    box.copyIn(terraformBinary()!, '/usr/local/bin/terraform', 0o755);
  }
  writeConfig(cdkTfJson: string): void {
    this.box.writeFile(`${this.dir}/cdk.tf.json`, portableConfig(cdkTfJson));
  }
  run(args: readonly string[]): SandboxResult {
    return this.box.exec(['env', ...TF_ENV_ARGS, 'terraform', `-chdir=${this.dir}`, ...args, ...noColor(args)]);
  }
}

/** TF_ENV as `env` arguments, for commands run inside a sandbox. */
export const TF_ENV_ARGS = Object.entries(TF_ENV).map(([k, v]) => `${k}=${v}`);
