// Starts the calibrated target in a worker thread of this process and returns its URL.
import type { TargetOptions } from './target/server.js';
import { spawnWorker } from './spawn-worker.js';

export interface TargetThread {
  url: string;
  close(): Promise<void>;
}

export async function startTargetThread(opts: TargetOptions): Promise<TargetThread> {
  const worker = spawnWorker('./target-worker.js', import.meta.url, opts);
  const url = await new Promise<string>((resolveUrl, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`target thread exited with code ${code}`)));
    worker.once('message', (msg: { type: string; url: string }) => resolveUrl(msg.url));
  });
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  return {
    url,
    close: async () => {
      const closed = new Promise<void>((done) => {
        worker.once('message', () => done());
        worker.once('exit', () => done());
      });
      worker.postMessage({ type: 'close' });
      await Promise.race([closed, new Promise((r) => setTimeout(r, 2000).unref())]);
      await worker.terminate();
    },
  };
}
