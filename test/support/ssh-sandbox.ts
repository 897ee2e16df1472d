/**
 * Makes a booted systemd sandbox (see ./sandbox.ts) reachable over real SSH from this host, so the
 * real `terraform` binary can deploy to it with an SSH `connection` block.
 *
 * How (all synchronous, like sandbox.ts):
 *  1. Packages: the pristine roots have no SSH server and must stay untouched, so the .debs of
 *     openssh-server/-client/-sftp-server plus the dependencies the root lacks are fetched ON THE HOST
 *     with apt-get under a private configuration (its own sources, lists, cache, and a copy of the
 *     root's dpkg status, so apt resolves exactly what is missing), cached under
 *     /var/tmp/cdktf-systemd-ssh-debs/SUITE, then copied into the RUNNING container and `dpkg -i`ed
 *     there. Writes land in the container's tmpfs overlay and vanish at `down`.
 *  2. Network: the container has a private network namespace (loopback only). A veth pair joins it to
 *     the host, with a /30 out of 10.250.0.0/16 chosen from a hash of the instance name and moved on
 *     if taken (allocation is serialized with flock, so parallel jest workers never share a subnet).
 *  3. Login: a fresh ed25519 key pair per endpoint (temp dir on the host), installed as root's
 *     authorized_keys; Debian's default `PermitRootLogin prohibit-password` allows key logins. sshd
 *     host keys are generated once on the host and reused (saves ~1 s per boot); only the ed25519
 *     one is offered, so Terraform's `host_key` can pin it (see configureSshd).
 *
 * `close()` deletes the veth pair and the key directory (the pair also dies with the container's
 * network namespace at `down`). Endpoints still open when the process exits are closed then.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Sandbox, SandboxResult, SandboxSuite } from './sandbox';

/** Where the downloaded .debs are cached, one folder per suite (env CDKTF_SYSTEMD_SSH_DEBS overrides). */
export const sshDebCacheDir = (): string => process.env.CDKTF_SYSTEMD_SSH_DEBS ?? '/var/tmp/cdktf-systemd-ssh-debs';

/** Packages installed into the sandbox; `scp` (openssh-client) is what Terraform's file provisioner runs remotely. */
export const SSH_PACKAGES = ['openssh-server', 'openssh-client', 'openssh-sftp-server'] as const;

const MIRROR = (): string => process.env.SYSTEMD_SANDBOX_MIRROR ?? 'http://deb.debian.org/debian';
const sandboxDir = (): string => process.env.SYSTEMD_SANDBOX_DIR ?? '/var/tmp/systemd-sandbox';
/** Lock serializing subnet allocation between processes (machine-wide, like the instance names). */
const NET_LOCK = '/run/cdktf-systemd-ssh-net.lock';
/** Path inside the container where the .debs are copied before `dpkg -i`. */
const DEBS_INSIDE = '/var/tmp/cdktf-ssh-debs';
/** Drop-in written inside the container (sshd_config includes sshd_config.d/*.conf on all three suites). */
const SSHD_DROP_IN = '/etc/ssh/sshd_config.d/50-cdktf-sandbox.conf';

/** How to reach a sandbox's sshd from this host. */
export interface SshEndpoint {
  /** Container-side address of the veth pair (a private /30). */
  readonly host: string;
  readonly port: number;
  readonly user: 'root';
  /** Private key text (OpenSSH format), e.g. for Terraform's `private_key`. */
  readonly privateKey: string;
  /** File holding privateKey (mode 0600), e.g. for `ssh -i` or Terraform's `file(...)`. */
  readonly privateKeyPath: string;
  /** The sandbox's ed25519 host key (`ssh-ed25519 AAAA...`), for Terraform's `host_key` if wanted. */
  readonly hostPublicKey: string;
  /** Host-side veth interface name. */
  readonly hostInterface: string;
  /** Deletes the veth pair and the key files; safe to call more than once. */
  close(): void;
}

/** Options of enableSsh. */
export interface EnableSshOptions {
  /** Seconds to wait for sshd to accept a key login (default 30). */
  readonly timeoutSeconds?: number;
  /**
   * sshd MaxStartups (default 256). OpenSSH's default 10:30:100 starts dropping unauthenticated
   * connections at random beyond 10, which breaks Terraform applies with many parallel connections.
   */
  readonly maxStartups?: number;
}

