/**
 * Tables derived from a release's data (which is constant): computed on first use, kept as long as
 * that data object lives. Only ever keyed by release data, never by unit input, so they stay bounded.
 */
import type { ReleaseData } from './release-data';

/** `derive(data)`, computed once per release data object. */
export function perRelease<T>(derive: (data: ReleaseData) => T): (data: ReleaseData) => T {
  const cache = new WeakMap<ReleaseData, T>();
  return (data) => {
    let value = cache.get(data);
    if (value === undefined) {
      value = derive(data);
      cache.set(data, value);
    }
    return value;
  };
}
