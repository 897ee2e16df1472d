/**
 * The install script a deploy resource runs on its host (POSIX sh, as root): a few per-unit
 * parameters followed by one fixed program, {@link INSTALL_PROGRAM}, the same for every unit (so a
 * stack can ship it once, see `installProgramReference`).
 *
 * 1. Takes the unit's lock and records that its owner (the deploy slot) holds the unit path, so that
 *    another slot's removal (an older deployment of the same path) leaves it alone.
 * 2. Decodes the text and checks its SHA-256, so the host gets the synthesized bytes or nothing.
 * 3. Checks it with the host's `systemd-analyze verify --man=no` and, with a budget, offline
 *    `security --threshold`; a drop-in is checked merged with the unit it overrides, which must exist.
 * 4. Unchanged content: nothing is rewritten or restarted. Changed: written atomically, daemon-reload,
 *    live score checked, units enabled and (re)started; "started" means still active, with the same
 *    invocation, after the settle time (or ready, for services with a readiness protocol).
 * 5. Any failure after the file changed restores the previous file, its enablement, and the previous
 *    running state (the previous version started again if it was running). Staged and temporary
 *    files are removed on every path.
 */
import { checkPlan, type DeployPlan } from './plan';
import { STAGING_DIRECTORY, contentSha256 } from './host-paths';
import { assertOnlyOwnReferences, checkOwner, ownerLine, prelude, type OwnerExpression } from './script-prelude';
import { base64Lines, shellQuote, unitList } from './shell';

/** Where the script gets the unit text from. */
export type ContentSource =
  /** Embedded in the script as base64 (local targets). */
  | { readonly kind: 'inline' }
  /** A base64 file uploaded beforehand (SSH targets' `file` provisioner); removed by the script. */
  | { readonly kind: 'staged'; readonly path: string };

/** Inputs of {@link installScript}. */
export interface InstallScriptOptions {
  readonly plan: DeployPlan;
  /** Identifies the owner of the unit path on the host, the deploy slot (see {@link OwnerExpression}). */
  readonly owner: OwnerExpression;
  readonly source: ContentSource;
}

/** The whole install script of one unit: its parameters, then the install program. */
export function installScript(o: InstallScriptOptions): string {
  const p = installParameters(o);
  return `${p.fixed}${p.references}\n${INSTALL_PROGRAM}`;
}

/**
 * The per-unit part of the install script: the lock, the claim, and shell variables the install
 * program reads. `fixed` holds no user text but checked names, numbers and base64, and no Terraform
 * reference; `references` (one line each, to come after it) holds the owner and the staged path,
 * the only Terraform references. They are apart because cdktf re-parses a string from its first
 * `${` on, which for a whole script costs much time and memory at synth.
 */
export function installParameters(o: InstallScriptOptions): { readonly fixed: string; readonly references: string } {
  const plan = o.plan;
  const { unit, dropIn } = checkPlan(plan);
  checkOwner(o.owner);
  if (o.source.kind === 'staged' && !/^[A-Za-z0-9_./${}-]+$/.test(o.source.path)) throw new Error(`bad staged path '${o.source.path}'`);
  const staged = o.source.kind === 'staged' ? o.source.path : '';
  const fixed = [
    ...prelude({ title: `install ${plan.installPath}`, unit, installPath: plan.installPath }),
    `dropin=${shellQuote(dropIn ?? '')}`,
    `sha=${contentSha256(plan.content)}`,
    `budget=${plan.budgetTenths ?? ''}`,
    `settle=${plan.settleSeconds}`,
    `enable_units=${unitList(plan.enableUnits)}`,
    `run_units=${unitList(plan.runUnits)}`,
    `stop_first=${unitList(plan.stopFirst ?? [])}`,
    `live_units=${unitList(plan.liveUnits)}`,
    `activation=${plan.activation}`,
    // base64 only: inert for Terraform and for sh
    `content_b64=${o.source.kind === 'inline' ? `'${base64Lines(plan.content)}'` : "''"}`,
    `policy_b64=${plan.securityPolicy !== undefined ? `'${base64Lines(plan.securityPolicy)}'` : "''"}`,
    '',
  ].join('\n');
  const references = `staged=${shellQuote(staged)}\n${ownerLine(o.owner)}`;
  assertOnlyOwnReferences(fixed, []);
  assertOnlyOwnReferences(references, [o.owner, staged]);
  return { fixed, references };
}

