// Jobs and replies between the disk probes and their worker threads. The timed I/O runs there with
// synchronous calls, so a measured fdatasync or pread is the syscall alone (as fio times it), not
// the syscall plus a hop through libuv's thread pool and back to a busy event loop.

export interface FdatasyncJob {
  type: 'fdatasync';
  /** An existing (preallocated) or new file; written from offset 0. */
  file: string;
  blockBytes: number;
  count: number;
  maxMs: number;
}

export interface RandReadJob {
  type: 'rand-read';
  file: string;
  /** Reads land on whole blocks within the first fileBytes. */
  fileBytes: number;
  blockBytes: number;
  durationMs: number;
}

export type DiskJob = FdatasyncJob | RandReadJob;

export type DiskWorkerReply =
  /** rand-read: file open and buffer aligned; waiting for `go` so all threads start together. */
  | { type: 'ready'; direct: boolean; fallbackReason: string | null }
  /** Every fdatasync latency of the run, HDR histogram in µs. */
  | { type: 'fdatasync-done'; histogram: string; count: number; elapsedMs: number }
  | { type: 'rand-read-done'; ops: number; elapsedMs: number }
  | { type: 'error'; message: string };

export interface GoMessage {
  type: 'go';
}
