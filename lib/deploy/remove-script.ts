/**
 * The removal script a deploy slot runs at destroy time (POSIX sh, as root). It acts only on what its
 * owner holds: when another owner has claimed the unit path since (a replacement slot, another
 * stack), it leaves the unit alone. An unclaimed path is removed only when the file still holds the
 * bytes of this declaration.
 */
import { checkPlan, type DeployPlan } from './plan';
import { contentSha256 } from './host-paths';
import { assertOnlyOwnReferences, checkOwner, ownerLine, prelude, type OwnerExpression } from './script-prelude';
import { shellQuote, unitList } from './shell';

/** Inputs of {@link removeScript}. */
export interface RemoveScriptOptions {
  readonly plan: DeployPlan;
  readonly owner: OwnerExpression;
  /** A staged upload of this resource that may be left from an interrupted install. */
  readonly stagedPath?: string;
}

/** The shell script that removes one unit (or drop-in) installed by the same resource. */
export function removeScript(o: RemoveScriptOptions): string {
  const p = removeScriptParts(o);
  return `${p.body}${p.tail}`;
}

/**
 * The removal script in two parts: `body`, fixed text with no Terraform reference, and `tail`, the
 * owner and staged path (the references) and the call of the body (see installParameters for why).
 */
export function removeScriptParts(o: RemoveScriptOptions): { readonly body: string; readonly tail: string } {
  const plan = o.plan;
  const { unit, dropIn } = checkPlan(plan);
  checkOwner(o.owner);
  const script = [
    ...prelude({ title: `remove ${plan.installPath}`, unit, installPath: plan.installPath }),
    `sha=${contentSha256(plan.content)}`,
    `run_units=${unitList(plan.runUnits)}`,
    `stop_first=${unitList(plan.stopFirst ?? [])}`,
    // the body runs once the owner and the staged path, the Terraform references, are set at the end
    'remove() {',
    'holder=$(claim_holder)',
    'if [ -n "$holder" ] && [ "$holder" != "$owner" ]; then say "$target: left in place (a newer deployment owns it)"; exit 0; fi',
    'if [ -z "$holder" ] && ! { [ -f "$target" ] && printf "%s  %s\\n" "$sha" "$target" | sha256sum -c --status; }; then',
    '  say "$target: nothing of this deployment to remove"; exit 0',
    'fi',
    ...(dropIn !== undefined
      ? [
          'rm -f "$target"; rmdir "$(dirname "$target")" 2>/dev/null || true',
          'systemctl daemon-reload',
          // the unit now runs without the override
          'systemctl try-restart -- "$unit" || say "$unit did not restart without the drop-in"',
        ]
      : [
          'if [ -f "$claim.units" ]; then run_units="$run_units $(cat "$claim.units")"; fi',
          'for u in $run_units $stop_first; do systemctl stop -- "$u" 2>/dev/null || true; done',
          'systemctl disable --quiet -- "$unit" 2>/dev/null || true',
          'for u in $run_units; do systemctl disable --quiet -- "$u" 2>/dev/null || true; done',
          'rm -f "$target"',
          'systemctl daemon-reload',
          'systemctl reset-failed -- "$unit" 2>/dev/null || true',
        ]),
    'rm -f "$claim" "$claim.units"',
    'say "removed $target"',
    '}',
    '',
  ].join('\n');
  const tail = [...(o.stagedPath !== undefined ? [`rm -f ${shellQuote(o.stagedPath)}`] : []), ownerLine(o.owner), 'remove', ''].join('\n');
  assertOnlyOwnReferences(script, []);
  assertOnlyOwnReferences(tail, [o.owner, o.stagedPath ?? '']);
  return { body: script, tail };
}
