/**
 * DeviceAllow= as config_parse_device_allow() reads it (252, 257 and 262 alike): the node (unquoted
 * first word, specifiers expanded as a path), then the rest of the value as the access rights.
 */
import type { LoadRules } from '../load-rules';
import { UnitPrintf } from '../unit-printf';
import { extractFirstWord, WHITESPACE } from './extract-word';
import { pathIsNormalized, pathStartsWith, simplifyAndCheck } from './paths';

/** valid_device_node_path(): below /dev or systemd's inaccessible nodes, normalized, no trailing slash. */
function validDeviceNodePath(p: string): boolean {
  return (pathStartsWith(p, '/dev') || pathStartsWith(p, '/run/systemd/inaccessible')) && !p.endsWith('/') && pathIsNormalized(p);
}

/** The device entry a DeviceAllow= value adds, or undefined for a line systemd ignores. */
export function deviceAllowEntry(value: string, printf: UnitPrintf, rules: LoadRules): string | undefined {
  const first = extractFirstWord(value, 0, WHITESPACE, { unquote: true });
  if (first.error || first.word === undefined) return undefined;
  const word = first.word;
  const resolved = UnitPrintf.orUndefined(() => printf.path(word));
  if (resolved === undefined) return undefined;
  let node = resolved;
  if (!resolved.startsWith('block-') && !resolved.startsWith('char-')) {
    const checked = simplifyAndCheck(resolved, {}, rules.paths);
    if ('problem' in checked || !validDeviceNodePath(checked.path)) return undefined;
    node = checked.path;
  }
  // The rest of the value, whatever its blanks, must be made of r, w and m.
  const rights = first.next === undefined ? '' : value.slice(first.next);
  return rights === '' || /^[rwm]+$/.test(rights) ? node : undefined;
}
