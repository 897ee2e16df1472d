/**
 * Reports and CI gates of a stack's exposure: the JSON, Markdown, HTML and SARIF reports, the
 * baseline ratchet, release drift and diffs. Depends on the scorer and the policy layer, never on
 * cdktf (constructs call it at synth; the CLI calls the same functions).
 */
export { sarifReport, sarifUnitsOf, sarifLevel, SARIF_SCHEMA, SARIF_LEVEL_SHARES, SRCROOT, STACKDIR, type SarifUnit, type SarifAcknowledgement, type SarifOptions } from './sarif';
export type { SarifLog, SarifRun, SarifResult, SarifRule, SarifLevel, SarifLocation, SarifSuppression } from './sarif-types';
export { checkRules, checkHelp } from './rules';
export { reportHtml, type HtmlOptions } from './html';
export {
  baselineOf,
  baselineText,
  readBaseline,
  writeBaseline,
  compareBaseline,
  ratchetErrors,
  ratchetNotices,
  BASELINE_FILE,
  WRITE_BASELINE_ENV,
  type Baseline,
  type BaselineScope,
  type BaselineComparison,
} from './baseline';
export { releaseDrift, driftFindings, scoreOnRelease, isRefusal, RELEASE_LABELS, type UnitDrift, type UpgradeDrift, type ReleaseScore, type ReleaseRefusal, type IgnoredDirective } from './drift';
export {
  diffReports,
  diffUnits,
  diffUnitFiles,
  diffSnapshots,
  snapshotOf,
  keyOf,
  compareChecks,
  formatDiff,
  formatCheckChange,
  formatScores,
  type ReportDiff,
  type UnitDiff,
  type UnitVerdict,
  type CheckChange,
  type CheckChangeKind,
  type DiffOptions,
  type ReportedUnit,
  type ReportedUnits,
} from './diff';
export { stackReport, withBaseline, baselineJson, type StackReport, type StackReportJson, type UnitReportJson, type ReleaseScoreJson, type DriftJson, type UpgradeJson, type BaselineJson, type BaselineChangeJson } from './json';
export { stackMarkdown, driftMarkdown, baselineMarkdown } from './markdown';
export { writeStackReports, baselineProblems, unitRatchet, reportedUnits, writeBaselineFromEnv, REPORT_FILES, type StackReportsInput, type BaselineSettings } from './stack-reports';
export { failingChecks, exposureNumber, showExposure, type FailingCheck, type UnitSnapshot } from './snapshot';
export { declarationSite, type SourceLocation } from './source-location';
export type { ReportUnit } from './model';
