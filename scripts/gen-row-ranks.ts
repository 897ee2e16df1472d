/**
 * Generates lib/exposure/row-ranks/ from the real systemd-analyze of each release
 * (`../shared/tools/systemd-oracle.sh`): which of systemd's description texts each row variant shows
 * (row-variant.ts) and where that text sorts among all of the release's texts. Only the ranks are
 * written, not the texts: `base.ts`, the ranks most releases share, and `v<NNN>.ts`, how each
 * release differs from it (row-ranks/rank-diff.ts puts them back together). A release whose oracle is
 * not available here keeps its committed ranks.
 *
 * It scores a corpus with both sides — test/exposure/cases, the machine's unit files, and crafted
 * units that reach every outcome of every check (plus two policies that exclude every check once) —
 * and takes each row's text from the oracle's `--json=short` output. It fails when a variant maps to
 * texts that are not next to each other in byte order (the variant would then be too coarse), when a
 * variant expected for a check is never seen, or when a row without text is not a `partial` one.
 *
 * Usage: npx tsx scripts/gen-row-ranks.ts [--check]   (--check compares with the files instead of writing)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadUnitArgument, searchPathOf } from '../lib/cli/unit-argument';
import { assessUnit, BUILTIN_POLICY, parseSecurityPolicy, type SecurityPolicy, type SystemdRelease } from '../lib/exposure';
import { SUPPORTED_RELEASES } from '../lib/exposure/release';
import { RELEASE_DATA } from '../lib/exposure/releases';
import { ROW_RANKS } from '../lib/exposure/row-ranks';
import type { RowRankDiff, RowRanks } from '../lib/exposure/row-ranks/rank-diff';
import { splitRowRanks } from '../lib/exposure/row-ranks/split-ranks';
import { rowVariant } from '../lib/exposure/row-variant';
import { buildSecurityRecord, type Scope } from '../lib/exposure/security-record';
import { splitUnitName } from '../lib/unit/unit-name';
import { availableOracles, oracleVersion, runOracle, type OracleSuite } from '../test/support/oracle';

const ROOT = path.resolve(__dirname, '..');
const RANKS_DIR = path.join(ROOT, 'lib/exposure/row-ranks');
const CASES = path.join(ROOT, 'test/exposure/cases');
const UNIT_FILE = /\.(service|socket|mount|swap|timer|target|path|slice|automount|scope)$/;

/** Units that reach every outcome of every check (the cases cover most; these make sure). */
const CRAFTED: Record<string, string> = {
  'c-plain.service': '',
  'c-hardened.service': [
    'DynamicUser=yes', 'PrivateDevices=yes', 'PrivateNetwork=yes', 'PrivateTmp=yes', 'PrivateUsers=yes', 'PrivateMounts=yes',
    'ProtectControlGroups=yes', 'ProtectKernelModules=yes', 'ProtectKernelTunables=yes', 'ProtectKernelLogs=yes', 'ProtectClock=yes',
    'ProtectHostname=yes', 'ProtectHome=yes', 'ProtectSystem=strict', 'ProtectProc=invisible', 'ProcSubset=pid', 'NoNewPrivileges=yes',
    'RestrictSUIDSGID=yes', 'RestrictRealtime=yes', 'LockPersonality=yes', 'MemoryDenyWriteExecute=yes', 'RestrictNamespaces=yes',
    'RestrictAddressFamilies=AF_UNIX', 'CapabilityBoundingSet=', 'AmbientCapabilities=', 'SystemCallArchitectures=native',
    'SystemCallFilter=read write', 'IPAddressDeny=any', 'UMask=0077', 'KeyringMode=private', 'RootDirectory=/srv', 'DevicePolicy=closed',
    'Delegate=no', 'NotifyAccess=main', 'RemoveIPC=yes', 'SupplementaryGroups=', 'RestrictFileSystems=ext4', 'SocketBindDeny=any',
    'RestrictNetworkInterfaces=lo', 'LockPersonality=yes',
  ].join('\n'),
  'c-user-nobody.service': 'User=nobody',
  'c-user-static.service': 'User=foo\nRemoveIPC=no\nSupplementaryGroups=adm',
  'c-user-dynamic.service': 'DynamicUser=yes\nRemoveIPC=yes',
  'c-home-ro.service': 'ProtectHome=read-only\nProtectSystem=yes\nUMask=0002\nSystemCallArchitectures=native x86',
  'c-home-tmpfs.service': 'ProtectHome=tmpfs\nProtectSystem=full\nUMask=0006\nDevicePolicy=closed\nDeviceAllow=/dev/null rw',
  'c-umask-1.service': 'UMask=0026\nProtectProc=noaccess\nNotifyAccess=all\nAmbientCapabilities=CAP_CHOWN',
  'c-umask-10.service': 'UMask=0000\nDevicePolicy=strict',
  'c-sc-allow-bad.service': 'SystemCallFilter=@clock @cpu-emulation @debug @module @mount @obsolete @privileged @raw-io @reboot @resources @swap',
  'c-sc-deny-good.service': 'SystemCallFilter=~@clock @cpu-emulation @debug @module @mount @obsolete @privileged @raw-io @reboot @resources @swap',
  'c-sc-deny-bad.service': 'SystemCallFilter=~read',
  'c-sc-mixed.service': 'SystemCallFilter=~@clock @debug @swap',
  'c-ip-localhost.service': 'IPAddressDeny=any\nIPAddressAllow=localhost',
  'c-ip-other.service': 'IPAddressDeny=any\nIPAddressAllow=10.0.0.1',
  'c-ip-bpf.service': 'IPIngressFilterPath=/sys/fs/bpf/x',
  'c-nodd.service': '[Unit]\nDefaultDependencies=no',
  'c-families.service': 'RestrictAddressFamilies=AF_INET AF_INET6',
  'c-families-none.service': 'RestrictAddressFamilies=none',
};

