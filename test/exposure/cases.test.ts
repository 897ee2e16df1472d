/**
 * Differential test over the hand-written edge cases (test/exposure/cases: the spec's verified cases
 * of section h plus our own, and every mismatch ever found, `m-*`): our scorer against every available
 * real systemd-analyze, check by check, with the oracle's host facts for specifiers. Expected values
 * come only from the oracles.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeEachOracle, runOracle } from '../support/oracle';
import { differences, ours } from './compare';
import { oracleHostFacts } from './oracle-host';

const CASES = path.join(__dirname, 'cases');
const unitFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir)
    .filter((f) => {
      if (!/\.(service|socket|mount|swap|timer|target|path|slice|automount|scope|device)$/.test(f)) return false;
      const st = fs.lstatSync(path.join(dir, f));
      return st.isFile() || st.isSymbolicLink(); // symlinks: aliases and masks
    })
    .sort()
    .map((f) => path.join(dir, f));

const scopes = [
  { scope: 'system' as const, files: unitFiles(CASES) },
  { scope: 'user' as const, files: unitFiles(path.join(CASES, 'user')) },
  // Template, dash-prefix and type-wide drop-in folders beside the files.
  { scope: 'system' as const, files: unitFiles(path.join(CASES, 'dropin-dirs')) },
  // Alias symlinks (named after their target) and a /dev/null mask.
  { scope: 'system' as const, files: unitFiles(path.join(CASES, 'aliases')) },
];

describeEachOracle('edge cases vs oracle $suite (systemd $release)', ({ suite, release }) => {
  test.each(scopes)('$scope scope: every case equals the oracle check by check', ({ scope, files }) => {
    const oracle = runOracle(suite, files, { user: scope === 'user' });
    const host = oracleHostFacts(suite);
    const mismatches = oracle.flatMap((o, i) => differences(ours(files[i]!, { release, scope, host }), o));
    expect(mismatches).toEqual([]);
    expect(oracle.length).toBe(files.length);
  });
});

test('the case folder holds the spec cases', () => {
  expect(unitFiles(CASES).length).toBeGreaterThan(240);
});