/** Everything enableSsh needs on this host: root, iproute2, nsenter, flock, apt-get and the OpenSSH client tools. */
export function sshAvailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  return ['ip', 'nsenter', 'flock', 'pgrep', 'apt-get', 'ssh', 'scp', 'ssh-keygen'].every(
    (tool) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool], { stdio: 'ignore' }).status === 0,
  );
}

/** Runs a program on the host; never throws for a non-zero exit (callers decide). */
function run(command: string, args: readonly string[], input?: string, timeoutMs = 600_000): SandboxResult {
  const r = spawnSync(command, args, {
    encoding: 'utf8',
    input: input ?? '',
    maxBuffer: 1 << 26,
    timeout: timeoutMs,
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
  });
  if (r.error) throw r.error;
  return { status: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
}

function must(what: string, r: SandboxResult): SandboxResult {
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
  return r;
}

/**
 * Fetches (once) the .debs the root of `suite` lacks for an SSH server and client; returns their paths.
 * The cache is keyed on the root's dpkg status: a rebuilt root (sid moves) gets a fresh resolution.
 * Concurrent callers are serialized with flock on the suite's cache folder.
 */
export function sshDebs(suite: SandboxSuite): string[] {
  const root = path.join(sandboxDir(), 'roots', suite);
  if (!fs.existsSync(path.join(root, 'var/lib/dpkg/status'))) throw new Error(`sandbox root ${root} is not built`);
  const dir = path.join(sshDebCacheDir(), suite);
  fs.mkdirSync(dir, { recursive: true });
  // Bash under flock: the whole check-download-publish step must be atomic across jest workers.
  const script = String.raw`
set -euo pipefail
suite=$1 root=$2 dir=$3 mirror=$4; shift 4
want="$(sha256sum "$root/var/lib/dpkg/status" | cut -c1-64) $*"
[ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$want" ] && exit 0
w="$dir/apt"; rm -rf "$w" "$dir/debs" "$dir/stamp"
mkdir -p "$w/etc/apt.conf.d" "$w/etc/preferences.d" "$w/etc/sources.list.d" "$w/etc/trusted.gpg.d" \
         "$w/state/lists/partial" "$w/cache/archives/partial" "$w/log" "$dir/debs"
# a copy, not the root's file: apt must not create lock files or anything else inside the pristine root
cp "$root/var/lib/dpkg/status" "$w/state/status"
# the root's own keyring knows the keys its suite is signed with (the host's bookworm keyring may not)
echo "deb [signed-by=$root/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" > "$w/etc/sources.list"
# APT_CONFIG is read before Dir::Etc::parts, so pointing Dir::Etc at $w keeps the host's apt.conf.d out.
# Check-Valid-Until/Date off as in the host's own apt.conf.d (99artifact-registry): tolerate a mirror
# snapshot or clock skew instead of failing on an expired Release file.
cat > "$w/apt.conf" <<EOF
Dir::Etc "$w/etc";
Dir::State "$w/state";
Dir::State::status "$w/state/status";
Dir::Cache "$w/cache";
Dir::Log "$w/log";
Debug::NoLocking "true";
APT::Architecture "amd64";
APT::Architectures { "amd64"; };
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
Acquire::Check-Valid-Until "false";
Acquire::Check-Date "false";
Acquire::Retries "3";
EOF
export APT_CONFIG="$w/apt.conf" DEBIAN_FRONTEND=noninteractive
timeout 300 apt-get -q update >"$dir/apt.log" 2>&1 || { cat "$dir/apt.log" >&2; exit 1; }
timeout 300 apt-get -q -y --download-only install "$@" >>"$dir/apt.log" 2>&1 || { cat "$dir/apt.log" >&2; exit 1; }
mv "$w/cache/archives/"*.deb "$dir/debs/"
rm -rf "$w"   # the package lists (~10 MB) are only needed to resolve once
echo "$want" > "$dir/stamp"
`;
  must(
    `downloading SSH packages for ${suite}`,
    run('flock', ['-w', '600', path.join(dir, '.lock'), 'bash', '-c', script, 'bash', suite, root, dir, MIRROR(), ...SSH_PACKAGES]),
  );
  const debsDir = path.join(dir, 'debs');
  return fs
    .readdirSync(debsDir)
    .filter((f) => f.endsWith('.deb'))
    .sort()
    .map((f) => path.join(debsDir, f));
}

/** PID 1 of the sandbox as seen from the host: the child of the nspawn PID the sandbox script records. */
export function sandboxInitPid(box: Sandbox): number {
  const pidFile = path.join(sandboxDir(), 'run', `${box.instance}.pid`);
  if (!fs.existsSync(pidFile)) throw new Error(`sandbox ${box.instance} is not running (no ${pidFile})`);
  const leader = fs.readFileSync(pidFile, 'utf8').trim();
  const child = run('pgrep', ['-P', leader]).stdout.trim().split('\n')[0] ?? '';
  const pid = Number(child);
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`sandbox ${box.instance} has no running init (nspawn PID ${leader})`);
  return pid;
}

