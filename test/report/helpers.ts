/** Apps and file helpers shared by the report tests. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, SystemdHost, SystemdService, SystemdStack, type SystemdStackProps } from '../../lib/constructs';
import type { SystemdRelease } from '../../lib/exposure';
import type { StackReportJson } from '../../lib/report';
import * as presets from '../../presets';

export const REPO = path.resolve(__dirname, '../..');

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/** Synthesizes the example app (main.ts) into `outdir` as `npm run synth` does; returns the stack folder. */
export function synthExampleApp(outdir: string): string {
  execFileSync(path.join(REPO, 'node_modules/.bin/tsx'), ['main.ts'], { cwd: REPO, env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: ['ignore', 'ignore', 'pipe'] });
  return path.join(outdir, 'stacks', 'example');
}

/** Runs `fn` with stderr captured. */
export function withStderr<T>(fn: () => T): { value: T; stderr: string } {
  const writes: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (writes.push(String(chunk)), true));
  try {
    return { value: fn(), stderr: writes.join('') };
  } finally {
    spy.mockRestore();
  }
}

/** The 1-based line of this repository's `file` that contains `marker` (for expected source locations). */
export function lineOf(file: string, marker: string): number {
  const lines = fs.readFileSync(path.join(REPO, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`${marker} not in ${file}`);
  return i + 1;
}

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** The stack report a synth wrote. */
export function stackJson(dir: string): StackReportJson {
  return readJson<StackReportJson>(path.join(dir, 'exposure-report.json'));
}

/**
 * An app that fails its policies, synthesized with validations off to get its reports: a plain
 * service far over budget, one with an acknowledged check, one failing a required check.
 */
export function failingApp(outdir: string, release: SystemdRelease = '257', stackProps: SystemdStackProps = {}): { app: App; stackDir: string } {
  const app = new App({ outdir, skipValidation: true });
  const stack = new SystemdStack(app, 'bad', stackProps);
  const host = new SystemdHost(stack, 'h1', { target: { type: 'local' }, systemd: release });
  new SystemdService(host, 'plain', { service: { ExecStart: ['/usr/bin/sleep infinity'] } }); // MARK-plain
  new SystemdService(host, 'lan', {
    preset: presets.networkService({ ports: [8080] }),
    service: { ExecStart: ['/usr/bin/python3 -m http.server 8080'] },
    policy: { acknowledgements: [{ check: 'PrivateNetwork', reason: 'serves clients on the LAN', expires: '2099-12-31' }] },
  });
  new SystemdService(host, 'job', {
    preset: presets.networkService({ ports: [8081] }),
    service: { ExecStart: ['/usr/bin/true'] },
    policy: { requiredChecks: ['PrivateNetwork'] },
  });
  return { app, stackDir: path.join(outdir, 'stacks', 'bad') };
}

/** Versions of one web service: the preset as is, one preset setting dropped, and that plus a fix elsewhere. */
export type WebVariant = 'preset' | 'weaker' | 'swap';

/** An app with one stack `st`, host `h` (systemd 257) and the service `web` in the given version. */
export function webApp(outdir: string, variant: WebVariant, stackProps: SystemdStackProps = {}, release: SystemdRelease = '257'): { app: App; web: SystemdService; stackDir: string } {
  const app = new App({ outdir });
  const host = new SystemdHost(new SystemdStack(app, 'st', stackProps), 'h', { target: { type: 'local' }, systemd: release });
  const service = { ExecStart: ['/usr/bin/python3 -m http.server 8080'] };
  const weaker = { removeFromPreset: { ProtectKernelTunables: 'the service tunes /proc/sys at start' } };
  const web = new SystemdService(host, 'web', {
    preset: presets.networkService({ ports: [8080] }),
    ...(variant === 'preset' ? {} : weaker),
    service: variant === 'swap' ? { ...service, IPAddressDeny: ['any'], IPAddressAllow: ['localhost'] } : service,
  });
  return { app, web, stackDir: path.join(outdir, 'stacks', 'st') };
}

/** A check's row exposure in a report, as systemd prints it. */
export function checkExposure(report: { checks: ReadonlyArray<{ jsonField: string; exposure: number | null }> }, jsonField: string): string {
  const c = report.checks.find((x) => x.jsonField === jsonField)!;
  return ((c.exposure ?? 0) / 10).toFixed(1);
}
