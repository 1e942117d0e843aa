// Worker threads need a file Node can load: the compiled .js under dist/, or under vitest/tsx the
// .ts source loaded through tsx.
import type { WorkerOptions } from 'node:worker_threads';

export function workerEntry(relative: string, base: string): { url: URL; options: Pick<WorkerOptions, 'execArgv'> } {
  const fromSource = base.endsWith('.ts');
  const url = new URL(fromSource ? relative.replace(/\.js$/, '.ts') : relative, base);
  return { url, options: fromSource ? { execArgv: [...process.execArgv, '--import', 'tsx'] } : {} };
}
