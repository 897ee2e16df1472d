/**
 * "Reads what systemd reads": every unit file shipped on this machine parses without error, and its
 * canonical re-rendering (drop-ins merged) is read by the real systemd exactly as the original: the
 * same `systemd-analyze security --offline=true` verdict check by check on every available release,
 * and no `systemd-analyze verify` message that the original does not have.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { canonicalDocument } from '../../lib/unit/canonical';
import { loadUnitFile } from '../../lib/unit/load';
import { renderDocument } from '../../lib/unit/render';
import { isValidUnitName } from '../../lib/unit/unit-name';
import { oraclesForTests, runOracle } from '../support/oracle';

const UNIT_DIRS = ['/lib/systemd/system', '/usr/lib/systemd/system'];

/** Unit files of the machine: regular files (symlinks are aliases or masks), one per real path. */
function machineUnits(): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const dir of UNIT_DIRS) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      const st = fs.lstatSync(file);
      if (!st.isFile() || !isValidUnitName(name)) continue;
      const real = fs.realpathSync(file);
      if (seen.has(real)) continue;
      seen.add(real);
      out.push(file);
    }
  }
  return out;
}

const units = machineUnits();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-'));
const canonicalFiles: string[] = [];

beforeAll(() => {
  for (const file of units) {
    const unit = loadUnitFile(file);
    const out = path.join(work, path.basename(file));
    fs.writeFileSync(out, renderDocument(canonicalDocument(unit.document)));
    canonicalFiles.push(out);
  }
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('the machine unit corpus', () => {
  it('has units to read', () => {
    expect(units.length).toBeGreaterThan(50);
  });

  it('parses every unit file and its drop-ins without an error', () => {
    const failures = units
      .map((f) => ({ f, errors: loadUnitFile(f).diagnostics.filter((d) => d.severity === 'error') }))
      .filter((x) => x.errors.length > 0);
    expect(failures).toEqual([]);
  });

  it.each(oraclesForTests())('is scored identically after canonical re-rendering by $suite (systemd $release)', ({ suite }) => {
    const original = runOracle(suite, units);
    const rendered = runOracle(suite, canonicalFiles);
    const differences = original
      .map((o, i) => ({ o, r: rendered[i]! }))
      .filter(({ o, r }) => JSON.stringify({ ...o, file: '' }) !== JSON.stringify({ ...r, file: '' }))
      .map(({ o, r }) => ({ unit: o.unit, original: o, rendered: r }));
    expect(differences).toEqual([]);
    // The comparison must have compared real reports, not only refusals.
    expect(original.filter((o) => 'checks' in o).length).toBeGreaterThan(50);
  });

  it('adds no systemd-analyze verify message (host systemd)', () => {
    const verify = (files: string[]): Set<string> => {
      const r = spawnSync('systemd-analyze', ['verify', '--man=no', ...files], { encoding: 'utf8', env: { ...process.env, SYSTEMD_LOG_COLOR: '0' } });
      if (r.error) throw r.error;
      // Messages name the file and line; line numbers differ after reordering, so compare without them.
      return new Set(
        `${r.stdout}\n${r.stderr}`
          .split('\n')
          .map((l) => l.replace(/^\S*?([^/\s]+\.[a-z]+(?:\.d\/[^:]+)?):\d+:/, '$1:').replace(new RegExp(work.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'), '<dir>').replace(/\/(usr\/)?lib\/systemd\/system/g, '<dir>'))
          .filter((l) => l.trim() !== ''),
      );
    };
    if (spawnSync('systemd-analyze', ['--version']).status !== 0) {
      if (process.env.CI) throw new Error('systemd-analyze is missing on this machine');
      return;
    }
    const before = verify(units);
    const after = verify(canonicalFiles);
    const added = [...after].filter((m) => !before.has(m));
    expect(added).toEqual([]);
  });
});
