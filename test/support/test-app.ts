/**
 * `Testing.app()` without its litter: cdktf's own makes a fresh `cdktf.outdir.*` folder in the system's
 * temporary folder on every call and never removes it (over a thousand per test run). These apps write
 * under one folder per test file instead, removed when the file's tests end.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing, type App } from '../../lib/constructs';

let scratch: string | undefined;

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** An app like `Testing.app(options)` whose output folder is removed after this test file. */
export function testApp(options: Parameters<typeof Testing.app>[0] = {}): App {
  scratch ??= fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-systemd-test-'));
  return Testing.app({ outdir: fs.mkdtempSync(path.join(scratch, 'app-')), ...options });
}