function craft(dir: string): string[] {
  return Object.entries(CRAFTED).map(([name, body]) => {
    const file = path.join(dir, name);
    const unit = body.startsWith('[Unit]') ? `${body}\n[Service]\nExecStart=/bin/true\n` : `[Service]\nExecStart=/bin/true\n${body}\n`;
    fs.writeFileSync(file, unit);
    return file;
  });
}

function filesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => UNIT_FILE.test(f) && fs.statSync(path.join(dir, f), { throwIfNoEntry: false })?.isFile() === true)
    .map((f) => path.join(dir, f))
    .sort();
}

/** Two policies that together exclude every check (weight 0), each leaving half of them. */
function halfPolicies(dir: string, release: SystemdRelease): string[] {
  return [0, 1].map((half) => {
    const p = path.join(dir, `half-${release}-${half}.json`);
    const checks = RELEASE_DATA[release].checks.filter((_, i) => i % 2 === half);
    fs.writeFileSync(p, JSON.stringify(Object.fromEntries(checks.map((c) => [c.jsonField, { weight: 0 }]))));
    return p;
  });
}

/** The variants every check must show somewhere in the corpus. */
function expectedVariants(release: SystemdRelease): string[] {
  const own: Record<string, string[]> = {
    user: ['b0', 'b9', 'bad'],
    protect_home: ['b0', 'b1', 'b5', 'b10'],
    protect_system: ['b0', 'b3', 'b5', 'b10'],
    umask: ['b0', 'b1', 'b2', 'b5', 'b10'],
    system_call_architectures: ['b0', 'b8', 'b10'],
    device_allow: ['b0', 'b5', 'b10'],
    ip_address_allow: ['b0', 'b0-bpf', 'b2', 'b5', 'b10'],
    system_call_filter: ['none', 'allow-b0', 'allow-b9', 'deny-b0', 'deny-b10'],
    supplementary_groups: ['good', 'bad', 'na'],
    remove_ipc: ['good', 'bad', 'na'],
  };
  return RELEASE_DATA[release].checks.flatMap((c) => {
    const list = [...(own[c.rule.kind] ?? ['good', 'bad']), 'na-policy', ...(c.defaultDependenciesOnly ? ['na-dd'] : [])];
    return list.map((v) => `${c.jsonField} ${v}`);
  });
}

const byteCompare = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

interface Run {
  files: string[];
  scope: Scope;
  policyFile?: string;
}

/**
 * Variant key → the texts the oracle showed for it. Units whose score differs from the oracle's are
 * left out and listed in `skipped`.
 */
