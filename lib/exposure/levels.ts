/** Exposure levels, their thresholds and glyphs (identical in 252, 257 and 262), and number formatting. */

/** systemd's verdict words, worst first. */
export type ExposureLevel = 'PERFECT' | 'SAFE' | 'OK' | 'MEDIUM' | 'EXPOSED' | 'UNSAFE' | 'DANGEROUS';

/** One level row: the first row whose `min` ≤ exposure applies. */
export interface LevelRow {
  readonly min: number;
  readonly level: ExposureLevel;
  readonly emoji: string;
  readonly ascii: string;
}

/** The level table, highest threshold first. */
export const LEVELS: readonly LevelRow[] = [
  { min: 100, level: 'DANGEROUS', emoji: '\u{1F922}', ascii: ':-[' },
  { min: 90, level: 'UNSAFE', emoji: '\u{1F628}', ascii: ':-{' },
  { min: 75, level: 'EXPOSED', emoji: '\u{1F641}', ascii: ':-(' },
  { min: 50, level: 'MEDIUM', emoji: '\u{1F610}', ascii: ':-|' },
  { min: 10, level: 'OK', emoji: '\u{1F642}', ascii: ':-)' },
  { min: 1, level: 'SAFE', emoji: '\u{1F600}', ascii: ':-}' },
  { min: 0, level: 'PERFECT', emoji: '\u{1F607}', ascii: ':-]' },
];

/** The level row of an exposure in tenths (0…100). */
export function levelRow(tenths: number): LevelRow {
  return LEVELS.find((r) => r.min <= tenths) ?? LEVELS[LEVELS.length - 1]!;
}

/** Prints tenths like systemd: 92 → "9.2", 100 → "10.0". */
export function formatExposure(tenths: number): string {
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}
