/**
 * The order in which `systemd-analyze security` prints a report's rows (text and JSON alike): sorted
 * by systemd's own description text, descending, then by name (spec f.3). Each row's text is known by
 * its variant (row-variant.ts) and placed by the release's rank table (row-ranks/), taken from the
 * real tool; format-report.ts's systemdSort() applies systemd's comparator and sort.
 *
 * A `--security-policy` may replace a generic text with its own (description_good/bad/na). Such a
 * text is compared with systemd's texts, which are not kept here: an empty text sorts last, as it
 * does in systemd; any other is placed where the generic text it replaces would be (an approximation).
 */
import type { UnitDocument } from '../unit/model';
import { splitUnitName } from '../unit/unit-name';
import { systemdSort } from './format-report';
import type { AssessOptions, CheckResult, ExposureReport } from './index';
import { BUILTIN_POLICY, type CheckOverride, type SecurityPolicy } from './policy';
import { RELEASE_DATA } from './releases';
import { perRelease } from './per-release';
import { ROW_RANKS } from './row-ranks';
import { isGenericVariant, rowVariant } from './row-variant';
import { recordOf } from './report-records';
import { buildSecurityRecord } from './security-record';

/** Each check's rank table by variant (in the release's check order), made once per release. */
const ranksByCheck = perRelease((data): ReadonlyArray<ReadonlyMap<string, number>> => {
  const ranks = ROW_RANKS[data.release];
  const byField = new Map<string, Map<string, number>>();
  for (const [key, rank] of Object.entries(ranks)) {
    const space = key.indexOf(' ');
    const field = key.slice(0, space);
    let variants = byField.get(field);
    if (variants === undefined) byField.set(field, (variants = new Map()));
    variants.set(key.slice(space + 1), rank);
  }
  return data.checks.map((c) => byField.get(c.jsonField) ?? new Map<string, number>());
});

/** Below every rank: an empty policy text (the smallest string). */
const EMPTY_TEXT_RANK = 0;

function policyText(o: CheckOverride | undefined, variant: 'good' | 'bad' | 'na'): string | undefined {
  if (o === undefined) return undefined;
  return variant === 'good' ? o.descriptionGood : variant === 'bad' ? o.descriptionBad : o.descriptionNa;
}

/**
 * The report's rows in systemd-analyze's order. `unit` and `options` are what assessUnit() made the
 * report from (the document with its drop-ins merged, the file, the policy and host).
 */
export function systemdRowOrder(report: ExposureReport, unit: { document: UnitDocument; file?: string }, options: AssessOptions = {}): CheckResult[] {
  const data = RELEASE_DATA[report.release];
  const ranks = ranksByCheck(data);
  const policy: SecurityPolicy = options.policy ?? BUILTIN_POLICY;
  // The record assessUnit() built: kept beside the report, or built again the same way.
  const record = recordOf(report, unit.document, unit.file, options.host) ?? buildSecurityRecord({
    unit: report.unit, parsedName: splitUnitName(report.unit), document: unit.document, data, scope: report.scope,
    ...(options.host ? { host: options.host } : {}),
    ...(unit.file !== undefined ? { fragmentPath: unit.file } : {}),
  });
  const keys = report.checks.map((row, i): number | null => {
    const check = data.checks[i]!;
    const variant = rowVariant(check, row.badness, row.weight, record, data);
    if (variant === 'partial') return null;
    if (isGenericVariant(variant) && policyText(policy.overrides[check.jsonField], variant) === '') return EMPTY_TEXT_RANK;
    const rank = ranks[i]!.get(variant);
    if (rank === undefined) throw new Error(`no row rank for ${check.jsonField} ${variant} on systemd ${report.release} (run scripts/gen-row-ranks.ts)`);
    return rank;
  });
  return systemdSort(report.checks, keys, data.parse.emptyDescriptionOrder);
}
