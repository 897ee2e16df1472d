import * as fs from 'node:fs';
import { generateSectionTypes, GENERATED_FILE } from '../../../lib/unit/typed/generate';
import type { DerivedSection } from '../../../lib/unit/typed';
import type { InstallSectionModel, ServiceSectionModel, SocketSectionModel, TimerSectionModel, UnitSectionModel } from '../../../lib/unit/typed';
import type { INSTALL_SECTION, SERVICE_SECTION, SOCKET_SECTION, TIMER_SECTION, UNIT_SECTION } from '../../../lib/unit/catalog';

/** Compile-time equality: the documented interfaces are exactly the types derived from the catalog tables. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [
  MutuallyAssignable<ServiceSectionModel, DerivedSection<typeof SERVICE_SECTION>>,
  MutuallyAssignable<SocketSectionModel, DerivedSection<typeof SOCKET_SECTION>>,
  MutuallyAssignable<TimerSectionModel, DerivedSection<typeof TIMER_SECTION>>,
  MutuallyAssignable<UnitSectionModel, DerivedSection<typeof UNIT_SECTION>>,
  MutuallyAssignable<InstallSectionModel, DerivedSection<typeof INSTALL_SECTION>>,
  Equal<keyof ServiceSectionModel, keyof typeof SERVICE_SECTION>,
  Equal<keyof SocketSectionModel, keyof typeof SOCKET_SECTION>,
] = [true, true, true, true, true, true, true];

describe('generated section interfaces', () => {
  it('are up to date with the catalog (run npx tsx lib/unit/typed/generate.ts)', () => {
    expect(fs.readFileSync(GENERATED_FILE, 'utf8')).toBe(generateSectionTypes());
  });

  it('match the types derived from the catalog tables (checked by tsc)', () => {
    expect(checks.every(Boolean)).toBe(true);
  });

  it('document every directive with a summary, the value rule, the release and the man link', () => {
    const text = generateSectionTypes();
    const props = text.match(/\/\*\*\n(?: {3}\*.*\n)+ {3}\*\/\n {2}readonly \w+\?/g) ?? [];
    const declared = text.match(/^ {2}readonly \w+\?/gm) ?? [];
    expect(props.length).toBe(declared.length);
    for (const p of props) {
      expect(p).toMatch(/Value: /);
      expect(p).toMatch(/@since systemd /);
      expect(p).toMatch(/@see \{@link https:\/\/www\.freedesktop\.org\/software\/systemd\/man\/latest\/systemd\.[a-z-]+\.html#\w+= \|/);
    }
  });
});
