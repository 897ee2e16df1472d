import * as fs from 'node:fs';
import * as path from 'node:path';
import { SECTIONS, UNIT_KINDS, ANCIENT, OLDEST_SUPPORTED_RELEASE, catalogRank, directiveManLink, directiveNames, lookupDirective, releaseProblems } from '../../../lib/unit/catalog';
import { canonicalDocument } from '../../../lib/unit/canonical';
import { parseUnitText } from '../../../lib/unit/parse';
import { renderDocument } from '../../../lib/unit/render';

const SPEC = process.env.CDKTF_SYSTEMD_SPEC_DIR ?? path.resolve(__dirname, '../../../../shared/spec');

describe('directive catalog', () => {
  it('has every directive the exposure checks read, in [Service]', () => {
    const file = path.join(SPEC, 'assessors.json');
    if (!fs.existsSync(file)) {
      if (process.env.CI) throw new Error(`missing ${file}`);
      return;
    }
    const assessors = (JSON.parse(fs.readFileSync(file, 'utf8')) as { assessors: { reads?: string[] }[] }).assessors;
    const reads = new Set(assessors.flatMap((a) => a.reads ?? []));
    expect(reads.size).toBeGreaterThan(40);
    for (const d of reads) {
      const section = d === 'DefaultDependencies' ? 'Unit' : 'Service';
      expect([d, lookupDirective(section, d) !== undefined]).toEqual([d, true]);
    }
  });

  it('has the socket-activation and timer directives', () => {
    for (const d of ['ListenStream', 'ListenDatagram', 'ListenSequentialPacket', 'ListenFIFO', 'Accept', 'SocketUser', 'SocketGroup', 'SocketMode', 'Service', 'BindIPv6Only', 'Backlog', 'FileDescriptorName'])
      expect(lookupDirective('Socket', d)).toBeDefined();
    for (const d of ['OnCalendar', 'OnActiveSec', 'OnBootSec', 'OnStartupSec', 'OnUnitActiveSec', 'OnUnitInactiveSec', 'Persistent', 'RandomizedDelaySec', 'AccuracySec', 'Unit', 'WakeSystem', 'RemainAfterElapse', 'FixedRandomDelay'])
      expect(lookupDirective('Timer', d)).toBeDefined();
    expect(lookupDirective('Socket', 'Delegate')).toBeUndefined();
  });

  it('documents every directive: summary, man page anchor, release', () => {
    for (const [section, table] of Object.entries(SECTIONS)) {
      for (const [key, spec] of Object.entries(table)) {
        expect([key, /^[A-Z].{10,}\.$/.test(spec.summary)]).toEqual([key, true]);
        expect(spec.summary.includes('\n')).toBe(false);
        expect(directiveManLink(section, key)).toBe(`https://www.freedesktop.org/software/systemd/man/latest/${spec.man}.html#${key}=`);
        expect(spec.since === ANCIENT || (spec.since >= 183 && spec.since <= 262)).toBe(true);
        for (const r of Object.values(spec.valueSince ?? {})) expect(r).toBeGreaterThan(spec.since);
        if (spec.multiplicity === 'words') expect(spec.split).toBeDefined();
      }
    }
  });

  it('records values added after their directive', () => {
    expect(lookupDirective('Service', 'PrivateTmp')!.valueSince).toEqual({ connected: 257, disconnected: 257 });
    expect(lookupDirective('Service', 'ProtectHostname')!.valueSince).toEqual({ private: 258 });
    expect(lookupDirective('Service', 'PrivateUsers')!.valueSince).toEqual({ self: 257, identity: 257, full: 258, managed: 260 });
    expect(lookupDirective('Service', 'ProtectControlGroups')!.valueSince).toEqual({ private: 257, strict: 257 });
  });

  it('orders unit kinds [Unit], type section, [Install]', () => {
    expect(UNIT_KINDS).toEqual({ service: ['Unit', 'Service', 'Install'], socket: ['Unit', 'Socket', 'Install'], timer: ['Unit', 'Timer', 'Install'] });
    expect(catalogRank('Service', 'Type')).toBe(0);
    expect(catalogRank('Service', 'NoSuchThing')).toBeUndefined();
    expect(directiveNames('Timer')[0]).toBe('OnActiveSec');
  });

  it('is the canonical order used by fmt once loaded', () => {
    const doc = parseUnitText('[Install]\nWantedBy=multi-user.target\n[Service]\nX-Mine=1\nPrivateTmp=yes\nUser=app\nExecStart=/bin/a\nExecStartPre=/bin/b\nType=simple\nExecStart=\nExecStart=/bin/c\n[Unit]\nAfter=x.target\nDescription=d\n').document;
    expect(renderDocument(canonicalDocument(doc))).toBe(
      '[Unit]\nDescription=d\nAfter=x.target\n\n[Service]\nType=simple\nExecStartPre=/bin/b\nExecStart=/bin/a\nExecStart=\nExecStart=/bin/c\nUser=app\nPrivateTmp=yes\nX-Mine=1\n\n[Install]\nWantedBy=multi-user.target\n',
    );
  });

  it("keeps a socket's Listen*= lines in written order (file-descriptor order), together at the first one's place", () => {
    const doc = parseUnitText('[Socket]\nBacklog=5\nListenDatagram=0.0.0.0:111\nListenStream=/run/a.sock\nAccept=no\nListenDatagram=[::]:111\nListenStream=[::]:111\n').document;
    const lines = renderDocument(canonicalDocument(doc)).split('\n').filter((l) => l.startsWith('Listen'));
    expect(lines).toEqual(['ListenDatagram=0.0.0.0:111', 'ListenStream=/run/a.sock', 'ListenDatagram=[::]:111', 'ListenStream=[::]:111']);
  });
});

