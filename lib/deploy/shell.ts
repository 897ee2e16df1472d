/**
 * POSIX shell text for the deploy scripts. Single quotes keep every byte literal except the quote
 * itself, which is written as '\'' — no value can end the string early or inject a command.
 */

/** Quotes `value` as one POSIX shell word. */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new Error('a shell word cannot contain a NUL byte');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Base64 of UTF-8 text in lines of 76 characters (no `$`, `%` or `{`: inert for Terraform and sh). */
export function base64Lines(text: string): string {
  return (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\n');
}

/** A shell here-document feeding `text` (base64-encoded) to `base64 -d`, which writes `file`. */
export function base64HereDoc(text: string, file: string): string[] {
  return [`base64 -d > ${file} <<'CDKTF_SYSTEMD_EOF'`, base64Lines(text), 'CDKTF_SYSTEMD_EOF'];
}

/** A space-separated list of unit names as one shell word (names are checked: no spaces or quotes). */
export function unitList(units: readonly string[]): string {
  return shellQuote(units.join(' '));
}