function collect(suite: OracleSuite, release: SystemdRelease, runs: Run[], skipped: string[]): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  for (const run of runs) {
    const policy: SecurityPolicy = run.policyFile ? parseSecurityPolicy(fs.readFileSync(run.policyFile, 'utf8'), release) : BUILTIN_POLICY;
    const oracle = runOracle(suite, run.files, { user: run.scope === 'user', ...(run.policyFile ? { policy: run.policyFile } : {}) });
    const searchPath = searchPathOf(run.files);
    oracle.forEach((o, i) => {
      if ('error' in o) return;
      const arg = loadUnitArgument(run.files[i]!, searchPath);
      if (!arg.ok) throw new Error(`${run.files[i]}: the oracle scored it but we cannot load it: ${arg.details.join('; ')} ${arg.systemd ?? ''}`);
      const report = assessUnit({ name: arg.unitName, document: arg.loaded.document, file: arg.fragment }, { release, scope: run.scope, policy });
      const record = buildSecurityRecord({ unit: report.unit, parsedName: splitUnitName(report.unit), document: arg.loaded.document, data: RELEASE_DATA[release], scope: run.scope, fragmentPath: arg.fragment });
      const theirs = new Map(o.checks.map((c) => [c.jsonField, c]));
      // A unit the scorer does not match yet (a known mismatch case) tells nothing about the texts.
      if (report.checks.some((row) => theirs.get(row.jsonField)?.badness !== row.badness)) {
        skipped.push(run.files[i]!);
        return;
      }
      report.checks.forEach((row, k) => {
        const check = RELEASE_DATA[release].checks[k]!;
        const variant = rowVariant(check, row.badness, row.weight, record, RELEASE_DATA[release]);
        const text = theirs.get(check.jsonField)!.description;
        if ((text === null) !== (variant === 'partial')) throw new Error(`${run.files[i]}: ${check.jsonField} ${variant} but the oracle's text is ${JSON.stringify(text)}`);
        if (text === null) return;
        // A policy's own texts are not systemd's: skip rows whose generic text it replaced.
        const o2 = policy.overrides[check.jsonField];
        if (o2 && ((variant === 'good' && o2.descriptionGood !== undefined) || (variant === 'bad' && o2.descriptionBad !== undefined) || (variant === 'na' && o2.descriptionNa !== undefined))) return;
        const key = `${check.jsonField} ${variant}`;
        if (!seen.has(key)) seen.set(key, new Set());
        seen.get(key)!.add(text);
      });
    });
  }
  return seen;
}

/** Ranks of the variants: the place of their text in byte order; fails when a variant is too coarse. */
function rank(seen: Map<string, Set<string>>): Record<string, number> {
  const texts = [...new Set([...seen.values()].flatMap((s) => [...s]))].sort(byteCompare);
  const place = new Map(texts.map((t, i) => [t, i + 1]));
  const owner = new Map<string, string>();
  for (const [key, set] of seen) for (const t of set) owner.set(t, owner.has(t) && owner.get(t) !== key ? '(shared)' : key);
  const out: Record<string, number> = {};
  for (const [key, set] of [...seen].sort(([a], [b]) => byteCompare(a, b))) {
    const places = [...set].map((t) => place.get(t)!).sort((a, b) => a - b);
    const lo = places[0]!;
    const hi = places[places.length - 1]!;
    if (set.size > 1) {
      // Several texts (a text with a value in it, or outcomes told apart by systemd only): they must
      // be neighbours, and only this variant's, for one rank to stand for all of them.
      for (let p = lo; p <= hi; p++) {
        if (owner.get(texts[p - 1]!) !== key) throw new Error(`variant ${key} is too coarse: another row's text sorts between its texts: ${JSON.stringify([...set])} vs ${JSON.stringify(texts[p - 1])} of ${owner.get(texts[p - 1]!)}`);
      }
    }
    out[key] = lo;
  }
  return out;
}

const HEADER = '// Generated by scripts/gen-row-ranks.ts from the real systemd-analyze — do not edit.\n';

/** One release's ranks and the oracle they were taken from. */
export interface MeasuredRanks {
  readonly release: SystemdRelease;
  readonly oracle: string;
  readonly ranks: RowRanks;
}

