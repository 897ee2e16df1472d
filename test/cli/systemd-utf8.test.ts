/**
 * systemd's utf8_is_valid(), as lib/unit/systemd-utf8.ts implements it, against a reference built
 * from the standard decoder: well-formed UTF-8 (TextDecoder with `fatal`) without the noncharacters
 * systemd's unichar_is_valid() refuses; and the first refused offset is where a decoder stops.
 */
import * as fc from 'fast-check';
import { firstInvalidOffset, isSystemdUtf8 } from '../../lib/unit/systemd-utf8';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function reference(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return false;
  }
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) === 0xfffe) return false;
  }
  return true;
}

/** Bytes biased toward multi-byte sequences, their edges and the noncharacters. */
const bytes = fc.array(
  fc.oneof(
    fc.integer({ min: 0, max: 0x7f }),
    fc.integer({ min: 0x80, max: 0xff }),
    fc.constantFrom(0xef, 0xbf, 0xbe, 0xb7, 0x90, 0xf0, 0xf4, 0x8f, 0xed, 0xa0, 0xc0, 0xc2),
  ),
  { maxLength: 12 },
).map((a) => Uint8Array.from(a));

test('agrees with the reference on random bytes', () => {
  fc.assert(
    fc.property(bytes, (b) => {
      expect(isSystemdUtf8(b)).toBe(reference(b));
      expect(firstInvalidOffset(b) < 0).toBe(reference(b));
    }),
    { numRuns: 50_000 },
  );
});

test('agrees on every code point, encoded', () => {
  for (let c = 0; c <= 0x10ffff; c += c < 0x10000 ? 1 : 251) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const b = Buffer.from(String.fromCodePoint(c));
    expect([c, isSystemdUtf8(b)]).toEqual([c, reference(b)]);
  }
});

test('the first refused offset is the start of the bad sequence', () => {
  expect(firstInvalidOffset(Buffer.from('abc\xffdef', 'latin1'))).toBe(3);
  expect(firstInvalidOffset(Buffer.from([0x61, 0xef, 0xbf, 0xbe]))).toBe(1);
  expect(firstInvalidOffset(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1);
});
