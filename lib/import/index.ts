/** Importing unit files as TypeScript constructs (`cdktf-systemd import`). */
export { importUnits, type ImportOptions, type ImportResult, type ImportedUnit } from './import-units';
export { ImportError } from './plan';
