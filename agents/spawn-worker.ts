// Starts a worker thread from a module next to the caller: the compiled .js under dist/, or (under
// vitest/tsx) the .ts source through tsx's loader, registered inside the worker itself. Node 20
// ignores `--import tsx` in a worker's execArgv, so a tiny bootstrap module does it instead.
import { Worker } from 'node:worker_threads';

export function spawnWorker(relativeJs: string, base: string, workerData: unknown): Worker {
  if (!base.endsWith('.ts')) return new Worker(new URL(relativeJs, base), { workerData });
  const source = new URL(relativeJs.replace(/\.js$/, '.ts'), base).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(source)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData });
}
