/**
 * A typed wrapper around `../shared/tools/systemd-sandbox.sh`: a real systemd (252, 257 or 262) as
 * PID 1 of a container, to start units, watch them work and score them live. Every sandbox is torn
 * down by `down()` (tests call it in afterAll, also after failures).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SystemdRelease } from '../../lib/exposure';

/** Debian suites the sandbox can boot, and the systemd release each runs. */
export const SANDBOX_SUITES = { bookworm: '252', trixie: '257', sid: '262' } as const satisfies Record<string, SystemdRelease>;
export type SandboxSuite = keyof typeof SANDBOX_SUITES;

/** Output of a command run inside the sandbox. */
export interface SandboxResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Path of the sandbox script: env SYSTEMD_SANDBOX_SCRIPT or `../shared/tools/systemd-sandbox.sh` beside the repo. */
export function sandboxScript(): string {
  return process.env.SYSTEMD_SANDBOX_SCRIPT ?? path.resolve(__dirname, '../../../shared/tools/systemd-sandbox.sh');
}

const sandboxDir = (): string => process.env.SYSTEMD_SANDBOX_DIR ?? '/var/tmp/systemd-sandbox';

/** Suites whose root is built here (the script builds missing roots on `up`, but that takes minutes). */
export function builtSandboxes(): SandboxSuite[] {
  if (!fs.existsSync(sandboxScript()) || process.getuid?.() !== 0) return [];
  return (Object.keys(SANDBOX_SUITES) as SandboxSuite[]).filter((s) =>
    fs.existsSync(path.join(sandboxDir(), 'roots', s, '.systemd-sandbox-root-v1')),
  );
}

/**
 * The suites a test should run on. Under CI every suite must be there (.ci/run builds them); elsewhere
 * missing ones are skipped with a message.
 */
export function sandboxesForTests(): SandboxSuite[] {
  const built = builtSandboxes();
  const all = Object.keys(SANDBOX_SUITES) as SandboxSuite[];
  const missing = all.filter((s) => !built.includes(s));
  if (missing.length > 0) {
    const why = `systemd sandbox roots missing: ${missing.join(', ')} (script ${sandboxScript()}; needs root)`;
    if (process.env.CI) throw new Error(why);
    // eslint-disable-next-line no-console
    console.warn(`skipping sandbox runs: ${why}`);
  }
  return built;
}

/** A running container with a real systemd. */
export class Sandbox {
  /** Boots `suite` as instance `instance` (unique per test file so parallel workers do not collide). */
  static up(suite: SandboxSuite, instance: string): Sandbox {
    const box = new Sandbox(suite, instance);
    const r = box.script(['up', suite]);
    if (r.status !== 0) throw new Error(`sandbox ${suite} did not boot: ${r.stderr}`);
    return box;
  }

  readonly release: SystemdRelease;

  private constructor(
    readonly suite: SandboxSuite,
    readonly instance: string,
  ) {
    this.release = SANDBOX_SUITES[suite];
  }

  private script(args: string[], input?: string): SandboxResult {
    const r = spawnSync(sandboxScript(), args, {
      encoding: 'utf8',
      input: input ?? '',
      maxBuffer: 1 << 26,
      env: { ...process.env, SYSTEMD_SANDBOX_INSTANCE: this.instance, TERM: 'dumb', LANG: 'C.UTF-8' },
    });
    if (r.error) throw r.error;
    return { status: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
  }

  /** Runs a command inside (as the container's root, outside any unit's confinement). */
  exec(command: readonly string[], input?: string): SandboxResult {
    return this.script(['exec', this.suite, ...command], input);
  }

  /** Runs a POSIX shell script inside. */
  sh(script: string, input?: string): SandboxResult {
    return this.exec(['sh', '-c', script], input);
  }

  /** Writes a file inside the container. */
  writeFile(file: string, content: string): void {
    const r = this.exec(['sh', '-c', 'mkdir -p "$(dirname "$1")" && cat > "$1"', 'sh', file], content);
    if (r.status !== 0) throw new Error(`could not write ${file} in sandbox: ${r.stderr}`);
  }

  /** PID of the container's systemd as seen from the host. */
  initPid(): number {
    const leader = fs.readFileSync(path.join(sandboxDir(), 'run', `${this.instance}.pid`), 'utf8').trim();
    const r = spawnSync('pgrep', ['-P', leader], { encoding: 'utf8' });
    const pid = Number(r.stdout.trim().split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 1) throw new Error(`sandbox ${this.instance}: no init process under nspawn ${leader}`);
    return pid;
  }

  /** Copies a host file (binary-safe) to `file` inside the container, through its /proc/PID/root view. */
  copyIn(hostFile: string, file: string, mode = 0o644): void {
    const dest = path.join(`/proc/${this.initPid()}/root`, file);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(hostFile, dest);
    fs.chmodSync(dest, mode);
  }

  /** Copies unit files (and NAME.d/ folders beside them) into /etc/systemd/system and reloads. */
  install(files: readonly string[]): void {
    const r = this.script(['install', this.suite, ...files]);
    if (r.status !== 0) throw new Error(`sandbox install failed: ${r.stderr}`);
  }

  /** Waits until `systemctl is-active UNIT` prints one of `states` (Type=simple units die after start). */
  waitForState(unit: string, states: readonly string[], timeoutSeconds = 10): string {
    const script = [
      'i=0',
      `while [ $i -lt ${timeoutSeconds * 5} ]; do`,
      '  s=$(systemctl is-active "$1" || true)',
      `  case " ${states.join(' ')} " in *" $s "*) echo "$s"; exit 0;; esac`,
      '  i=$((i+1)); sleep 0.2',
      'done',
      'systemctl is-active "$1"; exit 1',
    ].join('\n');
    return this.exec(['sh', '-c', script, 'sh', unit]).stdout.trim().split('\n').pop() ?? '';
  }

  /** The unit's journal and status, for failure messages. */
  diagnostics(unit: string): string {
    const status = this.exec(['systemctl', 'status', '--no-pager', '-l', unit]);
    const journal = this.exec(['journalctl', '--no-pager', '-n', '50', '-u', unit]);
    return `--- systemctl status ${unit}\n${status.stdout}${status.stderr}\n--- journal\n${journal.stdout}${journal.stderr}`;
  }

  /** Powers the container off and removes what it left. */
  down(): void {
    this.script(['down', this.suite]);
  }
}
