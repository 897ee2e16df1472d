/**
 * systemd-analyze's `--security-policy` JSON: per json_field overrides of weight, range and
 * descriptions, parsed with systemd's quirks (spec f.1). Policies that would make systemd abort
 * (a range of 0 or below what the check can score) are rejected instead.
 */
import { SecurityPolicyError } from './errors';
import { DEFAULT_RELEASE, type SystemdRelease } from './release';
import { RELEASE_DATA } from './releases';

/** The override of one check. Absent fields keep the built-in value. */
export interface CheckOverride {
  readonly weight?: number;
  readonly range?: number;
  readonly descriptionGood?: string;
  readonly descriptionBad?: string;
  readonly descriptionNa?: string;
}

/** A parsed policy: overrides keyed by json_field. */
export interface SecurityPolicy {
  readonly overrides: Readonly<Record<string, CheckOverride>>;
}

/** The empty policy (built-in table). */
export const BUILTIN_POLICY: SecurityPolicy = { overrides: {} };

const MAX_U64 = 2 ** 64;

/** An unsigned integer as systemd's JSON reader accepts it (3000.0 counts, 1.5 and -5 do not). */
function unsignedOf(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < MAX_U64 ? v : undefined;
}

/**
 * Parses a policy file's text. Values of the wrong type and unknown keys are ignored like systemd
 * does; a top level that is not an object is ignored (252/257) or an error (262).
 */
export function parseSecurityPolicy(json: string, release: SystemdRelease = DEFAULT_RELEASE): SecurityPolicy {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new SecurityPolicyError(`Failed to parse the security policy: ${(e as Error).message}`);
  }
  const data = RELEASE_DATA[release];
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    if (data.parse.policyNonObject === 'error') {
      throw new SecurityPolicyError(`The security policy must be a JSON object keyed by check (json_field); systemd ${release} refuses other top-level values`);
    }
    return BUILTIN_POLICY;
  }
  const overrides: Record<string, CheckOverride> = {};
  for (const check of data.checks) {
    const entry = (parsed as Record<string, unknown>)[check.jsonField];
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    const e = entry as Record<string, unknown>;
    const range = unsignedOf(e.range);
    if (range !== undefined && range < check.range) {
      throw new SecurityPolicyError(
        `Security policy ${check.jsonField}.range=${range}: must be at least ${check.range}, the most this check can score ` +
          `(systemd-analyze aborts when a badness exceeds the range)`,
      );
    }
    const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    const o: CheckOverride = {
      weight: unsignedOf(e.weight),
      range,
      descriptionGood: str(e.description_good),
      descriptionBad: str(e.description_bad),
      descriptionNa: str(e.description_na),
    };
    overrides[check.jsonField] = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as CheckOverride;
  }
  if (data.checks.every((c) => overrides[c.jsonField]?.weight === 0)) {
    throw new SecurityPolicyError('The security policy gives every check weight 0; systemd-analyze aborts on it (nothing left to score)');
  }
  return { overrides };
}
