/**
 * `score` expands host specifiers (%H %v %m %b %o %w …) to the facts of the machine it runs on, as the
 * real `systemd-analyze security --offline=true` does. Judged by the host's own tool on paths whose
 * validity depends on the expansion: a path component of exactly 255 bytes once the machine's hostname
 * (kernel release, machine id, os-release fields) is put in loads, one byte more is refused. With
 * made-up facts (the scorer's defaults) the verdicts would follow the made-up lengths instead.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isSystemdRelease } from '../../lib/exposure/release';
import { readMachineFacts } from '../../lib/unit/machine-facts';
import { oracleRelease, runOracleCommand } from '../support/oracle';
import { builtCli, runCli } from './built-cli';
import { blankTextDescriptions } from './systemd-output';

const ENV = { LANG: 'C.UTF-8', TERM: 'dumb', SYSTEMD_EMOJI: '0' };
const host = oracleRelease('host');
const describeHost = host !== undefined && isSystemdRelease(host) ? describe : describe.skip;

/** Unit files whose one path component is `fill` + the specifier: 255 bytes expanded, and 256. */
function unitsAround(dir: string, directive: string, specifier: string, expanded: string): string[] {
  const fill = Math.max(1, 255 - Buffer.byteLength(expanded));
  return [0, 1].map((extra) => {
    const file = path.join(dir, `${directive.toLowerCase()}-${specifier.replace('%', '')}-${extra}.service`);
    fs.writeFileSync(file, `[Service]\nExecStart=/bin/true\n${directive}=/${'a'.repeat(fill + extra)}${specifier}\n`);
    return file;
  });
}

describeHost("score expands host specifiers to this machine's facts, as the host's systemd-analyze does", () => {
  beforeAll(() => builtCli(), 120_000);
  const facts = readMachineFacts();
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['WorkingDirectory', '%H', facts.hostname],
    ['RootDirectory', '%v', facts.kernelRelease],
    ['WorkingDirectory', '%m', facts.machineId],
    ['RootDirectory', '%o', facts.osRelease.ID ?? ''],
    ['WorkingDirectory', '%w', facts.osRelease.VERSION_ID ?? ''],
  ];

  test.each(cases)('%s=…%s: same verdict, text and exit status as the real tool', async (directive, specifier, expanded) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'host-facts-'));
    try {
      const files = unitsAround(dir, directive, specifier, expanded);
      for (const file of files) {
        const ours = await runCli(['score', file], { env: ENV, timeoutMs: 60_000 });
        const theirs = runOracleCommand('host', ['security', '--offline=true', file], ENV);
        expect(ours.status).toBe(theirs.status);
        expect(blankTextDescriptions(ours.stdout)).toEqual(blankTextDescriptions(theirs.stdout));
      }
      // the pair straddles the limit for the real tool: the shorter loads, the longer is refused
      const statuses = files.map((f) => runOracleCommand('host', ['security', '--offline=true', f], ENV).status);
      if (expanded !== '') expect(statuses).toEqual([0, 1]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
