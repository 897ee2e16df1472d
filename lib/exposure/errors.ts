/** Errors of the exposure scorer. */

/** systemd refuses to load the unit (it would print "Unit NAME has a bad unit file setting." or similar). */
export class UnitLoadError extends Error {
  /** The unit name as systemd reports it. */
  readonly unit: string;
  /** Why, in systemd's terms (directive, value, rule). */
  readonly reason: string;
  constructor(unit: string, reason: string) {
    super(`Unit ${unit} cannot be loaded: ${reason}`);
    this.name = 'UnitLoadError';
    this.unit = unit;
    this.reason = reason;
  }
}

/** A security policy that systemd would reject or crash on. */
export class SecurityPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecurityPolicyError';
  }
}
