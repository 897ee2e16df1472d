/**
 * writeStableJson must write the bytes cdktf's synthesizer writes for cdk.tf.json:
 * json-stable-stringify(document, { space: 2 }) from cdktf's own dependency.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { writeStableJson } from '../../lib/constructs/stable-json';
import { App, SystemdHost, SystemdService, SystemdStack, SystemdTimer } from '../../lib/constructs';
import * as presets from '../../presets';

// the very module cdktf's StackSynthesizer requires
const cdktfStringify = require(require.resolve('json-stable-stringify', { paths: [path.dirname(require.resolve('cdktf'))] })) as (value: unknown, opts: { space: number }) => string;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stable-json-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function ours(value: unknown): string {
  const file = path.join(dir, 'out.json');
  writeStableJson(file, value);
  return fs.readFileSync(file, 'utf8');
}

describe('writeStableJson', () => {
  it('writes what json-stable-stringify writes for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(ours(value)).toBe(cdktfStringify(value, { space: 2 }));
      }),
      { numRuns: 500, seed: 20261201 },
    );
  });

  it('treats undefined, functions, toJSON, empty containers and key order as the library does', () => {
    const cases: unknown[] = [
      {},
      [],
      { a: {}, b: [], c: [[]], d: [{}] },
      { z: 1, a: undefined, f: () => 1, s: Symbol('x'), n: null, nan: NaN, inf: -Infinity },
      [undefined, () => 1, Symbol('y'), null, 0, '', false],
      { when: new Date(0), custom: { toJSON: () => ({ b: 2, a: [1, undefined] }) } },
      { 'é': 1, 'e': 2, 'E': 3, '\u{1F600}': 4, '\uffff': 5, '10': 6, '9': 7, '': 8 },
      { text: 'line\nbreak "quoted" \\ \u2028 \ud800 lone' },
      'top', 12.5, null, true,
    ];
    for (const value of cases) expect(ours(value)).toBe(cdktfStringify(value, { space: 2 }));
  });

  it('is how a SystemdStack writes cdk.tf.json: the same bytes cdktf writes for the same stack', () => {
    const outdir = path.join(dir, 'app');
    const app = new App({ outdir });
    const stack = new SystemdStack(app, 'st', { policy: { budget: 9.9 } });
    const host = new SystemdHost(stack, 'h', { target: { type: 'ssh', host: '10.0.0.1' }, systemd: '257' });
    const svc = new SystemdService(host, 'web', { preset: presets.networkService({ ports: [80] }), service: { ExecStart: ['/usr/bin/web'] } });
    new SystemdTimer(host, 'tick', { service: svc, timer: { OnCalendar: ['daily'] } });
    app.synth();
    const written = fs.readFileSync(path.join(outdir, 'stacks', 'st', 'cdk.tf.json'), 'utf8');
    expect(written).toBe(cdktfStringify(stack.toTerraform(), { space: 2 }));
    expect(Object.keys(JSON.parse(written).resource)).toEqual(['null_resource']);
  });
});
