/**
 * elfNeeded() lists what binutils' `readelf -d` lists as "Shared library: [...]" for real ELF files of
 * this machine and of the oracle roots (systemd-analyze of each release, its libraries, node), and
 * never throws on damaged input: a truncated or bit-flipped ELF file gives a list or undefined.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { elfNeeded } from '../../lib/cli/elf-needed';

const ORACLE_DIR = process.env.SYSTEMD_ORACLE_DIR ?? '/var/tmp/systemd-oracle';
const haveReadelf = spawnSync('readelf', ['--version']).status === 0;

/** Real ELF files to compare: the host's tools and libraries, and each oracle root's systemd-analyze. */
function elfFiles(): string[] {
  const candidates = [
    '/usr/bin/systemd-analyze', '/usr/bin/systemctl', '/bin/ls', '/bin/sh', process.execPath,
    ...['trixie', 'sid'].map((suite) => path.join(ORACLE_DIR, suite, 'usr/bin/systemd-analyze')),
  ];
  for (const dir of ['/usr/lib/x86_64-linux-gnu/systemd', '/usr/lib/systemd', '/lib/x86_64-linux-gnu']) {
    if (!fs.existsSync(dir)) continue;
    candidates.push(...fs.readdirSync(dir).filter((f) => /^lib(systemd-shared-|c\.so\.|seccomp)/.test(f)).map((f) => path.join(dir, f)));
  }
  return [...new Set(candidates.filter((f) => fs.existsSync(f)).map((f) => fs.realpathSync(f)))];
}

/** `readelf -d`'s NEEDED names, in its order. */
function readelfNeeded(file: string): string[] {
  const r = spawnSync('readelf', ['-d', '-W', file], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return [...r.stdout.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]*)\]/g)].map((m) => m[1]!);
}

(haveReadelf ? describe : describe.skip)('against readelf -d', () => {
  const files = elfFiles();

  test('the set of files covers systemd-analyze and its shared library', () => {
    expect(files.some((f) => f.endsWith('/systemd-analyze'))).toBe(true);
    expect(files.some((f) => /libsystemd-shared-/.test(f))).toBe(true);
  });

  test.each(files.map((f) => [f]))('%s', (file) => {
    const ours = elfNeeded(fs.readFileSync(file));
    expect(ours).toEqual(readelfNeeded(file));
  });
});

test('not ELF: a script, an empty file, text', () => {
  expect(elfNeeded(Buffer.from('#!/bin/sh\necho systemd 252\n'))).toBeUndefined();
  expect(elfNeeded(Buffer.alloc(0))).toBeUndefined();
  expect(elfNeeded(Buffer.from('\x7fELF'))).toBeUndefined();
  expect(elfNeeded(Buffer.alloc(4096, 'libsystemd-shared-252.so\0'))).toBeUndefined();
});

test('damaged ELF files never throw: truncated, or with bytes of the headers changed', () => {
  const real = fs.readFileSync(fs.realpathSync('/usr/bin/systemd-analyze'));
  const whole = elfNeeded(real);
  expect(whole).toContain(readelfNeeded('/usr/bin/systemd-analyze')[0]);
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: real.length }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 4095 }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      (length, changes) => {
        const bytes = Buffer.from(real.subarray(0, length));
        for (const [at, value] of changes) if (at < bytes.length) bytes[at] = value;
        const names = elfNeeded(bytes);
        expect(names === undefined || Array.isArray(names)).toBe(true);
      },
    ),
    { numRuns: 2000 },
  );
});
