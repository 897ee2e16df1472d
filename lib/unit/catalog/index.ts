/**
 * The directive catalog: which directives each section of a service, socket or timer unit has, with
 * their value kinds, releases, summaries and man pages. Importing this module also installs the
 * catalog order as the canonical directive order (see canonical.ts).
 */
import { setDefaultDirectiveRank } from '../canonical';
import { catalogRank } from './sections';

export * from './define';
export * from './sections';
export * from './releases';

setDefaultDirectiveRank(catalogRank);
