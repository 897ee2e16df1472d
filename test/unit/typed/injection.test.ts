import fc from 'fast-check';
import { checkInjection, hostileString, stringFields } from './injection-property';

describe('injection-proof rendering', () => {
  const fields = stringFields();

  it('covers the string-valued directives of every section', () => {
    const names = new Set(fields.map((f) => `${f.section}.${f.key}`));
    for (const d of ['Unit.Description', 'Service.ExecStart', 'Service.Environment', 'Service.User', 'Service.ReadWritePaths', 'Socket.ListenStream', 'Timer.OnCalendar', 'Install.WantedBy']) {
      expect(names).toContain(d);
    }
    expect(fields.length).toBeGreaterThan(150);
  });

  it('hostile strings are refused with DirectiveValueError or read back exactly (2,000 runs)', () => {
    const outcomes = { rejected: 0, 'round-trip': 0 };
    fc.assert(
      fc.property(fc.constantFrom(...fields), hostileString, (field, value) => {
        outcomes[checkInjection(field, value)]++;
      }),
      { numRuns: 2000 },
    );
    // Both branches are exercised, so the property is not vacuous.
    expect(outcomes.rejected).toBeGreaterThan(100);
    expect(outcomes['round-trip']).toBeGreaterThan(20);
  });

  it.each([
    ['Unit', 'Description', 'x\n[Service]\nExecStartPre=/bin/evil'],
    ['Service', 'ExecStart', '/bin/true\nExecStartPre=/bin/evil'],
    ['Service', 'Environment', 'A=1\n[Install]'],
    ['Service', 'User', 'root\\'],
  ] as const)('refuses %s.%s=%j', (section, key, value) => {
    const field = stringFields().find((f) => f.section === section && f.key === key)!;
    expect(checkInjection(field, value)).toBe(key === 'Environment' ? 'round-trip' : 'rejected');
  });
});
