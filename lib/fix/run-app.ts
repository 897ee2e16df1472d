/**
 * Runs the user's app once as a `tsx` child in recording mode (see record-app.ts) and reads what it
 * recorded. Synth output goes to a temporary folder, so the user's cdktf.out/ is left alone.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUDGET_OVERRIDE_ENV, RECORD_FILE_ENV, type AppRecord } from './record';

/** Options of {@link recordApp}. */
export interface RecordOptions {
  /** The app's entry file (`main.ts`), relative to `cwd`. */
  readonly app: string;
  /** The project root synth runs in. */
  readonly cwd: string;
  /** Plan for this budget instead of each unit's own. */
  readonly budget?: number;
}

/** The tsx command line: the app's own tsx when it has one, else ours. */
function tsxCli(appFile: string): string {
  for (const from of [appFile, __filename]) {
    try {
      return createRequire(from).resolve('tsx/cli');
    } catch {
      // try the next place
    }
  }
  throw new Error('tsx is not installed: add it to the app (npm install --save-dev tsx)');
}

/** Runs the app and returns its record; throws with the app's stderr when it fails before synth. */
export function recordApp(options: RecordOptions): AppRecord {
  const appFile = path.resolve(options.cwd, options.app);
  if (!fs.existsSync(appFile)) throw new Error(`${options.app}: no such file (give the app's entry file with --app)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-systemd-fix-'));
  try {
    const recordFile = path.join(tmp, 'record.json');
    const script = path.join(__dirname, `record-app${path.extname(__filename)}`);
    const env: NodeJS.ProcessEnv = { ...process.env, [RECORD_FILE_ENV]: recordFile, CDKTF_OUTDIR: path.join(tmp, 'cdktf.out') };
    if (options.budget !== undefined) env[BUDGET_OVERRIDE_ENV] = String(options.budget);
    else delete env[BUDGET_OVERRIDE_ENV];
    const child = spawnSync(process.execPath, [tsxCli(appFile), script, appFile], { cwd: options.cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const record = fs.existsSync(recordFile) ? (JSON.parse(fs.readFileSync(recordFile, 'utf8')) as AppRecord) : undefined;
    if (!record || record.synthCalls === 0) {
      const why = child.error ? child.error.message : (child.stderr || child.stdout || '').trim() || `exit code ${child.status}`;
      throw new Error(`${options.app}: the app failed before synth:\n${why}`);
    }
    return record;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
