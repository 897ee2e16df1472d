/**
 * SystemdStack writes plain deploy resources without cdktf's resolve pass (lib/constructs/cdktf.ts):
 * its JSON must be byte for byte what cdktf's own TerraformStack.toTerraform makes of the same stack,
 * whatever the units hold, with tokens, user resources, overrides, removed units and both resource types.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { DataResource, TerraformStack, TerraformVariable } from 'cdktf';
import { App, SystemdHost, SystemdService, SystemdSocket, SystemdStack, SystemdTimer } from '../../lib/constructs';
import { plainDeferredCount } from '../../lib/constructs/cdktf';
import * as presets from '../../presets';

/** The stack's JSON both ways: SystemdStack's, and cdktf's own method on the same stack. */
function bothWays(stack: SystemdStack): { ours: string; cdktf: string } {
  const ours = JSON.stringify(stack.toTerraform(), null, 2);
  const cdktf = JSON.stringify(TerraformStack.prototype.toTerraform.call(stack), null, 2);
  return { ours, cdktf };
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'to-terraform-plain-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const outdir = (name: string): string => path.join(root, name);

/** Makes the deploy resources, as the stack's aspect does at synth, without writing anything. */
function prepared(stack: SystemdStack): void {
  for (const unit of stack.units) unit.ensureDeployResource();
}

function mixedStack(outdir: string, text: string, withStackOverride = false): SystemdStack {
  const app = new App({ outdir });
  const stack = new SystemdStack(app, 'mixed', { policy: { budget: 9.9 } });
  const address = new TerraformVariable(stack, 'address', { type: 'string', default: '10.0.0.9' });
  const hosts = [
    new SystemdHost(stack, 'ssh', { target: { type: 'ssh', host: '10.0.0.1', port: 2222, bastion: { host: 'jump' } }, systemd: '252' }),
    new SystemdHost(stack, 'local', { target: { type: 'local' }, systemd: '257', deployResource: 'terraform_data' }),
    new SystemdHost(stack, 'token', { target: { type: 'ssh', host: address.stringValue }, systemd: '262' }),
  ];
  hosts.forEach((host, h) => {
    const web = new SystemdService(host, 'web', { preset: presets.networkService({ ports: [8080] }), unit: { Description: text }, service: { ExecStart: [`/usr/bin/web --name ${JSON.stringify(text)}`] } });
    new SystemdSocket(host, 'web-socket', { service: web, socket: { ListenStream: ['8080'] } });
    const job = new SystemdService(host, 'job', { preset: presets.batch(), service: { ExecStart: ['/usr/bin/job'] } });
    new SystemdTimer(host, 'job-timer', { service: job, timer: { OnCalendar: ['daily'] } });
    new SystemdService(host, 'old', { removed: true, service: { ExecStart: ['/usr/bin/old'] } });
    // a user's own resource between ours, and an override on one of ours
    new DataResource(host, `user-${h}`, { input: { note: `${text} ${h}` } });
    web.ensureDeployResource().install.addOverride('provisioner.0.remote-exec.on_failure', 'continue');
  });
  if (withStackOverride) stack.addOverride('terraform.required_version', '>= 1.4');
  prepared(stack);
  return stack;
}

describe('SystemdStack.toTerraform without cdktf resolve for plain deploy resources', () => {
  it('equals cdktf’s own JSON on a mixed stack, and skips resolve for most resources', () => {
    const stack = mixedStack(outdir('a'), 'Web e+12 1e+300 -1.8881545897087626e+289 ${var.x} %%{if} \\ "q" ünï');
    const { ours, cdktf } = bothWays(stack);
    expect(ours).toBe(cdktf);
    // ssh and local hosts' resources go the fast way; the token host's hold a token and go through cdktf
    expect(plainDeferredCount(stack)).toBeGreaterThanOrEqual(10);
    expect(ours).toContain('"address"');
  });

  it('leaves everything to cdktf when the stack has overrides of its own', () => {
    const stack = mixedStack(outdir('b'), 'Web', true);
    const { ours, cdktf } = bothWays(stack);
    expect(ours).toBe(cdktf);
    expect(plainDeferredCount(stack)).toBe(0);
    expect(JSON.parse(ours).terraform.required_version).toBe('>= 1.4');
  });

  it('equals cdktf’s own JSON for any text in a unit', () => {
    const piece = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('${', '%{', '}', 'e+', '1e+300', '-1.8881545897087626e+289', 'TfToken', '\\', '"', '$${x}'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        const text = pieces.join('').replace(/[\0-\x1f\x7f]/g, '').trim() || 'x';
        let stack: SystemdStack;
        try {
          stack = mixedStack(outdir('c'), text);
        } catch {
          return; // text the typed layer refuses: nothing is written
        }
        const { ours, cdktf } = bothWays(stack);
        expect(ours).toBe(cdktf);
        expect(plainDeferredCount(stack)).toBeGreaterThan(0);
      }),
      { numRuns: 40, seed: 20261201 },
    );
  });
});
