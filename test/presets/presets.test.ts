/**
 * Every preset meets its documented budget on every supported release, and the score the constructs
 * report is what the real systemd-analyze of that release says about the synthesized file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SystemdService } from '../../lib/constructs';
import { SUPPORTED_RELEASES, assessUnit } from '../../lib/exposure';
import { budgetToTenths } from '../../lib/policy/budget';
import * as presets from '../../presets';
import type { Preset } from '../../presets';
import { hostFor, validationErrors } from '../constructs/helpers';
import { oraclesForTests, runOracle } from '../support/oracle';

const cases: Array<[string, Preset]> = [
  ['strict', presets.strict()],
  ['networkService', presets.networkService({ ports: [8080] })],
  ['networkService (port 80)', presets.networkService({ ports: [80] })],
  ['batch', presets.batch({ outputDirectories: ['out'] })],
];

describe.each(cases)('preset %s', (_label, preset) => {
  it('gives a reason for every setting', () => {
    for (const [key, setting] of Object.entries(preset.settings)) {
      expect([key, (setting?.reason ?? '').length > 10]).toEqual([key, true]);
    }
  });

  it.each([...SUPPORTED_RELEASES])('meets its budget on systemd %s, offline and live, and synth passes', (release) => {
    const { stack, host } = hostFor(release);
    const svc = new SystemdService(host, 'svc', { preset, service: { ExecStart: ['/usr/bin/sleep infinity'] } });
    const { offline, live } = svc.budgetVerdicts;
    expect(offline.report.exposure).toBe(assessUnit({ name: 'svc.service', document: svc.document }, { release }).exposure);
    expect(offline.report.exposure).toBeLessThanOrEqual(budgetToTenths(preset.budget));
    expect(live.report.exposure).toBeLessThanOrEqual(budgetToTenths(preset.budget));
    expect(validationErrors(stack)).toEqual([]);
  });

  it.each(oraclesForTests())('is scored by the real systemd-analyze ($suite) exactly as the constructs report', ({ suite, release }) => {
    const { host } = hostFor(release);
    const svc = new SystemdService(host, 'svc', { preset, service: { ExecStart: ['/usr/bin/sleep infinity'] } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preset-'));
    const file = path.join(dir, 'svc.service');
    fs.writeFileSync(file, svc.text);
    const [oracle] = runOracle(suite, [file]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(oracle && 'exposure' in oracle ? oracle.exposure : oracle).toBe(svc.budgetVerdicts.offline.report.exposure);
  });
});
