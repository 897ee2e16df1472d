/**
 * The fix planner checked against brute force, the greedy search it replaced, and the real
 * systemd-analyze, printing the figures:
 *
 *   npx tsx scripts/planner-optimality.ts [--generated 150] [--installed 200] [--seed 11] [--pool 3]
 *                                         [--releases 252,257,262] [--no-oracle]
 *
 * 1. Optimality: on every unit (installed under /lib/systemd/system and generated) and budget 1.0–9.0
 *    (every tenth), the planner restricted to a small candidate pool (interacting core candidates and
 *    `--pool` random ones) gives the same size, breakage and exposure as trying every set of the pool.
 * 2. Super-additivity: pairs of the pool whose joint gain exceeds the sum of their own gains (why a
 *    "sum of the k largest gains" bound would not be sound).
 * 3. Greedy vs planner on the full candidate table (budgets every 0.5): never more settings.
 * 4. Oracle: the planner's predicted exposure after each step, for budgets 2.0, 4.9 and 7.0, equals
 *    the real `systemd-analyze security --offline=true` of each release on the unit with those settings.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import fc from 'fast-check';
import { isSystemdRelease, type SystemdRelease } from '../lib/exposure';
import { PLAN_CANDIDATES, preparePlanner, type FixCandidate } from '../lib/policy/planner';
import { bestFor, scoreAllSubsets } from '../test/policy/planner-brute';
import { generatedUnits, installedUnits, type CorpusUnit } from '../test/policy/planner-corpus';
import { greedyFor, greedySteps } from '../test/policy/planner-greedy';
import { oracleHostFacts } from '../test/exposure/oracle-host';
import { availableOracles, runOracle } from '../test/support/oracle';

/** Candidates that interact through shared checks (and two same-key pairs): always in the pool. */
const CORE = ['UserOrDynamicUser', 'PrivateTmp', 'ProtectSystem', 'ProtectSystem=full', 'CapabilityBoundingSet=', 'CapabilityBoundingSet_CAP_SYS_TIME', 'ProtectClock', 'SystemCallFilter=@system-service', 'SystemCallFilter_privileged'];

const byId = new Map(PLAN_CANDIDATES.map((c) => [c.id, c]));

function poolFor(seed: number, extra: number): FixCandidate[] {
  const rest = PLAN_CANDIDATES.filter((c) => !CORE.includes(c.id));
  const picked = fc.sample(fc.shuffledSubarray(rest, { minLength: extra, maxLength: extra }), { seed, numRuns: 1 })[0]!;
  return [...CORE.map((id) => byId.get(id)!), ...picked];
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  const mean = s.reduce((n, x) => n + x, 0) / Math.max(1, s.length);
  return `mean ${mean.toFixed(1)} ms, median ${at(0.5).toFixed(1)}, p95 ${at(0.95).toFixed(1)}, max ${(s[s.length - 1] ?? 0).toFixed(1)}`;
}

function corpus(o: { installed: number; generated: number; seed: number }): CorpusUnit[] {
  return [...installedUnits().slice(0, o.installed), ...generatedUnits(o.seed, o.generated)];
}

/** Units the scorer loads on `release` (the planner needs a unit that loads). */
function loads(u: CorpusUnit, release: SystemdRelease): boolean {
  try {
    preparePlanner(u.unit, { release, candidates: [] });
    return true;
  } catch {
    return false;
  }
}

