/**
 * `cdktf-systemd baseline REPORT [--file exposure-baseline.json] [--check]`: writes the exposure
 * baseline from a synthesized exposure-report.json (the same file a synth with
 * CDKTF_SYSTEMD_WRITE_BASELINE=1 writes), or with --check compares the report against it and exits 1
 * when a unit got worse. The work is in baseline-run.ts, loaded when the verb runs.
 */
import type { Command } from 'commander';

/** Registers the `baseline` verb. */
export function registerBaseline(program: Command, exit: { code: number }): void {
  program
    .command('baseline')
    .description('write the exposure baseline from an exposure-report.json, or check the report against it (--check)')
    .option('--file <path>', 'the baseline file', 'exposure-baseline.json')
    .option('--check', 'compare instead of writing: exit 1 when a unit rose above its baseline or a passing check fails')
    .argument('<report>', 'an exposure-report.json written by synth (cdktf.out/stacks/<stack>/exposure-report.json)')
    .action(async (report: string, opts: { file: string; check?: boolean }) => {
      const { runBaseline } = await import('./baseline-run');
      runBaseline(report, opts.file, opts.check === true, exit);
    });
}