describe('releaseProblems', () => {
  const doc = parseUnitText(
    '[Service]\nExecStart=|/bin/true\nPrivateTmp=disconnected\nProtectHostname=private\nSystemCallFilter=@sandbox\nRestartSteps=3\nRestartMaxDelaySec=1min\nCPUAccounting=yes\nStandardOutput=truncate:/tmp/x\nUser=app\n',
  ).document;
  const messages = (release: number) => releaseProblems(doc, release).map((d) => `${d.directive}: ${d.message}`);

  it('warns about directives and values newer than the target release', () => {
    expect(OLDEST_SUPPORTED_RELEASE).toBe(252);
    expect(messages(252)).toEqual([
      'Service.ExecStart: ExecStart=|/bin/true uses names or syntax that need systemd 258; systemd 252 does not know them.',
      "Service.PrivateTmp: PrivateTmp=disconnected: the value 'disconnected' needs systemd 257; systemd 252 refuses it.",
      "Service.ProtectHostname: ProtectHostname=private: the value 'private' needs systemd 258; systemd 252 refuses it.",
      'Service.SystemCallFilter: SystemCallFilter=@sandbox uses names or syntax that need systemd 257; systemd 252 does not know them.',
      'Service.RestartSteps: RestartSteps= needs systemd 254; systemd 252 ignores it ("Unknown key name").',
      'Service.RestartMaxDelaySec: RestartMaxDelaySec= needs systemd 254; systemd 252 ignores it ("Unknown key name").',
    ]);
    // 257's systemd-analyze verify refuses ExecStart=|… ("Neither a valid executable name nor an absolute path").
    expect(messages(257)).toEqual(['Service.ExecStart: ExecStart=|/bin/true uses names or syntax that need systemd 258; systemd 257 does not know them.', "Service.ProtectHostname: ProtectHostname=private: the value 'private' needs systemd 258; systemd 257 refuses it."]);
    expect(messages(262)).toEqual(['Service.CPUAccounting: CPUAccounting= was removed in systemd 258; systemd 262 ignores it.']);
  });
});

describe('values systemd refuses with a warning are refused here too (found by strictness.test.ts)', () => {
  const accepts = (section: string, key: string, value: string): boolean => {
    try {
      lookupDirective(section, key)!.kind.fromRaw(value);
      return true;
    } catch {
      return false;
    }
  };
  test('AllowedCPUs=: CPUs 0–8191, ranges not backwards', () => {
    for (const ok of ['0', '0-3 5', '8191', '0-8191', '3-3']) expect([ok, accepts('Service', 'AllowedCPUs', ok)]).toEqual([ok, true]);
    for (const bad of ['8192', '65536', '5-4', '2000-1000']) expect([bad, accepts('Service', 'AllowedCPUs', bad)]).toEqual([bad, false]);
  });
  test('SetCredential=: ID:DATA with non-empty DATA', () => {
    expect(accepts('Service', 'SetCredential', 'token:abc')).toBe(true);
    expect(accepts('Service', 'SetCredential', 'token:')).toBe(false);
  });
  test('SocketBindAllow=/SocketBindDeny=: ports without leading zeros', () => {
    expect(accepts('Service', 'SocketBindAllow', 'tcp:999')).toBe(true);
    expect(accepts('Service', 'SocketBindDeny', '0999')).toBe(false);
  });
});
