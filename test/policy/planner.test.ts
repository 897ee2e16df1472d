/**
 * The fix planner: optimal over its candidates (against brute force), never more settings than the
 * greedy search it replaced, `keep`, acknowledgements, the verdict's lines and the candidate table's
 * shape (the oracle comparisons are in planner-oracle.test.ts). A larger run of the same
 * comparisons: scripts/planner-optimality.ts.
 */
import fc from 'fast-check';
import { assessUnit } from '../../lib/exposure';
import { evaluateBudget, formatVerdict } from '../../lib/policy/budget';
import { CHECK_FIXES } from '../../lib/policy/fixes';
import { PLAN_CANDIDATES, planFixes, preparePlanner, type FixCandidate } from '../../lib/policy/planner';
import { pruneDominated } from '../../lib/policy/planner/pareto';
import { applyCandidates } from '../../lib/policy/planner/scoring';
import { parseUnitText } from '../../lib/unit/parse';
import { bestFor, scoreAllSubsets } from './planner-brute';
import { corpusSlice } from './planner-corpus';
import { greedyFor, greedySteps } from './planner-greedy';

const byId = new Map(PLAN_CANDIDATES.map((c) => [c.id, c]));
const plain = { name: 'plain.service', document: parseUnitText('[Service]\nExecStart=/bin/true\n').document };

describe('candidate table', () => {
  it('has unique ids, one key per candidate, a class and, unless free, a caveat', () => {
    expect(new Set(PLAN_CANDIDATES.map((c) => c.id)).size).toBe(PLAN_CANDIDATES.length);
    for (const c of PLAN_CANDIDATES) {
      expect(c.fix.set.every((a) => a.key === c.key)).toBe(true);
      expect(['free', 'may-break', 'decision']).toContain(c.fix.breakage);
      if (c.fix.breakage !== 'free') expect(c.fix.caveat).toMatch(/\w/);
    }
  });

  it('holds every per-check fix and the settings that fix many checks at once', () => {
    const lines = new Set(PLAN_CANDIDATES.map((c) => c.fix.set.map((a) => `${a.key}=${a.value}`).join('\n')));
    for (const fix of Object.values(CHECK_FIXES)) expect(lines.has(fix.set.map((a) => `${a.key}=${a.value}`).join('\n'))).toBe(true);
    for (const line of ['CapabilityBoundingSet=', 'SystemCallFilter=@system-service', 'RestrictAddressFamilies=AF_UNIX', 'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6',
      'PrivateNetwork=yes', 'RestrictNamespaces=yes', 'ProtectSystem=strict', 'DynamicUser=yes', 'PrivateUsers=yes']) {
      expect(lines.has(line)).toBe(true);
    }
  });
});

describe('pruneDominated', () => {
  it('keeps exactly the items no other item dominates (first of equals)', () => {
    const item = fc.record({ count: fc.nat(3), breakage: fc.nat(3), b: fc.nat(6), w: fc.nat(6) });
    fc.assert(fc.property(fc.array(item, { maxLength: 25 }), (list) => {
      const dominates = (x: typeof list[number], y: typeof list[number]): boolean => x.count <= y.count && x.breakage <= y.breakage && x.b <= y.b && x.w >= y.w;
      const want = list.filter((y, j) => !list.some((x, i) => dominates(x, y) && (!dominates(y, x) || i < j)));
      expect(new Set(pruneDominated(list))).toEqual(new Set(want));
    }));
  });
});

