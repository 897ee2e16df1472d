import {
  booleanKind, enumKind, integerKind, octalKind, durationKind, sizeKind, rlimitKind, pathKind, unitNameKind, userNameKind,
  signalKind, capabilityListKind, syscallFilterKind, addressFamiliesKind, namespacesKind, ipPrefixKind, socketBindRuleKind, deviceRuleKind,
  environmentKind, calendarKind, socketAddressKind, commandLineKind, renderCommandLine, commandLineWords, extractWords, quoteWord,
  UNQUOTE_CUNESCAPE, UNQUOTE_ONLY, ValueRuleError, type ValueKind,
} from '../../../lib/unit/values';

function rejects<T>(kind: ValueKind<T>, value: T): string {
  try {
    kind.toRaw(value);
  } catch (e) {
    expect(e).toBeInstanceOf(ValueRuleError);
    return (e as ValueRuleError).message;
  }
  throw new Error(`${kind.name} accepted ${JSON.stringify(value)}`);
}

describe('scalars', () => {
  it('booleans: every systemd spelling reads, yes/no is written', () => {
    for (const w of ['yes', 'YES', 'y', 'true', 'T', 'on', '1']) expect(booleanKind.fromRaw(w)).toBe(true);
    for (const w of ['no', 'N', 'false', 'f', 'Off', '0']) expect(booleanKind.fromRaw(w)).toBe(false);
    expect([booleanKind.toRaw(true), booleanKind.toRaw(false)]).toEqual(['yes', 'no']);
    expect(() => booleanKind.fromRaw('maybe')).toThrow(/a boolean/);
    expect(() => booleanKind.fromRaw('')).toThrow(ValueRuleError);
  });

  it('enums with booleans mixed in (ProtectSystem=)', () => {
    const k = enumKind(['full', 'strict'], { booleans: true });
    expect(k.fromRaw('strict')).toBe('strict');
    expect(k.fromRaw('on')).toBe(true);
    expect(k.toRaw(false)).toBe('no');
    expect(rejects(k, 'stricct' as never)).toMatch(/did you mean strict\?/);
    expect(() => enumKind(['full', 'strict']).fromRaw('yes')).toThrow(/one of full, strict/);
  });

  it('integers: range, no leading zeros', () => {
    const k = integerKind(-20, 19);
    expect(k.fromRaw('-5')).toBe(-5);
    expect(rejects(k, 20)).toMatch(/from -20 to 19/);
    expect(() => k.fromRaw('007')).toThrow(/leading zero/);
  });

  it('octal modes: 1–4 digits up to the maximum', () => {
    const umask = octalKind(0o777);
    expect(umask.fromRaw('0027')).toBe('0027');
    expect(umask.fromRaw('77')).toBe('77');
    expect(rejects(umask, '0778')).toMatch(/octal/);
    expect(rejects(umask, '1000')).toMatch(/at most 0777/);
    expect(rejects(umask, 18 as never)).toMatch(/pass a string such as '022'/);
  });

  it('durations (systemd.time)', () => {
    const k = durationKind();
    for (const ok of ['5s', '1min 30s', '2h30min', '1.5d', '90', '100ms', '3 weeks', '1y 2M']) expect(k.fromRaw(ok)).toBe(ok);
    for (const bad of ['5 parsecs', '-5s', 's', '30 1min', '', ' 5s']) expect(() => k.fromRaw(bad)).toThrow(ValueRuleError);
    expect(() => k.fromRaw('infinity')).toThrow(/does not accept infinity/);
    expect(durationKind({ infinity: true }).fromRaw('infinity')).toBe('infinity');
    expect(k.toRaw(30)).toBe('30');
    expect(k.toRaw(0.25)).toBe('250000us');
  });

  it('sizes, percentages, infinity; resource limits by what they count', () => {
    const mem = sizeKind({ infinity: true, percent: true, positive: true });
    for (const ok of ['512K', '1G', '1.5G', '50%', 'infinity', '1048576']) expect(mem.fromRaw(ok)).toBe(ok);
    for (const bad of ['0', '1 G', '150%', '1Q', '-1']) expect(() => mem.fromRaw(bad)).toThrow(ValueRuleError);
    expect(() => sizeKind().fromRaw('50%')).toThrow(ValueRuleError);
    expect(rlimitKind('count').fromRaw('1024:4096')).toBe('1024:4096');
    expect(() => rlimitKind('count').fromRaw('1G')).toThrow(ValueRuleError);
    expect(rlimitKind('bytes').fromRaw('64M')).toBe('64M');
    expect(rlimitKind('seconds').fromRaw('30s:infinity')).toBe('30s:infinity');
  });

  it('signals', () => {
    for (const ok of ['SIGTERM', 'TERM', 'SIGRTMIN+3', 'SIGRTMAX-2', '9']) expect(signalKind.fromRaw(ok)).toBe(ok);
    expect(() => signalKind.fromRaw('SIGTREM')).toThrow(/did you mean SIGTERM\?/);
    expect(() => signalKind.fromRaw('65')).toThrow(ValueRuleError);
  });
});

