/**
 * The install and removal scripts that the deploy resources run on a host (POSIX sh, root).
 *
 * Install is atomic and reversible: the new unit is staged in a temporary directory, checked with the
 * host's own `systemd-analyze verify` and offline `security --threshold`, then renamed into place;
 * after `daemon-reload` the live score is checked against the budget, and the unit is enabled and
 * (re)started. If any step after the rename fails, the previous file (or none) is put back and the
 * manager reloaded, so the previously installed version keeps running.
 *
 * This module knows unit names and text only: nothing of cdktf or of scoring.
 */
import { parseUnitName } from '../unit/unit-name';
import { shellQuote } from './shell';

/** Where units are installed. */
export const UNIT_DIRECTORY = '/etc/systemd/system';
/** Where the `file` provisioner uploads unit text before the install script runs. */
export const STAGING_DIRECTORY = '/var/lib/cdktf-systemd/staging';

/** What to do with a unit once it is installed. */
export type Activation =
  /** `systemctl enable` (when it has an [Install] section) and `systemctl restart`. */
  | 'enable-restart'
  /** Only `daemon-reload` (e.g. a service started by its timer or socket). */
  | 'reload-only';

/** Inputs of {@link installScript}. */
export interface InstallScriptOptions {
  /** Unit name, e.g. `web.service` or `web.service.d/50-override.conf` for a drop-in (see `dropInOf`). */
  readonly unitName: string;
  /** Path of the staged unit text on the host; when `inlineContent` is given it is written there first. */
  readonly stagedPath: string;
  /** The unit text, embedded in the script (local targets, where no file provisioner runs). */
  readonly inlineContent?: string;
  /** Exposure budget in tenths (systemd's `--threshold` scale, 0–100); omitted: no score check. */
  readonly budgetTenths?: number;
  /** Check the live score after daemon-reload (services only; live mode refuses other unit types). */
  readonly liveCheck: boolean;
  readonly activation: Activation;
  /** For a drop-in: the unit it overrides; the script then installs `NAME.d/<file>` and restarts NAME. */
  readonly dropInOf?: string;
  /** Whether the unit has an [Install] section (enable only then). */
  readonly enable: boolean;
  /** systemd `--security-policy` JSON used by both score checks (custom weights, acknowledged checks). */
  readonly securityPolicy?: string;
}

function checkBudget(budget: number | undefined): void {
  if (budget !== undefined && !(Number.isInteger(budget) && budget >= 0 && budget <= 100)) {
    throw new Error(`exposure budget must be an integer number of tenths 0..100, got ${budget}`);
  }
}

