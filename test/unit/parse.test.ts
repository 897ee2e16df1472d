import { parseUnitText } from '../../lib/unit/parse';
import { mergeDropIns, valuesOf } from '../../lib/unit/model';

describe('parseUnitText', () => {
  it('joins continuation lines, skipping comment lines inside them, and strips around =', () => {
    const { document, diagnostics } = parseUnitText(
      ['# head', '[Service]', 'ExecStart=/bin/echo \\', '# inside', '  a \\', '; also', 'b', '  User = svc  '].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(valuesOf(document, 'Service', 'ExecStart')).toEqual(['/bin/echo    a  b']);
    expect(valuesOf(document, 'Service', 'User')).toEqual(['svc']);
  });

  it('treats an escaped trailing backslash as literal, not a continuation', () => {
    const { document } = parseUnitText('[Service]\nEnvironment=A=x\\\\\nUser=u\n');
    expect(valuesOf(document, 'Service', 'Environment')).toEqual(['A=x\\\\']);
    expect(valuesOf(document, 'Service', 'User')).toEqual(['u']);
  });

  it('accumulates repeated sections and keeps empty assignments', () => {
    const { document } = parseUnitText('[Service]\nA=1\n[Unit]\nB=2\n[Service]\nA=\n');
    expect(document.sections.map((s) => s.name)).toEqual(['Service', 'Unit']);
    expect(valuesOf(document, 'Service', 'A')).toEqual(['1', '']);
  });

  it('reports lines systemd ignores as warnings and bad headers as errors', () => {
    const { diagnostics } = parseUnitText('X=1\n[Service]\nnoequals\n=v\n[Broken\n');
    expect(diagnostics.map((d) => [d.severity, d.position?.line])).toEqual([
      ['warning', 1],
      ['warning', 3],
      ['warning', 4],
      ['error', 5],
    ]);
  });

  it('applies drop-ins after the main file in lexical order of their names', () => {
    const main = parseUnitText('[Service]\nUser=a\n').document;
    const d1 = parseUnitText('[Service]\nUser=c\n').document;
    const d2 = parseUnitText('[Service]\nUser=b\n').document;
    const merged = mergeDropIns(main, [
      { fileName: '20-z.conf', document: d1 },
      { fileName: '10-y.conf', document: d2 },
    ]);
    expect(valuesOf(merged, 'Service', 'User')).toEqual(['a', 'b', 'c']);
  });
});
