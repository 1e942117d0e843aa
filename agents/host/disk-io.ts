// The built-in sequential disk patterns (1 MiB blocks, one request at a time, like fio's psync jobs
// in fio.ts), the data file the read patterns read, and the free-space check. 1 MiB requests make
// the thread-pool hop of async fs calls negligible, so these run on the main thread's event loop.
import fs from 'node:fs';
import { open, rm, statfs } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { openDirectRead } from './direct-io.js';

export const MiB = 1024 * 1024;
const STAMP_BYTES = 4096;

export interface SeqOptions {
  /** Stop before the whole file past this; the figure is then over what was done. */
  maxMs: number;
  signal?: AbortSignal;
}

/** Bytes free to an unprivileged writer in the filesystem holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

/** A block whose every 4 KiB carries its own number, so no layer below can deduplicate or compress it away. */
function stampBlock(block: Buffer, blockIndex: number): void {
  for (let off = 0; off + 8 <= block.length; off += STAMP_BYTES) {
    block.writeUInt32LE(blockIndex, off);
    block.writeUInt32LE(off, off + 4);
  }
}

function patternBlock(bytes: number): Buffer {
  const block = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i++) block[i] = (i * 2654435761) >>> 24;
  return block;
}

/**
 * Writes `bytes` (a multiple of 1 MiB) to a new file in 1 MiB blocks, then fdatasync; the time
 * includes the fdatasync, so it is the disk's rate and not the page cache's. Bytes/s.
 */
export async function seqWrite(file: string, bytes: number, opts: SeqOptions): Promise<number> {
  await rm(file, { force: true });
  const block = patternBlock(MiB);
  const fh = await open(file, 'w');
  try {
    const start = performance.now();
    const deadline = start + opts.maxMs;
    let written = 0;
    for (let i = 0; written < bytes && performance.now() < deadline; i++) {
      opts.signal?.throwIfAborted();
      stampBlock(block, i);
      const { bytesWritten } = await fh.write(block, 0, Math.min(MiB, bytes - written), written);
      written += bytesWritten;
    }
    await fh.datasync();
    const elapsedMs = performance.now() - start;
    return written / (elapsedMs / 1000);
  } finally {
    await fh.close();
  }
}

/** Lays out a data file for the read patterns: real blocks on disk (a sparse file reads without touching it). */
export async function writeDataFile(file: string, bytes: number, signal?: AbortSignal): Promise<void> {
  await seqWrite(file, bytes, { maxMs: Number.POSITIVE_INFINITY, signal });
}

function readAt(fd: number, buffer: Buffer, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.read(fd, buffer, 0, length, position, (err, bytesRead) => (err ? reject(err) : resolve(bytesRead)));
  });
}

export interface SeqReadOutcome {
  bytesPerSec: number;
  direct: boolean;
  fallbackReason: string | null;
}

/** Reads the first `bytes` of `file` in 1 MiB requests, O_DIRECT where the filesystem allows it. */
export async function seqRead(file: string, bytes: number, opts: SeqOptions): Promise<SeqReadOutcome> {
  const reader = openDirectRead(file, MiB);
  try {
    const start = performance.now();
    const deadline = start + opts.maxMs;
    let read = 0;
    while (read < bytes && performance.now() < deadline) {
      opts.signal?.throwIfAborted();
      const n = await readAt(reader.fd, reader.buffer, MiB, read);
      if (n === 0) break;
      read += n;
    }
    const elapsedMs = performance.now() - start;
    if (read === 0) throw new Error(`read nothing from ${file}`);
    return { bytesPerSec: read / (elapsedMs / 1000), direct: reader.direct, fallbackReason: reader.fallbackReason };
  } finally {
    fs.closeSync(reader.fd);
  }
}

/** Whether the filesystem holding `file` (which must exist and hold ≥ 4 KiB) accepts O_DIRECT reads. */
export function probeDirectIo(file: string): { direct: boolean; fallbackReason: string | null } {
  const reader = openDirectRead(file, STAMP_BYTES);
  fs.closeSync(reader.fd);
  return { direct: reader.direct, fallbackReason: reader.fallbackReason };
}
