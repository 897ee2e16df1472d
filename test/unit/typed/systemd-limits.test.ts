/**
 * Values systemd ignores or refuses are DirectiveValueErrors where they are written, naming the
 * directive and the limit. Each case is also written raw (bypassing the typed layer) into a unit that
 * the real `systemd-analyze verify` of every release loads: it must draw a message about that line, so
 * every refusal here is one systemd itself makes (on at least one release, as noted).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toDocument, type ServiceUnitModel } from '../../../lib/unit/typed';
import { DirectiveValueError } from '../../../lib/unit/values';
import { describeEachOracle, runOracleCommand } from '../../support/oracle';

const long = (n: number): string => 'a'.repeat(n);
/** [model, directive, rule pattern, the raw line, the releases that object to it]. */
const CASES: ReadonlyArray<readonly [ServiceUnitModel, string, RegExp, string, readonly string[]]> = [
  [{ Service: { ReadWritePaths: [`/${long(256)}`] } }, 'Service.ReadWritePaths', /path component longer than 255 bytes/, `ReadWritePaths=/${long(256)}`, ['252', '257', '262']],
  [{ Service: { ReadWritePaths: [`/${'é'.repeat(128)}`] } }, 'Service.ReadWritePaths', /path component longer than 255 bytes \(256\)/, `ReadWritePaths=/${'é'.repeat(128)}`, ['252', '257', '262']],
  [{ Service: { WorkingDirectory: `/${Array.from({ length: 20 }, () => long(210)).join('/')}` } }, 'Service.WorkingDirectory', /path longer than 4095 bytes/, `WorkingDirectory=/${Array.from({ length: 20 }, () => long(210)).join('/')}`, ['252', '257', '262']],
  [{ Service: { EnvironmentFile: ['relative'] } }, 'Service.EnvironmentFile', /absolute path/, 'EnvironmentFile=relative', ['252', '257', '262']],
  [{ Service: { LoadCredential: ['é:/etc/x'] } }, 'Service.LoadCredential', /printable ASCII/, 'LoadCredential=é:/etc/x', ['252', '257', '262']],
  [{ Service: { LogExtraFields: ['foo=bar'] } }, 'Service.LogExtraFields', /journal field name/, 'LogExtraFields=foo=bar', ['252', '257', '262']],
  [{ Service: { StateDirectory: ['a"b'] } }, 'Service.StateDirectory', /quotes or backslashes/, 'StateDirectory="a\\"b"', ['252', '257', '262']],
  [{ Service: { BindReadOnlyPaths: ['/a"b'] } }, 'Service.BindReadOnlyPaths', /quotes or backslashes/, 'BindReadOnlyPaths="/a\\"b"', ['262']],
  [{ Service: { ExecSearchPath: ['/opt/my bin'] } }, 'Service.ExecSearchPath', /written unquoted/, 'ExecSearchPath="/opt/my bin"', ['252', '257', '262']],
  [{ Service: { ExecStart: ['- /bin/true'] } }, 'Service.ExecStart', /right before the executable/, 'ExecStart=- /bin/true', ['252', '257', '262']],
  [{ Service: { ExecStart: ['/bin/a\\ab'] } }, 'Service.ExecStart', /control characters/, 'ExecStart=/bin/a\\ab', ['252', '257', '262']],
  [{ Service: { ExecStart: ['x%Cy'] } }, 'Service.ExecStart', /specifiers/, 'ExecStart=x%Cy', ['252', '257', '262']],
  [{ Service: { ExecStart: ['/bin/true \uFFFE'] } }, 'Service.ExecStart', /not valid UTF-8.*U\+FFFE/, 'ExecStart=/bin/true \uFFFE', ['252', '257', '262']],
  [{ Service: { User: '-' } }, 'Service.User', /must not start with '-'/, 'User=-', ['252', '257', '262']],
  [{ Service: { KillSignal: '09' } }, 'Service.KillSignal', /signal/, 'KillSignal=09', ['252', '257', '262']],
  [{ Service: { SetCredential: ['x:a\\1'] } }, 'Service.SetCredential', /backslashes/, 'SetCredential=x:a\\1', ['252', '257', '262']],
  [{ Service: { MemoryHigh: '0%' } }, 'Service.MemoryHigh', /0 is out of range/, 'MemoryHigh=0%', ['252', '257', '262']],
  [{ Service: { MemoryMax: '0.001%' } }, 'Service.MemoryMax', /percentage/, 'MemoryMax=0.001%', ['252', '257', '262']],
  [{ Service: { RuntimeRandomizedExtraSec: '5s' } }, 'Service.RuntimeRandomizedExtraSec', /without RuntimeMaxSec=/, 'RuntimeRandomizedExtraSec=5s', ['252', '257', '262']],
];

describe('the typed layer refuses what systemd ignores or refuses', () => {
  it.each(CASES.map((c) => [c[1], c[2], c[0]] as const))('%s: %s', (directive, rule, model) => {
    let error: unknown;
    try {
      toDocument({ ...model, Service: { ExecStart: ['/bin/true'], ...(model.Service ?? {}) } } as ServiceUnitModel);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DirectiveValueError);
    expect((error as DirectiveValueError).directive).toBe(directive);
    expect((error as DirectiveValueError).message).toMatch(rule);
  });
});

describeEachOracle('systemd $release objects to each raw line ($suite)', ({ suite, release }) => {
  it('prints a message about the line, or refuses the unit', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'limits-'));
    try {
      const files = CASES.map(([, , , line], i) => {
        const f = path.join(dir, `l${i}.service`);
        const exec = line.startsWith('ExecStart=') ? '' : 'ExecStart=/bin/true\n';
        fs.writeFileSync(f, `[Service]\n${line}\n${exec}`);
        return f;
      });
      const r = runOracleCommand(suite, ['verify', '--man=no', ...files]);
      const out = `${r.stdout}\n${r.stderr}`;
      // A message about line 2 (the value), or the unit refused or a setting ignored as a whole.
      const objected = CASES.map((_, i) => new RegExp(`l${i}\\.service(:2: |: .*(fatal error|Refusing|Ignoring))`).test(out));
      expect(objected).toEqual(CASES.map((c) => c[4].includes(release)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
