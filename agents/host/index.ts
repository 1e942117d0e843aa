// The host probes by suite, in the order a bench runs them: CPU first (nothing else running yet),
// then memory, disk and network. Within a suite the order is fixed too, so runs compare line by line.
import type { HostSuite } from '../../scenarios/schema.js';
import { cpuMultiProbe, cpuSingleProbe } from './cpu-probes.js';
import { fdatasyncProbe, randReadIopsProbe, seqReadProbe, seqWriteProbe } from './disk-probes.js';
import { memoryBandwidthProbe, memoryLatencyProbe } from './memory-probes.js';
import { networkRttProbe, networkThroughputProbe } from './network-probes.js';
import type { ProbeFactory } from './probe.js';

export type { HostProbe, ProbeContext, ProbeFactory, ProbeSample } from './probe.js';
export { SkipProbe } from './probe.js';

export const HOST_PROBES: Readonly<Record<HostSuite, readonly ProbeFactory[]>> = {
  // cpu.single before cpu.multi: the runner derives cpu.scaling once both are in.
  cpu: [cpuSingleProbe, cpuMultiProbe],
  memory: [memoryBandwidthProbe, memoryLatencyProbe],
  // fdatasync first, on a quiet disk, before the sequential files fill the page cache.
  disk: [fdatasyncProbe, seqWriteProbe, seqReadProbe, randReadIopsProbe],
  network: [networkThroughputProbe, networkRttProbe],
};
