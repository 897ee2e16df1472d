/**
 * Rough edges a new user hit (issue 12), each with the exact message: bad policies fail where they
 * are written, naming the construct and the field; the budget's level is visible; warnings and
 * acknowledgement expiry are printed at synth and kept in the report.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, SystemdHost, SystemdService, SystemdStack, REPORT_JSON, REPORT_MARKDOWN } from '../../lib/constructs';
import { synthSummary } from '../../lib/policy/report';
import * as presets from '../../presets';
import { testApp } from '../support/test-app';

const run = { ExecStart: ['/bin/true'] };
const BUDGET_RULE = "must be a number from 0.0 to 10.0 with at most one decimal (systemd's scale)";

function stackWith(props: ConstructorParameters<typeof SystemdStack>[2] = {}, app: App = testApp()) {
  return new SystemdStack(app, 'st', props);
}

describe('bad policies fail where they are written', () => {
  it('a stack budget of 11, even when a preset budget would override it', () => {
    expect(() => stackWith({ policy: { budget: 11 } })).toThrow(`st: policy.budget ${BUDGET_RULE}, got 11`);
  });

  it('a host budget of 42', () => {
    expect(() => new SystemdHost(stackWith(), 'h', { target: { type: 'local' }, policy: { budget: 42 } })).toThrow(`st/h: policy.budget ${BUDGET_RULE}, got 42`);
  });

  it.each([12, -1, 2.55])('a service budget of %p names the construct and the field', (budget) => {
    const host = new SystemdHost(stackWith(), 'h', { target: { type: 'local' } });
    expect(() => new SystemdService(host, 'web', { preset: presets.strict(), service: run, policy: { budget } })).toThrow(`st/h/web: policy.budget ${BUDGET_RULE}, got ${budget}`);
  });

  it('an impossible expiry date', () => {
    const host = new SystemdHost(stackWith(), 'h', { target: { type: 'local' } });
    const policy = { acknowledgements: [{ check: 'PrivateNetwork', reason: 'serves the LAN on purpose', expires: '2027-02-30' }] };
    expect(() => new SystemdService(host, 'web', { service: run, policy })).toThrow(`st/h/web: policy.acknowledgements[0].expires must be a calendar date YYYY-MM-DD, got "2027-02-30"`);
  });

  it('a missing or empty ExecStart names the construct', () => {
    const host = new SystemdHost(stackWith(), 'h', { target: { type: 'local' } });
    const why = 'service.ExecStart is missing or empty: systemd refuses a service with no ExecStart=, ExecStop= or SuccessAction=';
    expect(() => new SystemdService(host, 'a', { service: {} })).toThrow(`st/h/a: ${why}`);
    expect(() => new SystemdService(host, 'b', { service: { ExecStart: [] } })).toThrow(`st/h/b: ${why}`);
    expect(() => new SystemdService(host, 'c', { service: { ExecStart: [''] } })).toThrow(`st/h/c: ${why}`);
  });

  it('a stray % is told to be written %%', () => {
    const host = new SystemdHost(stackWith(), 'h', { target: { type: 'local' } });
    expect(() => new SystemdService(host, 'a', { service: { ExecStart: ['/bin/echo 50%x'] } })).toThrow(
      `st/h/a: Service.ExecStart: invalid value "/bin/echo 50%x": unknown specifier '%x'; write '%%' for a literal percent sign (specifiers are a single letter such as %n or %i)`,
    );
  });
});

describe('budget precedence', () => {
  it('a preset may tighten a stack budget, never loosen it; the report says which level set it', () => {
    const stack = stackWith({ policy: { budget: 1.0 } });
    const host = new SystemdHost(stack, 'h', { target: { type: 'local' }, systemd: '257' });
    const web = new SystemdService(host, 'web', { preset: presets.networkService({ ports: [8080] }), service: run });
    const own = new SystemdService(host, 'own', { preset: presets.networkService({ ports: [8081] }), service: run, policy: { budget: 3.0 } });
    const loose = new SystemdService(new SystemdHost(stackWith({ policy: { budget: 9.0 } }), 'h', { target: { type: 'local' } }), 'job', { preset: presets.batch(), service: run });
    expect([web.policy.budget, web.budgetSource]).toEqual([1.0, 'stack']);
    expect([own.policy.budget, own.budgetSource]).toEqual([3.0, 'service']);
    expect([loose.policy.budget, loose.budgetSource]).toEqual([1.0, 'preset']);
    expect(web.reportEntry!.budgetSource).toBe('stack');
  });
});

describe('warnings and acknowledgement expiry are reported always', () => {
  function app(today: string) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rough-'));
    const a = new App({ outdir });
    const stack = stackWith({}, a);
    const host = new SystemdHost(stack, 'h', { target: { type: 'local' }, systemd: '252' });
    new SystemdService(host, 'web', {
      preset: presets.networkService({ ports: [8080] }),
      service: { ...run, RestartSteps: 3 }, // RestartSteps= needs systemd 254
      policy: {
        acknowledgements: [
          { check: 'PrivateNetwork', reason: 'serves clients on the LAN', expires: '2026-01-01' },
          { check: 'RestrictAddressFamilies_AF_INET_INET6', reason: 'speaks IP to its clients', expires: today },
        ],
      },
    });
    return { a, outdir };
  }

  it('synth prints them to stderr and writes them into both reports, for a service within budget', () => {
    const { a, outdir } = app(new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10));
    const writes: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (writes.push(String(chunk)), true));
    try {
      a.synth();
    } finally {
      spy.mockRestore();
    }
    const stderr = writes.join('');
    expect(stderr).toMatch(/^cdktf-systemd: stack st:\n/);
    expect(stderr).toMatch(/  warning: \[st\/h\/web\] web\.service: .*RestartSteps.*254/);
    expect(stderr).toContain('  expired: [st/h/web] web.service: the acknowledgement of PrivateNetwork expired on 2026-01-01; the check counts again (serves clients on the LAN)');
    expect(stderr).toMatch(/  expires soon: \[st\/h\/web\] web\.service: the acknowledgement of RestrictAddressFamilies_AF_INET_INET6 expires on \d{4}-\d{2}-\d{2}/);
    const dir = path.join(outdir, 'stacks', 'st');
    const json = JSON.parse(fs.readFileSync(path.join(dir, REPORT_JSON), 'utf8')) as { units: Array<{ ok: boolean; expired_acknowledgements: unknown[]; warnings: string[]; budget_source: string }> };
    expect(json.units[0]!.expired_acknowledgements).toEqual([{ check: 'PrivateNetwork', reason: 'serves clients on the LAN', expires: '2026-01-01' }]);
    expect(json.units[0]!.warnings).toEqual([expect.stringMatching(/RestartSteps/)]);
    expect(json.units[0]!.budget_source).toBe('preset');
    const md = fs.readFileSync(path.join(dir, REPORT_MARKDOWN), 'utf8');
    expect(md).toContain('## Expired acknowledgements');
    expect(md).toContain('- web.service: PrivateNetwork — expired on 2026-01-01, counts again (serves clients on the LAN)');
    expect(md).toContain('## Warnings');
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  it('says nothing when there is nothing to say', () => {
    expect(synthSummary([], 'st')).toEqual([]);
  });
});
