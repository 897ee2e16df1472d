/**
 * Terraform reads every string of its JSON configuration as a template: `${…}` is evaluated and `%{…}`
 * is a directive. No text a user wrote may reach Terraform as a template. Unit text and scripts travel
 * as base64 (no `$`, `%` or `{`); the few plain strings (SSH host, user, key) must not contain a
 * template opener at all. Escaping (`$${`) is not an option: cdktf rewrites `$${x}` into `${x}` on its
 * way to cdk.tf.json (checked with cdktf 0.21), and its `Fn.rawString` mangles `%{` and backslashes.
 */

/** Why Terraform would not read `value` literally, or undefined when it would. */
export function terraformTemplateProblem(value: string): string | undefined {
  if (value.includes('${')) return "contains '${', which Terraform would evaluate as an expression";
  if (value.includes('%{')) return "contains '%{', which Terraform would read as a template directive";
  return undefined;
}
