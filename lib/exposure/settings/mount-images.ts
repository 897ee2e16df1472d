/**
 * MountImages= as config_parse_mount_images() reads it (252; 257+ also refuse API file systems but
 * /dev, see LoadRules.mountImages): whether a value adds at least one image — what the device-policy
 * implication of the DeviceAllow= check needs.
 */
import type { LoadRules } from '../load-rules';
import { UnitPrintf } from '../unit-printf';
import { extractFirstWord, extractManyWords, WHITESPACE } from './extract-word';
import { simplifyAndCheck } from './paths';

const TUPLE = { unquote: true, retainEscape: true } as const;

/** A SOURCE or DESTINATION that systemd accepts. */
function goodPath(p: string, printf: UnitPrintf, rules: LoadRules): boolean {
  const resolved = UnitPrintf.orUndefined(() => printf.path(p));
  return resolved !== undefined && !('problem' in simplifyAndCheck(resolved, rules.mountImages, rules.paths));
}

/** True when a non-empty MountImages= value adds an image (`[-]SOURCE:DEST[:OPTIONS…]` words). */
export function mountImagesAdds(value: string, printf: UnitPrintf, rules: LoadRules): boolean {
  const FIELDS = { cunescape: true, unescapeSeparators: true, rejectSurrogateEscapes: rules.cunescapeRejectsSurrogates };
  let added = false;
  for (let pos: number | undefined = 0; ; ) {
    const tuple = extractFirstWord(value, pos, WHITESPACE, TUPLE);
    if (tuple.error || tuple.word === undefined) return added;
    pos = tuple.next;
    const t = tuple.word;
    const head = extractManyWords(t, 0, ':', FIELDS, 2);
    if (head.error) return added;
    const [first, second] = head.words;
    if (first === undefined) continue;
    if (!goodPath(first.startsWith('-') ? first.slice(1) : first, printf, rules)) continue;
    if (second === undefined || second === '' || !goodPath(second, printf, rules)) continue;
    // Mount options: a syntax error drops this image and the rest of the line.
    let next = head.next;
    for (;;) {
      const options = extractManyWords(t, next, ':', FIELDS, 2);
      if (options.error) return added;
      if (options.words.length < 2) break;
      next = options.next;
    }
    added = true;
  }
}
