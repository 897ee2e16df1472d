/**
 * Generated typed service models, rendered, must pass the real `systemd-analyze verify` of every
 * available release without a single warning about their content.
 *
 * Ignored (outside our control, documented): messages about dependency units that do not exist in
 * the oracle's isolated unit path ("Unit sysinit.target not found", "Failed to create …/start", "service …
 * not loaded, socket cannot be started"), and the kernel's lack of IPv6 on the test machine.
 * Everything else (unknown keys, values systemd fails to parse, bad command lines …) fails the test.
 *
 * Sizes: env VERIFY_UNITS services per release (default 2000; `npm run verify:sweep` runs 50,000).
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toDocument } from '../../lib/unit/typed';
import { renderDocument } from '../../lib/unit/render';
import { serviceModelArbitrary, socketModelArbitrary, timerModelArbitrary } from './typed/arbitraries';
import { oraclesForTests, runOracleCommand, type OracleSuite } from '../support/oracle';

const UNITS = Number(process.env.VERIFY_UNITS ?? 2000);
const BATCH = 400;

/** Lines about things outside the generated unit's content. */
const IGNORED = [/Unit \S+ not found\.?$/, /Failed to create \S+\/start: /, /not loaded, socket cannot be started/, /Binding to IPv6 address not available since kernel does not support IPv6/, /^\s*$/];

function writeUnits(dir: string, count: number, release: number, seed: number): string[] {
  const services = fc.sample(serviceModelArbitrary({ release }), { numRuns: count, seed }).map((m, i) => {
    const file = path.join(dir, `gen-${i}.service`);
    fs.writeFileSync(file, renderDocument(toDocument(m)));
    return file;
  });
  // Sockets and timers too (a tenth as many each), activating services that are not part of the run.
  const others = (['socket', 'timer'] as const).flatMap((kind) =>
    fc.sample<import('../../lib/unit/typed').TypedUnitModel>(kind === 'socket' ? socketModelArbitrary() : timerModelArbitrary(), { numRuns: Math.ceil(count / 10), seed }).map((m, i) => {
      const file = path.join(dir, `gen-${i}.${kind}`);
      fs.writeFileSync(file, renderDocument(toDocument(m, { kind })));
      return file;
    }),
  );
  return [...services, ...others];
}

function verify(suite: OracleSuite, files: string[]): string[] {
  const problems: string[] = [];
  for (let i = 0; i < files.length; i += BATCH) {
    const run = runOracleCommand(suite, ['verify', '--man=no', ...files.slice(i, i + BATCH)]);
    for (const line of `${run.stdout}\n${run.stderr}`.split('\n')) if (!IGNORED.some((re) => re.test(line))) problems.push(line);
  }
  return problems;
}

const suites = oraclesForTests();
const run = suites.length > 0 ? describe : describe.skip;

run('generated units pass systemd-analyze verify', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-systemd-verify-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(suites.length > 0 ? suites : [{ suite: 'host' as OracleSuite, release: '252' as const }])('$suite (systemd $release)', ({ suite, release }) => {
    const count = UNITS;
    const sub = fs.mkdtempSync(path.join(dir, `${suite}-`));
    const files = writeUnits(sub, count, Number(release), 4242 + Number(release));
    const problems = verify(suite, files);
    expect(problems.slice(0, 20)).toEqual([]);
    // The check really runs: a unit with an unknown key is reported.
    const bad = path.join(sub, 'zz-bad.service');
    fs.writeFileSync(bad, '[Service]\nExecStart=/bin/true\nBogusKey=1\n');
    expect(verify(suite, [bad]).join('\n')).toMatch(/Unknown key .?BogusKey/);
  });
});