describe('text kinds', () => {
  it('absolute paths with the prefixes systemd allows', () => {
    const rw = pathKind({ prefixes: '-+' });
    expect(rw.fromRaw('-/var/lib/x')).toBe('-/var/lib/x');
    expect(rejects(rw, 'var/lib/x')).toMatch(/absolute path .*use an absolute path such as \/var\/lib\/x/);
    expect(rejects(rw, '/a/../b')).toMatch(/'\.\.'/);
    expect(rejects(pathKind(), '-/x')).toMatch(/absolute path/);
    expect(rejects(pathKind(), '/a\nb')).toMatch(/newline/);
    expect(rejects(pathKind(), '/a\\')).toMatch(/trailing backslash/);
  });

  it('percent signs: literal text is escaped, specifier text is kept and checked', () => {
    expect(pathKind().toRaw('/srv/100%')).toBe('/srv/100%%');
    expect(pathKind().fromRaw('/srv/100%%')).toBe('/srv/100%');
    expect(pathKind().toRaw({ specifiers: '/var/lib/%N' })).toBe('/var/lib/%N');
    expect(pathKind().fromRaw('/var/lib/%N')).toEqual({ specifiers: '/var/lib/%N' });
    expect(() => pathKind().toRaw({ specifiers: '/var/lib/%Q' })).toThrow(/unknown specifier '%Q'/);
  });

  it('unit names and user names', () => {
    expect(unitNameKind.fromRaw('network-online.target')).toBe('network-online.target');
    expect(() => unitNameKind.fromRaw('network.targte')).toThrow(/unknown unit type/);
    expect(unitNameKind.fromRaw('foo@%i.service')).toEqual({ specifiers: 'foo@%i.service' });
    for (const ok of ['www-data', 'daemon', '1000', 'foo.bar']) expect(userNameKind.fromRaw(ok)).toBe(ok);
    for (const bad of ['a:b', '65535', '4294967295', '..', '-1', '007']) expect(() => userNameKind.fromRaw(bad)).toThrow(ValueRuleError);
  });

  it('Environment= assignments are quoted and C-escaped, and read back', () => {
    const w = (v: string) => quoteWord(environmentKind.toRaw(v) as string, UNQUOTE_CUNESCAPE);
    expect(w('A=1')).toBe('A=1');
    expect(w('A=b c')).toBe('"A=b c"');
    expect(w('A=x\ny\t"z"\\')).toBe('"A=x\\ny\\t\\"z\\"\\\\"');
    expect(extractWords(w('A=x\ny\t"z"\\'), UNQUOTE_CUNESCAPE).words).toEqual(['A=x\ny\t"z"\\']);
    expect(w('P=50%')).toBe('P=50%%');
    expect(() => environmentKind.toRaw('1A=2')).toThrow(/invalid variable name/);
    expect(() => environmentKind.toRaw('NOEQUALS')).toThrow(/has no '='/);
    expect(() => w('A=\0')).toThrow(/NUL/);
  });

  it('OnCalendar= specs', () => {
    for (const ok of ['daily', 'weekly', 'semiannually', 'Mon *-*-* 04:00:00', 'Mon..Fri 09:00', '*-*-01 00:00', '*:0/15', 'Sat,Sun 10:00 UTC', '2024-01-01', '*-02~03', '@1700000000'])
      expect(calendarKind.fromRaw(ok)).toBe(ok);
    for (const bad of ['every day', 'Mon 25:00', '*-13-01', 'dailyy']) expect(() => calendarKind.fromRaw(bad)).toThrow(ValueRuleError);
  });

  it('socket addresses', () => {
    const k = socketAddressKind('stream');
    for (const ok of ['8080', '127.0.0.1:80', '[::1]:443', '/run/foo.sock', '@abstract', 'vsock:2:1234']) expect(k.fromRaw(ok)).toBe(ok);
    for (const bad of ['0', '65536', '0999', '300.1.1.1:80', 'relative.sock', 'host:80']) expect(() => k.fromRaw(bad)).toThrow(ValueRuleError);
    expect(() => socketAddressKind('seqpacket').fromRaw('8080')).toThrow(/AF_UNIX/);
  });
});