/**
 * The install program: fixed text, the same for every unit, reading the parameters above. It holds
 * no Terraform template opener (checked below), so it can travel as a Terraform value of its own.
 */
export const INSTALL_PROGRAM = [
  'work=$(mktemp -d "' + STAGING_DIRECTORY + '/work.XXXXXX") || fail "cannot create a work folder"',
  'newtmp=""',
  'cleanup() { rm -rf "$work"; if [ -n "$newtmp" ]; then rm -f "$newtmp"; fi; if [ -n "$staged" ]; then rm -f "$staged"; fi; }',
  'trap cleanup EXIT',
  "trap 'exit 1' HUP INT TERM",
  // The claim comes first: from now on another owner's removal leaves this unit alone.
  'printf "%s\\n" "$owner" > "$claim.new" && mv -f "$claim.new" "$claim" || fail "cannot record the claim on $target"',
  'if [ -n "$staged" ]; then',
  '  base64 -d < "$staged" > "$work/new" || fail "cannot decode the staged file $staged"',
  'else',
  '  printf "%s" "$content_b64" | base64 -d > "$work/new" || fail "cannot decode the unit text"',
  'fi',
  'printf "%s  %s\\n" "$sha" "$work/new" | sha256sum -c --status || fail "the text to install differs from the synthesized unit (SHA-256 mismatch)"',
  'policy_arg=""',
  'if [ -n "$policy_b64" ]; then printf "%s" "$policy_b64" | base64 -d > "$work/policy.json" && policy_arg="--security-policy=$work/policy.json" || fail "cannot decode the security policy"; fi',
  'if [ -n "$dropin" ]; then',
  // the overridden unit's own file plus the new drop-in: verify and security see the merged unit
  '  load=$(systemctl show -P LoadState -- "$unit" 2>/dev/null || true)',
  '  [ "$load" = loaded ] || fail "cannot install drop-in $dropin: $unit is not installed on this host (LoadState=$load)"',
  '  fragment=$(systemctl show -P FragmentPath -- "$unit" 2>/dev/null || true)',
  '  [ -n "$fragment" ] && [ -f "$fragment" ] || fail "cannot install drop-in $dropin: $unit has no unit file"',
  '  mkdir -p "$work/check/$unit.d" && cp "$fragment" "$work/check/$unit" && cp "$work/new" "$work/check/$unit.d/$dropin" || fail "cannot stage the check copy"',
  'else',
  '  mkdir "$work/check" && cp "$work/new" "$work/check/$unit" || fail "cannot stage the check copy"',
  'fi',
  'say "verifying $unit"',
  'systemd-analyze verify --man=no "$work/check/$unit" || fail "systemd-analyze verify refused the unit"',
  // $policy_arg is empty or one word without blanks: unquoted on purpose
  'security() { systemd-analyze security --threshold="$budget" $policy_arg "$@" > "$work/security.txt" 2>&1 || { cat "$work/security.txt" >&2; return 1; }; }',
  'if [ -n "$budget" ]; then',
  '  say "checking offline exposure of $unit against budget $budget tenths"',
  '  security --offline=true "$work/check/$unit" || fail "offline exposure over budget ($budget tenths)"',
  'fi',
  'prop() { systemctl show -P "$2" -- "$1" 2>/dev/null || true; }',
  'in_list() { case " $2 " in *" $1 "*) return 0;; esac; return 1; }',
  // Started: a oneshot finished with success; a service with a readiness protocol is active (restart
  // waited for it); others must still be active, same invocation, after the settle time.
  'running_ok() {',
  '  t=$(prop "$1" Type)',
  '  if [ "$t" = oneshot ]; then [ "$(prop "$1" Result)" = success ]; return; fi',
  '  inv=$(prop "$1" InvocationID)',
  '  case "$t" in simple|exec|idle) sleep "$settle";; esac',
  '  [ "$(prop "$1" ActiveState)" = active ] && [ "$(prop "$1" InvocationID)" = "$inv" ]',
  '}',
  'start_unit() {',
  '  for s in $stop_first; do systemctl stop -- "$s" || true; done',
  // a failed attempt counts against the start rate limit; the previous version must still get its turn
  '  systemctl reset-failed -- "$1" 2>/dev/null || true',
  '  systemctl restart -- "$1" && running_ok "$1"',
  '}',
  'installed=no; touched=""; was_active=""; was_enabled=""; stopped_first=""',
  'for u in $run_units $stop_first; do if systemctl is-active --quiet -- "$u"; then was_active="$was_active $u"; fi; done',
  'for u in $enable_units; do if [ "$(systemctl is-enabled -- "$u" 2>/dev/null || true)" = enabled ]; then was_enabled="$was_enabled $u"; fi; done',
  'had_previous=no',
  'if [ -f "$target" ]; then cp -p "$target" "$work/previous" && had_previous=yes || fail "cannot keep a copy of $target"; fi',
  'rollback() {',
  '  say "$unit: $1; rolling back"',
  // disable removes every symlink to the unit, so it runs while the new file is still there
  '  for u in $enable_units; do in_list "$u" "$was_enabled" || systemctl disable --quiet -- "$u" 2>/dev/null || true; done',
  '  if [ "$installed" = yes ]; then',
  '    if [ "$had_previous" = yes ]; then',
  '      newtmp=$(mktemp "$(dirname "$target")/.cdktf-XXXXXX") && cp -p "$work/previous" "$newtmp" && mv -f "$newtmp" "$target" && newtmp=""',
  '    else',
  '      rm -f "$target"',
  '      if [ -n "$dropin" ]; then rmdir "$(dirname "$target")" 2>/dev/null || true; fi',
  '    fi',
  '    systemctl daemon-reload || true',
  '  fi',
  '  for u in $was_enabled; do systemctl reenable --quiet -- "$u" 2>/dev/null || true; done',
  '  for u in $touched; do',
  '    if in_list "$u" "$was_active"; then start_unit "$u" || say "$u: the previous version did not come back up"',
  '    else systemctl stop -- "$u" 2>/dev/null || true; fi',
  '  done',
  '  for s in $stopped_first; do if in_list "$s" "$was_active"; then systemctl start -- "$s" || true; fi; done',
  '  exit 1',
  '}',
  'changed=yes',
  'if [ "$had_previous" = yes ] && cmp -s "$work/new" "$target"; then changed=no; say "$target unchanged"; fi',
  'if [ "$changed" = yes ]; then',
  '  mkdir -p "$(dirname "$target")" || fail "cannot create $(dirname "$target")"',
  '  newtmp=$(mktemp "$(dirname "$target")/.cdktf-XXXXXX") || fail "cannot create a temporary file beside $target"',
  '  installed=yes',
  '  cp "$work/new" "$newtmp" && chmod 0644 "$newtmp" && mv -f "$newtmp" "$target" || rollback "cannot write $target"',
  '  newtmp=""',
  '  systemctl daemon-reload || rollback "daemon-reload failed"',
  'fi',
  'if [ -n "$budget" ]; then',
  '  for u in $live_units; do',
  '    say "checking live exposure of $u"',
  '    security -- "$u" || rollback "live exposure of $u over budget ($budget tenths)"',
  '  done',
  'fi',
  // reenable: exactly the symlinks the new [Install] asks for
  'if [ "$changed" = yes ]; then enable=reenable; else enable=enable; fi',
  'for u in $enable_units; do systemctl "$enable" --quiet -- "$u" || rollback "systemctl $enable $u failed"; done',
  'case "$activation" in',
  '  start)',
  '    for u in $run_units; do',
  '      if [ "$changed" = yes ] || ! systemctl is-active --quiet -- "$u"; then',
  '        touched="$touched $u"; stopped_first="$stop_first"',
  '        say "starting $u"',
  '        start_unit "$u" || { systemctl status --no-pager -- "$u" >&2 || true; rollback "$u did not start and stay up"; }',
  '      fi',
  '    done;;',
  '  try-restart)',
  '    for u in $run_units; do',
  '      if [ "$changed" = yes ] && systemctl is-active --quiet -- "$u"; then',
  '        touched="$touched $u"',
  '        say "restarting $u"',
  '        start_unit "$u" || { systemctl status --no-pager -- "$u" >&2 || true; rollback "$u did not restart and stay up"; }',
  '      fi',
  '    done;;',
  'esac',
  // Units managed before but no longer (an instance dropped from the list): stopped and disabled.
  'if [ -f "$claim.units" ]; then for u in $(cat "$claim.units"); do in_list "$u" "$run_units $enable_units" || systemctl disable --now --quiet -- "$u" 2>/dev/null || true; done; fi',
  'printf "%s\\n" "$run_units $enable_units" > "$claim.units"',
  'say "installed $target"',
  '',
].join('\n');

assertOnlyOwnReferences(INSTALL_PROGRAM, []);
