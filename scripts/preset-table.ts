/**
 * Prints the README's preset table: each preset's offline and live exposure per supported release,
 * as the constructs compute it for a service with only an ExecStart= of its own.
 * Run: npx tsx scripts/preset-table.ts
 */
import { SystemdHost, SystemdService, SystemdStack } from '../lib/constructs';
import { Testing } from '../lib/constructs/cdktf';
import { SUPPORTED_RELEASES, formatExposure } from '../lib/exposure';
import * as presets from '../presets';

const cases = [
  ['strict()', presets.strict()],
  ['networkService({ ports: [8080] })', presets.networkService({ ports: [8080] })],
  ['networkService({ ports: [443] })', presets.networkService({ ports: [443] })],
  ['batch()', presets.batch()],
] as const;

const header = ['preset', 'budget', ...SUPPORTED_RELEASES.map((r) => `systemd ${r} offline / live`)];
const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
for (const [label, preset] of cases) {
  const cells = SUPPORTED_RELEASES.map((release) => {
    const stack = new SystemdStack(Testing.app(), 's');
    const host = new SystemdHost(stack, 'h', { target: { type: 'local' }, systemd: release });
    const { offline, live } = new SystemdService(host, 'svc', { preset, service: { ExecStart: ['/usr/bin/true'] } }).budgetVerdicts;
    return `${formatExposure(offline.report.exposure)} / ${formatExposure(live.report.exposure)}`;
  });
  lines.push(`| \`${label}\` | ${preset.budget.toFixed(1)} | ${cells.join(' | ')} |`);
}
process.stdout.write(lines.join('\n') + '\n');
