/**
 * The part of SARIF 2.1.0 (OASIS) that the exposure report writes. Property names and meanings are
 * the standard's; the tests validate output against the standard's JSON schema.
 */

/** SARIF's free-form property bag. */
export type SarifProperties = Readonly<Record<string, unknown>>;

export interface SarifMessage {
  readonly text: string;
  readonly markdown?: string;
}

export interface SarifArtifactLocation {
  /** Relative to `uriBaseId` (GitHub code scanning resolves `%SRCROOT%` to the checkout). */
  readonly uri: string;
  readonly uriBaseId?: string;
}

export interface SarifRegion {
  readonly startLine: number;
  readonly startColumn?: number;
}

export interface SarifLocation {
  readonly id?: number;
  readonly physicalLocation?: { readonly artifactLocation: SarifArtifactLocation; readonly region?: SarifRegion };
  readonly logicalLocations?: ReadonlyArray<{ readonly name?: string; readonly fullyQualifiedName?: string; readonly kind?: string }>;
  readonly message?: SarifMessage;
}

export interface SarifSuppression {
  readonly kind: 'inSource' | 'external';
  readonly justification?: string;
  readonly properties?: SarifProperties;
}

export type SarifLevel = 'none' | 'note' | 'warning' | 'error';

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: SarifMessage;
  readonly locations: readonly SarifLocation[];
  readonly relatedLocations?: readonly SarifLocation[];
  readonly partialFingerprints?: Readonly<Record<string, string>>;
  readonly suppressions?: readonly SarifSuppression[];
  readonly properties?: SarifProperties;
}

export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: SarifMessage;
  readonly fullDescription: SarifMessage;
  readonly help: SarifMessage;
  readonly helpUri: string;
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties?: SarifProperties;
}

export interface SarifRun {
  readonly tool: { readonly driver: { readonly name: string; readonly version?: string; readonly informationUri?: string; readonly rules: readonly SarifRule[] } };
  readonly originalUriBaseIds?: Readonly<Record<string, { readonly uri: string }>>;
  readonly columnKind: 'utf16CodeUnits' | 'unicodeCodePoints';
  readonly results: readonly SarifResult[];
}

/** A SARIF log: what `exposure-report.sarif` holds. */
export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly SarifRun[];
}
