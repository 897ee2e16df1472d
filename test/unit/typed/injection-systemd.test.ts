/**
 * CI slice of the injection fuzz judged by the real systemd (scripts/fuzz-injection.ts runs 100,000):
 * 3,000 hostile values over every string-valued directive; every value the typed layer accepts is
 * loaded by the real `systemd-analyze verify` of each release and must draw no message, and is read
 * back from a booted systemd of that release (busctl GetAll) as exactly that value where its kind
 * has an exact read-back (see systemd-readback.ts).
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hostileString, stringFields, type StringField } from './injection-property';
import { admit, verifyCases, type JudgedCase } from './systemd-judge';
import { readBackCases } from './systemd-readback';
import { describeEachOracle } from '../../support/oracle';
import { builtSandboxes, type SandboxSuite } from '../../support/sandbox';

const VALUES = 3000;
const SANDBOX: Readonly<Record<string, SandboxSuite>> = { '252': 'bookworm', '257': 'trixie', '262': 'sid' };
const samples: Array<[StringField, string]> = fc.sample(fc.tuple(fc.constantFrom(...stringFields()), hostileString), { numRuns: VALUES, seed: 4242 });

describeEachOracle('injection judged by systemd $release ($suite)', ({ suite, release }) => {
  let accepted: JudgedCase[] = [];
  let workDir = '';
  beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'injection-systemd-'));
    accepted = samples.flatMap(([field, value], id) => {
      const a = admit(field, value, id, Number(release));
      return 'accepted' in a ? [a.accepted] : [];
    });
  });
  afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it('loads every accepted value without a message (systemd-analyze verify)', () => {
    expect(accepted.length).toBeGreaterThan(150); // not vacuous
    const problems = verifyCases(suite, accepted, workDir)
      .filter((v) => v.ignored.length + v.refused.length + v.other.length > 0)
      .map((v) => `${v.case.field.section}.${v.case.field.key}=${JSON.stringify(v.case.value)}: ${[...v.ignored, ...v.refused, ...v.other].join(' | ')}`);
    expect(problems).toEqual([]);
  });

  const box = SANDBOX[release];
  (box && builtSandboxes().includes(box) ? it : it.skip)('reads every accepted value back exactly in a booted systemd', () => {
    const r = readBackCases(box!, accepted, `inj-ci-${box}`);
    expect(r.different).toEqual([]);
    expect(r.compared).toBeGreaterThan(50);
  }, 180_000);
});