/** Base64 of UTF-8 text, split into lines so that no script line gets absurdly long. */
function base64Lines(text: string): string {
  return (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\n');
}

/** The shell script that installs one unit (or drop-in) atomically. */
export function installScript(o: InstallScriptOptions): string {
  checkBudget(o.budgetTenths);
  const unit = o.dropInOf ?? o.unitName;
  parseUnitName(unit);
  const isDropIn = o.dropInOf !== undefined;
  const target = isDropIn ? `${UNIT_DIRECTORY}/${o.dropInOf}.d/${o.unitName}` : `${UNIT_DIRECTORY}/${o.unitName}`;
  const lines: string[] = [
    '#!/bin/sh',
    `# cdktf-systemd: install ${isDropIn ? `drop-in ${o.unitName} of ` : ''}${unit}`,
    'set -eu',
    `unit=${shellQuote(unit)}`,
    `staged=${shellQuote(o.stagedPath)}`,
    `target=${shellQuote(target)}`,
    'work=$(mktemp -d)',
    "trap 'rm -rf \"$work\"' EXIT",
    'say() { printf "cdktf-systemd: %s\\n" "$*" >&2; }',
  ];
  const policyArg = o.securityPolicy !== undefined ? ' --security-policy="$work/policy.json"' : '';
  if (o.securityPolicy !== undefined) {
    lines.push("base64 -d > \"$work/policy.json\" <<'CDKTF_SYSTEMD_EOF'", base64Lines(o.securityPolicy), 'CDKTF_SYSTEMD_EOF');
  }
  if (o.inlineContent !== undefined) {
    lines.push(
      'mkdir -p "$(dirname "$staged")"',
      "base64 -d > \"$staged\" <<'CDKTF_SYSTEMD_EOF'",
      base64Lines(o.inlineContent),
      'CDKTF_SYSTEMD_EOF',
    );
  }
  if (isDropIn) {
    // Check the unit as it will be: the installed unit plus the new drop-in.
    lines.push(
      'mkdir -p "$work/check/$unit.d"',
      'cp "$staged" "$work/check/$unit.d/$(basename "$target")"',
      'if [ -e "/etc/systemd/system/$unit" ]; then cp "/etc/systemd/system/$unit" "$work/check/$unit"; else cp "$(systemctl show -P FragmentPath "$unit")" "$work/check/$unit"; fi',
    );
  } else {
    lines.push('mkdir -p "$work/check"', 'cp "$staged" "$work/check/$unit"');
  }
  lines.push(
    'say "verifying $unit"',
    'systemd-analyze verify "$work/check/$unit"',
  );
  if (o.budgetTenths !== undefined) {
    lines.push(
      `say "checking offline exposure of $unit against budget ${o.budgetTenths / 10}"`,
      `systemd-analyze security --offline=true --threshold=${o.budgetTenths}${policyArg} "$work/check/$unit" >/dev/null`,
    );
  }
  lines.push(
    // From here on, failures must restore the previous file.
    'had_previous=no',
    'if [ -e "$target" ]; then cp -p "$target" "$work/previous"; had_previous=yes; fi',
    'rollback() {',
    '  say "rolling back $target"',
    '  if [ "$had_previous" = yes ]; then cp -p "$work/previous" "$target.cdktf-tmp" && mv -f "$target.cdktf-tmp" "$target"; else rm -f "$target"; fi',
    '  systemctl daemon-reload || true',
    '  exit 1',
    '}',
    'mkdir -p "$(dirname "$target")"',
    'cp "$staged" "$target.cdktf-tmp"',
    'chmod 0644 "$target.cdktf-tmp"',
    'mv -f "$target.cdktf-tmp" "$target"',
    'systemctl daemon-reload || rollback',
  );
  if (o.liveCheck && o.budgetTenths !== undefined) {
    lines.push(
      `say "checking live exposure of $unit against budget ${o.budgetTenths / 10}"`,
      `systemd-analyze security --threshold=${o.budgetTenths}${policyArg} "$unit" >/dev/null || rollback`,
    );
  }
  if (o.activation === 'enable-restart') {
    if (o.enable && !isDropIn) lines.push('systemctl enable "$unit" || rollback');
    lines.push('systemctl restart "$unit" || rollback');
  }
  lines.push('rm -f "$staged"', 'say "installed $target"', '');
  return lines.join('\n');
}

/** Inputs of {@link removeScript}. */
export interface RemoveScriptOptions {
  readonly unitName: string;
  readonly dropInOf?: string;
}

/** The shell script run at destroy time: stop and disable the unit (or drop the drop-in), remove, reload. */
export function removeScript(o: RemoveScriptOptions): string {
  const unit = o.dropInOf ?? o.unitName;
  parseUnitName(unit);
  const isDropIn = o.dropInOf !== undefined;
  const target = isDropIn ? `${UNIT_DIRECTORY}/${o.dropInOf}.d/${o.unitName}` : `${UNIT_DIRECTORY}/${o.unitName}`;
  const lines = [
    '#!/bin/sh',
    `# cdktf-systemd: remove ${isDropIn ? `drop-in ${o.unitName} of ` : ''}${unit}`,
    'set -u',
    `unit=${shellQuote(unit)}`,
    `target=${shellQuote(target)}`,
  ];
  if (!isDropIn) lines.push('systemctl disable --now "$unit" 2>/dev/null || systemctl stop "$unit" 2>/dev/null || true');
  lines.push('rm -f "$target"', 'systemctl daemon-reload');
  if (isDropIn) lines.push('systemctl try-restart "$unit" || true');
  lines.push('');
  return lines.join('\n');
}
