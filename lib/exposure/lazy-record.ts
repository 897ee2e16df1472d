/**
 * A record whose values are made on first read: the per-release tables are large, and a run scores
 * with one release, so the other releases' modules are never loaded (a CLI start-up cost).
 */

/** A read-only record of `K` whose value for each key is `make[key]()`, called at most once. */
export function lazyRecord<K extends string, V>(make: Readonly<Record<K, () => V>>): Readonly<Record<K, V>> {
  const record = {} as Record<K, V>;
  for (const key of Object.keys(make) as K[]) {
    Object.defineProperty(record, key, {
      enumerable: true,
      configurable: true,
      get(): V {
        const value = make[key]();
        // Replace the getter with the value: later reads are plain property reads.
        Object.defineProperty(record, key, { value, enumerable: true, writable: false, configurable: false });
        return value;
      },
    });
  }
  return record;
}
