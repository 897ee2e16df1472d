/**
 * `score … | head`: when the reader goes away, `score` stops quietly with the status a shell reports
 * for a process killed by SIGPIPE (128 + 13), as systemd-analyze does — no stack trace, no message.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { builtCli } from './built-cli';

/** Runs the CLI, closes its stdout after the first chunk; resolves to its status and stderr. */
function runAndHangUp(args: readonly string[]): Promise<{ status: number | null; stderr: string; chunks: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtCli(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let chunks = 0;
    child.stdout.on('data', () => {
      chunks++;
      child.stdout.destroy();
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr, chunks }));
  });
}

describe('score with a reader that hangs up', () => {
  beforeAll(() => builtCli(), 120_000);

  test.each([['text', []], ['--json=short', ['--json=short']]] as const)('%s: exit 141, nothing on stderr', async (_, mode) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broken-pipe-'));
    try {
      // enough output that writes go on after the reader has gone (a pipe holds 64 KiB)
      const files = Array.from({ length: 400 }, (_, i) => {
        const file = path.join(dir, `u${i}.service`);
        fs.writeFileSync(file, `[Service]\nExecStart=/bin/true ${i}\n`);
        return file;
      });
      const r = await runAndHangUp(['score', '--systemd', '257', ...mode, ...files]);
      expect(r.chunks).toBeGreaterThan(0);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(141);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
