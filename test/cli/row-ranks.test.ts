/**
 * lib/exposure/row-ranks/ is what scripts/gen-row-ranks.ts makes of the oracles available here: the
 * script's --check mode regenerates each release's ranks from the real tools and compares.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { oraclesForTests } from '../support/oracle';

const ROOT = path.resolve(__dirname, '../..');

(oraclesForTests().length > 0 ? test : test.skip)('the rank tables match the real tools', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/gen-row-ranks.ts'), '--check'], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.stdout).not.toContain('DIFFERS');
  expect(r.status).toBe(0);
}, 600_000);
