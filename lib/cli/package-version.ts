/**
 * This package's version, apart from version.ts (which needs commander): `score --format sarif`
 * names it, and the bundled `score` path does not load commander.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** This package's version, from the package.json above this file (in lib/ as in dist/lib/). */
export function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'cdktf-systemd' && typeof pkg.version === 'string') return pkg.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
