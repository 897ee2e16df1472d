/**
 * cdktf's floor for the synth benchmark: the same `cdk.tf.json` (same resources, triggers,
 * provisioners, connections, locals) declared with bare cdktf constructs and plain strings, no library
 * code, then synthesized. What cdktf alone costs to write what bench/synth.ts writes.
 *
 *   npm run bench:synth -- --floor 1000 10000
 *
 * `--floor-child INPUT OUTDIR` rebuilds INPUT (made by {@link floorInput} from a `cdk.tf.json` of
 * bench/synth.ts) and prints the figures; the parent checks that the result is byte-identical.
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
  /** Declaring the constructs (reading each resource's line included) and synthesizing. */
  readonly seconds: number;
  readonly maxRssMiB: number;
  /** RSS before the first construct: Node, cdktf and the provider loaded. */
  readonly inputRssMiB: number;
}

/**
 * Turns a `cdk.tf.json` into the floor's input, one JSON value per line (the locals, then each
 * resource), so that the child reads one resource at a time and holds no parsed copy of the file.
 */
export function floorInput(file: string, out: string): void {
  const tf = JSON.parse(fs.readFileSync(file, 'utf8')) as { locals: Record<string, string>; resource: { null_resource: Record<string, ResourceJson> } };
  const lines = [JSON.stringify(tf.locals), ...Object.values(tf.resource.null_resource).map((r) => JSON.stringify(r))];
  fs.writeFileSync(out, lines.join('\n') + '\n');
}

/** Calls `each` with every line of `file`, reading it in chunks. */
function eachLine(file: string, each: (line: string) => void): void {
  const fd = fs.openSync(file, 'r');
  const chunk = Buffer.alloc(1 << 20);
  let rest = '';
  try {
    for (let n: number; (n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0; ) {
      const lines = (rest + chunk.toString('utf8', 0, n)).split('\n');
      rest = lines.pop()!;
      lines.forEach(each);
    }
  } finally {
    fs.closeSync(fd);
  }
  if (rest) each(rest);
}

/** Rebuilds the stack of `input` (see {@link floorInput}) with bare cdktf into `outdir`; returns the figures. */
export function rebuild(input: string, outdir: string): FloorFigures {
  const inputRssMiB = process.memoryUsage().rss / 1048576;
  const started = process.hrtime.bigint();
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, 'bench');
  new NullProvider(stack, 'null');
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
  let first = true;
  eachLine(input, (line) => {
    if (first) {
      first = false;
      for (const [name, value] of Object.entries(JSON.parse(line) as Record<string, string>)) new TerraformLocal(stack, name, value);
      return;
    }
    const r = JSON.parse(line) as ResourceJson;
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
  });
  app.synth();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, inputRssMiB };
}
