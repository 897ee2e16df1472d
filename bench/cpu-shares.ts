/**
 * Who spent the CPU of a profiled run (`node --cpu-prof`): the library (lib/, presets/, bench/), cdktf
 * and its dependencies (constructs, the null provider, json-stable-stringify), or the runtime (garbage
 * collection, file writes, Node's own modules, native code). Self time of each function, summed.
 */
import * as fs from 'node:fs';

/** Self time in microseconds by owner. */
export interface CpuShares {
  readonly total: number;
  readonly library: number;
  readonly cdktf: number;
  readonly runtime: number;
}

interface Profile {
  readonly nodes: ReadonlyArray<{ readonly id: number; readonly callFrame: { readonly url: string } }>;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function ownerOf(url: string): keyof Omit<CpuShares, 'total'> {
  if (url.includes('/node_modules/')) return 'cdktf';
  if (url === '' || url.startsWith('node:')) return 'runtime';
  return 'library';
}

/** The shares of a `.cpuprofile` file. */
export function cpuShares(file: string): CpuShares {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const owner = new Map(p.nodes.map((n) => [n.id, ownerOf(n.callFrame.url)]));
  const out = { total: 0, library: 0, cdktf: 0, runtime: 0 };
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    out.total += dt;
    out[owner.get(id) ?? 'runtime'] += dt;
  });
  return out;
}