describe('optimality against brute force (slice of scripts/planner-optimality.ts)', () => {
  const core = ['UserOrDynamicUser', 'PrivateTmp', 'ProtectSystem', 'ProtectSystem=full', 'CapabilityBoundingSet=', 'CapabilityBoundingSet_CAP_SYS_TIME', 'ProtectClock', 'SystemCallFilter=@system-service', 'SystemCallFilter_privileged'];
  const extra = ['PrivateNetwork', 'RestrictAddressFamilies=AF_UNIX', 'RestrictNamespaces=yes'];
  const pool: FixCandidate[] = [...core, ...extra].map((id) => byId.get(id)!);

  it.each(['262', '252'] as const)('gives the brute force optimum for every budget 1.0–9.0 on systemd %s', (release) => {
    let compared = 0;
    for (const u of corpusSlice(release, 3, 6)) {
      const all = scoreAllSubsets(u.unit, pool, { release });
      const planner = preparePlanner(u.unit, { release, candidates: pool });
      for (let budget = 10; budget <= 90; budget++) {
        if (planner.base.exposure <= budget) continue;
        const want = bestFor(all, budget);
        const got = planner.plan(budget);
        expect(got.search.optimal).toBe(true);
        expect([u.label, budget, got.steps.length, got.breakage, got.exposureAfter]).toEqual([u.label, budget, want.count, want.breakage, want.exposure]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});

describe('against the greedy search it replaced', () => {
  it('never needs more settings, and reaches every budget the greedy reaches', () => {
    const release = '262';
    let strictlyFewer = 0;
    for (const u of [{ label: 'plain', unit: plain }, ...corpusSlice(release, 2, 4)]) {
      const greedy = greedySteps(u.unit, { release });
      const planner = preparePlanner(u.unit, { release });
      for (let budget = 10; budget <= 90; budget += 10) {
        if (greedy.base <= budget) continue;
        const g = greedyFor(greedy, budget);
        const p = planner.plan(budget);
        if (!g.reaches) continue;
        expect([u.label, budget, p.reachesBudget]).toEqual([u.label, budget, true]);
        expect(p.steps.length).toBeLessThanOrEqual(g.count);
        if (p.steps.length < g.count) strictlyFewer++;
      }
    }
    expect(strictlyFewer).toBeGreaterThan(0);
  });
});

describe('options', () => {
  it('keep: leaves out a kept setting and every candidate that alone changes a kept check', () => {
    const keep = ['PrivateNetwork', 'RestrictAddressFamilies_AF_INET_INET6'];
    const plan = planFixes(plain, { budgetTenths: 20, release: '262', keep });
    expect(plan.steps.length).toBeGreaterThan(0);
    const inet = assessUnit(plain, { release: '262' }).checks.findIndex((c) => c.jsonField === 'RestrictAddressFamilies_AF_INET_INET6');
    for (const s of plan.steps) {
      expect(s.candidate.key).not.toBe('PrivateNetwork');
      const alone = assessUnit(applyCandidates(plain, 'Service', [s.candidate]), { release: '262' });
      expect(alone.checks[inet]!.badness).toBe(assessUnit(plain, { release: '262' }).checks[inet]!.badness);
    }
    // without keep the same budget uses them
    const free = planFixes(plain, { budgetTenths: 20, release: '262' });
    expect(free.steps.some((s) => s.candidate.key === 'PrivateNetwork' || s.candidate.key === 'RestrictAddressFamilies')).toBe(true);
  });

  it('acknowledged checks are kept: no DynamicUser=yes when the user check is acknowledged', () => {
    const ack = { check: 'UserOrDynamicUser', reason: 'runs as the www-data account it owns files with' };
    const v = evaluateBudget(plain, { budget: 3.0, acknowledgements: [ack] }, { release: '257' });
    expect(v.fixes.length).toBeGreaterThan(0);
    expect(v.fixes.some((f) => f.fix.set.some((a) => a.key === 'DynamicUser'))).toBe(false);
    // The fixed unit, scored under the same policy, is where the plan said it would be.
    const fixed = { name: plain.name, document: parseUnitText(`[Service]\nExecStart=/bin/true\n${v.fixes.flatMap((f) => f.fix.set).map((a) => `${a.key}=${a.value}\n`).join('')}`).document };
    const after = evaluateBudget(fixed, { budget: 3.0, acknowledgements: [ack] }, { release: '257' });
    expect(after.report.exposure).toBe(v.fixes[v.fixes.length - 1]!.exposureAfter);
    expect(after.withinBudget).toBe(true);
  });

  it('the verdict lists the plan: size, end, each setting with its checks and class', () => {
    const v = evaluateBudget(plain, { budget: 5.0 }, { release: '262' });
    const text = formatVerdict(v);
    expect(text).toMatch(new RegExp(`smallest fix \\(${v.fixes.length} settings?, brings it to ${(v.fixes[v.fixes.length - 1]!.exposureAfter / 10).toFixed(1)}\\):`));
    for (const f of v.fixes) {
      expect(text).toContain(`${f.fix.set.map((a) => `${a.key}=${a.value}`).join(', ')}   (-${(f.gain / 10).toFixed(1)}, ${f.check.name}`);
      expect(f.checks[0]).toBe(f.check);
    }
  });

  it('says so when a cap cut the search short, and the verdict does not call that plan the smallest', () => {
    const capped = planFixes(plain, { budgetTenths: 30, release: '262', limits: { states: 3 } });
    expect(capped.search.optimal).toBe(false);
    expect(capped.search.note).toMatch(/states after component .* kept the 3 with the fewest settings/);
    const few = planFixes(plain, { budgetTenths: 30, release: '262', limits: { combinations: 10 } });
    expect(few.search.optimal).toBe(false);
    expect(few.search.note).toMatch(/combinations; only the first 10 were examined/);
    const v = evaluateBudget(plain, { budget: 3.0 }, { release: '262' });
    const unproven = { ...v, fixes: v.fixes.map((f) => ({ ...f, search: { ...f.search, optimal: false, note: capped.search.note! } })) };
    expect(formatVerdict(unproven)).toContain(`maybe not the smallest: ${capped.search.note}`);
    expect(formatVerdict(unproven)).not.toContain('smallest fix (');
  });
});
