// O_DIRECT reads from Node, so read figures measure the disk and not the page cache. The kernel
// wants the buffer address aligned to the device's logical block size, and Node hands out no
// aligned memory: we over-allocate a Buffer and find, once, the offset inside it where a direct read
// is accepted (a misaligned one fails with EINVAL). Filesystems that refuse O_DIRECT fall back to
// buffered reads, and say so.
import fs from 'node:fs';

/** Alignment never needs more than a page; 16 bytes is the finest step an allocator hands out. */
const MAX_ALIGN = 4096;
const ALIGN_STEP = 16;

export interface DirectReadFile {
  fd: number;
  /** false when the filesystem refused O_DIRECT: reads may come from the page cache. */
  direct: boolean;
  /** `bytes` long, at an address direct reads accept. */
  buffer: Buffer;
  /** Why `direct` is false; null when it is true. */
  fallbackReason: string | null;
}

export type OpenFile = (path: string, flags: number) => number;

/**
 * The first offset (in 16-byte steps up to 4096) inside `buffer` where a direct read of `probeBytes`
 * at file position 0 succeeds; null if none does. The file must hold at least `probeBytes`.
 */
export function findAlignedOffset(fd: number, buffer: Buffer, probeBytes = MAX_ALIGN): number | null {
  for (let offset = 0; offset <= MAX_ALIGN && offset + probeBytes <= buffer.length; offset += ALIGN_STEP) {
    try {
      fs.readSync(fd, buffer, offset, probeBytes, 0);
      return offset;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
    }
  }
  return null;
}

function codeOf(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}

/**
 * Opens `path` for O_DIRECT reads with an aligned buffer of `bytes` (a multiple of 4096), or for
 * buffered reads when the filesystem will not do direct I/O. Synchronous: it runs once per file.
 */
export function openDirectRead(path: string, bytes: number, open: OpenFile = fs.openSync): DirectReadFile {
  // allocUnsafeSlow: a buffer of its own, never a slice of Node's shared pool, so its address is fixed.
  const raw = Buffer.allocUnsafeSlow(bytes + MAX_ALIGN);
  let fd: number;
  try {
    fd = open(path, fs.constants.O_RDONLY | fs.constants.O_DIRECT);
  } catch (err) {
    const code = codeOf(err);
    if (code !== 'EINVAL' && code !== 'EOPNOTSUPP') throw err;
    return { fd: open(path, fs.constants.O_RDONLY), direct: false, buffer: raw.subarray(0, bytes), fallbackReason: `the filesystem refused O_DIRECT (${code})` };
  }
  const offset = findAlignedOffset(fd, raw, Math.min(bytes, MAX_ALIGN));
  if (offset !== null) return { fd, direct: true, buffer: raw.subarray(offset, offset + bytes), fallbackReason: null };
  fs.closeSync(fd);
  return {
    fd: open(path, fs.constants.O_RDONLY),
    direct: false,
    buffer: raw.subarray(0, bytes),
    fallbackReason: 'no buffer alignment up to 4096 bytes was accepted for O_DIRECT',
  };
}
