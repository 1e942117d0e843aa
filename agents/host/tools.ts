// The external tools a host bench may use (fio, iperf3), found on PATH unless the scenario turned
// them off. Probes fall back to their built-in implementation when a tool is null.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { HostBench } from '../../scenarios/schema.js';
import type { ProbeContext } from './probe.js';

export type HostTool = 'fio' | 'iperf3';

export type FindTool = (name: HostTool) => string | null;

/** The first executable `name` on PATH, or null. */
export function findOnPath(name: string, path: string = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    // An empty or relative PATH entry means the current directory: never run a tool from there.
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    try {
      // X_OK alone also passes for a directory named like the tool.
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* keep looking */
    }
  }
  return null;
}

/** fio and iperf3 as the probes see them: `never` in the scenario wins over what PATH holds. */
export function resolveTools(bench: Pick<HostBench, 'disk' | 'network'>, find: FindTool = findOnPath): ProbeContext['tools'] {
  return {
    fio: bench.disk.fio === 'never' ? null : find('fio'),
    iperf3: bench.network.iperf3 === 'never' ? null : find('iperf3'),
  };
}