function optimality(units: readonly CorpusUnit[], releases: readonly SystemdRelease[], poolExtra: number): number {
  let cases = 0;
  let nontrivial = 0;
  let mismatches = 0;
  let notOptimal = 0;
  let pairs = 0;
  let superAdditive = 0;
  let example = '';
  let largestExcess = 0;
  let bruteMs = 0;
  let sets = 0;
  const planMs: number[] = [];
  const started = Date.now();
  units.forEach((u, ui) => {
    for (const release of releases) {
      if (!loads(u, release)) continue;
      const pool = poolFor(ui * 7 + Number(release), poolExtra);
      const t0 = performance.now();
      const all = scoreAllSubsets(u.unit, pool, { release });
      bruteMs += performance.now() - t0;
      sets += all.length;
      // super-additivity among pairs of the pool
      const base = all.find((s) => s.count === 0)!.exposure;
      const single = new Map(all.filter((s) => s.count === 1).map((s) => [s.ids[0]!, base - s.exposure]));
      for (const s of all.filter((x) => x.count === 2)) {
        pairs++;
        const joint = base - s.exposure;
        const sum = single.get(s.ids[0]!)! + single.get(s.ids[1]!)!;
        if (joint > sum) {
          superAdditive++;
          if (joint - sum > largestExcess) largestExcess = joint - sum, example = `${u.unit.name} (${release}): ${s.ids.join(' + ')} gain ${joint} tenths, alone ${single.get(s.ids[0]!)} + ${single.get(s.ids[1]!)} (+${joint - sum})`;
        }
      }
      const planner = preparePlanner(u.unit, { release, candidates: pool });
      for (let budget = 10; budget <= 90; budget++) {
        cases++;
        if (base <= budget) continue;
        nontrivial++;
        const want = bestFor(all, budget);
        const p0 = performance.now();
        const got = planner.plan(budget);
        planMs.push(performance.now() - p0);
        if (!got.search.optimal) notOptimal++;
        if (got.steps.length !== want.count || got.breakage !== want.breakage || got.exposureAfter !== want.exposure) {
          mismatches++;
          if (mismatches <= 10) {
            console.log(`MISMATCH ${u.label} ${release} budget ${budget}: planner ${got.steps.length} settings, breakage ${got.breakage}, exposure ${got.exposureAfter} [${got.steps.map((s) => s.candidate.id).join(', ')}]; brute force ${want.count}, ${want.breakage}, ${want.exposure} [${want.ids.join(', ')}]`);
          }
        }
      }
    }
  });
  console.log(`\n## 1. Optimality against brute force (pool: ${CORE.length} core + ${poolExtra} random candidates per unit and release)`);
  console.log(`units ${units.length}, releases ${releases.join('/')}, budgets 1.0–9.0 every 0.1: ${cases} cases, ${nontrivial} over budget before fixing`);
  console.log(`brute force: ${sets} sets scored in ${(bruteMs / 1000).toFixed(1)} s; planner per budget (pool): ${stats(planMs)}`);
  console.log(`mismatches (size, breakage or exposure): ${mismatches}; plans not proven optimal: ${notOptimal}`);
  console.log(`\n## 2. Super-additive pairs: ${superAdditive} of ${pairs} pairs gain more together than the sum of their own gains${example ? `\nlargest: ${example}` : ''}`);
  console.log(`(time ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return mismatches + notOptimal;
}

function versusGreedy(units: readonly CorpusUnit[], releases: readonly SystemdRelease[]): number {
  let cases = 0;
  let fewer = 0;
  let equal = 0;
  let more = 0;
  let reachOnlyPlanner = 0;
  let sumGreedy = 0;
  let sumPlanner = 0;
  let best: { text: string; diff: number } | undefined;
  const prepareMs: number[] = [];
  const planMs: number[] = [];
  const evaluations: number[] = [];
  let notOptimal = 0;
  for (const u of units) {
    for (const release of releases) {
      if (!loads(u, release)) continue;
      const greedy = greedySteps(u.unit, { release });
      const planner = preparePlanner(u.unit, { release });
      for (let budget = 10; budget <= 90; budget += 5) {
        if (greedy.base <= budget) continue;
        const plan = planner.plan(budget);
        if (prepareMs.length === 0 || prepareMs[prepareMs.length - 1] !== plan.search.prepareMs) prepareMs.push(plan.search.prepareMs);
        planMs.push(plan.search.elapsedMs);
        evaluations.push(plan.search.preparedEvaluations + plan.search.evaluations);
        if (!plan.search.optimal) notOptimal++;
        const g = greedyFor(greedy, budget);
        cases++;
        if (!g.reaches) {
          if (plan.reachesBudget) reachOnlyPlanner++;
          continue;
        }
        if (!plan.reachesBudget) {
          more++;
          console.log(`WORSE ${u.label} ${release} budget ${budget}: greedy reaches with ${g.count}, planner does not`);
          continue;
        }
        sumGreedy += g.count;
        sumPlanner += plan.steps.length;
        if (plan.steps.length < g.count) fewer++;
        else if (plan.steps.length === g.count) equal++;
        else {
          more++;
          console.log(`WORSE ${u.label} ${release} budget ${budget}: planner ${plan.steps.length} > greedy ${g.count}`);
        }
        const diff = g.count - plan.steps.length;
        if (!best || diff > best.diff) {
          best = { diff, text: `${u.label} (${u.unit.name}) on ${release}, budget ${(budget / 10).toFixed(1)}, exposure ${(greedy.base / 10).toFixed(1)}: greedy ${g.count} settings to ${(greedy.steps[g.count - 1]!.exposureAfter / 10).toFixed(1)} [${greedy.steps.slice(0, g.count).map((s) => s.fix.set.map((a) => `${a.key}=${a.value}`).join(', ')).join('; ')}]; planner ${plan.steps.length} to ${(plan.exposureAfter / 10).toFixed(1)} [${plan.steps.map((s) => s.candidate.fix.set.map((a) => `${a.key}=${a.value}`).join(', ')).join('; ')}]` };
        }
      }
    }
  }
  console.log(`\n## 3. Greedy vs planner (full table of ${PLAN_CANDIDATES.length} candidates, budgets 1.0–9.0 every 0.5, units over budget)`);
  console.log(`${cases} cases; where greedy reaches the budget: planner fewer ${fewer}, equal ${equal}, more ${more}; mean settings greedy ${(sumGreedy / Math.max(1, fewer + equal + more)).toFixed(2)}, planner ${(sumPlanner / Math.max(1, fewer + equal + more)).toFixed(2)}`);
  console.log(`greedy cannot reach the budget but the planner can: ${reachOnlyPlanner}; plans not proven optimal: ${notOptimal}`);
  console.log(`timing per unit and release (full table): prepare ${stats(prepareMs)}; each budget ${stats(planMs)}; scorer runs per plan: median ${[...evaluations].sort((a, b) => a - b)[Math.floor(evaluations.length / 2)] ?? 0}, max ${Math.max(0, ...evaluations)}`);
  if (best) console.log(`largest difference: ${best.text}`);
  return more + notOptimal;
}

function oracleAgreement(units: readonly CorpusUnit[]): number {
  let failures = 0;
  console.log('\n## 4. Oracle agreement (predicted exposure after each step vs the real systemd-analyze --offline=true)');
  for (const { suite, release } of availableOracles()) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `planner-oracle-${suite}-`));
    const host = oracleHostFacts(suite);
    const files: Array<{ file: string; want: number; what: string }> = [];
    const started = Date.now();
    let plans = 0;
    units.forEach((u) => {
      if (!loads(u, release)) return;
      const planner = preparePlanner(u.unit, { release, host });
      const seen = new Set<string>();
      for (const budget of [20, 49, 70]) {
        const plan = planner.plan(budget);
        plans++;
        plan.steps.forEach((s, i) => {
          const extra = plan.steps.slice(0, i + 1).flatMap((x) => x.candidate.fix.set);
          const key = extra.map((a) => `${a.key}=${a.value}`).join('\n');
          if (seen.has(key)) return;
          seen.add(key);
          files.push({ file: u.write(path.join(dir, String(files.length)), extra), want: s.exposureAfter, what: `${u.label} + ${plan.steps.slice(0, i + 1).map((x) => x.candidate.id).join(', ')}` });
        });
      }
    });
    const results = runOracle(suite, files.map((f) => f.file));
    let mismatches = 0;
    results.forEach((r, i) => {
      const f = files[i]!;
      const got = 'exposure' in r ? r.exposure : undefined;
      if (got !== f.want) {
        mismatches++;
        if (mismatches <= 10) console.log(`ORACLE MISMATCH ${suite}: ${f.what}: predicted ${f.want}, systemd-analyze ${got ?? `refused (${'error' in r ? r.error.split('\n').pop() : ''})`}`);
      }
    });
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(`${suite} (systemd ${release}): ${plans} plans, ${files.length} fixed units (each step's prefix), ${mismatches} mismatches (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    failures += mismatches;
  }
  return failures;
}

function main(): void {
  const o = new Command()
    .option('--generated <n>', 'generated units', (v) => Number(v), 150)
    .option('--installed <n>', 'installed units at most', (v) => Number(v), 1000)
    .option('--seed <n>', 'seed of the generated units', (v) => Number(v), 11)
    .option('--pool <n>', 'random candidates added to the core pool', (v) => Number(v), 3)
    .option('--releases <list>', 'releases', '252,257,262')
    .option('--no-oracle', 'skip the oracle comparison')
    .option('--no-greedy', 'skip the greedy comparison')
    .parse()
    .opts<{ generated: number; installed: number; seed: number; pool: number; releases: string; oracle: boolean; greedy: boolean }>();
  const releases = o.releases.split(',').filter(isSystemdRelease);
  const units = corpus(o);
  console.log(`# Fix planner: ${units.length} units (${units.filter((u) => u.label.startsWith('installed')).length} installed, ${units.filter((u) => u.label.startsWith('generated')).length} generated, seed ${o.seed})`);
  let bad = optimality(units, releases, o.pool);
  if (o.greedy) bad += versusGreedy(units, releases);
  if (o.oracle) bad += oracleAgreement(units);
  process.exitCode = bad > 0 ? 1 : 0;
}

main();
