/**
 * The public scoring API: contract shape, release selection, template names, load errors, policy
 * parsing quirks, specifiers, and that our descriptions are our own (never systemd's strings).
 */
import * as path from 'node:path';
import {
  assessFile,
  assessUnit,
  DEFAULT_RELEASE,
  formatExposure,
  parseSecurityPolicy,
  SecurityPolicyError,
  SUPPORTED_RELEASES,
  UnitLoadError,
} from '../../lib/exposure';
import { RELEASE_DATA } from '../../lib/exposure/releases';
import { parseUnitText } from '../../lib/unit/parse';
import { expandSpecifiers, SpecifierError } from '../../lib/unit/specifiers';
import { describeEachOracle, runOracle } from '../support/oracle';

const CASES = path.join(__dirname, 'cases');
const unit = (name: string, text: string) => ({ name, document: parseUnitText(text, name).document });
const SERVICE = '[Service]\nExecStart=/bin/true\n';

describe('releases', () => {
  test('ascending, default is the newest', () => {
    expect(SUPPORTED_RELEASES).toEqual(['252', '257', '262']);
    expect(DEFAULT_RELEASE).toBe('262');
    expect(assessUnit(unit('a.service', SERVICE)).release).toBe('262');
  });

  test('every release has 81 checks in internal table order with unique json fields', () => {
    for (const r of SUPPORTED_RELEASES) {
      const checks = RELEASE_DATA[r].checks;
      expect(checks).toHaveLength(81);
      expect(checks.map((c) => c.order)).toEqual(checks.map((_, i) => i));
      expect(new Set(checks.map((c) => c.jsonField)).size).toBe(81);
    }
  });

  test('reports list checks in table order with explanations and man links', () => {
    const report = assessUnit(unit('a.service', SERVICE), { release: '252' });
    expect(report.checks.map((c) => c.jsonField)).toEqual(RELEASE_DATA['252'].checks.map((c) => c.jsonField));
    for (const c of report.checks) {
      expect(c.explanation.man).toMatch(/^https:\/\/www\.freedesktop\.org\/software\/systemd\/man\//);
      expect(c.explanation.why.length).toBeGreaterThan(10);
      expect(c.explanation.fix.length).toBeGreaterThan(5);
      expect(c.reads.length).toBeGreaterThan(0);
    }
  });
});

test('formatExposure prints tenths like systemd', () => {
  expect([0, 2, 92, 100].map(formatExposure)).toEqual(['0.0', '0.2', '9.2', '10.0']);
});

describe('unit names and load errors', () => {
  test.each([
    ['252', 'foo@i.service'],
    ['257', 'foo@test_instance.service'],
    ['262', 'foo@test_instance.service'],
  ] as const)('a template is analysed as an instance on %s', (release, expected) => {
    expect(assessUnit(unit('foo@.service', `${SERVICE}User=%i\n`), { release }).unit).toBe(expected);
  });

  test('live mode instantiates templates with the live instance name and accepts only services', () => {
    expect(assessUnit(unit('foo@.service', SERVICE), { release: '252', mode: 'live' }).unit).toBe('foo@test-instance.service');
    expect(() => assessUnit(unit('x.socket', '[Socket]\nListenStream=/run/x\n'), { mode: 'live' })).toThrow(UnitLoadError);
  });

  test.each([
    ['bad name', 'not a unit', SERVICE],
    ['no ExecStart', 'a.service', '[Unit]\nDescription=x\n'],
    ['invalid User=', 'a.service', `${SERVICE}User=a:b\n`],
    ['unknown specifier', 'a.service', `${SERVICE}User=%Z\n`],
    ['relative RootDirectory=', 'a.service', `${SERVICE}RootDirectory=srv\n`],
    ['non-boolean DynamicUser=', 'a.service', `${SERVICE}DynamicUser=maybe\n`],
  ])('%s → UnitLoadError naming the unit and the reason', (_what, name, text) => {
    let error: unknown;
    try {
      assessUnit(unit(name, text));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnitLoadError);
    expect((error as UnitLoadError).unit).toBe(name);
    expect((error as UnitLoadError).reason.length).toBeGreaterThan(5);
  });

  test('DynamicUser= in --user scope is refused by 257/262 only', () => {
    const u = unit('a.service', `${SERVICE}DynamicUser=yes\n`);
    expect(assessUnit(u, { release: '252', scope: 'user' }).unit).toBe('a.service');
    expect(() => assessUnit(u, { release: '257', scope: 'user' })).toThrow(UnitLoadError);
    expect(() => assessUnit(u, { release: '262', scope: 'user' })).toThrow(UnitLoadError);
  });

  test('assessFile refuses missing and empty (masked) files', () => {
    expect(() => assessFile(path.join(CASES, 'does-not-exist.service'))).toThrow(/not found/);
    expect(() => assessFile(path.join(CASES, 'x01-empty-masked.timer'))).toThrow(/masked/);
  });
});

describe('parseSecurityPolicy quirks', () => {
  test('wrong types, reals with a fraction, negatives and unknown keys are ignored; 3000.0 counts', () => {
    const p = parseSecurityPolicy('{"PrivateNetwork":{"weight":3000.0,"range":"x"},"ProtectHome":{"weight":1.5},"PrivateTmp":{"weight":-5},"NoNewPrivileges":"x","Bogus":{"weight":1},"UMask":{"description_good":"ok","description_bad":7}}');
    expect(p.overrides).toEqual({ PrivateNetwork: { weight: 3000 }, ProtectHome: {}, PrivateTmp: {}, UMask: { descriptionGood: 'ok' } });
  });

  test('a top level that is not an object: ignored by 252/257, an error in 262', () => {
    expect(parseSecurityPolicy('[1,2]', '252').overrides).toEqual({});
    expect(parseSecurityPolicy('[1,2]', '257').overrides).toEqual({});
    expect(() => parseSecurityPolicy('[1,2]', '262')).toThrow(SecurityPolicyError);
  });

  test('ranges that would make systemd abort are rejected with the field, value and rule', () => {
    expect(() => parseSecurityPolicy('{"UMask":{"range":3}}')).toThrow(/UMask\.range=3: must be at least 10/);
    expect(() => parseSecurityPolicy('{"ProtectHome":{"range":0}}')).toThrow(/ProtectHome\.range=0/);
    expect(parseSecurityPolicy('{"UserOrDynamicUser":{"range":20}}').overrides.UserOrDynamicUser).toEqual({ range: 20 });
  });

  test('JSON syntax errors are reported', () => {
    expect(() => parseSecurityPolicy('{"UMask":')).toThrow(SecurityPolicyError);
  });
});

describe('specifiers', () => {
  const ctx = { unitName: 'foo-bar@a\\x2db.service' };
  test.each([
    ['%n', 'foo-bar@a\\x2db.service'], ['%N', 'foo-bar@a\\x2db'], ['%p', 'foo-bar'], ['%P', 'foo/bar'],
    ['%i', 'a\\x2db'], ['%I', 'a-b'], ['%j', 'bar'], ['%u', 'root'], ['%U', '0'], ['%%', '%'], ['x%', 'x%'],
  ])('%s → %s', (value, expected) => {
    expect(expandSpecifiers(value, ctx)).toBe(expected);
  });
  test('an unknown specifier throws', () => {
    expect(() => expandSpecifiers('%Z', ctx)).toThrow(SpecifierError);
  });
});

describeEachOracle('our descriptions are our own words ($suite)', ({ suite, release }) => {
  test('no description equals one of systemd\'s', () => {
    const files = ['t03-user-nobody.service', 't21-hardened.service', 't26-defdeps.service', 'B-t30-protectproc.service'].map((f) => path.join(CASES, f));
    const theirs = new Set(
      runOracle(suite, files).flatMap((r) => ('checks' in r ? r.checks.map((c) => c.description).filter((d): d is string => d !== null) : [])),
    );
    expect(theirs.size).toBeGreaterThan(50);
    const ours = files.flatMap((f) => assessFile(f, { release }).checks.map((c) => c.description));
    expect(ours.filter((d) => theirs.has(d))).toEqual([]);
  });
});
