/**
 * The JSON report lists, for a service over budget, the planner's smallest fix — the same plan the
 * synth error prints — and the real systemd-analyze agrees that the unit with those lines added has
 * the exposure the report predicts after the last one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { oraclesForTests, runOracle } from '../support/oracle';
import { failingApp, stackJson, tempDir } from './helpers';

describe('exposure-report.json: fixes of services over budget', () => {
  it.each(oraclesForTests())('lists the plan, and systemd $release reads the fixed unit as predicted ($suite)', ({ suite, release }) => {
    const outdir = tempDir('report-fixes');
    try {
      const { app, stackDir } = failingApp(outdir, release);
      app.synth();
      const units = stackJson(stackDir).units;
      const plain = units.find((u) => u.unit === 'plain.service')!;
      expect(plain.ok).toBe(false);
      const fixes = plain.fixes!;
      expect(fixes.length).toBeGreaterThan(0);
      for (const f of fixes) {
        expect(f.set.length).toBeGreaterThan(0);
        expect(f.checks.length).toBeGreaterThan(0);
        expect(['free', 'may-break', 'decision']).toContain(f.breakage);
      }
      expect(fixes[fixes.length - 1]!.exposure_after).toBeLessThanOrEqual(plain.budget);
      // units within budget carry no fixes
      for (const u of units.filter((x) => x.ok)) expect(u.fixes).toBeUndefined();

      const original = fs.readFileSync(path.join(stackDir, 'units', 'h1', 'plain.service'), 'utf8');
      const fixed = path.join(outdir, 'plain.service');
      fs.writeFileSync(fixed, original.replace('[Service]\n', `[Service]\n${fixes.flatMap((f) => f.set).join('\n')}\n`));
      const [real] = runOracle(suite, [fixed]);
      if (!real || 'error' in real) throw new Error(`systemd ${release} did not score the fixed unit: ${real ? real.error : 'no result'}`);
      expect(real.exposure / 10).toBe(fixes[fixes.length - 1]!.exposure_after);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);
});
