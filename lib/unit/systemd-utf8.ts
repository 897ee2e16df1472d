/**
 * systemd's utf8_is_valid() (src/basic/utf8.c, the same in 252, 257 and 262): well-formed UTF-8
 * (no overlong forms, no surrogates, nothing above U+10FFFF) whose code points also pass
 * unichar_is_valid(), which refuses the noncharacters U+FDD0…U+FDEF and U+xxFFFE/U+xxFFFF.
 */
import { isUtf8 } from 'node:buffer';

/** True when `bytes` is text systemd's config parser accepts (its utf8_is_valid()). */
export function isSystemdUtf8(bytes: Uint8Array): boolean {
  if (!isUtf8(bytes)) return false;
  // Noncharacters are encoded with a lead byte 0xEF (BMP) or 0xF0…0xF4 (other planes).
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0xef) return firstInvalidOffset(bytes) < 0;
  return true;
}

/** Code point validity as systemd's unichar_is_valid(). */
function validCodePoint(c: number): boolean {
  return c < 0x110000 && (c & 0xfffff800) !== 0xd800 && !(c >= 0xfdd0 && c <= 0xfdef) && (c & 0xfffe) !== 0xfffe;
}

/** The byte offset of the first character systemd's utf8_is_valid() refuses, or -1 when there is none. */
export function firstInvalidOffset(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc0 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf8 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    let c = b & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const cont = bytes[i + k]!;
      if ((cont & 0xc0) !== 0x80) return i;
      c = (c << 6) | (cont & 0x3f);
    }
    const shortest = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (shortest !== len || !validCodePoint(c)) return i;
    i += len;
  }
  return -1;
}
