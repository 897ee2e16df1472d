/**
 * Opening the files we read (unit files, drop-ins, policies) without ever blocking on them or reading
 * an endless stream: only regular files are opened. The path is stat()ed first (following symlinks:
 * the target is judged), so a FIFO is never opened for reading (that open() would block until a
 * writer appears), a device is never read. The open itself uses O_NONBLOCK, and the opened descriptor
 * is checked again with fstat(), so swapping the file for a FIFO or a device in between is caught.
 * `/dev/null` (systemd's mask) is the one non-regular file accepted: it reads as empty.
 */
import * as fs from 'node:fs';

/** What a path turned out to be, in words for messages. */
export type FileKind =
  | 'regular file'
  | 'directory'
  | 'FIFO (named pipe)'
  | 'socket'
  | 'character device'
  | 'block device'
  | 'symbolic link'
  | 'file of unknown type';

/** The kind of file a stat() result describes. */
export function fileKind(st: fs.Stats): FileKind {
  if (st.isFile()) return 'regular file';
  if (st.isDirectory()) return 'directory';
  if (st.isFIFO()) return 'FIFO (named pipe)';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isSymbolicLink()) return 'symbolic link';
  return 'file of unknown type';
}

/** Linux's device number of /dev/null (major 1, minor 3). */
const DEV_NULL_RDEV = (1 << 8) | 3;

/** True for /dev/null itself (whatever path or symlink leads to it). */
export function isDevNull(st: fs.Stats): boolean {
  return st.isCharacterDevice() && st.rdev === DEV_NULL_RDEV;
}

/** Refusal to read something that is not a regular file; the message names the file and what it is. */
export class NotRegularFileError extends Error {
  constructor(
    readonly file: string,
    readonly kind: FileKind,
    /** Where a symlink led, when `file` is one. */
    readonly target?: string,
  ) {
    super(`${file}${target !== undefined ? ` (a link to ${target})` : ''} is a ${kind}, not a regular file: not read`);
    this.name = 'NotRegularFileError';
  }
}

/** A file opened for reading: `fd` is undefined for /dev/null (nothing to read). Close with {@link closeOpened}. */
export interface OpenedFile {
  readonly fd: number | undefined;
  readonly stat: fs.Stats;
}

function linkTarget(file: string): string | undefined {
  try {
    return fs.lstatSync(file).isSymbolicLink() ? fs.realpathSync.native(file) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens `file` for reading if it is a regular file (or /dev/null). Throws {@link NotRegularFileError}
 * for anything else, and the usual fs errors (ENOENT, ELOOP, EACCES…) when it cannot be reached.
 * `stat` is the caller's own stat() of `file`, when it has one (the descriptor is checked anyway).
 */
export function openRegularFile(file: string, stat?: fs.Stats): OpenedFile {
  const st = stat ?? fs.statSync(file);
  if (isDevNull(st)) return { fd: undefined, stat: st };
  if (!st.isFile()) throw new NotRegularFileError(file, fileKind(st), linkTarget(file));
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  let opened: fs.Stats;
  try {
    opened = fs.fstatSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
  if (!opened.isFile()) {
    fs.closeSync(fd);
    // Replaced between stat() and open(): judge what was actually opened.
    throw new NotRegularFileError(file, fileKind(opened), linkTarget(file));
  }
  if (opened.ino !== st.ino || opened.dev !== st.dev) {
    fs.closeSync(fd);
    throw new Error(`${file} was replaced while it was being opened: not read`);
  }
  return { fd, stat: opened };
}

/** Closes a file opened by {@link openRegularFile}. */
export function closeOpened(f: OpenedFile): void {
  if (f.fd !== undefined) fs.closeSync(f.fd);
}
