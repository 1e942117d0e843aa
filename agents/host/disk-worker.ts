// One disk-bench thread: runs a single job from workerData and exits. Synchronous syscalls on purpose
// (see disk-protocol.ts); the main thread terminates it on abort.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { createLatencyHistogram, encodeHistogram, recordUs } from '../../analyzers/histogram.js';
import { openDirectRead } from './direct-io.js';
import type { DiskJob, DiskWorkerReply, FdatasyncJob, GoMessage, RandReadJob } from './disk-protocol.js';

const job = workerData as DiskJob;
const reply = (msg: DiskWorkerReply): void => parentPort!.postMessage(msg);

/** The etcd WAL pattern: append a small record, fdatasync, repeat; only the fdatasync is timed. */
function runFdatasync(j: FdatasyncJob): void {
  // 'r+' keeps a preallocated file's extents; a missing file is created.
  const fd = fs.openSync(j.file, fs.existsSync(j.file) ? 'r+' : 'w');
  const block = Buffer.alloc(j.blockBytes);
  for (let i = 0; i < block.length; i++) block[i] = (i * 131 + 7) & 0xff;
  const histogram = createLatencyHistogram();
  const start = performance.now();
  const deadline = start + j.maxMs;
  let count = 0;
  try {
    while (count < j.count && performance.now() < deadline) {
      // A record number in every block, so no layer below can collapse identical writes.
      block.writeUInt32LE(count, 0);
      fs.writeSync(fd, block, 0, block.length, count * j.blockBytes);
      const t0 = performance.now();
      fs.fdatasyncSync(fd);
      recordUs(histogram, (performance.now() - t0) * 1000);
      count++;
    }
  } finally {
    fs.closeSync(fd);
  }
  reply({ type: 'fdatasync-done', histogram: encodeHistogram(histogram), count, elapsedMs: performance.now() - start });
  histogram.destroy();
}

/** 4 KiB preads at uniformly random block offsets, one at a time, for the duration. */
function runRandRead(j: RandReadJob): void {
  const file = openDirectRead(j.file, j.blockBytes);
  const blocks = Math.floor(j.fileBytes / j.blockBytes);
  reply({ type: 'ready', direct: file.direct, fallbackReason: file.fallbackReason });
  parentPort!.once('message', (msg: GoMessage) => {
    if (msg.type !== 'go') return;
    try {
      const start = performance.now();
      const deadline = start + j.durationMs;
      let ops = 0;
      let now = start;
      while (now < deadline) {
        fs.readSync(file.fd, file.buffer, 0, j.blockBytes, Math.floor(Math.random() * blocks) * j.blockBytes);
        ops++;
        now = performance.now();
      }
      reply({ type: 'rand-read-done', ops, elapsedMs: now - start });
    } catch (err) {
      reply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    } finally {
      fs.closeSync(file.fd);
    }
  });
}

try {
  if (job.type === 'fdatasync') runFdatasync(job);
  else runRandRead(job);
} catch (err) {
  reply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}
