/**
 * Reading `--security-policy` files: the reduced document (json-subset.ts) gives the policy parser
 * exactly what the whole document gives it, and is refused exactly when JSON.parse refuses; systemd's
 * nesting limit and each release's size limit hold where the real tool draws them (checked against
 * the oracles at run time); empty files and /dev/null fail as they do with systemd.
 */
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JsonSubsetError, policySubset } from '../../lib/cli/json-subset';
import { POLICY_MAX_BYTES } from '../../lib/cli/policy-file';
import { parseSecurityPolicy, SecurityPolicyError } from '../../lib/exposure';
import { RELEASE_DATA } from '../../lib/exposure/releases';
import { main } from '../../lib/cli/main';
import { describeEachOracle, runOracleCommand, type OracleSuite } from '../support/oracle';

const FIELDS = RELEASE_DATA['262'].checks.map((c) => c.jsonField);
const wanted = (k: string): boolean => FIELDS.includes(k);

/** parseSecurityPolicy's answer (a policy or its error message) for a text. */
function outcome(text: string): unknown {
  try {
    return parseSecurityPolicy(text, '262');
  } catch (e) {
    if (e instanceof SecurityPolicyError) return `error: ${e.message.startsWith('Failed to parse') ? 'syntax' : e.message}`;
    throw e;
  }
}

const entry = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(fc.constantFrom('weight', 'range', 'description_good', 'description_bad', 'description_na', 'other'), fc.oneof(fc.jsonValue(), fc.integer({ min: 0, max: 5000 }))),
);
const policyValue = fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string()), entry), fc.jsonValue());

describe('the reduced policy document', () => {
  test('gives the policy parser what the whole document gives it', () => {
    fc.assert(
      fc.property(policyValue, fc.constantFrom(undefined, 1, '\t', '  \n'), (value, space) => {
        const text = JSON.stringify(value, null, space);
        expect(outcome(policySubset(Buffer.from(text), wanted))).toEqual(outcome(text));
      }),
      { numRuns: 2000 },
    );
  });

  test('is refused exactly when JSON.parse refuses the text', () => {
    const damaged = fc.tuple(fc.jsonValue(), fc.nat(), fc.string({ maxLength: 3 })).map(([v, at, insert]) => {
      const t = JSON.stringify(v);
      const i = at % (t.length + 1);
      return t.slice(0, i) + insert + t.slice(i + (insert === '' ? 1 : 0));
    });
    fc.assert(
      fc.property(fc.oneof(damaged, fc.string()), (text) => {
        const bytes = Buffer.from(text);
        let parsed = true;
        try {
          JSON.parse(bytes.toString('utf8'));
        } catch {
          parsed = false;
        }
        let reduced = true;
        try {
          policySubset(bytes, wanted);
        } catch (e) {
          expect(e).toBeInstanceOf(JsonSubsetError);
          reduced = false;
        }
        expect(reduced).toBe(parsed);
      }),
      { numRuns: 5000 },
    );
  });

  test('keeps only wanted members, in order, duplicates included', () => {
    const text = '{"Junk":[[[]]],"PrivateNetwork":{"weight":0,"x":[1],"range":[2]},"PrivateNetwork":{"description_bad":"b"},"ProtectHome":7}';
    expect(policySubset(Buffer.from(text), wanted)).toBe('{"PrivateNetwork":{"weight":0,"range":null},"PrivateNetwork":{"description_bad":"b"},"ProtectHome":null}');
  });
});

/** `{"a":[[…]]}` with `n` nested levels in all (the object counts). */
const nested = (n: number): string => `{"a":${'['.repeat(n - 1)}${']'.repeat(n - 1)}}`;
/** The same with a number in the innermost array. */
const nestedWithNumber = (n: number): string => `{"a":${'['.repeat(n - 1)}1${']'.repeat(n - 1)}}`;

async function ours(args: string[]): Promise<number> {
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return await main(['node', 'cdktf-systemd', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describeEachOracle('policy limits vs oracle $suite (systemd $release)', ({ suite, release }) => {
  let dir: string;
  let unit: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-limits-'));
    unit = path.join(dir, 'p.service');
    fs.writeFileSync(unit, '[Service]\nExecStart=/bin/true\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const both = async (policy: string): Promise<[number, number]> => [
    await ours(['score', '--systemd', release, '--security-policy', policy, unit]),
    runOracleCommand(suite as OracleSuite, ['security', '--offline=true', '--security-policy', policy, unit]).status,
  ];

  test.each([2047, 2048, 2049, 2050, 2051])('nesting of %i levels: accepted or refused as systemd does', async (n) => {
    for (const [name, text] of [['empty innermost', nested(n)], ['innermost with a number', nestedWithNumber(n)]]) {
      const p = path.join(dir, `nested-${n}.json`);
      fs.writeFileSync(p, text!);
      const [a, b] = await both(p);
      expect([name, a]).toEqual([name, b]);
    }
  });

  test('size: the largest file the real tool reads is read, one byte more is refused', async () => {
    for (const size of [POLICY_MAX_BYTES[release], POLICY_MAX_BYTES[release] + 1]) {
      const p = path.join(dir, `size-${size}.json`);
      fs.writeFileSync(p, `{${' '.repeat(size - 2)}}`);
      try {
        const [a, b] = await both(p);
        expect([size - POLICY_MAX_BYTES[release], a]).toEqual([size - POLICY_MAX_BYTES[release], b]);
        expect(a).toBe(size > POLICY_MAX_BYTES[release] ? 1 : 0);
      } finally {
        fs.rmSync(p);
      }
    }
  }, 120_000);

  test('an empty file and /dev/null fail as with systemd', async () => {
    const p = path.join(dir, 'empty.json');
    fs.writeFileSync(p, '');
    for (const f of [p, '/dev/null']) {
      const [a, b] = await both(f);
      expect(a).toBe(1);
      expect(b).toBe(1);
    }
  });
});
