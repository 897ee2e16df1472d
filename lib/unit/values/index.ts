/** Value kinds of the directive catalog (see catalog/). */
export * from './errors';
export * from './kind';
export * from './text';
export * from './words';
export * from './suggest';
export * from './scalars';
export * from './strings';
export * from './sets';
export * from './command-line';
export * from './special';
export * from './mounts';
export * from './data/capabilities';
export * from './data/syscalls';
export * from './data/kernel-names';
