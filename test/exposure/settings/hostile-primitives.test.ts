/**
 * The byte-exact primitives under the hostile-input rules: byte lengths and raw bytes, systemd's
 * path predicates, extract_first_word() with C unescaping, the exec-line fast path against the full
 * reader. The differential suites (hostile/, cases/) check the outcomes against the real tools; these
 * pin the building blocks to systemd's definitions (src/basic/path-util.c, extract-word.c, escape.c).
 */
import fc from 'fast-check';
import { RELEASE_DATA } from '../../../lib/exposure/releases';
import { LOAD_RULES } from '../../../lib/exposure/load-rules';
import { parseExecLine } from '../../../lib/exposure/exec-line';
import { UnitPrintf } from '../../../lib/exposure/unit-printf';
import { extractFirstWord, extractFirstWordAndWarn } from '../../../lib/exposure/settings/extract-word';
import { filenameIsValid, pathIsNormalized, pathIsValid, simplifyAndCheck, simplifyPath } from '../../../lib/exposure/settings/paths';
import { bytesToText, byteLength, expandSpecifiers, SpecifierError, textToBytes } from '../../../lib/unit/specifiers';

describe('bytes in texts', () => {
  test('bytesToText and textToBytes are inverse, and byteLength counts the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const text = bytesToText([...bytes]);
        expect(textToBytes(text)).toEqual([...bytes]);
        expect(byteLength(text)).toBe(bytes.length);
      }),
      { numRuns: 2000 },
    );
  });
  test('well-formed UTF-8 reads as its characters', () => {
    expect(bytesToText([0xc3, 0xa9])).toBe('é');
    expect(bytesToText([0xff])).toBe('\udcff');
  });
});

describe('path predicates (bytes, NAME_MAX 255, PATH_MAX 4096)', () => {
  const comp = (n: number): string => 'a'.repeat(n);
  test('components of 255 bytes are valid, 256 are not; a 4095-byte path is valid, 4096 is not', () => {
    expect(pathIsValid(`/${comp(255)}`)).toBe(true);
    expect(pathIsValid(`/${comp(256)}`)).toBe(false);
    expect(pathIsValid(`/${'é'.repeat(127)}a`)).toBe(true); // 255 bytes
    expect(pathIsValid(`/${'é'.repeat(128)}`)).toBe(false); // 256 bytes
    expect(pathIsValid(`/${comp(255)}`.repeat(15) + `/${comp(254)}`)).toBe(true); // 4095 bytes
    expect(pathIsValid(`/${comp(255)}`.repeat(16))).toBe(false); // 4096 bytes
  });
  test('filename_is_valid, path_is_normalized', () => {
    expect([filenameIsValid(comp(255)), filenameIsValid(comp(256)), filenameIsValid('..'), filenameIsValid('a/b')]).toEqual([true, false, false, false]);
    expect([pathIsNormalized('/a/b'), pathIsNormalized('/a//b'), pathIsNormalized('/a/./b'), pathIsNormalized('/a/../b')]).toEqual([true, false, false, false]);
  });
  test('path_simplify: 257+ drop a leading `..` of an absolute path', () => {
    expect(simplifyPath('//a/./b//', LOAD_RULES['252'].paths)).toBe('/a/b');
    expect(simplifyPath('/../a', LOAD_RULES['252'].paths)).toBe('/../a');
    expect(simplifyPath('/../a', LOAD_RULES['257'].paths)).toBe('/a');
    expect(simplifyAndCheck('/../a', { absolute: true }, LOAD_RULES['252'].paths)).toEqual({ problem: 'not normalized' });
    expect(simplifyAndCheck('/proc/x', LOAD_RULES['257'].pidFile, LOAD_RULES['257'].paths)).toEqual({ problem: 'below an API file system' });
  });
});

describe('extract_first_word() with C unescaping', () => {
  const flags = { unquote: true, cunescape: true } as const;
  test('escapes decode to characters or raw bytes; unknown ones are an error, kept verbatim on retry', () => {
    expect(extractFirstWord('a\\x41b', 0, undefined, flags).word).toBe('aAb');
    expect(extractFirstWord('\\xc3\\xa9', 0, undefined, flags).word).toBe('é');
    expect(extractFirstWord('\\xff', 0, undefined, flags).word).toBe('\udcff');
    expect(extractFirstWord('a\\qb', 0, undefined, flags).error).toBe(true);
    expect(extractFirstWordAndWarn('a\\qb', 0, undefined, flags).word).toBe('a\\qb');
    expect(extractFirstWordAndWarn('"a b', 0, undefined, flags).error).toBe(true);
  });
  test('262 refuses \\u of a surrogate', () => {
    expect(extractFirstWordAndWarn('\\ud800', 0, undefined, flags).word).toBe('\udced\udca0\udc80');
    expect(extractFirstWordAndWarn('\\ud800', 0, undefined, { ...flags, rejectSurrogateEscapes: true }).word).toBe('\\ud800');
  });
});

describe('specifiers', () => {
  test('`%` before anything but an ASCII letter or digit stays as written; unknown letters fail', () => {
    expect(expandSpecifiers('a%-b%/%é', { unitName: 'x.service' })).toBe('a%-b%/%é');
    expect(() => expandSpecifiers('%Z', { unitName: 'x.service' })).toThrow(SpecifierError);
    expect(() => expandSpecifiers('%0', { unitName: 'x.service' })).toThrow(SpecifierError);
  });
  test('the result is capped in bytes', () => {
    expect(() => expandSpecifiers('é'.repeat(3), { unitName: 'x.service', maxBytes: 5 })).toThrow(SpecifierError);
    expect(expandSpecifiers('é'.repeat(2), { unitName: 'x.service', maxBytes: 4 })).toBe('éé');
  });
  test('unit-name unescaping: raw bytes, a NUL ends the value, %f refuses a trailing slash', () => {
    expect(expandSpecifiers('%I', { unitName: 'a@\\xff.service' })).toBe('\udcff');
    expect(expandSpecifiers('%I', { unitName: 'a@x\\x00y.service' })).toBe('x');
    expect(expandSpecifiers('%f', { unitName: 'a@\\x00.service' })).toBe('/');
    expect(() => expandSpecifiers('%f', { unitName: 'a@x-.service' })).toThrow(SpecifierError);
  });
});

describe('Exec*= lines', () => {
  const printf = new UnitPrintf({ unit: 'x.service', scope: 'system', rules: LOAD_RULES['262'] });
  const word = fc.constantFrom('/bin/true', 'true', '-/bin/x', '@/bin/x', '-', '@', '+!/x', '!!/x', '|x', '/bin/', '/bin/..', 'a/b', 'x', '/a*b', 'é');
  test('the fast path for plain lines gives what the full reader gives', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.constantFrom('262', '257', '252'), (words, release) => {
        const value = words.join(' ');
        const rules = LOAD_RULES[release as '252'];
        const p = new UnitPrintf({ unit: 'x.service', scope: 'system', rules });
        // A trailing lone `;` (an empty next command) forces the full reader without changing the words.
        const full = parseExecLine(`${value} ;`, p, RELEASE_DATA[release as '252'], rules);
        const plain = parseExecLine(value, p, RELEASE_DATA[release as '252'], rules);
        expect(plain.fatal !== undefined).toBe(full.fatal !== undefined);
        expect(plain.commands.length).toBe(full.commands.length);
      }),
      { numRuns: 1000 },
    );
    expect(parseExecLine('/bin/true', printf, RELEASE_DATA['262'], LOAD_RULES['262']).commands).toHaveLength(1);
  });
});
