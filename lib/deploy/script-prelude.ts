/**
 * The shell functions both deploy scripts start with: messages, the per-unit lock, and the ownership
 * claim that keeps one owner's removal from deleting a unit that another owner installed since.
 */
import { STATE_DIRECTORY, UNIT_DIRECTORY, pathKey } from './host-paths';
import { shellQuote } from './shell';
import { terraformTemplateProblem } from './terraform-text';

/** Who owns a unit path on the host: a value unique per Terraform resource instance (e.g. `${self.id}` of the slot). */
export type OwnerExpression = string;

/** Checks an owner expression: our own Terraform reference or a plain token, never user text. */
export function checkOwner(owner: OwnerExpression): void {
  if (!/^(\$\{[A-Za-z0-9_.[\]${}-]+\}|[A-Za-z0-9_.-]+)$/.test(owner)) throw new Error(`owner must be a Terraform reference such as \${self.id}, or a plain token; got '${owner}'`);
}

/**
 * Variable assignments and functions shared by install and removal. The owner is assigned last in
 * each script (see {@link ownerLine}).
 */
export function prelude(o: { title: string; unit: string; installPath: string }): string[] {
  return [
    '#!/bin/sh',
    `# cdktf-systemd: ${o.title}`,
    'set -u',
    'set -f',
    'umask 022',
    `state=${STATE_DIRECTORY}`,
    `unit=${shellQuote(o.unit)}`,
    `target=${shellQuote(`${UNIT_DIRECTORY}/${o.installPath}`)}`,
    `claim="$state/claims/${pathKey(o.installPath)}"`,
    'say() { printf "cdktf-systemd: %s\\n" "$*" >&2; }',
    'fail() { say "$unit: $*"; exit 1; }',
    'mkdir -p "$state/claims" "$state/locks" "$state/staging" || fail "cannot create $state"',
    'chmod 0700 "$state" "$state/staging" "$state/claims"',
    // One deployment of a unit at a time on this host, whichever Terraform run starts it.
    `exec 9>"$state/locks/${pathKey(o.unit)}"`,
    'flock -w 600 9 || fail "another deployment of $unit held its lock for 600 s"',
    'claim_holder() { if [ -f "$claim" ]; then cat "$claim"; fi; }',
  ];
}

/**
 * Guard: the only Terraform template text in a script is what we put there on purpose (the owner
 * reference, a staged path made of it). Everything else is fixed text, checked names and base64.
 */
export function assertOnlyOwnReferences(script: string, allowed: readonly string[]): void {
  let rest = script;
  for (const a of allowed) if (a) rest = rest.split(a).join('');
  const problem = terraformTemplateProblem(rest);
  if (problem) throw new Error(`internal error: deploy script ${problem}`);
}

/**
 * The owner assignment. Scripts put it at their end: cdktf re-parses a string from its first `${`
 * on, fragment by fragment at every `}`, which for a whole script costs much time and memory at
 * synth; after the last line there is nothing left to parse.
 */
export function ownerLine(owner: OwnerExpression): string {
  return `owner='${owner}'`;
}
