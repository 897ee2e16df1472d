import { SystemdService } from '../../lib/constructs';
import { hostFor, validationErrors } from './helpers';
import * as presets from '../../presets';

const warningsOf = (svc: SystemdService): string[] =>
  svc.node.metadata.filter((m) => /warn/i.test(m.type)).map((m) => String(m.data));

describe('directive checks at synth', () => {
  it('warns about a value the target release does not know, and ships nothing silently', () => {
    const { stack, host } = hostFor('252');
    const svc = new SystemdService(host, 'tmp', { preset: presets.strict(), service: { ExecStart: ['/usr/bin/true'], PrivateTmp: 'disconnected' } });
    expect(validationErrors(stack)).toEqual([]);
    expect(warningsOf(svc).join('\n')).toMatch(/tmp\.service: .*PrivateTmp=disconnected.*257/);
  });

  it('makes that warning an error under a strict policy', () => {
    const { stack, host } = hostFor('252');
    new SystemdService(host, 'tmp', { preset: presets.strict(), service: { ExecStart: ['/usr/bin/true'], PrivateTmp: 'disconnected' }, policy: { strict: true } });
    expect(validationErrors(stack).join('\n')).toMatch(/PrivateTmp=disconnected.*\(an error under a strict policy\)/);
  });

  it('does not warn when the release knows the value', () => {
    const { stack, host } = hostFor('257');
    const svc = new SystemdService(host, 'tmp', { preset: presets.strict(), service: { ExecStart: ['/usr/bin/true'], PrivateTmp: 'disconnected' } });
    expect(validationErrors(stack)).toEqual([]);
    expect(warningsOf(svc)).toEqual([]);
  });

  it('rejects a bad value with the construct path, directive, value and rule', () => {
    const { host } = hostFor('262');
    expect(() => new SystemdService(host, 'bad', { service: { ExecStart: ['/usr/bin/true'], CapabilityBoundingSet: ['CAP_NET_BIND_SERVIC'] } })).toThrow(/test\/h1\/bad: Service\.CapabilityBoundingSet: invalid value .*CAP_NET_BIND_SERVIC.*did you mean CAP_NET_BIND_SERVICE/);
  });

  it('refuses a newline smuggling in a directive', () => {
    const { host } = hostFor('262');
    expect(() => new SystemdService(host, 'inj', { unit: { Description: 'x\nExecStartPre=/bin/rm -rf /' }, service: { ExecStart: ['/usr/bin/true'] } })).toThrow(/Unit\.Description/);
  });

  it('passes directives the catalog does not know through `extra`, still line-safe', () => {
    const { host } = hostFor('262');
    const svc = new SystemdService(host, 'x', { service: { ExecStart: ['/usr/bin/true'] }, extra: { Service: [{ key: 'SocketBindDeny', value: 'any' }] } });
    expect(svc.text).toMatch(/\nSocketBindDeny=any\n/);
    expect(() => new SystemdService(host, 'y', { service: { ExecStart: ['/usr/bin/true'] }, extra: { Service: [{ key: 'X', value: 'a\nB=c' }] } })).toThrow(/Service\.X/);
  });
});
