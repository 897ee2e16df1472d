/**
 * Reading a `--security-policy` file safely and with systemd's limits. systemd-analyze reads it with
 * json_parse_file() → read_full_file_full() (src/basic/fileio.c; the same code in 252, 257 and 262):
 * the whole file into one buffer of READ_FULL_BYTES_MAX + 1 = 64 MiB (plus its NUL byte) at most, or
 * E2BIG ("Argument list too long"). glibc rounds that allocation up to whole pages and the code reads
 * into all of it, so the real limit is a little above 64 MiB and depends on the C library of the
 * release: measured with the real tools, 64 MiB + 4078 bytes on 252 and 257 (glibc 2.36, 2.41),
 * 64 MiB + 4070 on 262 (glibc 2.43). An empty file fails with ENODATA ("No data available"), nesting
 * deeper than 2048 levels with ELNRNG (see json-subset.ts). systemd-analyze also opens whatever the
 * path is: it blocks forever on a FIFO and reads /dev/zero up to the limit. Here only a regular file
 * is read (never a FIFO or a device: see regular-file.ts), within the release's limit, and only the
 * part the policy parser needs is kept in memory.
 */
import * as fs from 'node:fs';
import { parseSecurityPolicy, type SecurityPolicy, type SystemdRelease } from '../exposure';
import { RELEASE_DATA } from '../exposure/releases';
import { JsonSubsetError, policySubset } from './json-subset';
import { closeOpened, openRegularFile } from '../unit/regular-file';

/** The largest policy file each release's systemd-analyze reads (see the header). */
export const POLICY_MAX_BYTES: Readonly<Record<SystemdRelease, number>> = { '252': 64 * 1024 * 1024 + 4078, '257': 64 * 1024 * 1024 + 4078, '262': 64 * 1024 * 1024 + 4070 };

/** Depth of an empty JSON array or object in each release's parser (see json-subset.ts). */
const EMPTY_CONTAINER_DEPTH: Readonly<Record<SystemdRelease, 0 | 1>> = { '252': 0, '257': 0, '262': 1 };

/** A policy file that cannot be used; the message names the file and says why. */
export class PolicyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyFileError';
  }
}

function readAll(file: string, max: number): Buffer {
  let opened;
  try {
    opened = openRegularFile(file);
  } catch (e) {
    throw new PolicyFileError((e as Error).message);
  }
  try {
    if (opened.fd === undefined || opened.stat.size === 0) {
      throw new PolicyFileError(`${file} is empty (systemd-analyze: "No data available")`);
    }
    if (opened.stat.size > max) {
      throw new PolicyFileError(`${file} is ${opened.stat.size} bytes, more than systemd-analyze reads (${max}, about 64 MiB; it says "Argument list too long")`);
    }
    // Read one byte more than allowed, to notice a file that grew since fstat().
    const buf = Buffer.allocUnsafe(opened.stat.size + 1);
    let n = 0;
    for (let k; n < buf.length && (k = fs.readSync(opened.fd, buf, n, buf.length - n, null)) > 0; ) n += k;
    if (n === buf.length) throw new PolicyFileError(`${file} grew while being read: not read`);
    return buf.subarray(0, n);
  } finally {
    closeOpened(opened);
  }
}

/** Reads and parses a `--security-policy` file for a release; throws {@link PolicyFileError} with the reason. */
export function readPolicyFile(file: string, release: SystemdRelease): SecurityPolicy {
  const bytes = readAll(file, POLICY_MAX_BYTES[release]);
  const fields = new Set(RELEASE_DATA[release].checks.map((c) => c.jsonField));
  let text: string;
  try {
    text = policySubset(bytes, (key) => fields.has(key), EMPTY_CONTAINER_DEPTH[release]);
  } catch (e) {
    if (!(e instanceof JsonSubsetError)) throw e;
    const why = e.kind === 'nesting' ? `${e.message} (systemd-analyze: "Link number out of range")` : e.message;
    throw new PolicyFileError(`Failed to parse the security policy ${file}: ${why}`);
  }
  return parseSecurityPolicy(text, release);
}
