/**
 * systemd's exposure formula (spec a): per row ceil(badness · weight / range), summed; overall =
 * ceil(sum · 100 / total weight); a row's exposure = ceil(ceil(badness · weight · 100 / range) / total
 * weight), all in tenths. systemd computes in uint64_t: Number arithmetic is exact for the built-in
 * tables and ordinary policies, BigInt reproduces the wraparound of huge policy weights.
 */

/** systemd computes in uint64_t: products and sums wrap (only reachable with huge policy weights). */
const U64 = (1n << 64n) - 1n;
const u64 = (x: bigint): bigint => x & U64;
/** systemd's DIV_ROUND_UP(): quotient plus one when there is a remainder (no overflow on a + b). */
const ceilDiv = (a: bigint, b: bigint): bigint => a / b + (a % b !== 0n ? 1n : 0n);

/** Bound on weights, ranges and badness for exact Number arithmetic (81 rows · 10^5 · 10^5 · 100 < 2^53). */
const SMALL = 100_000;
export const isSmall = (x: number): boolean => Number.isInteger(x) && x >= 0 && x <= SMALL;

/** What the formula needs of a row: its effective weight and range (the badness comes separately). */
export interface Weighted {
  readonly weight: number;
  readonly range: number;
}

/** The formula evaluated for one unit: its overall exposure and, per row, the row's exposure. */
export interface Formula {
  /** Overall exposure in tenths. */
  readonly exposure: number;
  /** A row's exposure in tenths (for badness > 0). */
  rowExposure(badness: number, weight: number, range: number): number;
}

/**
 * DIV_ROUND_UP() on non-negative integers a < 2^53 (all the Number path meets, see SMALL): the
 * correctly rounded a/b of a non-integer quotient stays above the integer below it, since its error
 * (< a/b · 2^-53) is less than 1/b. Math.ceil over a float division avoids `%`, which V8 runs as fmod.
 */
export const ceilDivN = (a: number, b: number): number => Math.ceil(a / b);

/** systemd's formula in Number arithmetic; undefined when no weight is left. */
export class NumberFormula implements Formula {
  private constructor(
    readonly exposure: number,
    private readonly weightSum: number,
  ) {}

  /** From the sums of the rows' ceil(badness * weight / range) and of their weights. */
  static of(badnessSum: number, weightSum: number): Formula | undefined {
    return weightSum === 0 ? undefined : new NumberFormula(ceilDivN(badnessSum * 100, weightSum), weightSum);
  }

  rowExposure(badness: number, weight: number, range: number): number {
    return ceilDivN(ceilDivN(badness * weight * 100, range), this.weightSum);
  }
}

/** systemd's formula in uint64_t (BigInt with wraparound); undefined when no weight is left. */
export class BigIntFormula implements Formula {
  private constructor(
    readonly exposure: number,
    private readonly weightSum: bigint,
  ) {}

  static of(rows: readonly Weighted[], badness: ReadonlyArray<number | null>): Formula | undefined {
    let badnessSum = 0n;
    let weightSum = 0n;
    for (let i = 0; i < rows.length; i++) {
      const b = badness[i];
      if (b === null || b === undefined) continue;
      const r = rows[i]!;
      badnessSum = u64(badnessSum + ceilDiv(u64(BigInt(b) * BigInt(r.weight)), BigInt(r.range)));
      weightSum = u64(weightSum + BigInt(r.weight));
    }
    return weightSum === 0n ? undefined : new BigIntFormula(Number(ceilDiv(u64(badnessSum * 100n), weightSum)), weightSum);
  }

  rowExposure(badness: number, weight: number, range: number): number {
    return Number(ceilDiv(ceilDiv(u64(BigInt(badness) * BigInt(weight) * 100n), BigInt(range)), this.weightSum));
  }
}
