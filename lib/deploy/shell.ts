/**
 * POSIX shell quoting for the deploy scripts. Single quotes keep every byte literal except the quote
 * itself, which is written as '\'' — no value can end the string early or inject a command.
 */

/** Quotes `value` as one POSIX shell word. */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new Error('a shell word cannot contain a NUL byte');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
