import fc from 'fast-check';
import { toDocument, fromDocument, type ServiceUnitModel } from '../../../lib/unit/typed';
import { DirectiveValueError } from '../../../lib/unit/values';
import { renderDocument } from '../../../lib/unit/render';
import { parseUnitText } from '../../../lib/unit/parse';
import { serviceModelArbitrary, socketModelArbitrary, timerModelArbitrary } from './arbitraries';

const roundTrip = (m: ServiceUnitModel) => fromDocument(parseUnitText(renderDocument(toDocument(m))).document);

describe('toDocument', () => {
  it('writes the example model with systemd spellings, in catalog order', () => {
    const text = renderDocument(
      toDocument({
        Unit: { Description: 'x', After: ['network.target'] },
        Service: { PrivateTmp: true, ExecStart: ['/usr/bin/foo --bar'], CapabilityBoundingSet: ['CAP_NET_BIND_SERVICE'] },
        Install: { WantedBy: ['multi-user.target'] },
      }),
    );
    expect(text).toBe(
      '[Unit]\nDescription=x\nAfter=network.target\n\n[Service]\nExecStart=/usr/bin/foo --bar\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\nPrivateTmp=yes\n\n[Install]\nWantedBy=multi-user.target\n',
    );
  });

  it('escapes % in literal text and keeps specifier text', () => {
    const doc = toDocument({ Unit: { Description: '100% done', After: [{ specifiers: 'foo@%i.service' }] } });
    expect(renderDocument(doc)).toBe('[Unit]\nDescription=100%% done\nAfter=foo@%i.service\n');
    expect(() => toDocument({ Unit: { Description: { specifiers: 'bad %Z' } } })).toThrow(/unknown specifier '%Z'/);
  });

  it('quotes words and C-escapes Environment= values', () => {
    const text = renderDocument(toDocument({ Service: { Environment: ['A=b c', 'B=line1\nline2', 'C="q"\\'] } }));
    expect(text).toBe('[Service]\nEnvironment="A=b c"\nEnvironment="B=line1\\nline2"\nEnvironment="C=\\"q\\"\\\\"\n');
    expect(roundTrip({ Service: { Environment: ['A=b c', 'B=line1\nline2', 'C="q"\\'] } }).model).toEqual({
      Service: { Environment: ['A=b c', 'B=line1\nline2', 'C="q"\\'] },
    });
  });

  it('writes command lines given as words so systemd reads exactly those words', () => {
    const doc = toDocument({ Service: { ExecStart: [{ prefixes: '-', executable: '/bin/sh', args: ['-c', 'echo "$HOME" 50%', ';'] }] } });
    expect(doc.sections[0]!.entries[0]!.value).toBe('-/bin/sh -c "echo \\"$$HOME\\" 50%%" ";"');
  });

  it.each<[string, ServiceUnitModel, RegExp]>([
    ['UMask out of range', { Service: { UMask: '1777' } }, /Service\.UMask: invalid value "1777": an octal mode such as 0750 \(at most 0777\)/],
    ['capability typo', { Service: { CapabilityBoundingSet: ['CAP_NET_BIND_SERVCE'] } }, /did you mean CAP_NET_BIND_SERVICE\?/],
    ['syscall group typo', { Service: { SystemCallFilter: ['@system-servce'] } }, /did you mean @system-service\?/],
    ['errno in allow list', { Service: { SystemCallFilter: ['@clock:EPERM'] } }, /only takes effect in a '~' deny list/],
    ['relative executable', { Service: { ExecStart: ['bin/foo'] } }, /executable must be an absolute path/],
    ['relative path', { Service: { ReadWritePaths: ['var/lib/x'] } }, /absolute path.*use an absolute path such as \/var\/lib\/x/],
    ['newline in Description', { Unit: { Description: 'a\n[Service]\nExecStartPre=/bin/evil' } }, /control character newline/],
    ['unknown directive', { Service: { PrivatTmp: true } as never }, /unknown directive in \[Service\]; did you mean PrivateTmp\?/],
    ['boolean as string', { Service: { PrivateTmp: 'yes' as never } }, /pass true \(the boolean\)/],
    ['bad duration', { Service: { TimeoutStartSec: '5 parsecs' } }, /a time span/],
    ['infinity not allowed', { Service: { RestartSec: 'infinity' } }, /does not accept infinity/],
    ['address family typo', { Service: { RestrictAddressFamilies: ['AF_INTE'] } }, /did you mean AF_INET\?/],
    ['namespace typo', { Service: { RestrictNamespaces: ['~nett'] } }, /did you mean net\?/],
    ['bad IP prefix', { Service: { IPAddressDeny: ['10.0.0.0/33'] } }, /prefix length must be 0–32/],
    ['unit name', { Unit: { After: ['network'] } }, /needs a prefix and a type suffix/],
    ['user name', { Service: { User: 'a:b' } }, /must not contain ':' or '\/'/],
    ['list given as scalar', { Unit: { After: 'network.target' as never } }, /takes a list/],
    ['calendar', { Timer: { OnCalendar: ['every tuesday'] } } as never, /calendar spec/],
  ])('refuses %s with a DirectiveValueError', (_name, model, message) => {
    let error: unknown;
    try {
      toDocument(model, { kind: (model as Record<string, unknown>).Timer ? 'timer' : 'service' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DirectiveValueError);
    expect(String((error as Error).message)).toMatch(message);
  });
});

describe('fromDocument', () => {
  it('accumulates lists, applies empty resets, keeps the last single value', () => {
    const doc = parseUnitText('[Unit]\nAfter=a.service b.service\nAfter=\nAfter=c.service\n[Service]\nUser=x\nUser=y\nPrivateTmp=True\n').document;
    expect(fromDocument(doc).model).toEqual({ Unit: { After: ['c.service'] }, Service: { User: 'y', PrivateTmp: true } });
    expect(fromDocument(doc, { keepResets: true }).model).toEqual({ Unit: { After: ['a.service', 'b.service', '', 'c.service'] }, Service: { User: 'y', PrivateTmp: true } });
  });

  it('keeps the resets of a drop-in with keepResets, so that writing it back changes nothing', () => {
    const text = '[Service]\nExecStart=\nExecStart=/usr/bin/new\nUser=\n';
    const { model, diagnostics } = fromDocument(parseUnitText(text).document, { keepResets: true });
    expect(diagnostics).toEqual([]);
    expect(model).toEqual({ Service: { ExecStart: ['', '/usr/bin/new'] }, extra: { Service: [{ key: 'User', value: '' }] } });
    expect(renderDocument(toDocument(model))).toBe(text);
  });

  it('keeps unknown sections, unknown directives and invalid values in extra, with warnings', () => {
    const doc = parseUnitText('[Service]\nExecStart=/bin/true\nPrivatTmp=yes\nUMask=0999\n[X-Meta]\nOwner=team\n[Bogus]\n').document;
    const { model, diagnostics } = fromDocument(doc);
    expect(model).toEqual({
      Service: { ExecStart: ['/bin/true'] },
      extra: { Service: [{ key: 'PrivatTmp', value: 'yes' }, { key: 'UMask', value: '0999' }], 'X-Meta': [{ key: 'Owner', value: 'team' }], Bogus: [] },
    });
    expect(diagnostics.map((d) => d.message)).toEqual([
      'Unknown directive PrivatTmp= in [Service] (did you mean PrivateTmp?): kept as is.',
      'Invalid UMask=0999: an octal mode such as 0750 (at most 0777). Kept as is (systemd ignores it).',
      'Unknown section [X-Meta]: Owner= kept as is.',
      expect.stringMatching(/^Unknown section \[Bogus\]/),
    ]);
    expect(diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    // Nothing is lost: writing the model again gives back every entry.
    const again = renderDocument(toDocument(model));
    expect(again).toContain('PrivatTmp=yes');
    expect(again).toContain('UMask=0999');
    expect(again).toContain('[X-Meta]\nOwner=team');
  });

  it('infers the unit kind from the type section', () => {
    const doc = parseUnitText('[Timer]\nOnCalendar=daily\nPersistent=yes\n[Install]\nWantedBy=timers.target\n').document;
    expect(fromDocument(doc)).toEqual({ model: { Timer: { OnCalendar: ['daily'], Persistent: true }, Install: { WantedBy: ['timers.target'] } }, diagnostics: [] });
    const sock = parseUnitText('[Socket]\nListenStream=127.0.0.1:8080\nAccept=no\nSocketMode=0660\n').document;
    expect(fromDocument(sock).model).toEqual({ Socket: { ListenStream: ['127.0.0.1:8080'], Accept: false, SocketMode: '0660' } });
  });
});

describe('round trip', () => {
  it('fromDocument(toDocument(m)).model deep-equals m for generated service models', () => {
    fc.assert(
      fc.property(serviceModelArbitrary(), (m) => {
        const { model, diagnostics } = roundTrip(m);
        expect(diagnostics).toEqual([]);
        expect(model).toEqual(m);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips socket and timer models', () => {
    for (const [arb, kind] of [[socketModelArbitrary(), 'socket'], [timerModelArbitrary(), 'timer']] as const) {
      fc.assert(
        fc.property(arb as fc.Arbitrary<ServiceUnitModel>, (m) => {
          const { model, diagnostics } = fromDocument(parseUnitText(renderDocument(toDocument(m, { kind }))).document, { kind });
          expect(diagnostics).toEqual([]);
          expect(model).toEqual(m);
        }),
        { numRuns: 100 },
      );
    }
  });
});
