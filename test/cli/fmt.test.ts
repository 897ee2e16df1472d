import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../lib/cli/main';
import { parseUnitText } from '../../lib/unit/parse';
import { mergeDropIns, valuesOf } from '../../lib/unit/model';

function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
  return fn().then(
    (code) => (o.mockRestore(), e.mockRestore(), { code, out: out.join(''), err: err.join('') }),
    (x: unknown) => (o.mockRestore(), e.mockRestore(), Promise.reject(x)),
  );
}

describe('cdktf-systemd fmt', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmt-'));
  const file = path.join(dir, 'web.service');
  fs.writeFileSync(file, '[Install]\nWantedBy=multi-user.target\n[Service]\n# c\nExecStart=/bin/true \\\n  --x\nUser = a\n[Unit]\nDescription=web\n');
  fs.mkdirSync(`${file}.d`);
  fs.writeFileSync(path.join(`${file}.d`, '10-user.conf'), '[Service]\nUser=b\n');

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints [Unit] first and [Install] last, and the meaning is unchanged', async () => {
    const r = await capture(() => main(['node', 'cdktf-systemd', 'fmt', file]));
    expect(r.code).toBe(0);
    const names = parseUnitText(r.out).document.sections.map((s) => s.name);
    expect(names[0]).toBe('Unit');
    expect(names[names.length - 1]).toBe('Install');
    const original = parseUnitText(fs.readFileSync(file, 'utf8')).document;
    for (const [section, key] of [['Service', 'ExecStart'], ['Service', 'User'], ['Unit', 'Description'], ['Install', 'WantedBy']] as const) {
      expect(valuesOf(parseUnitText(r.out).document, section, key)).toEqual(valuesOf(original, section, key));
    }
  });

  it('merges drop-ins with --merge-dropins, in systemd order', async () => {
    const r = await capture(() => main(['node', 'cdktf-systemd', 'fmt', '--merge-dropins', file]));
    expect(r.code).toBe(0);
    const merged = mergeDropIns(parseUnitText(fs.readFileSync(file, 'utf8')).document, [
      { fileName: '10-user.conf', document: parseUnitText('[Service]\nUser=b\n').document },
    ]);
    expect(valuesOf(parseUnitText(r.out).document, 'Service', 'User')).toEqual(valuesOf(merged, 'Service', 'User'));
  });

  it('merges the type-wide service.d/ too; a drop-in name in NAME.d/ shadows the same name there', async () => {
    const typeWide = path.join(dir, 'service.d');
    fs.mkdirSync(typeWide);
    try {
      fs.writeFileSync(path.join(typeWide, '10-user.conf'), '[Service]\nUser=shadowed\n');
      fs.writeFileSync(path.join(typeWide, '20-nnp.conf'), '[Service]\nNoNewPrivileges=yes\n');
      const r = await capture(() => main(['node', 'cdktf-systemd', 'fmt', '--merge-dropins', file]));
      expect(r.code).toBe(0);
      const out = parseUnitText(r.out).document;
      expect(valuesOf(out, 'Service', 'User')).toEqual(['a', 'b']);
      expect(valuesOf(out, 'Service', 'NoNewPrivileges')).toEqual(['yes']);
    } finally {
      fs.rmSync(typeWide, { recursive: true, force: true });
    }
  });

  it('is deterministic: formatting its own output changes nothing', async () => {
    const first = await capture(() => main(['node', 'cdktf-systemd', 'fmt', file]));
    const again = path.join(dir, 'again.service');
    fs.writeFileSync(again, first.out);
    const second = await capture(() => main(['node', 'cdktf-systemd', 'fmt', again]));
    expect(second.out).toBe(first.out);
  });

  it('reports an unreadable file and a broken section header, and exits non-zero', async () => {
    const broken = path.join(dir, 'broken.service');
    fs.writeFileSync(broken, '[Service\nExecStart=/bin/true\n');
    const r = await capture(() => main(['node', 'cdktf-systemd', 'fmt', path.join(dir, 'missing.service'), broken]));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/missing\.service: .*ENOENT/);
    expect(r.err).toMatch(/broken\.service:1: error: Invalid section header/);
  });
});