const HOST_KEY_TYPES = ['rsa', 'ecdsa', 'ed25519'] as const;

/**
 * One set of sshd host keys shared by all sandboxes (generated once, mode 0600 in a 0700 folder).
 * Placed in /etc/ssh before `dpkg -i`, they stop openssh-server's postinst from generating keys on
 * every boot (an RSA 3072 key alone takes 0.4-0.9 s here). Test containers need no distinct keys.
 */
function cachedHostKeys(): string {
  const dir = path.join(sshDebCacheDir(), 'hostkeys');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const script = String.raw`
set -eu
for t in ${HOST_KEY_TYPES.join(' ')}; do
  k="$1/ssh_host_$t"_key
  [ -f "$k.pub" ] && continue
  rm -f "$k" "$k.pub"
  ssh-keygen -q -t "$t" -N '' -C root@cdktf-systemd-sandbox -f "$k"
done
`;
  must('generating sshd host keys', run('flock', ['-w', '120', path.join(dir, '.lock'), 'sh', '-c', script, 'sh', dir]));
  return dir;
}

/** Installs the SSH packages into the running container unless already there (same boot). */
function installPackages(box: Sandbox, initPid: number): void {
  const installed = box.exec(['dpkg-query', '-W', '-f=${Status}', 'openssh-server']);
  if (installed.status === 0 && installed.stdout.trim() === 'install ok installed') return;
  const debs = sshDebs(box.suite);
  // Copy through /proc/PID/root: the container's own mount namespace, so the files land in its
  // tmpfs overlay (exec's stdin is text, unfit for binary .debs).
  const inside = path.join(`/proc/${initPid}/root`, DEBS_INSIDE);
  fs.mkdirSync(inside, { recursive: true });
  for (const deb of debs) fs.copyFileSync(deb, path.join(inside, path.basename(deb)));
  const keys = cachedHostKeys();
  const etcSsh = `/proc/${initPid}/root/etc/ssh`;
  fs.mkdirSync(etcSsh, { recursive: true, mode: 0o755 });
  for (const t of HOST_KEY_TYPES) {
    const key = `ssh_host_${t}_key`;
    fs.copyFileSync(path.join(keys, key), path.join(etcSsh, key));
    fs.chmodSync(path.join(etcSsh, key), 0o600);
    fs.copyFileSync(path.join(keys, `${key}.pub`), path.join(etcSsh, `${key}.pub`));
    fs.chmodSync(path.join(etcSsh, `${key}.pub`), 0o644);
  }
  // One dpkg call: it unpacks all, then configures in dependency order. The postinst would generate
  // host keys (present already, see cachedHostKeys) and starts ssh.service through the container's systemd.
  must(
    `dpkg -i of the SSH packages in ${box.instance}`,
    box.sh(`DEBIAN_FRONTEND=noninteractive dpkg -i --force-confdef --force-confold ${DEBS_INSIDE}/*.deb && rm -rf ${DEBS_INSIDE}`),
  );
}

