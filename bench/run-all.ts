/**
 * `npm run bench`: every benchmark in one run, each in a process of its own, with the date, the
 * machine and the load average before each part (the machine may be shared; figures are noisy):
 *
 * 1. the in-process scorer against the real tool (bench/score.ts, `bench:score`);
 * 2. the whole-process CLI against the real tool, batched and one process per unit (bench/cli.ts);
 * 3. synth of 1,000 and 10,000 services with peak RSS, and synth failing on 100 services over budget
 *    (`npm run bench:synth`).
 *
 * `npm run bench` builds the package and the benchmarks first.
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';

const HERE = __dirname;
const ROOT = path.resolve(HERE, '../..');

function load(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

function part(title: string, command: string, args: readonly string[]): number {
  process.stdout.write(`\n## ${title}\n\n(${new Date().toISOString()}, load average ${load()})\n\n`);
  const r = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT });
  return r.status ?? 1;
}

process.stdout.write(`# cdktf-systemd benchmarks\n\nnode ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB\n`);
const failed = [
  part('In-process scorer (bench:score)', process.execPath, [path.join(HERE, 'score.js')]),
  part('Whole process: `cdktf-systemd score` against `systemd-analyze security --offline=true` (bench:cli)', process.execPath, [path.join(HERE, 'cli.js')]),
  part('Synth of 1,000 and 10,000 services, and of 100 over budget (bench:synth)', 'npm', ['run', '--silent', 'bench:synth', '--', '1000', '10000', '--over-budget', '100']),
].filter((status) => status !== 0).length;
process.stdout.write(`\n(done ${new Date().toISOString()}, load average ${load()})\n`);
process.exitCode = failed === 0 ? 0 : 1;
