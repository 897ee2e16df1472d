/**
 * Proven on real systemd: services synthesized by our constructs with each preset are installed with
 * the synthesized deploy commands into a booted systemd 252/257/262, do their job, the negative
 * controls show the hardening bites, and the live and offline scores there equal our predictions.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assessUnit } from '../../lib/exposure';
import type { SystemdService } from '../../lib/constructs';
import { Sandbox, SANDBOX_SUITES, sandboxesForTests, type SandboxSuite } from '../support/sandbox';
import { deployCommands, representativeServices } from './fixture';

const POSITIVE = ['web.service', 'webcache.service', 'job.service', 'job.timer', 'beat.service'];
const NEGATIVE = ['web-unix-only.service', 'web-wrong-port.service', 'job-writes-etc.service', 'job-reaches-host.service'];

/** Releases whose sandbox enforces SocketBindDeny= (bookworm's 252 is built without BPF_FRAMEWORK). */
const SOCKET_BIND_ENFORCED: Readonly<Record<SandboxSuite, boolean>> = { bookworm: false, trixie: true, sid: true };

function overall(text: string): number | undefined {
  const m = /Overall exposure level for \S+: (\d+)\.(\d)/.exec(text);
  return m ? Number(m[1]) * 10 + Number(m[2]) : undefined;
}

const suites = sandboxesForTests();
const describeIf = suites.length > 0 ? describe.each(suites) : describe.skip.each([['bookworm' as SandboxSuite]]);

