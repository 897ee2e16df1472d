/**
 * Unit files written on a worker thread (lib/constructs/background-files.ts): every byte is on disk
 * when synth returns, in this thread or the worker alike, and a file that cannot be written fails
 * synth with the reason.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, SystemdHost, SystemdService, SystemdStack, UNITS_FOLDER } from '../../lib/constructs';
import * as presets from '../../presets';
import { BACKGROUND_MIN_FILES, writeFilesInBackground, type FileToWrite } from '../../lib/constructs/background-files';

describe('writeFilesInBackground', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'background-files-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // texts with multi-byte characters, so that a wrong encoding or a cut shows
  const files = (n: number): FileToWrite[] =>
    Array.from({ length: n }, (_, i) => [path.join(dir, `f${i % 7}`, `u${i}.service`), `[Service]\nDescription=é ✓ 😀 ${i}\n${'x'.repeat(i % 300)}\n`]);

  it.each([
    ['on a worker thread', 1],
    ['in this thread', Infinity],
  ])('writes every file and its folders %s', (_, minForWorker) => {
    const list = files(1200);
    writeFilesInBackground(list, minForWorker).finish();
    for (const [file, text] of list) expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(fs.readdirSync(dir).sort()).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6']);
  });

  it('throws the reason when a file cannot be written, and finish() may be called again', () => {
    fs.writeFileSync(path.join(dir, 'f3'), 'a file where a folder should be');
    const batch = writeFilesInBackground(files(600), 1);
    expect(() => batch.finish()).toThrow(/^cannot write the unit files: (EEXIST|ENOTDIR).*f3/);
    expect(() => batch.finish()).not.toThrow();
  });
});

describe('synth with the unit files on a worker thread', () => {
  let outdir: string;
  beforeEach(() => (outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'background-synth-'))));
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  function declare(): { app: App; services: SystemdService[] } {
    const app = new App({ outdir });
    const stack = new SystemdStack(app, 'st', { policy: { budget: 9.9 } });
    const host = new SystemdHost(stack, 'h', { target: { type: 'local' }, systemd: '257' });
    const services = Array.from({ length: BACKGROUND_MIN_FILES }, (_, i) => new SystemdService(host, `s${i}`, { preset: presets.strict(), service: { ExecStart: [`/usr/bin/app ${i}`] } }));
    return { app, services };
  }

  it('has every unit file written when synth returns', () => {
    const { app, services } = declare();
    app.synth();
    const folder = path.join(outdir, 'stacks', 'st', UNITS_FOLDER, 'h');
    expect(fs.readdirSync(folder).length).toBe(services.length);
    for (const s of services) expect(fs.readFileSync(path.join(folder, s.installPath), 'utf8')).toBe(s.text);
  });

  it('fails synth with the reason when the units folder cannot be made', () => {
    const { app } = declare();
    fs.mkdirSync(path.join(outdir, 'stacks', 'st'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'stacks', 'st', UNITS_FOLDER), 'not a folder');
    expect(() => app.synth()).toThrow(/cannot write the unit files: (EEXIST|ENOTDIR).*units/);
  });
});
