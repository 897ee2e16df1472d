/**
 * A fast-check arbitrary that keeps every value it generates, with its shrink context, so a sweep
 * can shrink the ones that turned out to mismatch the real tool. Shared by the differential sweeps.
 */
import fc from 'fast-check';

/** Keeps the values (with their shrink contexts) an arbitrary generates. */
export class Recording<T> extends fc.Arbitrary<T> {
  readonly values: Array<fc.Value<T>> = [];
  constructor(private readonly inner: fc.Arbitrary<T>) {
    super();
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    const value = this.inner.generate(mrng, biasFactor);
    this.values.push(value);
    return value;
  }
  canShrinkWithoutContext(value: unknown): value is T {
    return this.inner.canShrinkWithoutContext(value);
  }
  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.inner.shrink(value, context);
  }
}