describeIf('presets on a real systemd (%s)', (suite) => {
  const release = SANDBOX_SUITES[suite];
  const { stack, units } = representativeServices(release);
  const commands = deployCommands(stack);
  let box: Sandbox;
  const failures: string[] = [];
  /** Units whose behaviour test passed, for the README table. */
  const works = new Set<string>();

  const expectOk = (what: string, r: { status: number; stdout: string; stderr: string }, unit?: string) => {
    if (r.status !== 0) failures.push(`${what}: ${r.stderr}${unit ? box.diagnostics(unit) : ''}`);
    expect([what, r.status]).toEqual([what, 0]);
  };

  beforeAll(() => {
    box = Sandbox.up(suite, `t-presets-${suite}`);
    for (const name of POSITIVE) expectOk(`install ${name}`, box.sh(commands.get(name)!.install), name);
    // Negative controls are copied in plainly: the install script would (rightly) roll them back.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neg-'));
    const files = NEGATIVE.map((n) => (fs.writeFileSync(path.join(dir, n), units[n]!.text), path.join(dir, n)));
    box.install(files);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  afterAll(() => {
    if (failures.length > 0) process.stderr.write(failures.join('\n\n') + '\n');
    box?.down();
  });

  it('networkService: the HTTP server answers 200 on loopback', () => {
    const r = box.sh('for i in $(seq 50); do c=$(curl -s -o /dev/null -w "%{http_code}" http://127.0.0.1:8080/) && [ "$c" = 200 ] && { echo $c; exit 0; }; sleep 0.2; done; echo "$c"; exit 1');
    expect([r.stdout.trim(), box.waitForState('web.service', ['active'])]).toEqual(['200', 'active']);
    works.add('web.service');
  });

  it('networkService: a server that writes its cache directory can', () => {
    const r = box.sh('for i in $(seq 50); do b=$(curl -s http://127.0.0.1:8081/probe.txt) && [ "$b" = cached ] && { echo $b; exit 0; }; sleep 0.2; done; echo "$b"; exit 1');
    expect(r.stdout.trim()).toBe('cached');
    works.add('webcache.service');
  });

  it('batch: the timer runs the job, which writes only its output file', () => {
    const r = box.sh('for i in $(seq 50); do [ -s /var/lib/job/lines.txt ] && { cat /var/lib/job/lines.txt; exit 0; }; sleep 0.2; done; exit 1');
    expect(r.status).toBe(0);
    expect(Number(r.stdout.trim())).toBeGreaterThan(0);
    expect(box.exec(['systemctl', 'show', '-P', 'Result', 'job.service']).stdout.trim()).toBe('success');
  });

  it('batch: systemctl start runs it to completion and it leaves nothing elsewhere', () => {
    const r = box.sh([
      'rm -f /var/lib/job/lines.txt; touch /run/marker; sleep 1',
      'systemctl start job.service || exit 1',
      'find / -xdev \\( -path /proc -o -path /sys -o -path /run -o -path /var/log -o -path /var/lib/systemd -o -path /var/cache/ldconfig -o -path /var/lib/private/beat \\) -prune -o -newer /run/marker -type f -print',
    ].join('\n'));
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['/var/lib/private/job/lines.txt']);
    works.add('job.service');
  });

  it('strict: the daemon without network keeps writing its state directory', () => {
    const r = box.sh('a=$(cat /var/lib/beat/beat); sleep 2.2; b=$(cat /var/lib/beat/beat); echo "$a $b"; [ -n "$a" ] && [ "$a" != "$b" ]');
    expect([r.status, box.waitForState('beat.service', ['active'])]).toEqual([0, 'active']);
    works.add('beat.service');
  });

  it('negative control: the HTTP server with RestrictAddressFamilies=AF_UNIX fails', () => {
    box.exec(['systemctl', 'start', 'web-unix-only.service']);
    expect(box.waitForState('web-unix-only.service', ['failed'])).toBe('failed');
    expect(box.diagnostics('web-unix-only.service')).toMatch(/Address family not supported/);
  });

  it('negative control: a server binding a port its networkService preset does not list is refused', () => {
    box.exec(['systemctl', 'start', 'web-wrong-port.service']);
    if (SOCKET_BIND_ENFORCED[suite]) {
      expect(box.waitForState('web-wrong-port.service', ['failed'])).toBe('failed');
      expect(box.diagnostics('web-wrong-port.service')).toMatch(/PermissionError|Operation not permitted/);
    } else {
      // Parsed but not enforced without BPF (README's limits): the server binds and answers.
      const r = box.sh('for i in $(seq 50); do c=$(curl -s -o /dev/null -w "%{http_code}" http://127.0.0.1:8084/) && [ "$c" = 200 ] && { echo $c; exit 0; }; sleep 0.2; done; echo "$c"; exit 1');
      expect(r.stdout.trim()).toBe('200');
    }
  });

  it('negative control: a write outside the allowed directories fails with EROFS', () => {
    expect(box.exec(['systemctl', 'start', 'job-writes-etc.service']).status).not.toBe(0);
    expect(box.diagnostics('job-writes-etc.service')).toMatch(/Read-only file system/);
    expect(box.exec(['test', '-e', '/etc/cdktf-systemd-probe']).status).not.toBe(0);
  });

  it('negative control: PrivateNetwork hides the host loopback', () => {
    // From the host side the server is reachable …
    expect(box.exec(['curl', '-sS', '-m', '3', '-o', '/dev/null', 'http://127.0.0.1:8080/']).status).toBe(0);
    // … but not from inside the job's private network namespace.
    expect(box.exec(['systemctl', 'start', 'job-reaches-host.service']).status).not.toBe(0);
    expect(box.diagnostics('job-reaches-host.service')).toMatch(/(Failed to connect|Couldn't connect|Connection refused)/);
  });

  it('live and offline scores in the sandbox equal our predictions', () => {
    const compared: Array<[string, number | undefined, number | undefined, number | undefined, number | undefined]> = [];
    for (const name of [...POSITIVE, ...NEGATIVE].filter((n) => n.endsWith('.service'))) {
      const unit = units[name] as SystemdService;
      const doc = { name, document: unit.document };
      const live = overall(box.exec(['systemd-analyze', 'security', name]).stdout);
      const offline = overall(box.exec(['systemd-analyze', 'security', '--offline=true', `/etc/systemd/system/${name}`]).stdout);
      compared.push([name, live, assessUnit(doc, { release, mode: 'live' }).exposure, offline, assessUnit(doc, { release }).exposure]);
    }
    expect(compared.filter(([, a, b, c, d]) => a !== b || c !== d || a === undefined)).toEqual([]);
    expect(compared.length).toBe(8);
    // The README's preset x release table is pasted from these files.
    const preset: Record<string, string> = { 'web.service': 'networkService', 'webcache.service': 'networkService', 'job.service': 'batch', 'beat.service': 'strict' };
    const rows = compared
      .filter(([name]) => preset[name])
      .map(([name, live, , offline]) => `| ${preset[name]} | ${name} | ${release} | ${((offline ?? 0) / 10).toFixed(1)} | ${((live ?? 0) / 10).toFixed(1)} | ${works.has(name) ? 'yes' : 'no'} |`);
    fs.writeFileSync(path.join(os.tmpdir(), `cdktf-systemd-sandbox-${suite}.md`), rows.join('\n') + '\n');
  });
});
