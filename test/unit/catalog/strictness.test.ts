/**
 * The catalog is at least as strict as systemd, and its `since` releases are right, checked against
 * the real `systemd-analyze verify` of every available release:
 *
 * 1. Every value the typed layer accepts for a directive (from a pool of valid and hostile values)
 *    loads without a warning about that line. (Being stricter than systemd is allowed: e.g. unknown
 *    capability names, which systemd skips silently, are refused with a suggestion.)
 * 2. Every directive whose `since` is at most the release is known to it; every newer one is
 *    reported as an unknown key.
 *
 * Ignored systemd messages (about the machine, not the unit's content): missing dependency units and
 * executables that do not exist or are not executable on the oracle's file system.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SECTIONS, UNIT_KINDS, ANCIENT, releaseProblems, type SectionName, type UnitKind } from '../../../lib/unit/catalog';
import { fromDocument } from '../../../lib/unit/typed';
import { parseUnitText } from '../../../lib/unit/parse';
import { oraclesForTests, runOracleCommand, type OracleSuite } from '../../support/oracle';

/** Values tried for every directive: valid ones for many kinds, and near misses. */
const POOL = [
  'yes', 'no', 'maybe', '0', '1', '-1', '5s', '1min 30s', '5 parsecs', 'infinity', '1G', '50%', '/tmp', '-/tmp', 'tmp', '/tmp/../x',
  'CAP_SYS_ADMIN', '~CAP_SYS_ADMIN CAP_KILL', 'CAP_FOO', '@system-service', '~@privileged:EPERM', '@clock:EPERM', 'foo', 'AF_INET', 'none',
  '~AF_INET AF_BOGUS', 'net', '~net', 'any', 'localhost', '10.0.0.0/8', '1.2.3.4/40', '0022', '0999', '07777', '/bin/true', '-/bin/true',
  'bin/true', 'true', '/bin/true ; /bin/false', '@/bin/true', 'SIGTERM', 'TERM', 'SIGRTMIN+3', '99', 'daily', 'Mon *-*-* 04:00', 'every day',
  '1024:4096', 'x.target', 'network', 'A=1', '1A=2', '"A=1 2"', '/dev/null rw', '/dev/null x', 'char-rtc r', 'strict', 'full', 'private',
  'self', 'read-only', 'tmpfs', 'journal', 'append:/tmp/x', 'file:rel', 'foo bar', 'a"b', '8080', '127.0.0.1:80', '[::1]:80', '@abs',
  'vsock:2:80', 'mixed', 'control-group', 'notify', 'always', 'exec', 'main', 'native', 'x86-64', 'sparc', 'EPERM', 'EFOO', '4096',
  '1024:4096', '-20', '20', '1000', '1001', 'cpu memory', 'cpu bogus', 'org.example.Foo', 'no.dots', 'myapp', 'private', '../up',
  'ID:/path', 'ID', 'ID:a2V5', 'man:foo(8)', 'ftp://x', 'https://example.org/', 'udplite', 'default', 'both', 'ipv6-only', 'low-delay',
  '@known ~@clock', 'x.service y.service', 'x.socket', 'x.slice', '\\x2d.service', '/tmp:/mnt:rbind', '/tmp:/mnt:bogus', '50', '1.5',
  '0.5%', '200%', '0-3 5', 'eth0', 'tcp:8080', 'ipv4:tcp:443', 'ipv6:udp:5000-5100', 'ipv4:any', 'ipv6', 'tcp', 'ipv4:udp', 'tcp:0',
  '0-10', '65536', '2000-1000', 'sctp:80', 'ipv4:', 'IPV4:80', 'tcp:80 udp:81',
];

/** Messages about the machine rather than the unit's content. */
const IGNORED = [/not loaded, socket cannot be started/, /not found\.?$/, /Failed to create \S+\/start/, /is not executable/, /[Nn]o such file/];

/** Settings a directive needs beside it to be meaningful (otherwise systemd ignores it with a warning). */
const COMPANIONS: Readonly<Record<string, string>> = {
  'Service.RuntimeRandomizedExtraSec': 'RuntimeMaxSec=1h\n',
  'Service.RestartSteps': 'RestartMaxDelaySec=1h\n',
  'Service.RestartMaxDelaySec': 'RestartSteps=3\nRestartSec=0\n',
};

interface Probe {
  readonly file: string;
  readonly directive: string;
  readonly value: string;
  readonly expectUnknown: boolean;
  /** The first probe of its directive (always run; the others are sampled on slow suites). */
  readonly first: boolean;
}

