#!/usr/bin/env node
'use strict';
/**
 * Build step after tsc (`npm run build`, prepack): bundles the `score` path of the compiled CLI into
 * DIST/lib/cli/score-bundle.js and its worker into score-worker-bundle.js (esbuild), then makes the
 * bundle's V8 code cache (score-bundle.cache) by scoring a sample unit with it in a fresh Node.
 * bin/cdktf-systemd.js loads them through DIST/lib/cli/bundle-loader.js, and falls back to the
 * compiled modules when they are missing or older than them.
 *
 *   node scripts/bundle-cli.js [DIST]     (default: dist)
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const esbuild = require('esbuild');

const dist = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'dist'));
const cli = path.join(dist, 'lib', 'cli');

esbuild.buildSync({
  entryPoints: { 'score-bundle': path.join(cli, 'score-fast.js'), 'score-worker-bundle': path.join(cli, 'score-worker.js') },
  outdir: cli,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  // Whitespace and syntax only (names are kept, for stack traces): a third less source to read at
  // every start (677 -> 482 KB; ~6 ms of scoring one unit on these VMs, where each new page costs).
  minifyWhitespace: true,
  minifySyntax: true,
});
fs.rmSync(path.join(cli, 'score-bundle.cache'), { force: true });

// An ASCII-only source is read as a one-byte string; one non-ASCII character anywhere (esbuild keeps
// regular expressions, raw templates and comments on class members as written) makes V8 decode the
// whole 660 KB to UTF-16 at every start (3 % of scoring one unit). Write such a character as an escape.
for (const name of ['score-bundle.js', 'score-worker-bundle.js']) {
  const lines = fs.readFileSync(path.join(cli, name), 'utf8').split('\n');
  const at = lines.findIndex((line) => /[^\x00-\x7f]/.test(line));
  if (at >= 0) {
    console.error(`bundle-cli: ${name}:${at + 1} is not ASCII (write the character as an escape in the source):\n${lines[at]}`);
    process.exit(1);
  }
}

// The code cache: V8 keeps what a real run compiled, so a sample unit is scored first.
const sampleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-systemd-bundle-'));
const sample = path.join(sampleDir, 'sample.service');
fs.writeFileSync(sample, [
  '[Unit]', 'Description=code cache warm-up', '', '[Service]', 'ExecStart=/usr/bin/true --flag', 'User=sample',
  'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes', 'CapabilityBoundingSet=CAP_NET_BIND_SERVICE',
  'RestrictAddressFamilies=AF_INET AF_INET6', 'SystemCallFilter=@system-service', 'IPAddressDeny=any',
  'ReadWritePaths=/var/lib/sample', 'DeviceAllow=/dev/null rw', '', '[Install]', 'WantedBy=multi-user.target', '',
].join('\n'));
const warm = `
const { loadScoreEntry, SCORE_CODE_CACHE } = require(${JSON.stringify(path.join(cli, 'bundle-loader.js'))});
const entry = loadScoreEntry();
if (!entry.script) throw new Error('the bundle was not loaded');
process.stdout.write = () => true;
entry.scoreFast(['node', 'cdktf-systemd', 'score', '--systemd', '262', ${JSON.stringify(sample)}]).then(() => {
  require('node:fs').writeFileSync(SCORE_CODE_CACHE, entry.script.createCachedData());
});`;
const r = spawnSync(process.execPath, ['-e', warm], { stdio: ['ignore', 'inherit', 'inherit'] });
fs.rmSync(sampleDir, { recursive: true, force: true });
if (r.status !== 0) {
  console.error('bundle-cli: making the code cache failed');
  process.exit(1);
}
