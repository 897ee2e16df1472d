/**
 * Turns the jest JSON report of the Terraform deploy suites into README's fault-matrix table:
 * one row per scenario, one column per systemd release and target.
 *   npx tsx scripts/deploy-matrix-table.ts REPORT.json
 */
import * as fs from 'node:fs';

interface Assertion {
  readonly ancestorTitles: readonly string[];
  readonly title: string;
  readonly status: string;
  readonly duration?: number | null;
}
interface Report {
  readonly testResults: ReadonlyArray<{ readonly assertionResults: readonly Assertion[] }>;
}

const report = JSON.parse(fs.readFileSync(process.argv[2] ?? '/tmp/terraform-full.json', 'utf8')) as Report;
const columns = new Map<string, string>();
const rows = new Map<string, Map<string, string>>();
for (const a of report.testResults.flatMap((t) => t.assertionResults)) {
  const m = /\((bookworm|trixie|sid), (local|ssh) target\)/.exec(a.ancestorTitles[0] ?? '');
  if (!m) continue;
  const release = { bookworm: '252', trixie: '257', sid: '262' }[m[1] as 'bookworm' | 'trixie' | 'sid'];
  const column = `${release} ${m[2]}`;
  columns.set(column, column);
  const scenario = [...a.ancestorTitles.slice(1), a.title].join(': ');
  const row = rows.get(scenario) ?? new Map<string, string>();
  row.set(column, a.status === 'passed' ? 'pass' : a.status === 'failed' ? '**FAIL**' : '—');
  rows.set(scenario, row);
}
const cols = [...columns.keys()].sort();
const lines = [`| scenario | ${cols.join(' | ')} |`, `|---|${cols.map(() => '---').join('|')}|`];
for (const [scenario, row] of rows) lines.push(`| ${scenario} | ${cols.map((c) => row.get(c) ?? '—').join(' | ')} |`);
process.stdout.write(lines.join('\n') + '\n');
