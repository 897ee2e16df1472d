/**
 * IPAddressAllow= / IPAddressDeny= prefix lists (spec c.9): words are not unquoted; `any`,
 * `localhost`, `link-local`, `multicast` or ADDRESS[/LEN]; the address is masked to its prefix.
 */
import { extractWords } from './words';

/** A stored prefix: family, masked address bytes and length. */
export interface IpPrefix {
  readonly family: 4 | 6;
  readonly bytes: readonly number[];
  readonly length: number;
}

function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPv6(s: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const g = items[i]!;
      if (i === items.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  let all: number[];
  if (halves.length === 2) {
    if (head.length + tail.length > 7) return undefined;
    all = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    if (head.length !== 8) return undefined;
    all = head;
  }
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

function masked(family: 4 | 6, bytes: number[], length: number): IpPrefix {
  const out = bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, length - i * 8));
    return keep === 0 ? 0 : b & ((0xff << (8 - keep)) & 0xff);
  });
  return { family, bytes: out, length };
}

function isLocalhostName(w: string): boolean {
  const l = w.toLowerCase().replace(/\.$/, '');
  return l === 'localhost' || l === 'localhost.localdomain' || l.endsWith('.localhost') || l.endsWith('.localhost.localdomain');
}

/** The prefixes a word stands for, or undefined when the word is invalid. */
export function parsePrefixWord(word: string): IpPrefix[] | undefined {
  if (word === 'any') return [masked(4, [0, 0, 0, 0], 0), masked(6, new Array<number>(16).fill(0), 0)];
  if (isLocalhostName(word)) return [masked(4, [127, 0, 0, 0], 8), masked(6, [...new Array<number>(15).fill(0), 1], 128)];
  if (word === 'link-local') return [masked(4, [169, 254, 0, 0], 16), masked(6, [0xfe, 0x80, ...new Array<number>(14).fill(0)], 64)];
  if (word === 'multicast') return [masked(4, [224, 0, 0, 0], 4), masked(6, [0xff, ...new Array<number>(15).fill(0)], 8)];
  const slash = word.indexOf('/');
  const addr = slash >= 0 ? word.slice(0, slash) : word;
  const v4 = parseIPv4(addr);
  const v6 = v4 ? undefined : parseIPv6(addr);
  if (!v4 && !v6) return undefined;
  const family = v4 ? 4 : 6;
  const max = family === 4 ? 32 : 128;
  let length = max;
  if (slash >= 0) {
    const l = word.slice(slash + 1);
    if (!/^[0-9]+$/.test(l) || Number(l) > max) return undefined;
    length = Number(l);
  }
  return [masked(family, (v4 ?? v6)!, length)];
}

/** Applies one assignment to a list: empty clears, invalid words are skipped. */
export function applyPrefixes(list: IpPrefix[], value: string): IpPrefix[] {
  if (value === '') return [];
  // Words before a syntax error (a trailing backslash) are applied; the rest is ignored.
  const words = extractWords(value, false);
  const out = [...list];
  for (const w of words.words) {
    const p = parsePrefixWord(w);
    if (p) out.push(...p);
  }
  return out;
}

/** Offline rule: IPv4 with first octet 127, or exactly ::1/128. */
export function isLocalhostOffline(p: IpPrefix): boolean {
  if (p.family === 4) return p.bytes[0] === 127;
  return p.length === 128 && p.bytes.slice(0, 15).every((b) => b === 0) && p.bytes[15] === 1;
}

/** Live rule: only 127.x/8 or ::1/128 count as localhost. */
export function isLocalhostLive(p: IpPrefix): boolean {
  if (p.family === 4) return p.bytes[0] === 127 && p.length === 8;
  return isLocalhostOffline(p);
}
