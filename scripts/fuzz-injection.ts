/**
 * The injection fuzz judged by the real systemd (test/unit/typed/systemd-judge.ts, systemd-readback.ts):
 * hostile strings for every string-valued directive must be refused by the typed layer with a
 * DirectiveValueError, or be rendered into a unit that the real systemd of every release loads without
 * any message ("ignoring", "Failed to parse", "Unknown key", a refused unit), and — on a sample, in a
 * booted systemd — reads back as exactly that value.
 *
 *   npx tsx scripts/fuzz-injection.ts [--count N=100000] [--seed S] [--readback M=2000] [--suites host,trixie,sid]
 *                                     [--show K=5]
 *
 * Prints per release: values, refused by us (top reasons), accepted, systemd ignored / refused / other
 * messages / read back differently (each must be 0), and the time. Exit 1 when any is not 0.
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkInjection, hostileString, stringFields, type StringField } from '../test/unit/typed/injection-property';
import { admit, verifyCases, type JudgedCase, type Verdict } from '../test/unit/typed/systemd-judge';
import { readBackCases, type ReadBackResult } from '../test/unit/typed/systemd-readback';
import type { OracleSuite } from '../test/support/oracle';
import type { SandboxSuite } from '../test/support/sandbox';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : dflt;
};
const count = Number(opt('count', '100000'));
const seed = Number(opt('seed', String(Date.now() % 2 ** 31)));
const readBackCount = Number(opt('readback', '2000'));
const show = Number(opt('show', '5'));
const suites = opt('suites', 'host,trixie,sid').split(',') as OracleSuite[];
const dump = opt('dump', '');
const short = (v: string): string => (v.length > 60 ? JSON.stringify(v.slice(0, 60)) + `…(${v.length})` : JSON.stringify(v));
const RELEASE: Record<OracleSuite, number> = { host: 252, trixie: 257, sid: 262 };
const SANDBOX: Record<OracleSuite, SandboxSuite> = { host: 'bookworm', trixie: 'trixie', sid: 'sid' };

const runStarted = process.hrtime.bigint();
const fields = stringFields();
const samples: Array<[StringField, string]> = fc.sample(fc.tuple(fc.constantFrom(...fields), hostileString), { numRuns: count, seed });
console.log(`injection fuzz judged by systemd: ${count} values over ${fields.length} string-valued directives (seed ${seed})`);

// Our own parser first: consistency of renderer and parser (cheap, every value).
for (const [field, value] of samples) checkInjection(field, value);

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-injection-'));
let failures = 0;
for (const suite of suites) {
  const release = RELEASE[suite];
  const started = process.hrtime.bigint();
  const accepted: JudgedCase[] = [];
  const reasons = new Map<string, number>();
  samples.forEach(([field, value], id) => {
    const a = admit(field, value, id, release);
    if ('accepted' in a) accepted.push(a.accepted);
    else reasons.set(a.refused, (reasons.get(a.refused) ?? 0) + 1);
  });
  const verdicts = verifyCases(suite, accepted, workDir);
  const verifySeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const bad = (k: 'ignored' | 'refused' | 'other'): Verdict[] => verdicts.filter((v) => v[k].length > 0);
  const clean = verdicts.filter((v) => v.ignored.length + v.refused.length + v.other.length === 0).map((v) => v.case);
  const rbStarted = process.hrtime.bigint();
  const sample = clean.filter((_, i) => i % Math.max(1, Math.floor(clean.length / readBackCount)) === 0).slice(0, readBackCount);
  const rb: ReadBackResult = readBackCases(SANDBOX[suite], sample);
  const rbSeconds = Number(process.hrtime.bigint() - rbStarted) / 1e9;
  const refusedByUs = count - accepted.length;
  console.log(`\nsystemd ${release} (${suite}):`);
  console.log(`  values ${count}; refused by the typed layer ${refusedByUs}; accepted ${accepted.length}`);
  for (const [why, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`    ${n}\t${why}`);
  console.log(`  systemd-analyze verify: ignored ${bad('ignored').length}, refused ${bad('refused').length}, other messages ${bad('other').length} (${verifySeconds.toFixed(1)} s)`);
  console.log(`  read back in booted systemd (busctl GetAll): ${rb.compared} compared exactly, ${rb.verifyOnly} verify-only kinds, ${rb.different.length} read differently (${rbSeconds.toFixed(1)} s)`);
  for (const k of ['ignored', 'refused', 'other'] as const) {
    for (const v of bad(k).slice(0, show)) console.log(`    ${k}: ${v.case.field.section}.${v.case.field.key}=${short(v.case.value)} → ${v[k][0]!.replace(/^\S*\//, '').slice(0, 200)}`);
  }
  for (const d of rb.different.slice(0, show)) console.log(`    different: ${d}`);
  if (dump !== '') {
    for (const v of verdicts.filter((x) => x.ignored.length + x.refused.length + x.other.length > 0)) {
      fs.appendFileSync(dump, JSON.stringify({ release, key: `${v.case.field.section}.${v.case.field.key}`, value: v.case.value, messages: [...v.ignored, ...v.refused, ...v.other].map((m) => m.replace(/^\S*\//, '')) }) + '\n');
    }
  }
  failures += bad('ignored').length + bad('refused').length + bad('other').length + rb.different.length;
}
fs.rmSync(workDir, { recursive: true, force: true });
const total = Number(process.hrtime.bigint() - runStarted) / 1e9;
console.log(`\n${failures === 0 ? 'no' : failures} values systemd ignored, refused or read differently; total ${total.toFixed(0)} s`);
process.exit(failures === 0 ? 0 : 1);
