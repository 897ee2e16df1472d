/**
 * systemdSort() against systemd's comparator applied by a plain sort. When every row has a text the
 * comparator (rank descending, name in UTF-8 byte order, insertion order) is a total order, so any
 * correct sort gives systemd's result; the fast path turns each row into one number instead. The
 * real tool judges the order on real rows (test/cli/machine-units-cli.test.ts, row-ranks.test.ts);
 * this covers what real rows rarely hold: equal names, surrogates, large and odd ranks, reports of
 * another release (other names) in between.
 */
import fc from 'fast-check';
import { byteCompare, systemdSort } from '../../lib/exposure/format-report';

interface Row {
  readonly name: string;
  readonly id: number;
}

/** systemd's comparator for rows that all have a text, by a plain sort. */
function reference(rows: readonly Row[], ranks: readonly number[]): Row[] {
  const order = rows.map((_, i) => i);
  order.sort((a, b) => (ranks[b]! > ranks[a]! ? 1 : ranks[b]! < ranks[a]! ? -1 : 0) || byteCompare(rows[a]!.name, rows[b]!.name) || a - b);
  return order.map((i) => rows[i]!);
}

const names = fc.array(fc.oneof(fc.constantFrom('PrivateTmp=', 'ProtectHome=', 'User=/DynamicUser=', 'a', 'a\u00e9', '\ud83d\ude00', '\uffff', 'x\ud800'), fc.string({ unit: 'binary', maxLength: 6 })), { minLength: 0, maxLength: 90 });

describe('systemdSort with a text on every row', () => {
  test('the same order as the comparator, for any names and whole-number ranks', () => {
    fc.assert(
      fc.property(names, fc.array(fc.oneof(fc.nat({ max: 400 }), fc.nat({ max: 70_000 })), { minLength: 90, maxLength: 90 }), (ns, rs) => {
        const rows = ns.map((name, id) => ({ name, id }));
        const ranks = rs.slice(0, rows.length);
        expect(systemdSort(rows, ranks, 'glibc-merge').map((r) => r.id)).toEqual(reference(rows, ranks).map((r) => r.id));
      }),
      { numRuns: 500 },
    );
  });

  test('fractional, negative and huge ranks fall back to the comparator', () => {
    const rows = ['b', 'a', 'c', 'a'].map((name, id) => ({ name, id }));
    for (const ranks of [[0.5, 0.25, 0.5, 1], [-1, 3, -1, 0], [2 ** 60, 1, 2 ** 60, 7]]) {
      expect(systemdSort(rows, ranks, 'first').map((r) => r.id)).toEqual(reference(rows, ranks).map((r) => r.id));
    }
  });

  test('rows of other names in between (another release) do not reuse the first rows’ places', () => {
    const a = ['z', 'y', 'x'].map((name, id) => ({ name, id }));
    const b = ['x', 'y', 'z'].map((name, id) => ({ name, id }));
    const flat = [5, 5, 5];
    expect(systemdSort(a, flat, 'first').map((r) => r.name)).toEqual(['x', 'y', 'z']);
    expect(systemdSort(b, flat, 'first').map((r) => r.name)).toEqual(['x', 'y', 'z']);
    expect(systemdSort(a, [1, 2, 1], 'first').map((r) => r.name)).toEqual(['y', 'x', 'z']);
  });
});
