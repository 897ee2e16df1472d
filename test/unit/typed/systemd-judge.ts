/**
 * The injection property judged by the real systemd: a value the typed layer accepts is rendered into
 * a unit file, loaded by the real `systemd-analyze verify` of a release (through the oracle script),
 * and must draw no message at all from the loader — no "ignoring", "Failed to parse", "Unknown key",
 * no refusal of the unit. Read-back of the parsed value is done separately in a booted systemd
 * (systemd-readback.ts), because `systemd-analyze` cannot print what it parsed.
 *
 * Cheap by design: every case is one small unit file, and one verify run loads hundreds of them
 * (`BATCH` files per launch). Each message names `FILE:LINE` (a setting) or `UNIT:` (the unit), so it is
 * mapped back to its case. A socket or timer case gets a companion service of the same name, because
 * systemd refuses a socket or timer whose unit to activate does not exist.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { toDocument, type TypedUnitModel } from '../../../lib/unit/typed';
import { DirectiveValueError } from '../../../lib/unit/values';
import { renderDocument } from '../../../lib/unit/render';
import { releaseProblems } from '../../../lib/unit/catalog/releases';
import type { StringField } from './injection-property';
import { oracleScript, type OracleSuite } from '../../support/oracle';

/** Unit files per `systemd-analyze verify` launch. */
const BATCH = 300;

/** One accepted value, rendered as a unit file. */
export interface JudgedCase {
  readonly id: number;
  readonly field: StringField;
  readonly value: string;
  /** Unit file name, e.g. `j12.service`. */
  readonly unit: string;
  /** The unit file's text. */
  readonly text: string;
  /** 1-based line of the value under test. */
  readonly line: number;
}

/** What the typed layer made of a value. */
export type Admission = { readonly accepted: JudgedCase } | { readonly refused: string };

/** A value of each trigger directive that systemd accepts (context after a reset of that directive). */
const TRIGGER_SAMPLE: Readonly<Record<string, string>> = {
  ListenStream: '127.0.0.1:1', ListenDatagram: '127.0.0.1:1', ListenSequentialPacket: '/run/j.sock', ListenFIFO: '/run/j.fifo',
  ListenSpecial: '/dev/null', ListenNetlink: 'route', ListenMessageQueue: '/j', OnCalendar: 'daily',
};

/**
 * Settings that make the unit loadable without the value under test (none draws a message). After a
 * reset ('' in a list) of a trigger (Listen*=, On*=), the trigger is set again on the same directive:
 * an empty one clears every trigger of the unit (see lib/unit/typed/shared-resets.ts).
 */
function context(field: StringField, value: string): Record<string, Record<string, unknown[]>> {
  const reset = field.list && value === '';
  if (field.kind === 'socket') {
    if (field.key === 'Symlinks') return { Socket: { ListenStream: ['/run/j.sock'] } };
    if (field.key.startsWith('Listen')) return reset ? { Socket: { [field.key]: [TRIGGER_SAMPLE[field.key]!] } } : {};
    return { Socket: { ListenStream: ['127.0.0.1:1'] } };
  }
  if (field.kind === 'timer') {
    if (field.key.startsWith('On')) return reset ? { Timer: { [field.key]: [TRIGGER_SAMPLE[field.key] ?? '1h'] } } : {};
    return { Timer: { OnActiveSec: ['1h'] } };
  }
  return field.section === 'Service' && field.key === 'ExecStart' && !reset ? {} : { Service: { ExecStart: ['/bin/true'] } };
}

/** The model holding the value under test, then the context it needs (the value comes first in its section). */
function modelFor(field: StringField, value: string): TypedUnitModel {
  const ctx = context(field, value);
  const out: Record<string, Record<string, unknown>> = { ...ctx };
  const section: Record<string, unknown> = { [field.key]: field.list ? [value] : value };
  for (const [k, v] of Object.entries(ctx[field.section] ?? {})) section[k] = k === field.key ? [value, ...v] : v;
  out[field.section] = section;
  return out as TypedUnitModel;
}

/**
 * Runs the typed layer on one value for `release`: refused (DirectiveValueError, or a release warning —
 * the directive or value is newer than the release) or accepted with its rendered unit file.
 */
export function admit(field: StringField, value: string, id: number, release: number): Admission {
  let doc;
  try {
    doc = toDocument(modelFor(field, value), { kind: field.kind });
  } catch (e) {
    if (e instanceof DirectiveValueError) return { refused: e.rule };
    throw e;
  }
  const newer = releaseProblems(doc, release);
  if (newer.length > 0) return { refused: `needs a newer systemd than ${release}` };
  const text = renderDocument(doc);
  const lines = text.split('\n');
  let section = '';
  let line = 0;
  lines.forEach((l, i) => {
    if (/^\[.*\]$/.test(l)) section = l.slice(1, -1);
    else if (line === 0 && section === field.section && l.startsWith(`${field.key}=`)) line = i + 1;
  });
  return { accepted: { id, field, value, unit: `j${id}.${field.kind}`, text, line } };
}

/** systemd's verdict on one case: no message at all, or the messages it printed. */
export interface Verdict {
  readonly case: JudgedCase;
  /** Messages about the value's line ("… ignoring", "Failed to parse …", "Unknown key …"). */
  readonly ignored: string[];
  /** Messages refusing the unit ("bad unit file setting", "Refusing", "fatal"). */
  readonly refused: string[];
  /** Any other loader message about this unit. */
  readonly other: string[];
  /** Notices of a value accepted as written (see {@link ACCEPTED_WITH_NOTICE}): not failures. */
  readonly notices: string[];
}

