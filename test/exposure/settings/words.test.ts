/**
 * The low-level value readers' fast paths (plain values skip the character-by-character reader)
 * must give exactly what the general reader gives. Each property compares against a reference
 * written from the definition, on strings built from the characters that matter.
 */
import fc from 'fast-check';
import { extractWords, parseBoolean, simplifyPath } from '../../../lib/exposure/settings/words';

const plainChars = fc.constantFrom('a', 'Z', '0', '-', '/', '.', ':', '@', ' ', '\t', '\n', '\r', 'é', '😀');

/** extract_first_word() by the definition: whitespace splits, no quote or escape to interpret. */
const splitWords = (s: string): string[] => s.split(/[ \t\n\r]+/).filter((w) => w !== '');

describe('extractWords', () => {
  test('a value without quotes or backslashes splits on whitespace, with and without unquoting', () => {
    fc.assert(
      fc.property(fc.string({ unit: plainChars, maxLength: 40 }), (s) => {
        for (const unquote of [false, true]) expect(extractWords(s, unquote)).toEqual({ ok: true, words: splitWords(s) });
      }),
      { numRuns: 2000 },
    );
  });

  test('quotes are ordinary characters without unquoting; escapes and quotes are read with it', () => {
    expect(extractWords(`a"b c'd`, false)).toEqual({ ok: true, words: ['a"b', "c'd"] });
    expect(extractWords(`"a b" c`, true)).toEqual({ ok: true, words: ['a b', 'c'] });
    expect(extractWords('a\\ b', false)).toEqual({ ok: true, words: ['a b'] });
    expect(extractWords('"a b', true)).toEqual({ ok: false, words: [] });
    expect(extractWords('"a b', true, true)).toEqual({ ok: true, words: ['a b'] });
    expect(extractWords('a\\', false).ok).toBe(false);
  });
});

describe('parseBoolean', () => {
  const TRUE = ['1', 'yes', 'y', 'true', 't', 'on'];
  const FALSE = ['0', 'no', 'n', 'false', 'f', 'off'];
  test('every spelling in any letter case, like parse_boolean()', () => {
    const casing = (w: string): fc.Arbitrary<string> =>
      fc.array(fc.boolean(), { minLength: w.length, maxLength: w.length }).map((up) => [...w].map((c, i) => (up[i] ? c.toUpperCase() : c)).join(''));
    fc.assert(
      fc.property(fc.constantFrom(...TRUE, ...FALSE).chain((w) => casing(w).map((s) => [w, s] as const)), ([w, s]) => {
        expect(parseBoolean(s)).toBe(TRUE.includes(w));
      }),
      { numRuns: 1000 },
    );
  });

  test('anything else is not a boolean', () => {
    for (const v of ['', ' yes', 'yes ', 'ja', '2', 'tru', 'onn', 'nope']) expect(parseBoolean(v)).toBeUndefined();
  });
});

describe('simplifyPath', () => {
  /** path_simplify() by the definition: drop empty and `.` components and a trailing slash. */
  const reference = (p: string): string => {
    const joined = p.split('/').filter((x) => x !== '' && x !== '.').join('/');
    return p.startsWith('/') ? '/' + joined : joined;
  };
  test('equals the definition on paths built from /, ., .., and names', () => {
    const part = fc.constantFrom('/', '//', '.', '..', 'a', '.a', 'b.', 'dev', '/.', './');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }).map((xs) => xs.join('')), (p) => {
        expect(simplifyPath(p)).toBe(reference(p));
      }),
      { numRuns: 3000 },
    );
  });
});
