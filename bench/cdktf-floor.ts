/**
 * cdktf's floor for the synth benchmark: the same `cdk.tf.json` (same resources, triggers,
 * provisioners, connections, locals) declared with bare cdktf constructs and plain strings, no library
 * code, then synthesized. What cdktf alone costs to write what bench/synth.ts writes.
 *
 *   npm run bench:synth -- --floor 1000 10000
 *
 * `--floor-child FILE OUTDIR` rebuilds FILE (a `cdk.tf.json` of bench/synth.ts) and prints the figures;
 * the parent checks that the rebuilt file is byte-identical to FILE.
 */
import * as fs from 'node:fs';
import { Construct } from 'constructs';
import { App, TerraformLocal, TerraformStack, type TerraformResource } from 'cdktf';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';

/** One resource of the stack's Terraform JSON (the keys this library writes). */
interface ResourceJson {
  readonly '//': { readonly metadata: { readonly path: string } };
  readonly triggers: Record<string, string>;
  readonly provisioner: ReadonlyArray<Record<string, Record<string, unknown>>>;
  readonly connection?: Record<string, string>;
  readonly depends_on: string[];
  readonly count?: number;
}

/** Figures of one floor run. */
export interface FloorFigures {
  /** Declaring the constructs and synthesizing (reading the JSON excluded). */
  readonly seconds: number;
  readonly maxRssMiB: number;
  /** RSS once the JSON was read and parsed, before any construct (part of the peak). */
  readonly inputRssMiB: number;
}

/** Rebuilds `file` with bare cdktf into `outdir`; returns the figures. */
export function rebuild(file: string, outdir: string): FloorFigures {
  let tf = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    locals: Record<string, string>;
    resource: { null_resource: Record<string, ResourceJson> };
  };
  const inputRssMiB = process.memoryUsage().rss / 1048576;
  const started = process.hrtime.bigint();
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, 'bench');
  new NullProvider(stack, 'null');
  for (const [name, value] of Object.entries(tf.locals)) new TerraformLocal(stack, name, value);
  const scopes = new Map<string, Construct>([['bench', stack]]);
  const scopeOf = (path: string): Construct => {
    let scope = scopes.get(path);
    if (!scope) {
      const cut = path.lastIndexOf('/');
      scope = new Construct(scopeOf(path.slice(0, cut)), path.slice(cut + 1));
      scopes.set(path, scope);
    }
    return scope;
  };
  for (const r of Object.values(tf.resource.null_resource)) {
    const path = r['//'].metadata.path;
    const cut = path.lastIndexOf('/');
    const resource: TerraformResource = new NullResource(scopeOf(path.slice(0, cut)), path.slice(cut + 1), {
      triggers: r.triggers,
      provisioners: r.provisioner.map((p) => {
        const [type, props] = Object.entries(p)[0]!;
        return { type, ...props } as never;
      }),
      ...(r.connection ? { connection: r.connection as never } : {}),
      lifecycle: { createBeforeDestroy: true },
      ...(r.count !== undefined ? { count: r.count } : {}),
    });
    resource.dependsOn = r.depends_on;
  }
  tf = undefined as never; // the parsed tree is not part of what cdktf holds
  app.synth();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, inputRssMiB };
}