/** The text of every generated file (`base.ts`, `v<NNN>.ts`) by file name; `releases` oldest first. */
export function renderRankFiles(releases: readonly MeasuredRanks[]): Map<string, string> {
  const { base, diffs } = splitRowRanks(releases);
  const body = Object.entries(base)
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${v},`)
    .join('\n');
  const files = new Map<string, string>();
  files.set(
    'base.ts',
    HEADER +
      `import type { RowRanks } from './rank-diff';\n\n` +
      `/** Row ranks most releases share (ties: the newest's): "<json_field> <variant>" → place of its description in byte order. */\n` +
      `export const ROW_RANKS_BASE: RowRanks = {\n${body}\n};\n`,
  );
  diffs.forEach((diff, i) => {
    const { release } = releases[i]!;
    files.set(
      `v${release}.ts`,
      HEADER +
        `import type { RowRankDiff } from './rank-diff';\n\n` +
        `/** How the row ranks of systemd ${release} (${diff.oracle}) differ from base.ts. */\n` +
        `export const ROW_RANKS_${release}_DIFF: RowRankDiff = ${JSON.stringify(diff, null, 2)};\n`,
    );
  });
  return files;
}

/** The oracle version a committed difference file names, or undefined when there is none. */
function committedOracle(release: SystemdRelease): string | undefined {
  const file = path.join(RANKS_DIR, `v${release}.ts`);
  if (!fs.existsSync(file)) return undefined;
  return (require(file) as Record<string, RowRankDiff | undefined>)[`ROW_RANKS_${release}_DIFF`]?.oracle;
}

/** Ranks of one release measured with `suite`; fails when a variant is missing or too coarse. */
function measure(suite: OracleSuite, release: SystemdRelease, scratch: string, corpus: { crafted: string[]; system: string[]; dropInDirs: string[]; user: string[] }): Record<string, number> {
  const [p0, p1] = halfPolicies(scratch, release);
  const probe = [...corpus.crafted, ...filesIn(CASES).filter((f) => /t26-defdeps|t21-hardened/.test(f))];
  const skipped: string[] = [];
  const seen = collect(suite, release, [
    { files: corpus.system, scope: 'system' },
    { files: corpus.dropInDirs, scope: 'system' },
    { files: corpus.user, scope: 'user' },
    { files: probe, scope: 'system', policyFile: p0! },
    { files: probe, scope: 'system', policyFile: p1! },
  ], skipped);
  if (skipped.length > 0) console.log(`systemd ${release}: ${skipped.length} units left out (their score differs from the oracle's): ${skipped.map((f) => path.basename(f)).join(', ')}`);
  const missing = expectedVariants(release).filter((k) => !seen.has(k));
  if (missing.length > 0) throw new Error(`systemd ${release}: variants never seen: ${missing.join(', ')}`);
  return rank(seen);
}

function main(): void {
  const check = process.argv.includes('--check');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'row-ranks-'));
  let failed = false;
  try {
    const crafted = craft(scratch);
    const corpus = {
      crafted,
      system: [...filesIn(CASES), ...filesIn('/usr/lib/systemd/system'), ...crafted],
      // Type-wide and dash-prefix drop-in folders would reach every file of a batch: score these alone.
      dropInDirs: filesIn(path.join(CASES, 'dropin-dirs')),
      user: [...filesIn(path.join(CASES, 'user')), ...filesIn('/usr/lib/systemd/user'), ...crafted],
    };
    const measured = new Map<SystemdRelease, MeasuredRanks>();
    for (const { suite, release } of availableOracles()) {
      if (measured.has(release)) {
        console.log(`systemd ${release}: already measured with another oracle, ${suite} not used`);
        continue;
      }
      const ranks = measure(suite, release, scratch, corpus);
      measured.set(release, { release, oracle: oracleVersion(suite), ranks });
      if (check) {
        const same = JSON.stringify(ranks) === JSON.stringify(ROW_RANKS[release]);
        console.log(`systemd ${release}: ${same ? 'up to date' : 'DIFFERS'} (${Object.keys(ranks).length} variants)`);
        failed ||= !same;
      }
    }
    // Releases without an oracle here keep their committed ranks, so the base stays that of all releases.
    const releases = SUPPORTED_RELEASES.map((release): MeasuredRanks => {
      const fresh = measured.get(release);
      if (fresh) return fresh;
      const oracle = committedOracle(release);
      if (oracle === undefined) throw new Error(`systemd ${release}: no oracle available and no committed ranks`);
      console.log(`systemd ${release}: no oracle here, keeping the committed ranks (${oracle})`);
      return { release, oracle, ranks: ROW_RANKS[release] };
    });
    for (const [name, text] of renderRankFiles(releases)) {
      const target = path.join(RANKS_DIR, name);
      if (check) {
        const same = fs.existsSync(target) && fs.readFileSync(target, 'utf8') === text;
        if (!same) console.log(`${path.relative(ROOT, target)}: DIFFERS from what the ranks above make of it`);
        failed ||= !same;
      } else {
        fs.writeFileSync(target, text);
        console.log(`wrote ${path.relative(ROOT, target)} (${Buffer.byteLength(text)} bytes)`);
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

if (require.main === module) main();
