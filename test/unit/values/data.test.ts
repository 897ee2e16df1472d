/** The value kinds' name tables agree with the spec data produced from the real tools. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CAPABILITIES, SYSCALL_GROUP_SINCE, SYSCALL_SINCE } from '../../../lib/unit/values';

const SPEC = process.env.CDKTF_SYSTEMD_SPEC_DIR ?? path.resolve(__dirname, '../../../../shared/spec');
const haveSpec = fs.existsSync(path.join(SPEC, 'capabilities.json'));
if (!haveSpec && process.env.CI) throw new Error(`spec data missing at ${SPEC}`);
const run = haveSpec ? describe : describe.skip;

const read = (f: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(SPEC, f), 'utf8')) as Record<string, unknown>;

run('data tables vs /work/shared/spec', () => {
  it('capabilities are the union of every release, in kernel order', () => {
    const caps = read('capabilities.json') as Record<string, Record<string, number>>;
    for (const [, table] of Object.entries(caps)) {
      const names = Object.entries(table).sort((a, b) => a[1] - b[1]).map(([n]) => n.toUpperCase());
      expect(CAPABILITIES.slice(0, names.length)).toEqual(names);
    }
  });

  it.each(['252', '257', '262'])('syscall names and groups known in %s are accepted from that release on', (release) => {
    const data = read(`syscall-groups/v${release}.json`) as { group_order: string[]; groups: Record<string, string[]>; ungrouped_known: string[]; x86_64_unknown: string[] };
    const unknown = new Set(data.x86_64_unknown);
    for (const g of data.group_order) {
      expect(SYSCALL_GROUP_SINCE[g]).toBeLessThanOrEqual(Number(release));
      for (const m of data.groups[g]!) {
        if (m.startsWith('@')) expect(SYSCALL_GROUP_SINCE[m]).toBeDefined();
        else if (!unknown.has(m)) expect([m, SYSCALL_SINCE.get(m)! <= Number(release)]).toEqual([m, true]);
      }
    }
    for (const n of data.ungrouped_known) if (!unknown.has(n)) expect(SYSCALL_SINCE.has(n)).toBe(true);
    // Names libseccomp of that release does not know are not accepted as of that release.
    for (const n of unknown) expect((SYSCALL_SINCE.get(n) ?? 999) > Number(release)).toBe(true);
  });
});
