/**
 * Writes the SARIF log of a stack a batch of units at a time: the same bytes as
 * `JSON.stringify(sarifReport(units), null, 2)`, without holding every result of a large stack (the
 * largest of the reports: ~8 KB of results per unit) at once.
 */
import { SUPPORTED_RELEASES, type SystemdRelease } from '../exposure';
import { StreamedArray, writeJsonFile } from './json-file';
import { checkRules } from './rules';
import { sarifReport, type SarifUnit } from './sarif';

/** Units per batch: enough that the rules (made once per batch) cost little. */
const BATCH = 256;

const ruleIds = (releases: readonly SystemdRelease[]): string => checkRules(releases).map((r) => r.id).join('\n');

/**
 * Whether every set of releases gives the same rule list: then a batch's rule indexes are those of
 * the whole log. (True while the releases share one check table; otherwise the log is made whole.)
 */
function rulesIndependentOfReleases(): boolean {
  const all = ruleIds(SUPPORTED_RELEASES);
  return SUPPORTED_RELEASES.every((r) => ruleIds([r]) === all);
}

/** Writes `sarifReport(units)` to `file` as `JSON.stringify(…, null, 2)` and a newline would. */
export function writeSarifFile(file: string, units: readonly SarifUnit[]): void {
  if (units.length <= BATCH || !rulesIndependentOfReleases()) {
    writeJsonFile(file, sarifReport(units));
    return;
  }
  // the log of one unit per release has the whole log's head (rules, columnKind …); results follow in batches
  const firstOfRelease = new Map<SystemdRelease, SarifUnit>();
  for (const u of units) if (!firstOfRelease.has(u.offline.release)) firstOfRelease.set(u.offline.release, u);
  const head = sarifReport([...firstOfRelease.values()]);
  const run = head.runs[0]!;
  function* batches(): Generator<SarifLog['runs'][number]['results']> {
    for (let i = 0; i < units.length; i += BATCH) yield sarifReport(units.slice(i, i + BATCH)).runs[0]!.results;
  }
  writeJsonFile(file, { ...head, runs: [{ ...run, results: new StreamedArray(batches()) }] });
}

type SarifLog = ReturnType<typeof sarifReport>;
