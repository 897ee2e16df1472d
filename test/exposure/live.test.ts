/**
 * Live mode (spec i) against a real running systemd of each release: our `mode: 'live'` equals
 * `systemd-analyze security NAME` of the booted manager, check by check. Skipped when no sandbox
 * root is prepared (building one takes minutes), except under CI.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assessUnit } from '../../lib/exposure';
import { loadUnitFile } from '../../lib/unit/load';
import { differences } from './compare';
import { availableLiveSuites, bootLiveSandbox, type LiveSandbox } from './live-oracle';

const LIVE_CASES = path.join(__dirname, 'cases', 'live');
const files = fs.readdirSync(LIVE_CASES).filter((f) => f.endsWith('.service')).sort().map((f) => path.join(LIVE_CASES, f));
const suites = availableLiveSuites();
if (suites.length === 0) {
  if (process.env.CI) throw new Error('CI needs the systemd sandbox for live-mode tests');
  // eslint-disable-next-line no-console
  console.warn('skipping live-mode comparisons: no systemd sandbox root prepared');
}

const describeLive = suites.length > 0 ? describe.each(suites) : describe.skip.each([{ suite: 'none', release: '262' as const }]);
describeLive('live mode vs running systemd $suite ($release)', ({ suite, release }) => {
  let box: LiveSandbox;
  beforeAll(() => {
    box = bootLiveSandbox(suite, files);
  }, 300000);
  afterAll(() => box?.down(), 120000);

  test('every live case equals the running manager check by check', () => {
    const theirs = box.score(files.map((f) => path.basename(f)));
    const mismatches = files.flatMap((f, i) => {
      const loaded = loadUnitFile(f);
      const report = assessUnit({ name: loaded.name, document: loaded.document }, { release, mode: 'live' });
      return differences({ report }, { file: f, ...theirs[i]! });
    });
    expect(mismatches).toEqual([]);
  });
});