describe('sandboxing lists', () => {
  it('capabilities: names, ~, suggestions', () => {
    expect(capabilityListKind.fromRaw('CAP_NET_BIND_SERVICE CAP_KILL')).toBe('CAP_NET_BIND_SERVICE CAP_KILL');
    expect(capabilityListKind.fromRaw('~CAP_SYS_ADMIN')).toBe('~CAP_SYS_ADMIN');
    expect(capabilityListKind.fromRaw('~')).toBe('~');
    expect(rejects(capabilityListKind, 'CAP_NET_BIND_SERVCE')).toMatch(/unknown capability 'CAP_NET_BIND_SERVCE' \(did you mean CAP_NET_BIND_SERVICE\?\)/);
    expect(rejects(capabilityListKind, 'CAP_KILL  CAP_CHOWN')).toMatch(/single spaces/);
  });

  it('system call filters: names, @groups, ~, :errno, suggestions, releases', () => {
    expect(syscallFilterKind.fromRaw('@system-service')).toBe('@system-service');
    expect(syscallFilterKind.fromRaw('~@privileged @resources ptrace:EPERM')).toBe('~@privileged @resources ptrace:EPERM');
    expect(rejects(syscallFilterKind, '@sytem-service')).toMatch(/did you mean @system-service\?/);
    expect(rejects(syscallFilterKind, 'opne')).toMatch(/unknown system call name 'opne'/);
    expect(rejects(syscallFilterKind, '@clock:EPERM')).toMatch(/'~' deny list/);
    expect(rejects(syscallFilterKind, '~ptrace:EPREM')).toMatch(/did you mean EPERM\?/);
    expect(syscallFilterKind.sinceOf!('@sandbox')).toBe(257);
    expect(syscallFilterKind.sinceOf!('@system-service')).toBe(252);
  });

  it('address families, namespaces, IP prefixes, device rules', () => {
    expect(addressFamiliesKind.fromRaw('none')).toBe('none');
    expect(addressFamiliesKind.fromRaw('~AF_PACKET AF_NETLINK')).toBe('~AF_PACKET AF_NETLINK');
    expect(rejects(addressFamiliesKind, 'AF_INTE')).toMatch(/did you mean AF_INET\?/);
    expect(namespacesKind.fromRaw('yes')).toBe(true);
    expect(namespacesKind.fromRaw('~user net')).toBe('~user net');
    expect(() => namespacesKind.fromRaw('"net"')).toThrow(ValueRuleError);
    for (const ok of ['any', 'localhost', 'link-local', 'multicast', '10.0.0.0/8', '::1', 'fe80::/64', '::ffff:1.2.3.4']) expect(ipPrefixKind.fromRaw(ok)).toBe(ok);
    for (const bad of ['10.0.0.0/33', '256.1.1.1', '1::2::3', 'anyy', '"any"']) expect(() => ipPrefixKind.fromRaw(bad)).toThrow(ValueRuleError);
    for (const ok of ['/dev/null rw', 'char-rtc r', 'block-loop rwm', '/dev/fuse']) expect(deviceRuleKind.fromRaw(ok)).toBe(ok);
    for (const bad of ['/tmp/x r', 'null rw', '/dev/null rx', '/dev/null rr']) expect(() => deviceRuleKind.fromRaw(bad)).toThrow(ValueRuleError);
  });

  test('socket bind rules: family, protocol and ports as systemd reads them, port 0 refused (only 257+ take it)', () => {
    for (const ok of ['any', '80', 'tcp:443', 'ipv4:tcp:443', 'ipv6:udp:5000-5100', 'ipv4:any', 'udp:any', 'ipv6', 'tcp', 'ipv4:udp', '1-65535']) {
      expect(socketBindRuleKind.fromRaw(ok)).toBe(ok);
    }
    for (const bad of ['0', 'tcp:0', '0-10', '65536', '2000-1000', 'ipv4:', 'tcp:', 'IPV4:80', 'tcp:80 udp:81', 'ipv4:tcp:80:x', 'http']) {
      expect(() => socketBindRuleKind.fromRaw(bad)).toThrow(ValueRuleError);
    }
    expect(() => socketBindRuleKind.fromRaw('sctp:80')).toThrow(/only tcp and udp/);
    expect(() => socketBindRuleKind.fromRaw('2000-1000')).toThrow(/runs backwards/);
    expect(rejects(socketBindRuleKind, 'tcp:0999')).toMatch(/write 999 \(systemd refuses leading zeros\)/);
  });
});

