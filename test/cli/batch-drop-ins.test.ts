/**
 * A batch of units from one folder: `score` lists the folder once (lib/unit/folder-entries.ts) rather
 * than asking for each candidate drop-in folder, and must still apply exactly the drop-ins the host's
 * real `systemd-analyze security --offline=true` applies to the same batch — a unit's own `NAME.d/`,
 * the dash-prefix folders, the type-wide `service.d/` and a template's `PREFIX@.service.d/`, asked
 * both before and after the listing is taken — and skip the same non-folders: a drop-in folder that is
 * a symlink to a folder elsewhere, a dangling symlink, and a regular file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isSystemdRelease } from '../../lib/exposure/release';
import { oracleRelease, runOracleCommand } from '../support/oracle';
import { builtCli, runCli } from './built-cli';
import { blankTextDescriptions } from './systemd-output';

const ENV = { LANG: 'C.UTF-8', TERM: 'dumb', SYSTEMD_EMOJI: '0' };
const UNITS = 40;

const host = oracleRelease('host');
if ((host === undefined || !isSystemdRelease(host)) && process.env.CI) throw new Error('the host has no systemd-analyze of a release we reproduce');
const describeHost = host !== undefined && isSystemdRelease(host) ? describe : describe.skip;

function write(file: string, lines: string[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

describeHost(`a batch's drop-ins vs the host's systemd-analyze ${host ?? ''}`, () => {
  let base: string;
  let dir: string;
  let files: string[];

  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  beforeAll(() => {
    builtCli();
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-drop-ins-'));
    dir = path.join(base, 'units');
    files = [];
    for (let i = 0; i < UNITS; i++) {
      const file = path.join(dir, `web-api-${i}.service`);
      write(file, ['[Service]', `ExecStart=/usr/bin/sleep ${i}`]);
      files.push(file);
    }
    for (const name of ['tmpl@a.service', 'tmpl@b.service', 'other.service']) {
      const file = path.join(dir, name);
      write(file, ['[Service]', 'ExecStart=/usr/bin/true']);
      files.push(file);
    }
    // Asked before the listing (unit 2) and after it (units 30…: a folder of one 4 KiB block is listed
    // after 32 questions, three or four per unit).
    write(path.join(dir, 'web-api-2.service.d/10.conf'), ['[Service]', 'ProtectSystem=strict']);
    write(path.join(dir, 'web-api-30.service.d/10.conf'), ['[Service]', 'ProtectSystem=strict', 'PrivateDevices=yes']);
    write(path.join(dir, 'web-api-31.service.d/10.conf'), ['[Service]', 'User=nobody']);
    write(path.join(dir, 'web-api-31.service.d/not-a-drop-in.txt'), ['[Service]', 'PrivateNetwork=yes']);
    write(path.join(dir, 'web-.service.d/20.conf'), ['[Service]', 'PrivateTmp=yes']);
    write(path.join(dir, 'web-api-.service.d/20.conf'), ['[Service]', 'ProtectHome=yes']);
    write(path.join(dir, 'service.d/30.conf'), ['[Service]', 'NoNewPrivileges=yes']);
    write(path.join(dir, 'tmpl@.service.d/40.conf'), ['[Service]', 'ProtectKernelTunables=yes']);
    write(path.join(base, 'elsewhere/50.conf'), ['[Service]', 'RestrictRealtime=yes']);
    fs.symlinkSync(path.join(base, 'elsewhere'), path.join(dir, 'web-api-33.service.d'));
    fs.symlinkSync(path.join(base, 'missing'), path.join(dir, 'web-api-34.service.d'));
    write(path.join(dir, 'web-api-35.service.d'), ['[Service]', 'PrivateUsers=yes']);
  }, 120_000);

  test('the same text, exposures and exit status as the real tool, for every unit of the batch', async () => {
    const ours = await runCli(['score', ...files], { env: ENV, timeoutMs: 120_000 });
    const theirs = runOracleCommand('host', ['security', '--offline=true', ...files], ENV);
    expect(ours.signal).toBeNull();
    expect(ours.status).toBe(theirs.status);
    expect(blankTextDescriptions(ours.stdout)).toEqual(blankTextDescriptions(theirs.stdout));
    // The drop-ins did apply: the units of the batch are not all scored alike.
    const levels = new Set(ours.stdout.match(/Overall exposure level for web-api-(2|30|31|33|34|35|5)\.service: \S+/g));
    expect(levels.size).toBe(7);
    expect(new Set([...levels].map((l) => l.split(': ')[1])).size).toBeGreaterThan(3);
  }, 300_000);
});