/** Chroot suites are slow (about 20 ms per unit): they run every SAMPLE-th probe plus each directive's first, unless STRICTNESS_FULL is set. */
const SAMPLE = process.env.STRICTNESS_FULL ? 1 : 3;

const BASE: Readonly<Record<UnitKind, string>> = {
  service: '[Service]\nExecStart=/bin/true\n',
  socket: '[Socket]\nListenStream=/run/cdktf-systemd-probe.sock\n',
  timer: '[Timer]\nOnBootSec=5min\n',
};

function* directives(): Generator<{ kind: UnitKind; section: SectionName; key: string }> {
  for (const [kind, sections] of Object.entries(UNIT_KINDS) as [UnitKind, readonly SectionName[]][]) {
    for (const section of sections) {
      if ((section === 'Unit' || section === 'Install') && kind !== 'service') continue;
      for (const key of Object.keys(SECTIONS[section])) yield { kind, section, key };
    }
  }
}

function writeProbes(dir: string, release: number): { probes: Probe[]; untested: string[] } {
  const probes: Probe[] = [];
  const untested: string[] = [];
  let n = 0;
  for (const { kind, section, key } of directives()) {
    const directive = `${section}.${key}`;
    let accepted = 0;
    for (const value of POOL) {
      const base = (section === 'Service' && key === 'ExecStart' ? '[Service]\nType=oneshot\n' : BASE[kind]) + (COMPANIONS[`${section}.${key}`] ?? '');
      const text = `${base}[${section}]\n${key}=${value}\n`;
      const doc = parseUnitText(text).document;
      if (fromDocument(doc, { kind }).diagnostics.length > 0) continue;
      accepted++;
      const spec = SECTIONS[section][key as keyof (typeof SECTIONS)[typeof section]] as { since: number };
      const tooNew = spec.since !== ANCIENT && spec.since > release;
      if (!tooNew && releaseProblems(doc, release).length > 0) continue; // a value newer than the release
      if (tooNew && accepted > 1) continue; // one probe is enough for an unknown key
      const file = path.join(dir, `p${n++}.${kind}`);
      fs.writeFileSync(file, text);
      probes.push({ file, directive, value, expectUnknown: tooNew, first: !probes.some((q) => q.directive === directive) });
    }
    if (accepted === 0) untested.push(directive);
  }
  return { probes, untested };
}

function complaints(suite: OracleSuite, files: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < files.length; i += 400) {
    const r = runOracleCommand(suite, ['verify', '--man=no', ...files.slice(i, i + 400)]);
    for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) {
      const m = /(p\d+\.(?:service|socket|timer))(?::\d+)?: (.*)$/.exec(line);
      if (m && !IGNORED.some((re) => re.test(m[2]!))) out.set(m[1]!, [...(out.get(m[1]!) ?? []), m[2]!]);
    }
  }
  return out;
}

const suites = oraclesForTests();
const run = suites.length > 0 ? describe : describe.skip;

run('catalog strictness and releases against systemd-analyze verify', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-systemd-strict-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(suites.length > 0 ? suites : [{ suite: 'host' as OracleSuite, release: '252' as const }])('$suite (systemd $release)', ({ suite, release }) => {
    const sub = fs.mkdtempSync(path.join(dir, `${suite}-`));
    const written = writeProbes(sub, Number(release));
    const untested = written.untested;
    const probes = suite === 'host' ? written.probes : written.probes.filter((p, i) => p.first || i % SAMPLE === 0);
    const found = complaints(suite, probes.map((p) => p.file));
    const lax: string[] = [];
    const wrongSince: string[] = [];
    for (const p of probes) {
      const c = found.get(path.basename(p.file)) ?? [];
      const unknown = c.some((l) => /Unknown key/.test(l));
      if (p.expectUnknown !== unknown) wrongSince.push(`${p.directive} (${p.expectUnknown ? 'expected unknown' : 'unknown'} in ${release}): ${c.join(' | ')}`);
      else if (!p.expectUnknown && c.length > 0) lax.push(`${p.directive}=${p.value}: ${c.join(' | ')}`);
    }
    if (process.env.STRICTNESS_REPORT) fs.writeFileSync(`${process.env.STRICTNESS_REPORT}.${suite}`, [...lax, ...wrongSince].join('\n'));
    expect(lax).toEqual([]);
    expect(wrongSince).toEqual([]);
    expect(written.probes.length).toBeGreaterThan(1500);
    // Directives the pool has no valid value for are covered elsewhere (codec tests); keep the list short.
    expect(untested.length).toBeLessThan(40);
  });
});