/** Allocates a /30, creates the veth pair into the container's netns and addresses both ends. */
function connectNetwork(box: Sandbox, initPid: number): { hostInterface: string; address: string } {
  const digest = createHash('sha256').update(box.instance).digest();
  // 14 characters: under the kernel's 15-character interface name limit.
  const hostInterface = `sshv${digest.toString('hex').slice(0, 10)}`;
  const start = digest.readUInt16BE(0) % 16384; // 16384 /30s in 10.250.0.0/16
  const script = String.raw`
set -euo pipefail
hif=$1 pid=$2 start=$3
# a leftover of an earlier run of this instance (crashed before close) frees its subnet first
ip link del "$hif" 2>/dev/null || true
for k in $(seq 0 16383); do
  n=$(( (start + k) % 16384 )); a=$(( n / 64 )); b=$(( (n % 64) * 4 ))
  # any address of this /30 on the host means another instance holds it
  [ -z "$(ip -4 -o addr show to "10.250.$a.$b/30")" ] || continue
  ip link add "$hif" type veth peer name sshsbx0 netns "$pid"
  ip addr add "10.250.$a.$((b + 1))/30" dev "$hif"
  ip link set "$hif" up
  nsenter -t "$pid" -n ip addr add "10.250.$a.$((b + 2))/30" dev sshsbx0
  nsenter -t "$pid" -n ip link set sshsbx0 up
  echo "10.250.$a.$((b + 2))"; exit 0
done
echo "no free /30 in 10.250.0.0/16" >&2; exit 1
`;
  const r = run('flock', ['-w', '60', NET_LOCK, 'bash', '-c', script, 'bash', hostInterface, String(initPid), String(start)]);
  if (r.status !== 0) {
    run('ip', ['link', 'del', hostInterface]);
    must(`veth setup for ${box.instance}`, r);
  }
  return { hostInterface, address: r.stdout.trim() };
}

/** Authorizes `publicKey` for root and (re)starts sshd with the sandbox drop-in. */
function configureSshd(box: Sandbox, publicKey: string, maxStartups: number): string {
  const dropIn = [
    '# cdktf-systemd test sandbox: key-only root login; many parallel Terraform connections',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    `MaxStartups ${maxStartups}`,
    'UseDNS no',
    // Offer one host key only: Terraform's `host_key` check compares against whatever key Go's SSH
    // client negotiates first (ECDSA before Ed25519), so with several keys an ed25519 host_key fails
    // with "knownhosts: key mismatch" (hashicorp/terraform#18940).
    'HostKey /etc/ssh/ssh_host_ed25519_key',
    '',
  ].join('\n');
  const script = String.raw`
set -eu
umask 077
mkdir -p /root/.ssh
cat > /root/.ssh/authorized_keys
chmod 700 /root/.ssh; chmod 600 /root/.ssh/authorized_keys
printf '%s' "$1" > ${SSHD_DROP_IN}
chmod 644 ${SSHD_DROP_IN}
# OpenSSH >= 9.8 (trixie, sid) penalizes a source address after failed or aborted sessions; every
# connection here comes from the same host address, so one bad test could lock out the rest.
if sshd -t -o PerSourcePenalties=no >/dev/null 2>&1; then echo 'PerSourcePenalties no' >> ${SSHD_DROP_IN}; fi
sshd -t
systemctl enable ssh.service >/dev/null 2>&1 || true
systemctl restart ssh.service
cat /etc/ssh/ssh_host_ed25519_key.pub
`;
  const r = must(`configuring sshd in ${box.instance}`, box.exec(['sh', '-c', script, 'sh', dropIn], publicKey));
  return r.stdout.trim().split(/\s+/).slice(0, 2).join(' ');
}

/**
 * Options every host-side ssh/scp call uses: no host key pinning (addresses are reused by other
 * sandboxes; pin with `hostPublicKey` if needed), no prompts, only the endpoint's key (not the agent's).
 */
export function sshOptions(endpoint: SshEndpoint): string[] {
  return [
    '-i', endpoint.privateKeyPath,
    '-o', 'IdentitiesOnly=yes',
    '-o', 'StrictHostKeyChecking=no',
    '-o', 'UserKnownHostsFile=/dev/null',
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'BatchMode=yes',
    '-o', 'ConnectTimeout=5',
    '-o', 'LogLevel=ERROR',
  ];
}

