/**
 * Differential test over the hand-written edge cases (test/exposure/cases: the spec's verified cases
 * of section h plus our own): our scorer against every available real systemd-analyze, check by check.
 * Expected values come only from the oracles.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeEachOracle, runOracle, type OracleSuite } from '../support/oracle';
import { differences, ours } from './compare';

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

/**
 * Oracle artefacts that are not systemd behaviour: the trixie chroot has no cgroup hierarchy, so its
 * 257 refuses units with IP{Ingress,Egress}FilterPath= (spec c.9, h.4). A real 257 scores them.
 */
const ARTEFACTS: Record<string, readonly OracleSuite[]> = {
  't35-ip-custom.service': ['trixie'],
  'B-t29-ip-bpf.service': ['trixie'],
  'v3-ipfilter-spec.service': ['trixie'],
};

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
    const mismatches = oracle.flatMap((o, i) => {
      if (ARTEFACTS[path.basename(files[i]!)]?.includes(suite)) return [];
      return differences(ours(files[i]!, { release, scope }), o);
    });
    expect(mismatches).toEqual([]);
    expect(oracle.length).toBe(files.length);
  });
});

test('the case folder holds the spec cases', () => {
  expect(unitFiles(CASES).length).toBeGreaterThan(240);
});
