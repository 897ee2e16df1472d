/**
 * `cdktf-systemd score --format sarif`: one SARIF 2.1.0 log (valid against the OASIS schema) of the
 * failing checks of every file, each result at its file; exit 1 over --threshold as in text mode.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { main } from '../../lib/cli/main';
import { assessFile } from '../../lib/exposure';

const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/sarif-schema-2.1.0.json'), 'utf8')) as object;

async function score(args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await main(['node', 'cdktf-systemd', 'score', '--systemd', '257', '--format', 'sarif', ...args]), out: out.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('score --format sarif', () => {
  let dir: string;
  let plain: string;
  let hardened: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-cli-'));
    plain = path.join(dir, 'plain.service');
    hardened = path.join(dir, 'hardened.service');
    fs.writeFileSync(plain, '[Service]\nExecStart=/usr/bin/true\n');
    fs.writeFileSync(hardened, '[Service]\nExecStart=/usr/bin/true\nDynamicUser=yes\nPrivateNetwork=yes\nProtectSystem=strict\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is valid SARIF 2.1.0 with one result per failing check of each file, located at the file', async () => {
    const r = await score([plain, hardened]);
    const log = JSON.parse(r.out) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(log)).toBe(true);
    for (const [file, name] of [[plain, 'plain.service'], [hardened, 'hardened.service']] as const) {
      const failing = assessFile(file, { release: '257' }).checks.filter((c) => (c.exposure ?? 0) > 0).map((c) => c.jsonField).sort();
      const results = log.runs[0]!.results.filter((x) => x.locations.some((l) => l.physicalLocation.artifactLocation.uri.endsWith(name)));
      expect(results.map((x) => x.ruleId).sort()).toEqual(failing);
    }
  });

  it('exits 1 when a file is over --threshold, 0 otherwise', async () => {
    const exposure = assessFile(plain, { release: '257' }).exposure;
    expect((await score(['--threshold', String(exposure - 1), plain])).code).toBe(1);
    expect((await score(['--threshold', String(exposure), plain])).code).toBe(0);
  });
});
