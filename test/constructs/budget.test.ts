import { SystemdService } from '../../lib/constructs';
import { assessUnit, formatExposure } from '../../lib/exposure';
import { hostFor, validationErrors } from './helpers';
import * as presets from '../../presets';

describe('exposure budgets at synth', () => {
  it('fails synth for a service over budget, naming path, score, budget, costliest checks and the fix', () => {
    const { stack, host } = hostFor('262');
    const svc = new SystemdService(host, 'plain', { service: { ExecStart: ['/usr/bin/sleep infinity'] }, policy: { budget: 5.0 } });
    const exposure = assessUnit({ name: 'plain.service', document: svc.document }, { release: '262' }).exposure;
    const [message] = validationErrors(stack);
    expect(message).toContain('test/h1/plain');
    expect(message).toContain(`plain.service: exposure ${formatExposure(exposure)}`);
    expect(message).toContain('exceeds budget 5.0');
    expect(message).toMatch(/costliest checks:\n\s+\d\.\d\s+\S+/);
    expect(message).toMatch(/smallest fix \(\d+ settings?, brings it to \d\.\d\)/);
    expect(message).toContain('start from presets.strict()');
  });

  it('gives a service with no preset and no budget the default budget and names a preset to start from', () => {
    const { stack, host } = hostFor('257');
    new SystemdService(host, 'job', { service: { Type: 'oneshot', ExecStart: ['/usr/bin/true'] } });
    const [message] = validationErrors(stack);
    expect(message).toContain('exceeds budget 4.9');
    expect(message).toContain('start from presets.batch()');
  });

  it('passes a service within budget, and an acknowledged check is excused with its reason', () => {
    const ack = { check: 'PrivateNetwork', reason: 'pushes metrics to the collector on the LAN' };
    const props = { preset: presets.strict(), service: { ExecStart: ['/usr/bin/sleep infinity'], PrivateNetwork: false } };
    const excused = hostFor('262');
    const svc = new SystemdService(excused.host, 'acked', { ...props, policy: { budget: 10, acknowledgements: [ack] } });
    const budget = Number(formatExposure(svc.budgetVerdicts.offline.report.exposure));
    const plain = assessUnit({ name: 'acked.service', document: svc.document }, { release: '262' }).exposure;
    expect(plain).toBeGreaterThan(budget * 10); // without the acknowledgement it would be over budget

    const within = hostFor('262');
    new SystemdService(within.host, 'acked', { ...props, policy: { budget, requiredChecks: [], acknowledgements: [ack] } });
    expect(validationErrors(within.stack)).toEqual([]);
    const without = hostFor('262');
    new SystemdService(without.host, 'acked', { ...props, policy: { budget } });
    expect(validationErrors(without.stack).join('\n')).toContain(`exceeds budget ${budget.toFixed(1)}`);
  });

  it('fails again once an acknowledgement has expired', () => {
    const { stack, host } = hostFor('262');
    new SystemdService(host, 'acked', {
      service: { ExecStart: ['/usr/bin/sleep infinity'], DynamicUser: true },
      policy: {
        budget: 10,
        requiredChecks: ['PrivateNetwork'],
        acknowledgements: [{ check: 'PrivateNetwork', reason: 'talks to the package mirror', expires: '2000-01-01' }],
      },
    });
    const [message] = validationErrors(stack);
    expect(message).toMatch(/acknowledgement expired on 2000-01-01: PrivateNetwork counts again/);
  });

  it('rejects an acknowledgement without a reason: a type error and an error where it is written', () => {
    const { host } = hostFor('262');
    expect(
      () =>
        new SystemdService(host, 'noreason', {
          service: { ExecStart: ['/usr/bin/true'] },
          policy: {
            budget: 10,
            // @ts-expect-error reason is required
            acknowledgements: [{ check: 'PrivateNetwork' }],
          },
        }),
    ).toThrow('test/h1/noreason: policy.acknowledgements[0].reason must say in at least 10 characters why PrivateNetwork cannot pass');
  });

  it("takes the service's own budget, else the strictest of stack and host", () => {
    const { host } = hostFor('262', { policy: { budget: 2 } }, { policy: { budget: 3 } });
    const a = new SystemdService(host, 'a', { service: { ExecStart: ['/usr/bin/true'] } });
    const b = new SystemdService(host, 'b', { service: { ExecStart: ['/usr/bin/true'] }, policy: { budget: 4 } });
    expect([a.policy.budget, a.budgetSource]).toEqual([2, 'stack']);
    expect([b.policy.budget, b.budgetSource]).toEqual([4, 'service']);
  });
});
