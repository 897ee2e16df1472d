/**
 * Live-mode oracle: boots a real systemd (../shared/tools/systemd-sandbox.sh, overridable with env
 * SYSTEMD_SANDBOX_SCRIPT) under an instance name of our own, installs unit files, and scores them
 * with that release's `systemd-analyze security NAME` against the running manager (spec i).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SystemdRelease } from '../../lib/exposure';
import { parseJsonLine, parseSummaries, type OracleCheck } from '../support/oracle';

/** Sandbox suites and the release each runs. */
export const LIVE_SUITES: ReadonlyArray<{ suite: string; release: SystemdRelease }> = [
  { suite: 'bookworm', release: '252' },
  { suite: 'trixie', release: '257' },
  { suite: 'sid', release: '262' },
];

const script = (): string => process.env.SYSTEMD_SANDBOX_SCRIPT ?? path.resolve(__dirname, '../../../shared/tools/systemd-sandbox.sh');
const rootsDir = (): string => path.join(process.env.SYSTEMD_SANDBOX_DIR ?? '/var/tmp/systemd-sandbox', 'roots');

/** Suites whose sandbox can boot here without a long root build (all of them under CI). */
export function availableLiveSuites(): Array<{ suite: string; release: SystemdRelease }> {
  if (!fs.existsSync(script()) || process.getuid?.() !== 0) return [];
  return LIVE_SUITES.filter((s) => process.env.CI || fs.existsSync(path.join(rootsDir(), s.suite)));
}

function sandbox(instance: string, args: string[]): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(script(), args, {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, SYSTEMD_SANDBOX_INSTANCE: instance, TERM: 'dumb', LANG: 'C.UTF-8' },
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? 1 };
}

/** A running sandbox of ours. */
export interface LiveSandbox {
  /** Scores loaded units by name: overall and every check, per unit. */
  score(names: string[]): Array<{ unit: string; exposure: number; level: string; checks: OracleCheck[] }>;
  /** Powers the sandbox off. */
  down(): void;
}

/** Boots a sandbox of `suite` with its own instance name and installs `files`. */
export function bootLiveSandbox(suite: string, files: string[]): LiveSandbox {
  const instance = `exposure-live-${suite}-${process.pid}`;
  const up = sandbox(instance, ['up', suite]);
  if (up.status !== 0) throw new Error(`sandbox ${suite} did not boot: ${up.stderr}`);
  const inst = sandbox(instance, ['install', suite, ...files]);
  if (inst.status !== 0) {
    sandbox(instance, ['down', suite]);
    throw new Error(`sandbox ${suite}: install failed: ${inst.stderr}`);
  }
  return {
    score(names) {
      const text = sandbox(instance, ['exec', suite, 'systemd-analyze', 'security', ...names]);
      const json = sandbox(instance, ['exec', suite, 'env', 'SYSTEMD_ANALYZE_DEBUG=1', 'systemd-analyze', 'security', '--json=short', ...names]);
      const summaries = parseSummaries(text.stdout);
      // With several units live mode appends an overview array (unit/exposure/predicate/happy): skip it.
      const arrays = json.stdout.split('\n').filter((l) => l.startsWith('[{"set"'));
      if (summaries.length !== names.length || arrays.length !== names.length) {
        throw new Error(`live ${suite}: expected ${names.length} reports, got ${summaries.length}/${arrays.length}\n${text.stderr}`);
      }
      return summaries.map((s, i) => ({ ...s, checks: parseJsonLine(arrays[i]!) }));
    },
    down() {
      sandbox(instance, ['down', suite]);
    },
  };
}