/**
 * systemd logs "Accepting user/group name 'x', which does not match strict user/group name rules." and
 * uses the name as written (valid_user_group_name() with VALID_USER_RELAX|VALID_USER_WARN): the value is
 * read exactly, so this notice is not a failure. It names no unit; it is tied to the case whose value it quotes.
 */
const ACCEPTED_WITH_NOTICE = /^Accepting user\/group name '.*', which does not match strict user\/group name rules\.$/;

/** The case of `batch` whose value a unit-less message quotes. */
function valueInMessage(batch: readonly JudgedCase[], msg: string): JudgedCase | undefined {
  return batch.find((c) => c.value !== '' && msg.includes(`'${c.value}'`));
}

/**
 * Messages that are not about parsing: verify also checks that executables exist on the analysing
 * machine, and that a socket's Service= unit exists; neither says anything about how the value was read.
 */
const NOT_ABOUT_PARSING = [/: Command [^]* is not executable: /, /: Failed to create .*: Unit .* not found\.$/, /: service \S+ not loaded, socket cannot be started\.$/];

function writeCases(dir: string, cases: readonly JudgedCase[]): string[] {
  const files: string[] = [];
  for (const c of cases) {
    const file = path.join(dir, c.unit);
    fs.writeFileSync(file, c.text);
    files.push(file);
    if (c.field.kind !== 'service') {
      const companion = path.join(dir, `j${c.id}.service`);
      fs.writeFileSync(companion, '[Service]\nExecStart=/bin/true\n');
      files.push(companion);
    }
  }
  return files;
}

/**
 * Where a batch is written, and the path the oracle's systemd-analyze sees it under. For a chroot
 * suite the files are written straight into the oracle root's /tmp and passed by their path inside:
 * the oracle script passes an argument that does not exist on this machine through unchanged. Copying
 * them instead puts every file in a folder of its own, and verify then searches hundreds of folders
 * for every unit (measured: 43 units/s instead of about 1,000).
 */
function stagingDir(suite: OracleSuite, workDir: string): { dir: string; inside: string } {
  const root = path.join(process.env.SYSTEMD_ORACLE_DIR ?? '/var/tmp/systemd-oracle', suite);
  if (suite !== 'host' && fs.existsSync(path.join(root, 'tmp'))) {
    const dir = fs.mkdtempSync(path.join(root, 'tmp', 'cdktf-systemd-judge-'));
    if (!fs.existsSync(dir.slice(root.length))) return { dir, inside: dir.slice(root.length) };
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const dir = fs.mkdtempSync(path.join(workDir, 'verify-'));
  return { dir, inside: dir };
}

/** Loads `cases` with the real `systemd-analyze verify` of `suite`, many units per launch. */
export function verifyCases(suite: OracleSuite, cases: readonly JudgedCase[], workDir: string): Verdict[] {
  const byUnit = new Map<string, JudgedCase>();
  for (const c of cases) byUnit.set(c.unit, c);
  const verdicts = new Map<number, { ignored: string[]; refused: string[]; other: string[]; notices: string[] }>();
  for (const c of cases) verdicts.set(c.id, { ignored: [], refused: [], other: [], notices: [] });
  for (let start = 0; start < cases.length; start += BATCH) {
    const batch = cases.slice(start, start + BATCH);
    const { dir, inside } = stagingDir(suite, workDir);
    const files = writeCases(dir, batch).map((f) => inside + f.slice(dir.length));
    const r = spawnSync(oracleScript(), [suite, 'verify', '--man=no', ...files], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      env: { ...process.env, SYSTEMD_LOG_COLOR: '0', SYSTEMD_COLORS: '0' },
    });
    if (r.error) throw r.error;
    fs.rmSync(dir, { recursive: true, force: true });
    let last: string[] | undefined;
    for (const msg of `${r.stderr}\n${r.stdout}`.split('\n')) {
      if (msg.trim() === '' || NOT_ABOUT_PARSING.some((re) => re.test(msg))) continue;
      const unit = unitOfMessage(msg);
      const c = unit === undefined ? valueInMessage(batch, msg) : byUnit.get(unit) ?? byUnit.get(unit.replace(/\.service$/, '.socket')) ?? byUnit.get(unit.replace(/\.service$/, '.timer'));
      if (!c) {
        // A message may quote a decoded value holding a newline: the rest belongs to the previous message.
        if (last) last.push(`${last.pop()!}\n${msg}`);
        else throw new Error(`systemd-analyze verify (${suite}) printed a message that names no case: ${msg}`);
        continue;
      }
      const v = verdicts.get(c.id)!;
      last = ACCEPTED_WITH_NOTICE.test(msg) ? v.notices : /^\S+:\d+: /.test(msg) ? v.ignored : /bad unit file setting|Refusing|fatal|failed to load/i.test(msg) ? v.refused : v.other;
      last.push(msg);
    }
  }
  return cases.map((c) => ({ case: c, ...verdicts.get(c.id)! }));
}

/** The unit file name a verify message is about: `PATH/j1.service:3: …`, `j1.service: …` or `Unit j1.service …`. */
function unitOfMessage(msg: string): string | undefined {
  const m = /(?:^|\/|Unit )(j\d+\.(?:service|socket|timer))\b/.exec(msg);
  return m?.[1];
}
