/**
 * The shared libraries an ELF executable names (its DT_NEEDED entries), read from the file without
 * running it: what `readelf -d FILE` lists as "Shared library: [...]". Used to learn the release of the
 * host's `systemd-analyze` from the `libsystemd-shared-<release>.so` it links (host-release.ts), which
 * spares starting a process on every `score` run.
 */

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;

/** Reads `bytes` as an ELF file's fixed-size fields (32- or 64-bit, either byte order). */
class ElfView {
  private readonly view: DataView;
  readonly wide: boolean;
  private readonly little: boolean;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.wide = bytes[4] === 2;
    this.little = bytes[5] === 1;
  }

  /** A 16-bit field. */
  half(at: number): number {
    return this.view.getUint16(at, this.little);
  }

  /** A 32-bit field. */
  word(at: number): number {
    return this.view.getUint32(at, this.little);
  }

  /** An address, offset or size: 32 or 64 bits by class (as a number: these files are far below 2^53). */
  addr(at: number): number {
    return this.wide ? Number(this.view.getBigUint64(at, this.little)) : this.view.getUint32(at, this.little);
  }
}

/** A program header's fields used here. */
interface Segment {
  readonly type: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly filesz: number;
}

function segmentsOf(elf: ElfView): Segment[] {
  const phoff = elf.addr(elf.wide ? 0x20 : 0x1c);
  const phentsize = elf.half(elf.wide ? 0x36 : 0x2a);
  const phnum = elf.half(elf.wide ? 0x38 : 0x2c);
  const segments: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + phentsize > elf.bytes.length) break;
    segments.push(elf.wide
      ? { type: elf.word(at), offset: elf.addr(at + 8), vaddr: elf.addr(at + 16), filesz: elf.addr(at + 32) }
      : { type: elf.word(at), offset: elf.addr(at + 4), vaddr: elf.addr(at + 8), filesz: elf.addr(at + 16) });
  }
  return segments;
}

/** The file offset of virtual address `vaddr` (the loaded segment holding it), or undefined. */
function fileOffsetOf(segments: readonly Segment[], vaddr: number): number | undefined {
  const s = segments.find((g) => g.type === PT_LOAD && vaddr >= g.vaddr && vaddr < g.vaddr + g.filesz);
  return s === undefined ? undefined : s.offset + (vaddr - s.vaddr);
}

/** The NUL-terminated string at `at`, or undefined when it runs off the file. */
function cString(bytes: Uint8Array, at: number): string | undefined {
  const end = bytes.indexOf(0, at);
  return end < 0 ? undefined : Buffer.from(bytes.buffer, bytes.byteOffset + at, end - at).toString('latin1');
}

/**
 * The DT_NEEDED names of the ELF file `bytes`, in the file's order; undefined when it is not an ELF
 * file or has no dynamic section that can be read (a script, a static binary, a truncated file).
 */
export function elfNeeded(bytes: Uint8Array): string[] | undefined {
  if (bytes.length < 0x40 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) return undefined;
  if ((bytes[4] !== 1 && bytes[4] !== 2) || (bytes[5] !== 1 && bytes[5] !== 2)) return undefined;
  const elf = new ElfView(bytes);
  const segments = segmentsOf(elf);
  const dynamic = segments.find((s) => s.type === PT_DYNAMIC);
  if (dynamic === undefined) return undefined;
  const entry = elf.wide ? 16 : 8;
  const end = Math.min(dynamic.offset + dynamic.filesz, bytes.length);
  let strtab: number | undefined;
  const needed: number[] = [];
  for (let at = dynamic.offset; at + entry <= end; at += entry) {
    const tag = elf.addr(at);
    if (tag === DT_NULL) break;
    const value = elf.addr(at + entry / 2);
    if (tag === DT_NEEDED) needed.push(value);
    else if (tag === DT_STRTAB) strtab = value;
  }
  if (strtab === undefined) return needed.length === 0 ? [] : undefined;
  const table = fileOffsetOf(segments, strtab);
  if (table === undefined) return undefined;
  const names: string[] = [];
  for (const n of needed) {
    const name = cString(bytes, table + n);
    if (name === undefined) return undefined;
    names.push(name);
  }
  return names;
}
