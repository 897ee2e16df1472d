import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assessUnit } from '../../lib/exposure';
import { parseUnitText } from '../../lib/unit/parse';
import { renderDocument } from '../../lib/unit/render';
import { evaluateBudget, formatVerdict, budgetToTenths, securityPolicyJson } from '../../lib/policy/budget';
import { oraclesForTests, runOracle } from '../support/oracle';

const unit = (name: string, body: string) => ({ name, document: parseUnitText(`[Service]\nExecStart=/bin/true\n${body}`).document });
const blank = unit('blank.service', '');

describe('evaluateBudget', () => {
  it('scores exactly like the scorer when no check is acknowledged', () => {
    const v = evaluateBudget(blank, { budget: 4.5 }, { release: '262' });
    expect(v.report.exposure).toBe(assessUnit(blank, { release: '262' }).exposure);
    expect(v.withinBudget).toBe(v.report.exposure <= 45);
  });

  it('proposes fixes, best first, that bring an unhardened service within budget', () => {
    const v = evaluateBudget(blank, { budget: 4.5 }, { release: '262' });
    expect(v.withinBudget).toBe(false);
    expect(v.fixes.length).toBeGreaterThan(0);
    // Each fix lowers the exposure further, and the first one is the single best setting.
    const after = v.fixes.map((f) => f.exposureAfter);
    expect(after.every((x, i) => i === 0 || x < after[i - 1]!)).toBe(true);
    expect(v.fixes.every((f) => f.gain > 0)).toBe(true);
    expect(v.fixes[v.fixes.length - 1]!.exposureAfter).toBeLessThanOrEqual(45);
    expect(formatVerdict(v, { path: 'App/host/blank' })).toMatch(/\[App\/host\/blank\] blank.service: exposure \d\.\d .* exceeds budget 4\.5/);
  });

  it.each(oraclesForTests())('proposes fixes that the real systemd-analyze ($suite) agrees bring it within budget', ({ suite, release }) => {
    const v = evaluateBudget(blank, { budget: 4.5 }, { release });
    const fixed = blank.document.sections.map((s) => ({
      name: s.name,
      entries: [...s.entries, ...v.fixes.flatMap((f) => f.fix.set.map((a) => ({ key: a.key, value: a.value })))],
    }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-'));
    const file = path.join(dir, 'blank.service');
    fs.writeFileSync(file, renderDocument({ sections: fixed }));
    const [result] = runOracle(suite, [file]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result && 'exposure' in result ? result.exposure : -1).toBe(v.fixes[v.fixes.length - 1]!.exposureAfter);
    expect(v.fixes[v.fixes.length - 1]!.exposureAfter).toBeLessThanOrEqual(45);
  });

  it('excludes acknowledged checks with weight 0, like systemd --security-policy', () => {
    const ack = { check: 'PrivateNetwork', reason: 'serves HTTP to the LAN, needs the host network' };
    const v = evaluateBudget(blank, { budget: 9.9, acknowledgements: [ack] }, { release: '257' });
    expect(v.acknowledged.map((a) => a.check.jsonField)).toEqual(['PrivateNetwork']);
    expect(v.report.checks.find((c) => c.jsonField === 'PrivateNetwork')!.badness).toBeNull();
    expect(securityPolicyJson(v.report.checks, {}, [ack])).toEqual({ PrivateNetwork: { weight: 0 } });
  });

  it('counts an expired acknowledgement again and says so', () => {
    const ack = { check: 'PrivateNetwork=', reason: 'temporary: migration to a socket unit', expires: '2026-01-01' };
    const v = evaluateBudget(blank, { budget: 9.9, acknowledgements: [ack] }, { release: '262', today: new Date('2026-06-01') });
    expect(v.acknowledged).toEqual([]);
    expect(v.expired).toEqual([ack]);
    expect(formatVerdict(v)).toMatch(/acknowledgement expired on 2026-01-01: PrivateNetwork= counts again/);
  });

  it('rejects acknowledgements without a real reason and unknown check names', () => {
    const v = evaluateBudget(blank, { acknowledgements: [{ check: 'PrivateNetwork', reason: 'x' }, { check: 'PrivateNetwrk', reason: 'a long enough reason' }] });
    expect(v.ok).toBe(false);
    expect(v.policyErrors.join('\n')).toMatch(/needs a reason of at least 10 characters/);
    expect(v.policyErrors.join('\n')).toMatch(/unknown check 'PrivateNetwrk'/);
  });

  it('fails required checks whatever the total', () => {
    const v = evaluateBudget(unit('b.service', 'DynamicUser=yes\n'), { budget: 10, requiredChecks: ['PrivateNetwork'] }, { release: '262' });
    expect(v.withinBudget).toBe(true);
    expect(v.requiredFailures.map((c) => c.jsonField)).toEqual(['PrivateNetwork']);
    expect(v.ok).toBe(false);
    expect(formatVerdict(v)).toMatch(/required check failed: PrivateNetwork= — set PrivateNetwork=yes/);
  });

  it('takes budgets on systemd scale with one decimal only', () => {
    expect(budgetToTenths(4.5)).toBe(45);
    expect(budgetToTenths(0)).toBe(0);
    expect(() => budgetToTenths(4.55)).toThrow(/at most one decimal/);
    expect(() => budgetToTenths(11)).toThrow(/0\.0 to 10\.0/);
  });
});

describe('policy.keep', () => {
  const kept = ['PrivateNetwork', 'IPAddressDeny', 'RestrictAddressFamilies_AF_INET_INET6'];

  it('leaves the kept directives and checks out of the proposed fixes', () => {
    const free = evaluateBudget(blank, { budget: 2.0 }, { release: '257' });
    const server = evaluateBudget(blank, { budget: 2.0, keep: kept }, { release: '257' });
    const keys = (v: typeof free) => v.fixes.flatMap((f) => f.fix.set.map((a) => `${a.key}=${a.value}`));
    // without keep the cheapest plan for this budget takes the network away; with it, no setting does
    expect(keys(free).some((k) => /^(PrivateNetwork=yes|IPAddressDeny=any|RestrictAddressFamilies=(none|AF_UNIX|~AF_INET AF_INET6))$/.test(k))).toBe(true);
    expect(keys(server).filter((k) => /^(PrivateNetwork|IPAddressDeny)=/.test(k) || /^RestrictAddressFamilies=(none|AF_UNIX|~AF_INET AF_INET6)$/.test(k))).toEqual([]);
    expect(server.fixes.length).toBeGreaterThan(0);
  });

  it('is validated where written and merged across levels', () => {
    const { policyProblems } = jest.requireActual<typeof import('../../lib/policy/validate')>('../../lib/policy/validate');
    expect(policyProblems({ keep: ['PrivateNetwork', ''] })).toEqual(['policy.keep[1] must name a directive, a fix candidate or a check, got ""']);
    const { mergePolicies } = jest.requireActual<typeof import('../../lib/policy/merge')>('../../lib/policy/merge');
    expect(mergePolicies({ keep: ['PrivateNetwork'] }, { keep: ['IPAddressDeny', 'PrivateNetwork'] }).keep).toEqual(['PrivateNetwork', 'IPAddressDeny']);
  });
});
