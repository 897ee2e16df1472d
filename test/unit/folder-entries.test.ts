/**
 * FolderEntries answers "may DIR/NAME exist?" as the file system does, asking it as little as it can:
 * a repeated question is answered from memory, and a folder asked about often enough is listed once.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FolderEntries } from '../../lib/unit/folder-entries';

/** The module object itself (this file's `fs` is a namespace copy whose members cannot be spied on). */
const nodeFs = require('node:fs') as typeof fs;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folder-entries-'));
  for (const name of ['a.service.d', 'service.d', 'systemd-.service.d']) fs.mkdirSync(path.join(dir, name));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => jest.restoreAllMocks());

/** The drop-in folder names units of a batch ask about: every unit asks `service.d`. */
function questions(units: number): string[] {
  return Array.from({ length: units }, (_, i) => [`u${i}.service.d`, i % 2 ? 'systemd-.service.d' : `u${i}-.service.d`, 'service.d', 'a.service.d']).flat();
}

it('answers as the file system does, each distinct name asked once until the folder is listed', () => {
  const asked = jest.spyOn(nodeFs, 'existsSync');
  const listed = jest.spyOn(nodeFs, 'readdirSync');
  const folders = new FolderEntries();
  const names = questions(3); // 12 questions, 8 distinct: under the 16 asked before listing
  for (const name of names) expect(folders.mayExist(dir, name)).toBe(fs.statSync(path.join(dir, name), { throwIfNoEntry: false }) !== undefined);
  const own = asked.mock.calls.filter(([p]) => String(p).startsWith(dir));
  expect(own.map(([p]) => path.basename(String(p))).sort()).toEqual([...new Set(names)].sort());
  expect(listed).not.toHaveBeenCalled();
});

it('lists the folder once it has been asked enough distinct names, and answers from the listing after', () => {
  const folders = new FolderEntries();
  const names = questions(40);
  const truth = (name: string) => fs.existsSync(path.join(dir, name));
  const expected = names.map(truth);
  const asked = jest.spyOn(nodeFs, 'existsSync');
  const listed = jest.spyOn(nodeFs, 'readdirSync');
  expect(names.map((n) => folders.mayExist(dir, n))).toEqual(expected);
  expect(listed).toHaveBeenCalledTimes(1);
  // never the same name twice: some asked one by one (how many depends on the folder's size), the rest from the listing
  const one = asked.mock.calls.map(([p]) => String(p)).filter((p) => p.startsWith(dir));
  expect(new Set(one).size).toBe(one.length);
  expect(one.length).toBeGreaterThanOrEqual(16);
  expect(one.length).toBeLessThan(new Set(names).size);
});