describe('command lines', () => {
  it('validates prefixes and the executable', () => {
    for (const ok of ['/usr/bin/foo --bar', '-/bin/true', '+/bin/true', '!!/bin/true', ':/bin/echo $HOME', '@/bin/sh sh -c true', 'true', '/bin/sh -c "echo a; echo b"'])
      expect(commandLineKind.fromRaw(ok)).toBe(ok);
    expect(() => commandLineKind.fromRaw('bin/foo')).toThrow(/absolute path/);
    expect(() => commandLineKind.fromRaw('/bin/true ; /bin/false')).toThrow(/lone ';'/);
    expect(() => commandLineKind.fromRaw('/bin/echo "unbalanced')).toThrow(/unbalanced/);
    expect(() => commandLineKind.fromRaw('+!/bin/true')).toThrow(/cannot be combined/);
    expect(() => commandLineKind.fromRaw('@/bin/true')).toThrow(/argv\[0\]/);
    expect(commandLineKind.sinceOf!('|/bin/true')).toBe(258); // 257 refuses it (oracle), 262 accepts it
  });

  it('writes literal words so that systemd hands exactly these words to the program', () => {
    const words = ['-c', 'echo "$HOME" 100% done; x', ';', '', 'tab\there', 'ünï', 'a\\b'];
    const raw = renderCommandLine({ executable: '/bin/sh', args: words });
    expect(raw).toBe('/bin/sh -c "echo \\"$$HOME\\" 100%% done; x" ";" "" "tab\\there" "ünï" "a\\\\b"');
    expect(commandLineWords(raw)).toEqual({ executable: '/bin/sh', args: words });
    expect(extractWords('"a b" c\\ d', UNQUOTE_ONLY).words).toEqual(['a b', 'c d']);
  });
});
