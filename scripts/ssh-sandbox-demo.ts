/**
 * Boots a systemd sandbox, makes it reachable over SSH (test/support/ssh-sandbox.ts) and proves it
 * with the host's own tools: `ssh ... systemctl is-system-running`, scp uploads (SFTP and the legacy
 * `scp -t` protocol Terraform uses), and a real `terraform apply` of a `terraform_data` resource with
 * `file` and `remote-exec` provisioners over an SSH connection block. Always tears everything down.
 * Run (as root): npx tsx scripts/ssh-sandbox-demo.ts [bookworm|trixie|sid]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SANDBOX_SUITES, Sandbox, type SandboxSuite } from '../test/support/sandbox';
import { enableSsh, scpUpload, sshAvailable, sshDebs, sshExec, sshOptions, type SshEndpoint } from '../test/support/ssh-sandbox';

const suite = (process.argv[2] ?? 'bookworm') as SandboxSuite;
if (!(suite in SANDBOX_SUITES)) {
  process.stderr.write(`usage: ssh-sandbox-demo.ts [${Object.keys(SANDBOX_SUITES).join('|')}]\n`);
  process.exit(2);
}
if (!sshAvailable()) {
  process.stderr.write('needs root and ip, nsenter, flock, pgrep, apt-get, ssh, scp, ssh-keygen on PATH\n');
  process.exit(2);
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);
const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const timed = <T>(label: string, f: () => T): T => {
  const t0 = process.hrtime.bigint();
  const v = f();
  log(`[${label}: ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2)} s]`);
  return v;
};
let failures = 0;
const check = (label: string, ok: boolean, detail: string): void => {
  if (!ok) failures++;
  log(`${ok ? 'PASS' : 'FAIL'} ${label}\n${detail.replace(/^/gm, '    ').trimEnd()}`);
};

// Ctrl-C also reaches the running child (same process group); its failure unwinds into `finally`,
// which then tears down. Without a handler, Node would exit at once and leak the container.
process.on('SIGINT', () => {
  process.exitCode = 130;
});

// The roots may still be under construction by a background job: wait for the finished-root stamp.
const stamp = path.join(process.env.SYSTEMD_SANDBOX_DIR ?? '/var/tmp/systemd-sandbox', 'roots', suite, '.systemd-sandbox-root-v1');
for (let waited = 0; !fs.existsSync(stamp); waited++) {
  if (waited === 0) log(`waiting for the ${suite} root (${stamp})...`);
  if (waited > 1200) throw new Error(`root of ${suite} not built after 20 minutes`);
  sleep(1000);
}

const instance = `sshdemo-${suite}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ssh-sandbox-demo-'));
let box: Sandbox | undefined;
let endpoint: SshEndpoint | undefined;
try {
  const debs = timed(`SSH .debs for ${suite} (download on first run, cached later)`, () => sshDebs(suite));
  log(`${debs.length} .debs: ${debs.map((d) => path.basename(d)).join(' ')}`);
  box = timed(`boot ${instance}`, () => Sandbox.up(suite, instance));
  const b = box;
  endpoint = timed('enableSsh', () => enableSsh(b));
  const ep = endpoint;
  log(`endpoint: root@${ep.host}:${ep.port} key ${ep.privateKeyPath} (host veth ${ep.hostInterface}); host key ${ep.hostPublicKey}`);

  // 1. a plain ssh command line, exactly as a person would type it
  const sshArgs = [...sshOptions(ep), '-p', String(ep.port), `root@${ep.host}`, 'systemctl is-system-running; sshd -V 2>&1 || ssh -V 2>&1'];
  log(`$ ssh ${sshArgs.map((a) => (/[\s;|&']/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a)).join(' ')}`);
  const ssh = spawnSync('ssh', sshArgs, { encoding: 'utf8' });
  const state = ssh.stdout.trim().split('\n')[0] ?? '';
  check('ssh systemctl is-system-running', ssh.status === 0 && /^(running|degraded)$/.test(state), ssh.stdout + ssh.stderr);

  // 2. scp uploads, SFTP (the host scp's default) and legacy SCP (remote `scp -t`, like Terraform)
  const local = path.join(work, 'upload.txt');
  fs.writeFileSync(local, `uploaded from the host at ${new Date().toISOString()}\n`);
  for (const legacy of [false, true]) {
    const remote = `/tmp/x-${legacy ? 'scp' : 'sftp'}`;
    const up = scpUpload(ep, local, remote, legacy);
    const cat = sshExec(ep, `cat ${remote}`);
    check(
      `scp${legacy ? ' -O' : ''} upload to ${remote}, cat over ssh`,
      up.status === 0 && cat.status === 0 && cat.stdout === fs.readFileSync(local, 'utf8'),
      up.stderr + cat.stdout + cat.stderr,
    );
  }

  // 3. the real Terraform, with its Go SSH client, file provisioner (scp -t) and remote-exec
  const tf = path.join(work, 'tf');
  fs.mkdirSync(tf);
  fs.writeFileSync(
    path.join(tf, 'main.tf'),
    `resource "terraform_data" "ssh_demo" {
  connection {
    type        = "ssh"
    host        = "${ep.host}"
    port        = ${ep.port}
    user        = "root"
    private_key = file("${ep.privateKeyPath}")
    host_key    = "${ep.hostPublicKey}"
    agent       = false
    timeout     = "30s"
  }
  provisioner "file" {
    content     = "hello\\n"
    destination = "/tmp/hello"
  }
  provisioner "remote-exec" {
    inline = ["cat /tmp/hello", "systemctl is-system-running || true"]
  }
}
`,
  );
  const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  const terraform = (args: string[]) => spawnSync('terraform', args, { cwd: tf, env, encoding: 'utf8', timeout: 300_000 });
  const init = timed('terraform init', () => terraform(['init', '-input=false', '-no-color']));
  check('terraform init (offline: terraform_data is built in)', init.status === 0, init.status === 0 ? '' : init.stdout + init.stderr);
  if (init.status === 0) {
    const apply = timed('terraform apply', () => terraform(['apply', '-auto-approve', '-input=false', '-no-color']));
    const out = apply.stdout + apply.stderr;
    check(
      'terraform apply (file + remote-exec over SSH)',
      apply.status === 0 && out.includes('(remote-exec): hello') && /Apply complete! Resources: 1 added/.test(out),
      out.split('\n').filter((l) => /remote-exec\):|Apply complete|Error|error/.test(l)).join('\n'),
    );
    const hello = sshExec(ep, 'cat /tmp/hello');
    check('file provisioner wrote /tmp/hello', hello.stdout === 'hello\n', hello.stdout + hello.stderr);
  }
} catch (e) {
  failures++;
  log(`ERROR ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
} finally {
  endpoint?.close();
  if (box) timed(`down ${instance}`, () => box?.down());
  fs.rmSync(work, { recursive: true, force: true });
}
log(failures === 0 ? `OK: ${suite} reachable over SSH, Terraform deployed to it` : `${failures} check(s) failed`);
process.exitCode = failures === 0 ? (process.exitCode ?? 0) : 1;
