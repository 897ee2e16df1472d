/**
 * `diff OLD NEW` as a library: two unit files (or documents) or two exposure-report.json files,
 * compared check by check, with exit status 1 when a unit got worse. Expected numbers come from the
 * scorer (assessUnit) at run time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assessUnit, formatExposure, type AnalysisMode } from '../../lib/exposure';
import { diffReports, diffUnitFiles, diffUnits, formatDiff } from '../../lib/report';
import { parseUnitText } from '../../lib/unit/parse';
import { checkExposure, stackJson, tempDir, webApp, withStderr, type WebVariant } from './helpers';

const outdir = tempDir('diff');
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

/** Synthesizes one version of the web app; returns its unit file and stack folder. */
function version(variant: WebVariant) {
  const { app, stackDir } = webApp(path.join(outdir, variant), variant);
  withStderr(() => app.synth());
  return { unitFile: path.join(stackDir, 'units/h/web.service'), stackDir };
}
const preset = version('preset');
const weaker = version('weaker');
const swap = version('swap');

const doc = (file: string) => ({ name: 'web.service', document: parseUnitText(fs.readFileSync(file, 'utf8'), file).document });
const report = (file: string, mode: AnalysisMode = 'offline') => assessUnit(doc(file), { release: '257', mode });
const score = (file: string, mode: AnalysisMode = 'offline') => formatExposure(report(file, mode).exposure);

describe('two unit files', () => {
  it('fails (exit 1) when the new version is worse, naming both scores and the check that starts failing', () => {
    const diff = diffUnitFiles(preset.unitFile, weaker.unitFile, { release: '257' });
    expect(diff.exitCode).toBe(1);
    expect(formatDiff(diff)).toBe(
      [
        `worse: web.service: offline ${score(preset.unitFile)} → ${score(weaker.unitFile)}, live ${score(preset.unitFile, 'live')} → ${score(weaker.unitFile, 'live')}`,
        `  starts failing: ProtectKernelTunables= (${checkExposure(report(weaker.unitFile), 'ProtectKernelTunables')})`,
        '1 worse, 0 better, 0 changed, 0 unchanged, 0 added, 0 removed',
        '',
      ].join('\n'),
    );
  });

  it('passes (exit 0) when the new version is better', () => {
    const diff = diffUnits(doc(weaker.unitFile), doc(preset.unitFile), { release: '257' });
    expect(diff.exitCode).toBe(0);
    expect(formatDiff(diff)).toBe(
      [
        `better: web.service: offline ${score(weaker.unitFile)} → ${score(preset.unitFile)}, live ${score(weaker.unitFile, 'live')} → ${score(preset.unitFile, 'live')}`,
        `  now passes: ProtectKernelTunables= (was ${checkExposure(report(weaker.unitFile), 'ProtectKernelTunables')})`,
        '0 worse, 1 better, 0 changed, 0 unchanged, 0 added, 0 removed',
        '',
      ].join('\n'),
    );
  });

  it('fails when a check starts failing at the same exposure, and lists the check that got cheaper', () => {
    expect(score(swap.unitFile)).toBe(score(preset.unitFile));
    const diff = diffUnitFiles(preset.unitFile, swap.unitFile, { release: '257' });
    expect(diff.exitCode).toBe(1);
    expect(formatDiff(diff).split('\n').slice(1, 3)).toEqual([
      `  starts failing: ProtectKernelTunables= (${checkExposure(report(swap.unitFile), 'ProtectKernelTunables')})`,
      `  costs less: IPAddressDeny= (${checkExposure(report(preset.unitFile), 'IPAddressDeny')} → ${checkExposure(report(swap.unitFile), 'IPAddressDeny')})`,
    ]);
  });

  it('passes with nothing to say for the same file', () => {
    const diff = diffUnitFiles(preset.unitFile, preset.unitFile, { release: '257' });
    expect([diff.exitCode, formatDiff(diff)]).toEqual([0, '0 worse, 0 better, 0 changed, 1 unchanged, 0 added, 0 removed\n']);
  });
});

describe('two exposure-report.json files', () => {
  it('fails when a unit got worse, matching units by construct path', () => {
    const diff = diffReports(stackJson(preset.stackDir), stackJson(weaker.stackDir));
    expect(diff.exitCode).toBe(1);
    expect(formatDiff(diff).split('\n')[0]).toBe(`worse: web.service [st/h/web]: offline ${score(preset.unitFile)} → ${score(weaker.unitFile)}, live ${score(preset.unitFile, 'live')} → ${score(weaker.unitFile, 'live')}`);
    expect(diff.units[0]!.checks.map((c) => [c.kind, c.json_field])).toEqual([['starts failing', 'ProtectKernelTunables']]);
  });

  it('passes when units got better, were added or removed', () => {
    const old = stackJson(weaker.stackDir);
    const renamed = { units: stackJson(preset.stackDir).units.map((u) => ({ ...u, path: 'st/h/www', unit: 'www.service' })) };
    const diff = diffReports(old, { units: [...stackJson(preset.stackDir).units, ...renamed.units] });
    expect(diff.exitCode).toBe(0);
    expect(formatDiff(diff)).toBe(
      [
        `better: web.service [st/h/web]: offline ${score(weaker.unitFile)} → ${score(preset.unitFile)}, live ${score(weaker.unitFile, 'live')} → ${score(preset.unitFile, 'live')}`,
        `  now passes: ProtectKernelTunables= (was ${checkExposure(report(weaker.unitFile), 'ProtectKernelTunables')})`,
        `added: www.service [st/h/www]: offline ${score(preset.unitFile)}, live ${score(preset.unitFile, 'live')}`,
        '0 worse, 1 better, 0 changed, 0 unchanged, 1 added, 0 removed',
        '',
      ].join('\n'),
    );
    expect(diffReports(old, { units: [] }).units.map((u) => u.verdict)).toEqual(['removed']);
  });
});
