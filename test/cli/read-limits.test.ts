/**
 * systemd's reading rules at their edges, `score` against each oracle: lines of LONG_LINE_MAX − 1 and
 * LONG_LINE_MAX bytes (setting or comment, \n or \r\n, last line without newline), continued lines
 * whose pieces add up to LONG_LINE_MAX and one more, comments inside continued lines, invalid UTF-8
 * in a continued line, a UTF-8 byte order mark, and drop-ins that fail part-way (an invalid section
 * header, invalid UTF-8, an overlong line): systemd then applies the drop-in up to that line.
 * Text compared with descriptions blanked, and the exit status.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../lib/cli/main';
import { LONG_LINE_MAX } from '../../lib/unit/parse';
import { describeEachOracle, runOracleCommand, type OracleSuite } from '../support/oracle';
import { blankTextDescriptions } from './systemd-output';

const ENV = { LANG: 'C.UTF-8', TERM: 'dumb', SYSTEMD_EMOJI: '0' };
const HEAD = '[Service]\nExecStart=/bin/true\n';
const x = (n: number): string => 'x'.repeat(n);

/** A line of exactly `n` bytes (without its end of line). */
const setting = (n: number): string => `X-A=${x(n - 4)}`;
const comment = (n: number): string => `#${x(n - 1)}`;

/** A continued line of two pieces adding up to `total` bytes (the first ends in its `\`). */
function continued(total: number): string {
  const first = Math.floor(total / 2);
  return `Environment=A=${x(first - 15)}\\\n${x(total - first - 3)}B=1`;
}

/** Each unit, and whether systemd refuses it (checked too: the edges must be on both sides). */
const UNITS: Array<[string, string | Buffer, boolean]> = [
  ['line of LONG_LINE_MAX - 1 bytes', `${HEAD}${setting(LONG_LINE_MAX - 1)}\nPrivateNetwork=yes\n`, false],
  ['line of LONG_LINE_MAX bytes', `${HEAD}${setting(LONG_LINE_MAX)}\nPrivateNetwork=yes\n`, true],
  ['comment of LONG_LINE_MAX - 1 bytes', `${HEAD}${comment(LONG_LINE_MAX - 1)}\nPrivateNetwork=yes\n`, false],
  ['comment of LONG_LINE_MAX bytes', `${HEAD}${comment(LONG_LINE_MAX)}\nPrivateNetwork=yes\n`, true],
  ['CRLF, line of LONG_LINE_MAX - 1 bytes', `${HEAD}${setting(LONG_LINE_MAX - 1)}\r\nPrivateNetwork=yes\r\n`, false],
  ['CRLF, line of LONG_LINE_MAX bytes', `${HEAD}${setting(LONG_LINE_MAX)}\r\nPrivateNetwork=yes\r\n`, true],
  ['last line of LONG_LINE_MAX - 1 bytes, no newline', `${HEAD}PrivateNetwork=yes\n${setting(LONG_LINE_MAX - 1)}`, false],
  ['last line of LONG_LINE_MAX bytes, no newline', `${HEAD}PrivateNetwork=yes\n${setting(LONG_LINE_MAX)}`, true],
  ['continued line of LONG_LINE_MAX bytes', `${HEAD}${continued(LONG_LINE_MAX)}\nPrivateNetwork=yes\n`, false],
  ['continued line of LONG_LINE_MAX + 1 bytes', `${HEAD}${continued(LONG_LINE_MAX + 1)}\nPrivateNetwork=yes\n`, true],
  ['comments inside a continued line do not count', `${HEAD}Environment=A=${x(LONG_LINE_MAX / 2)}\\\n${comment(LONG_LINE_MAX / 2)}\n${x(LONG_LINE_MAX / 2 - 100)}\nPrivateNetwork=yes\n`, false],
  ['invalid UTF-8 in a continued line', Buffer.from(`${HEAD}PrivateNetwork=yes\nEnvironment=A=1 \\\n B=\xff\n`, 'latin1'), true],
  ['invalid UTF-8 in a comment inside a continued line', Buffer.from(`${HEAD}Environment=A=1 \\\n# caf\xe9 \\\n B=2\nPrivateNetwork=yes\n`, 'latin1'), false],
  ['a byte order mark', `\ufeff${HEAD}PrivateNetwork=yes\n`, false],
  ['a continued last line without newline', `${HEAD}PrivateNetwork=yes\nEnvironment=A=1 \\`, false],
  ['blank lines, comments and a continued line ending at a blank line', `\n\n# c\n${HEAD}\n  \nEnvironment=A=1 \\\n\nPrivateNetwork=yes\n; c\n`, false],
];

const DROP_INS: Array<[string, string | Buffer]> = [
  ['an invalid section header', '[Service]\nPrivateNetwork=yes\n[Service\nProtectSystem=strict\n'],
  ['invalid UTF-8', Buffer.from('[Service]\nPrivateNetwork=yes\nUser=\xff\nProtectSystem=strict\n', 'latin1')],
  ['a line of LONG_LINE_MAX bytes', `[Service]\nPrivateNetwork=yes\n${setting(LONG_LINE_MAX)}\nProtectSystem=strict\n`],
  ['a continued line too long', `[Service]\nPrivateNetwork=yes\n${continued(LONG_LINE_MAX + 2)}\nProtectSystem=strict\n`],
  ['a failing line inside a continued line', Buffer.from('[Service]\nPrivateNetwork=yes\nProtectHome=yes \\\n\xff\nProtectSystem=strict\n', 'latin1')],
];

async function ours(args: string[]): Promise<{ stdout: string; code: number }> {
  let stdout = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const saved = { ...process.env };
  Object.assign(process.env, ENV);
  try {
    return { code: await main(['node', 'cdktf-systemd', ...args]), stdout };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.env = saved;
  }
}

describeEachOracle('reading limits vs oracle $suite (systemd $release)', ({ suite, release }) => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-limits-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Compares both sides; returns whether the oracle refused the unit. */
  const same = async (file: string): Promise<boolean> => {
    const a = await ours(['score', '--systemd', release, file]);
    const b = runOracleCommand(suite as OracleSuite, ['security', '--offline=true', file], ENV);
    expect(blankTextDescriptions(a.stdout)).toEqual(blankTextDescriptions(b.stdout));
    expect(a.code).toBe(b.status);
    return b.stdout === '';
  };

  test.each(UNITS.map(([n, t, refused], i) => [n, t, refused, i] as const))('%s', async (_, text, refused, i) => {
    const sub = path.join(dir, `u${i}`);
    fs.mkdirSync(sub);
    const f = path.join(sub, `u${i}.service`);
    fs.writeFileSync(f, text);
    expect(await same(f)).toBe(refused);
  });

  test.each(DROP_INS.map(([n, t], i) => [n, t, i] as const))('a drop-in with %s applies up to that line', async (_, text, i) => {
    const sub = path.join(dir, `d${i}`);
    fs.mkdirSync(sub);
    const f = path.join(sub, `d${i}.service`);
    fs.writeFileSync(f, HEAD);
    fs.mkdirSync(`${f}.d`);
    fs.writeFileSync(path.join(`${f}.d`, '50-x.conf'), text);
    fs.writeFileSync(path.join(`${f}.d`, '60-y.conf'), '[Service]\nPrivateTmp=yes\n');
    await same(f);
  });
});
