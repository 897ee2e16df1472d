/**
 * Large run of the injection property (test/unit/typed/injection-property.ts): hostile strings for
 * every string-valued directive must be refused with DirectiveValueError or read back exactly.
 *   npx tsx scripts/fuzz-injection.ts [RUNS=100000] [SEED]
 * Prints the number of inputs, how many were refused / round-tripped, per-field coverage and the time.
 */
import fc from 'fast-check';
import { checkInjection, hostileString, stringFields, type InjectionOutcome } from '../test/unit/typed/injection-property';

const runs = Number(process.argv[2] ?? 100_000);
const seed = process.argv[3] !== undefined ? Number(process.argv[3]) : Date.now() % 2 ** 31;
const fields = stringFields();
const outcomes: Record<InjectionOutcome, number> = { rejected: 0, 'round-trip': 0 };
const perField = new Map<string, Record<InjectionOutcome, number>>();
const started = process.hrtime.bigint();

fc.assert(
  fc.property(fc.constantFrom(...fields), hostileString, (field, value) => {
    const outcome = checkInjection(field, value);
    outcomes[outcome]++;
    const name = `${field.section}.${field.key}`;
    const f = perField.get(name) ?? { rejected: 0, 'round-trip': 0 };
    f[outcome]++;
    perField.set(name, f);
  }),
  { numRuns: runs, seed },
);

const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const roundTripFields = [...perField.values()].filter((f) => f['round-trip'] > 0).length;
console.log(`injection fuzz: ${runs} inputs over ${fields.length} string-valued directives (seed ${seed})`);
console.log(`  refused with DirectiveValueError: ${outcomes.rejected}`);
console.log(`  rendered and read back exactly:   ${outcomes['round-trip']}`);
console.log(`  directives with at least one exact round trip: ${roundTripFields}/${perField.size}`);
console.log(`  property violations: 0`);
console.log(`  time: ${seconds.toFixed(1)} s (${Math.round(runs / seconds)} inputs/s)`);
