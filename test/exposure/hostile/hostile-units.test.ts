/**
 * Hostile differential test: units full of values at systemd's limits and of bytes systemd refuses
 * (hostile-arbitrary.ts, fixed seeds) are scored by every available real systemd-analyze and by our
 * scorer (with the oracle's host facts); the verdict (loads / refused) and every check must be
 * equal. System scope with HOSTILE_UNITS_COUNT units per release (default 1000), then `--user` scope
 * with HOSTILE_UNITS_USER_COUNT (default 200). A failure prints each differing unit, its bytes (raw
 * ones as \xNN) and the oracle's verdict; scripts/hostile-sweep.ts runs many more and shrinks
 * failures into `m-*` cases.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SUPPORTED_RELEASES, type Scope } from '../../../lib/exposure';
import { oraclesForTests } from '../../support/oracle';
import { removeDir, scratchDir } from '../random/differential';
import { compareHostile, formatHostileMismatch, generateHostile, hostileId, writeHostile } from './hostile-differential';

const SEED = Number(process.env.HOSTILE_UNITS_SEED ?? 20261201);
const COUNTS: Record<Scope, number> = {
  system: Number(process.env.HOSTILE_UNITS_COUNT ?? 1000),
  user: Number(process.env.HOSTILE_UNITS_USER_COUNT ?? 200),
};
/** Mismatches printed in full (the rest are counted). */
const SHOWN = 10;

const oracles = oraclesForTests();
const runs = (['system', 'user'] as const).flatMap((scope, s) =>
  oracles.map((o) => ({ ...o, scope, count: COUNTS[scope], seed: SEED + 10 * s + SUPPORTED_RELEASES.indexOf(o.release) })),
);

let dir: string;
beforeAll(() => {
  dir = scratchDir('hostile-units');
});
afterAll(() => removeDir(dir));

if (runs.length === 0) test.skip('hostile units vs oracle: no oracle available', () => undefined);

describe.each(runs)('hostile units vs oracle $suite (systemd $release), $scope scope', ({ suite, release, scope, count, seed }) => {
  test(`${count} hostile units: same verdict and checks as the oracle (seed ${seed})`, () => {
    const sub = path.join(dir, `${suite}-${scope}`);
    fs.mkdirSync(sub);
    const written = generateHostile(seed, count).map((u, i) => writeHostile(sub, u, hostileId(i)));
    const summary = compareHostile({ suite, release, scope }, written);
    // eslint-disable-next-line no-console
    console.log(
      `hostile ${suite} (${release}, ${scope}), seed ${seed}: ${summary.compared} units compared, ` +
        `${summary.refusedByBoth} refused by both, ${summary.mismatches.length} mismatches`,
    );
    if (summary.mismatches.length > 0) {
      const shown = summary.mismatches.slice(0, SHOWN).map(formatHostileMismatch).join('\n\n');
      const more = summary.mismatches.length > SHOWN ? `\n\n… and ${summary.mismatches.length - SHOWN} more` : '';
      throw new Error(`${summary.mismatches.length} of ${summary.compared} hostile units differ from ${suite} (seed ${seed}):\n\n${shown}${more}`);
    }
    expect(summary.compared).toBe(count);
    // Hostile units are refused often, but enough of them must load for the checks to be compared.
    expect(summary.refusedByBoth).toBeLessThan(count * (scope === 'user' ? 0.8 : 0.7));
  }, 600_000);
});
