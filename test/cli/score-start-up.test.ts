/**
 * What a `score` run loads and how its quick paths print (issue 13: the CLI as a whole process).
 * Module lists, never timings:
 * - `score` runs from the bundled score path (dist/lib/cli/score-bundle.js through bundle-loader.js)
 *   and loads neither commander nor the other verbs' dependencies (ts-morph, typescript, cdktf,
 *   constructs); `fmt` loads none of those dependencies either;
 * - a small batch on the host's release loads neither child_process (the release is read from the
 *   host's binary) nor worker_threads and v8 (used by large batches only);
 * - a `score` line read without commander (score-argv.ts) prints exactly what commander's reading
 *   prints (in-process main() of the sources, which is commander's);
 * - a batch large enough for worker threads (score-parallel.ts) prints exactly what one thread
 *   prints (in-process main(), which scores in its own thread), errors and threshold lines included.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../lib/cli/main';
import { analyzeOnPath, linkedVersion } from '../../lib/cli/host-release';
import { PARALLEL_MIN_FILES } from '../../lib/cli/score-parallel';
import { builtCli, runCli } from './built-cli';

const MACHINE = ['/lib/systemd/system', '/usr/lib/systemd/system'].find((d) => fs.existsSync(d));
let dir: string;
let unit: string;
let hook: string;

beforeAll(() => {
  builtCli();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'score-start-up-'));
  unit = path.join(dir, 'web.service');
  fs.writeFileSync(unit, '[Service]\nExecStart=/bin/true\nPrivateTmp=yes\nUser=web\n');
  // Records every module request of the process (resolved file, or the request for built-ins).
  hook = path.join(dir, 'record-modules.js');
  fs.writeFileSync(hook, `
const Module = require('node:module');
const fs = require('node:fs');
const seen = new Set();
const load = Module._load;
Module._load = function (request, parent, isMain) {
  try { seen.add(Module._resolveFilename(request, parent, isMain)); } catch { seen.add(request); }
  return load.apply(this, arguments);
};
process.on('exit', () => fs.writeFileSync(process.env.MODULE_LOG, [...seen].join('\\n')));
`);
}, 300_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The modules a run of the built CLI with `args` loads. */
async function modulesOf(args: string[]): Promise<string[]> {
  const log = path.join(dir, `modules-${args[0]}.txt`);
  const r = await runCli(args, { env: { NODE_OPTIONS: `--require ${hook}`, MODULE_LOG: log } });
  expect(r.stderr).toBe('');
  return fs.readFileSync(log, 'utf8').split('\n');
}

const HEAVY = /node_modules\/(ts-morph|typescript|cdktf|constructs|@cdktf)\//;

test('score loads the bundled score path only: no commander, no other verb, none of their dependencies', async () => {
  const loaded = await modulesOf(['score', '--systemd', '262', unit]);
  expect(loaded.filter((m) => HEAVY.test(m) || /node_modules\/commander\//.test(m))).toEqual([]);
  // From dist/lib, only the loader: everything else comes from the bundle.
  expect(loaded.filter((m) => /\/dist\/lib\//.test(m)).map((m) => path.basename(m))).toEqual(['bundle-loader.js']);
});

// The host's release is read from its binary (host-release.ts) when that binary names it: no process.
const hostBinaryNamesRelease = linkedVersion(analyzeOnPath()) !== undefined;
(hostBinaryNamesRelease ? test : test.skip)('a small score batch on the host release starts no process and loads no worker or V8 module', async () => {
  const loaded = await modulesOf(['score', unit]);
  expect(loaded.filter((m) => /^(node:)?(child_process|worker_threads|v8)$/.test(m))).toEqual([]);
});

test('fmt loads commander but none of the dependencies of import and fix', async () => {
  const loaded = await modulesOf(['fmt', unit]);
  expect(loaded.filter((m) => HEAVY.test(m))).toEqual([]);
  expect(loaded.some((m) => /node_modules\/commander\//.test(m))).toBe(true);
});

/** In-process main() (commander, one thread), capturing both streams. */
async function inProcess(args: string[]): Promise<{ stdout: string; stderr: string; status: number }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const status = await main(['node', 'cdktf-systemd', ...args]);
    return { stdout, stderr, status };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

test.each([
  [['--systemd', '257']],
  [['--systemd=252', '--json', 'pretty']],
  [['--json=short', '--systemd', '262', '--user']],
  [['--systemd', '262', '--json-lines', '--no-pager', '--threshold', '20']],
  [['--systemd', '257', '--offline=false']],
  [['--systemd', '257', '--live', '--system']],
  [['--systemd', '262', '--threshold=5']],
  [['--systemd', '262', '--json', 'bogus']],
  [['--systemd', '999']],
])('score %j read without commander prints what commander reading prints', async (options) => {
  const missing = path.join(dir, 'missing.service');
  const args = ['score', ...options, unit, missing];
  const built = await runCli(args);
  const ours = await inProcess(args);
  expect({ stdout: built.stdout, stderr: built.stderr, status: built.status }).toEqual(ours);
});

const machineTest = MACHINE ? test : test.skip;
machineTest(`a batch of ${PARALLEL_MIN_FILES}+ files on worker threads prints what one thread prints`, async () => {
  const batch = path.join(dir, 'batch');
  fs.mkdirSync(batch);
  const sources = fs.readdirSync(MACHINE!).filter((f) => /\.(service|socket|timer)$/.test(f)).map((f) => path.join(MACHINE!, f));
  const files: string[] = [];
  for (let i = 0; files.length < PARALLEL_MIN_FILES + 200; i++) {
    const src = sources[i % sources.length]!;
    const dest = path.join(batch, `c${i}-${path.basename(src)}`);
    try {
      fs.copyFileSync(src, dest); // a dangling link fails: skipped
    } catch {
      continue;
    }
    files.push(dest);
    if (i % 97 === 0) files.push(path.join(batch, `gone${i}.service`)); // "not found" lines on stderr
  }
  for (const args of [['score', '--systemd', '257', '--threshold', '50', ...files], ['score', '--systemd', '262', '--json=short', ...files]]) {
    const built = await runCli(args, { timeoutMs: 300_000 });
    const ours = await inProcess(args);
    expect(built.stderr).toBe(ours.stderr);
    expect(built.status).toBe(ours.status);
    expect(built.stdout === ours.stdout).toBe(true); // (no diff of ~15 MB in the report)
  }
}, 600_000);
