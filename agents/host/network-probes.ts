// The network metrics: network.throughput (iperf3 when found, else one built-in TCP stream) and
// network.rtt (built-in). Both default to loopback, which measures this host's network stack and
// not a link; with ctx.peer they measure towards the user's node, and nothing else.
import { readAllowedCpus } from './cpu-affinity.js';
import { measureIperf3, readIperf3Version } from './iperf3.js';
import { parsePeer, type HostPort } from './iperf3-parse.js';
import { SkipProbe, type HostProbe, type ProbeContext, type ProbeSample } from './probe.js';
import { checkPeerReachable, measureTcpConnect } from './tcp-connect.js';
import { measureTcpPingPong, PING_MESSAGE_BYTES } from './tcp-ping.js';
import { measureTcpStream } from './tcp-stream.js';

const PROFILE = {
  quick: { streamSeconds: 1, pings: 2000, pingMaxMs: 1000, connects: 50, connectMaxMs: 1500 },
  full: { streamSeconds: 5, pings: 20_000, pingMaxMs: 5000, connects: 200, connectMaxMs: 10_000 },
} as const;

export interface ThroughputProbeOptions {
  /** Length of one stream; default 1 s (quick) or 5 s (full). Whole seconds for iperf3. */
  seconds?: number;
}

export interface RttProbeOptions {
  /** Round trips (loopback) or connects (peer) per repeat at most. */
  count?: number;
  maxMs?: number;
}

/** The peer as host and port, checked to accept connections; null for loopback. */
async function resolvePeer(ctx: ProbeContext): Promise<HostPort | null> {
  if (!ctx.peer) return null;
  const peer = parsePeer(ctx.peer);
  await checkPeerReachable(peer, ctx.signal);
  return peer;
}

export function networkThroughputProbe(opts: ThroughputProbeOptions = {}): HostProbe {
  let iperf3: string | null = null;
  let peer: HostPort | null = null;
  let seconds = 0;
  let cpus: [number, number] | null = null;
  const probe: HostProbe = {
    metric: 'network.throughput',
    suite: 'network',
    unit: 'Gbit/s',
    higherIsBetter: true,
    tool: 'built-in',
    async setup(ctx) {
      seconds = opts.seconds ?? PROFILE[ctx.profile].streamSeconds;
      if (ctx.peer && !ctx.tools.iperf3) {
        throw new SkipProbe(`throughput to the peer ${ctx.peer} needs iperf3 on this host (the peer runs \`iperf3 -s\`); install iperf3 or drop network.peer for loopback`);
      }
      peer = await resolvePeer(ctx);
      let note = '';
      if (ctx.tools.iperf3) {
        try {
          probe.tool = await readIperf3Version(ctx.tools.iperf3, ctx.signal);
          iperf3 = ctx.tools.iperf3;
        } catch (err) {
          ctx.signal.throwIfAborted();
          if (peer) throw err;
          note = `; iperf3 at ${ctx.tools.iperf3} did not report its version (${err instanceof Error ? err.message : String(err)}), built-in used`;
        }
      }
      if (iperf3 && !peer) {
        const allowed = await readAllowedCpus();
        cpus = allowed && allowed.length >= 2 ? [allowed[0]!, allowed[1]!] : null;
      }
      if (iperf3) {
        const pinned = cpus ? `; client on CPU ${cpus[0]}, server on CPU ${cpus[1]} (-A), so the scheduler cannot put both ends on one CPU and halve the figure` : '';
        probe.detail = peer
          ? `iperf3 -c ${peer.host} -p ${peer.port} -t ${seconds} -J: one TCP stream to the peer, bits received per second (end.sum_received)`
          : `iperf3 -c 127.0.0.1 -t ${seconds} -J against iperf3 -s -1 on a free loopback port: this host's TCP stack and memory, not a link; bits received per second${pinned}`;
      } else {
        probe.detail = `one TCP connection on 127.0.0.1 for ${seconds} s, 64 KiB writes, bytes counted by the receiver (the connecting side, reading into one reused buffer): this host's TCP stack and memory, not a link${note}`;
      }
    },
    async measure(ctx): Promise<ProbeSample> {
      if (iperf3) {
        const received = await measureIperf3(iperf3, peer, { seconds, signal: ctx.signal, cpus });
        return { value: received.bitsPerSecond / 1e9 };
      }
      const result = await measureTcpStream({ durationMs: seconds * 1000, signal: ctx.signal });
      return { value: result.bitsPerSecond / 1e9 };
    },
  };
  return probe;
}

export function networkRttProbe(opts: RttProbeOptions = {}): HostProbe {
  let peer: HostPort | null = null;
  let count = 0;
  let maxMs = 0;
  const probe: HostProbe = {
    metric: 'network.rtt',
    suite: 'network',
    unit: 'µs',
    higherIsBetter: false,
    tool: 'built-in',
    async setup(ctx) {
      peer = await resolvePeer(ctx);
      const profile = PROFILE[ctx.profile];
      count = opts.count ?? (peer ? profile.connects : profile.pings);
      maxMs = opts.maxMs ?? (peer ? profile.connectMaxMs : profile.pingMaxMs);
      probe.detail = peer
        ? `TCP connect time to the peer ${peer.host}:${peer.port} (SYN to SYN-ACK, one network round trip plus the peer's kernel), median of up to ${count} connects (≤ ${maxMs / 1000} s), each closed at once while one idle connection holds iperf3 -s in its accept step so its port stays open; the peer's iperf3 echoes nothing, so no ping-pong`
        : `ping-pong of ${PING_MESSAGE_BYTES}-byte messages over one TCP connection on 127.0.0.1 (Nagle off), median of up to ${count} round trips (≤ ${maxMs / 1000} s): this host's TCP stack and event loop, not a link`;
    },
    async measure(ctx): Promise<ProbeSample> {
      const run = { count, maxMs, signal: ctx.signal };
      const result = peer ? await measureTcpConnect(peer, run) : await measureTcpPingPong(run);
      return { value: result.medianUs, histogram: result.histogram };
    },
  };
  return probe;
}
