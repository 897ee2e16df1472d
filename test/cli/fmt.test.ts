import { execFileSync } from 'node:child_process';
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

  it('reports errors at their line in the file, comments and blank lines included', async () => {
    const f = path.join(dir, 'numbered.service');
    fs.writeFileSync(f, '# one\n\n; three\n[Service]\r\n[Service\nExecStart=/bin/true\n');
    const r = await capture(() => main(['node', 'cdktf-systemd', 'fmt', f]));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/numbered\.service:5: error: Invalid section header/);
  });

  it('refuses invalid UTF-8 naming file and line, and never prints U+FFFD', async () => {
    const f = path.join(dir, 'latin1.service');
    fs.writeFileSync(f, Buffer.from('[Unit]\n# caf\xe9 is fine in a comment\nDescription=caf\xe9\n', 'latin1'));
    const r = await capture(() => main(['node', 'cdktf-systemd', 'fmt', f]));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/latin1\.service:3: error: not valid UTF-8 \(byte 0xe9 at column 16\)/);
    expect(r.err).not.toContain('\ufffd');
  });

  it('keeps valid UTF-8 byte for byte', async () => {
    const f = path.join(dir, 'utf8.service');
    fs.writeFileSync(f, '[Unit]\nDescription=café ☕ 𝄞\n');
    const r = await capture(() => main(['node', 'cdktf-systemd', 'fmt', f]));
    expect(r.code).toBe(0);
    expect(r.out).toContain('Description=café ☕ 𝄞\n');
  });

  it('refuses a folder and a FIFO by name, and prints a link to /dev/null (a masked unit) as empty', async () => {
    const folder = path.join(dir, 'folder.service');
    fs.mkdirSync(folder);
    const fifo = path.join(dir, 'pipe.service');
    execFileSync('mkfifo', [fifo]);
    const masked = path.join(dir, 'masked.service');
    fs.symlinkSync('/dev/null', masked);
    const r = await capture(() => main(['node', 'cdktf-systemd', 'fmt', folder, fifo]));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${folder} is a directory, not a regular file: not read`);
    expect(r.err).toContain(`${fifo} is a FIFO (named pipe), not a regular file: not read`);
    const m = await capture(() => main(['node', 'cdktf-systemd', 'fmt', masked]));
    expect(m).toEqual({ code: 0, out: '', err: '' });
  });

  it('with --merge-dropins, refuses a drop-in that systemd would read only in part', async () => {
    const f = path.join(dir, 'partial.service');
    fs.writeFileSync(f, '[Service]\nExecStart=/bin/true\n');
    fs.mkdirSync(`${f}.d`);
    fs.writeFileSync(path.join(`${f}.d`, 'x.conf'), '[Service]\nUser=a\n[Service\nUser=b\n');
    const r = await capture(() => main(['node', 'cdktf-systemd', 'fmt', '--merge-dropins', f]));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/partial\.service\.d\/x\.conf:3: Invalid section header '\[Service'; systemd ignores the rest of this drop-in/);
    expect((await capture(() => main(['node', 'cdktf-systemd', 'fmt', f]))).code).toBe(0);
  });
});
