/** Registry of the per-release data files. */
import type { ReleaseData } from '../release-data';
import type { SystemdRelease } from '../release';
import { RELEASE_252 } from './v252';
import { RELEASE_257 } from './v257';
import { RELEASE_262 } from './v262';

/** Scoring data of every supported release. */
export const RELEASE_DATA: Readonly<Record<SystemdRelease, ReleaseData>> = { '252': RELEASE_252, '257': RELEASE_257, '262': RELEASE_262 };
