/**
 * One SARIF rule per exposure check, keyed by systemd's json_field. The texts are the scorer's own
 * (lib/exposure/explanations.ts) and the machine-applicable fix with what it may break
 * (lib/policy/fixes.ts), so that the report, the synth errors and the CLI say the same thing.
 */
import { SUPPORTED_RELEASES, type SystemdRelease } from '../exposure';
import { explanationOf } from '../exposure/explanations';
import { RELEASE_DATA } from '../exposure/releases';
import { CHECK_FIXES, describeFix } from '../policy/fixes';
import type { SarifRule } from './sarif-types';

/** The help of a check: what to change, the setting that does it, and what it may break. */
export function checkHelp(jsonField: string, fixText: string): { text: string; markdown: string } {
  const fix = CHECK_FIXES[jsonField];
  const text = [fixText, fix ? `Setting: ${describeFix(fix)}.` : 'No single setting fixes it: it needs a decision (see the man page).', fix?.caveat ? `May break: ${fix.caveat}.` : ''].filter(Boolean).join(' ');
  const markdown = [fixText, fix ? `**Setting:** \`${describeFix(fix)}\`` : '**Setting:** none fixes it alone; it needs a decision (see the man page).', fix?.caveat ? `**May break:** ${fix.caveat}.` : ''].filter(Boolean).join('\n\n');
  return { text, markdown };
}

/**
 * The rules of every check that the given releases score, newest release's table order first (checks
 * only an older release has come after). Deterministic for the same releases.
 */
export function checkRules(releases: readonly SystemdRelease[]): SarifRule[] {
  const rules: SarifRule[] = [];
  const seen = new Set<string>();
  for (const release of [...SUPPORTED_RELEASES].reverse()) {
    if (!releases.includes(release)) continue;
    for (const check of [...RELEASE_DATA[release].checks].sort((a, b) => a.order - b.order)) {
      if (seen.has(check.jsonField)) continue;
      seen.add(check.jsonField);
      const texts = explanationOf(check);
      rules.push({
        id: check.jsonField,
        name: check.name,
        shortDescription: { text: texts.bad },
        fullDescription: { text: texts.why },
        help: checkHelp(check.jsonField, texts.fix),
        helpUri: texts.man,
        defaultConfiguration: { level: 'warning' },
        properties: { tags: ['security', 'systemd', 'hardening'] },
      });
    }
  }
  return rules;
}
