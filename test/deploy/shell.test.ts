import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { shellQuote } from '../../lib/deploy/shell';

describe('shellQuote', () => {
  it('makes /bin/sh print back exactly the quoted string, whatever it holds', () => {
    // One shell run for many samples: each word printed on its own NUL-terminated record.
    const samples = fc.sample(
      fc.string({ unit: fc.constantFrom('a', ' ', "'", '"', '\\', '$', '`', '\n', ';', '|', '&', '*', '$(x)', 'é', '\t', '%') , maxLength: 40 }),
      { numRuns: 500, seed: 4242 },
    );
    samples.push("'", "''", "a'b'c", '$(rm -rf /)', '\n', '');
    const script = samples.map((s) => `printf '%s\\0' ${shellQuote(s)}`).join('\n');
    const out = execFileSync('/bin/sh', ['-c', script]).toString('utf8');
    expect(out.split('\0').slice(0, -1)).toEqual(samples);
  });

  it('refuses NUL, which no shell word can hold', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });
});
