/**
 * Kinds for file-system and credential settings: bind mounts (`SRC[:DEST[:OPTIONS]]`), temporary
 * file systems, managed directories (relative paths), credentials, Delegate= controller lists.
 */
import { ValueRuleError } from './errors';
import type { ValueKind } from './kind';
import { textKind, absolutePathProblem } from './strings';
import { credentialNameValid, pathIsNormalized, pathLengthProblem } from '../path-rules';
import { checkPlainText } from './words';
import { parseBooleanWord } from './scalars';
import { didYouMean } from './suggest';

/** BindPaths=/BindReadOnlyPaths= word: `[-]SRC[:DEST[:rbind|norbind]]` (colons in paths are not supported here). */
export const bindPathKind = textKind('bind-path', "[-]SOURCE[:DESTINATION[:OPTIONS]] with absolute paths; options rbind or norbind", {
  check(s) {
    if (typeof s !== 'string') throw new ValueRuleError('expected a string');
    checkPlainText(s);
    // systemd 262 refuses a quote in either path ("Failed to parse BindPaths"); no release reads a backslash literally.
    if (/["'\\]/.test(s)) throw new ValueRuleError('a bind path must not contain quotes or backslashes');
    const [src, dest, opts, more] = s.replace(/^-/, '').split(':');
    if (more !== undefined) throw new ValueRuleError('at most SOURCE:DESTINATION:OPTIONS');
    const p = absolutePathProblem(src!) ?? (dest !== undefined ? absolutePathProblem(dest) : undefined);
    if (p) throw new ValueRuleError(p);
    if (opts !== undefined && !['rbind', 'norbind'].includes(opts)) throw new ValueRuleError(`unknown bind option '${opts}'`, didYouMean(opts, ['rbind', 'norbind']));
  },
}, true);

/** MountImages= line: `[-]SOURCE:DESTINATION[:OPTIONS]`. */
export const mountImageKind = textKind('mount-image', '[-]IMAGE:DESTINATION[:PARTITION:OPTIONS…] with absolute paths', {
  check(s) {
    if (typeof s !== 'string') throw new ValueRuleError('expected a string');
    checkPlainText(s);
    if (/\s/.test(s)) throw new ValueRuleError('no blanks in an image mount');
    const [src, dest] = s.replace(/^-/, '').split(':');
    if (dest === undefined) throw new ValueRuleError('needs IMAGE:DESTINATION');
    const p = absolutePathProblem(src!) ?? absolutePathProblem(dest);
    if (p) throw new ValueRuleError(p);
  },
}, true);

/** TemporaryFileSystem= word: `PATH[:OPTIONS]`. */
export const tmpfsKind = textKind('tmpfs', 'an absolute path, optionally followed by :mount-options', {
  check(s) {
    if (typeof s !== 'string') throw new ValueRuleError('expected a string');
    checkPlainText(s);
    const colon = s.indexOf(':');
    const p = absolutePathProblem(colon < 0 ? s : s.slice(0, colon));
    if (p) throw new ValueRuleError(p);
  },
}, true);

/** StateDirectory= and friends: relative paths below /var/lib etc. (optionally `PATH:SYMLINK`). */
export const managedDirectoryKind = textKind('managed-directory', 'a relative directory name such as myapp or myapp/sub, without .. components', {
  check(s) {
    if (typeof s !== 'string') throw new ValueRuleError('expected a string');
    checkPlainText(s);
    if (s.includes(':')) throw new ValueRuleError("':' (the symlink form) is not supported here");
    // The value is unquoted, then C-unescaped (252–262): quotes and backslashes do not survive as written.
    if (/["'\\]/.test(s)) throw new ValueRuleError('a directory name must not contain quotes or backslashes');
    if (s === 'private' || s.startsWith('private/')) throw new ValueRuleError("'private' is reserved by systemd for DynamicUser=");
    for (const part of [s]) {
      if (part === '' || part.startsWith('/') || part.split('/').some((c) => c === '..' || c === '.' || c === '')) {
        throw new ValueRuleError(`'${part}' must be a relative, normalized path`, part.startsWith('/') ? `write ${part.replace(/^\/+/, '')}` : undefined);
      }
      const tooLong = pathLengthProblem(part);
      if (tooLong) throw new ValueRuleError(tooLong);
    }
  },
}, true);

/** LoadCredential=/LoadCredentialEncrypted= line: `ID[:PATH]`. */
export const loadCredentialKind = textKind('credential', 'ID[:SOURCE], ID without / and :', {
  check(s) {
    if (typeof s !== 'string') throw new ValueRuleError('expected a string');
    checkPlainText(s);
    const colon = s.indexOf(':');
    const id = colon < 0 ? s : s.slice(0, colon);
    // credential_name_valid(): systemd ignores the line ("Credential name … not valid").
    if (!credentialNameValid(id)) throw new ValueRuleError(`invalid credential ID '${id}': 1–255 printable ASCII characters, no / or :`);
    if (colon >= 0) {
      const source = s.slice(colon + 1);
      const isPath = source.startsWith('/') && absolutePathProblem(source) === undefined && pathIsNormalized(source);
      if (!isPath && !credentialNameValid(source)) throw new ValueRuleError(`credential source '${source}' must be an absolute, normalized path or a credential name`);
    }
  },
}, true);

/** SetCredential=/SetCredentialEncrypted= line: `ID:DATA` (Base64 data when encrypted). */
export function setCredentialKind(encrypted: boolean): ValueKind<import('./text').Text> {
  return textKind('credential-data', `ID:DATA, ID without / and :${encrypted ? ', DATA in Base64 (systemd-creds encrypt)' : ''}`, {
    check(s) {
      if (typeof s !== 'string') throw new ValueRuleError('expected a string');
      checkPlainText(s);
      const colon = s.indexOf(':');
      const id = colon < 0 ? '' : s.slice(0, colon);
      if (colon < 0) throw new ValueRuleError('needs ID:DATA');
      if (!credentialNameValid(id)) throw new ValueRuleError(`invalid credential ID '${id}': 1–255 printable ASCII characters, no / or :`);
      if (s.slice(colon + 1).trim() === '') throw new ValueRuleError('the DATA after ID: must not be empty');
      // The data is C-unescaped (252–262): an invalid escape makes systemd ignore the line ("Can't unescape").
      if (s.slice(colon + 1).includes('\\')) throw new ValueRuleError('the DATA must not contain backslashes (systemd reads them as C escapes)');
      const data = s.slice(colon + 1).replace(/\s/g, '');
      if (encrypted && (!/^[A-Za-z0-9+/]+={0,2}$/.test(data) || data.length % 4 !== 0)) throw new ValueRuleError('encrypted credential data must be Base64', 'use the output of systemd-creds encrypt');
    },
  }, false);
}

const CONTROLLERS = ['cpu', 'cpuacct', 'cpuset', 'io', 'blkio', 'memory', 'devices', 'pids', 'bpf-firewall', 'bpf-devices', 'bpf-foreign', 'bpf-socket-bind', 'bpf-restrict-network-interfaces'];

/** Delegate=: a boolean or cgroup controller names separated by spaces. */
export const delegateKind: ValueKind<boolean | string> = {
  name: 'delegate',
  tsType: 'boolean | string',
  rule: `yes, no, or controller names (${CONTROLLERS.join(' ')})`,
  toRaw(v) {
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    const parsed = this.fromRaw(v);
    if (typeof parsed === 'boolean') throw new ValueRuleError(this.rule, `pass ${parsed} (the boolean) instead of '${v}'`);
    return parsed;
  },
  fromRaw(raw) {
    if (typeof raw !== 'string') throw new ValueRuleError(this.rule);
    const b = parseBooleanWord(raw);
    if (b !== undefined) return b;
    const words = raw.split(' ');
    if (raw === '' || words.some((w) => !CONTROLLERS.includes(w))) {
      throw new ValueRuleError(this.rule, didYouMean(words.find((w) => !CONTROLLERS.includes(w)) ?? '', CONTROLLERS));
    }
    return raw;
  },
};