/** Runs `command` (a remote shell command line) over SSH with the host's OpenSSH client. */
export function sshExec(endpoint: SshEndpoint, command: string, input?: string): SandboxResult {
  return run('ssh', [...sshOptions(endpoint), '-p', String(endpoint.port), `${endpoint.user}@${endpoint.host}`, '--', command], input, 120_000);
}

/**
 * Uploads a local file with the host's scp. `legacy` uses the old SCP protocol (`-O`: the remote
 * runs `scp -t`, as Terraform's file provisioner does); otherwise scp speaks SFTP (OpenSSH >= 9 default).
 */
export function scpUpload(endpoint: SshEndpoint, localFile: string, remotePath: string, legacy = false): SandboxResult {
  return run(
    'scp',
    [...sshOptions(endpoint), ...(legacy ? ['-O'] : []), '-P', String(endpoint.port), localFile, `${endpoint.user}@${endpoint.host}:${remotePath}`],
    undefined,
    120_000,
  );
}

/** Open endpoints by sandbox instance (the veth name derives from the instance: one at a time). */
const openEndpoints = new Map<string, SshEndpoint>();
let exitHookInstalled = false;

/**
 * Installs and starts sshd in a running sandbox and connects it to the host: returns where to log in
 * as root with a fresh key. One endpoint per sandbox at a time: calling it again closes the previous
 * one (its key and veth are replaced; sshd stays installed). Throws, after undoing what it did, if
 * sshd does not accept a login in time.
 */
export function enableSsh(box: Sandbox, options: EnableSshOptions = {}): SshEndpoint {
  const timeoutSeconds = options.timeoutSeconds ?? 30;
  openEndpoints.get(box.instance)?.close();
  const initPid = sandboxInitPid(box);
  installPackages(box, initPid);

  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-ssh-'));
  let hostInterface: string | undefined;
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    if (openEndpoints.get(box.instance) === endpoint) openEndpoints.delete(box.instance);
    // Already gone if the container is down (its netns took the pair with it): ignore the error.
    if (hostInterface !== undefined) run('ip', ['link', 'del', hostInterface]);
    fs.rmSync(keyDir, { recursive: true, force: true });
  };
  // Filled in below; the object exists first so that close() can run on a half-built endpoint.
  const endpoint: { -readonly [K in keyof SshEndpoint]: SshEndpoint[K] } = {
    host: '',
    port: 22,
    user: 'root',
    privateKey: '',
    privateKeyPath: path.join(keyDir, 'id_ed25519'),
    hostPublicKey: '',
    hostInterface: '',
    close,
  };
  try {
    must('ssh-keygen', run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `cdktf-systemd@${box.instance}`, '-f', endpoint.privateKeyPath]));
    endpoint.privateKey = fs.readFileSync(endpoint.privateKeyPath, 'utf8');
    const publicKey = fs.readFileSync(`${endpoint.privateKeyPath}.pub`, 'utf8');

    const net = connectNetwork(box, initPid);
    hostInterface = net.hostInterface;
    endpoint.hostInterface = net.hostInterface;
    endpoint.host = net.address;
    openEndpoints.set(box.instance, endpoint);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', () => [...openEndpoints.values()].forEach((e) => e.close()));
    }

    endpoint.hostPublicKey = configureSshd(box, publicKey, options.maxStartups ?? 256);

    // restart returns when sshd is forked; poll with a real key login, which also proves the route.
    const deadline = Date.now() + timeoutSeconds * 1000;
    let last = sshExec(endpoint, 'true');
    while (last.status !== 0 && Date.now() < deadline) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      last = sshExec(endpoint, 'true');
    }
    if (last.status !== 0) {
      const diag = box.exec(['journalctl', '--no-pager', '-n', '30', '-u', 'ssh.service']);
      throw new Error(`sshd in ${box.instance} did not accept a key login at ${endpoint.host}:22 in ${timeoutSeconds}s: ${last.stderr}\n${diag.stdout}`);
    }
    return endpoint;
  } catch (e) {
    close();
    throw e;
  }
}
