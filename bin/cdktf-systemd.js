#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (dist/, built by `npm run build` or when packed). A plain `score` line runs
// from the bundled score path without commander (dist/lib/cli/bundle-loader.js, score-fast.js);
// every other line goes to main.js.
const argv = process.argv;
const run = (argv[2] === 'score' && require('../dist/lib/cli/bundle-loader.js').loadScoreEntry().scoreFast(argv)) || require('../dist/lib/cli/main.js').main(argv);
run.then(
  (code) => { process.exitCode = code; },
  (err) => {
    // The reader went away (`score … | head`): stop quietly with the status a shell gives a process
    // killed by SIGPIPE, as systemd-analyze (which SIGPIPE kills) ends then.
    if (err && err.code === 'EPIPE') { process.exitCode = 141; return; }
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 2;
  },
);
