/**
 * Registry of the per-release data files. Each file is loaded when its release is first asked for
 * (see lazy-record.ts): a run that scores with one release never loads the other two.
 */
import type { ReleaseData } from '../release-data';
import type { SystemdRelease } from '../release';
import { lazyRecord } from '../lazy-record';

/** Scoring data of every supported release. */
export const RELEASE_DATA: Readonly<Record<SystemdRelease, ReleaseData>> = lazyRecord<SystemdRelease, ReleaseData>({
  '252': () => (require('./v252') as typeof import('./v252')).RELEASE_252,
  '257': () => (require('./v257') as typeof import('./v257')).RELEASE_257,
  '262': () => (require('./v262') as typeof import('./v262')).RELEASE_262,
});
