// Reads iperf3's `-J` client report (iperf3 3.x), its `--version` line, and the `host:port` form a
// scenario names its peer in. Pure: text in, values out.

export interface Iperf3Received {
  /** What the receiving end counted: end.sum_received. */
  bitsPerSecond: number;
  bytes: number;
  seconds: number;
}

/** The default port of `iperf3 -s`, used when a peer is given without one. */
export const IPERF3_DEFAULT_PORT = 5201;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `iperf3 --version` prints e.g. "iperf 3.12 (cJSON 1.7.15)"; the tool label is "iperf3-3.12". */
export function parseIperf3Version(text: string): string {
  const m = /iperf\s+(\d+(?:\.\d+)+)/.exec(text);
  if (!m) throw new Error(`cannot read iperf3's version from ${JSON.stringify(text.trim().slice(0, 80))}`);
  return `iperf3-${m[1]}`;
}

/** The receiver's figures of a client report; throws with iperf3's own words when the test failed. */
export function parseIperf3Report(stdout: string): Iperf3Received {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch (err) {
    throw new Error(`iperf3's report is not valid JSON (${err instanceof Error ? err.message : String(err)}): ${JSON.stringify(stdout.trim().slice(0, 200))}`);
  }
  if (!isObject(doc)) throw new Error('iperf3 JSON: not an object');
  // iperf3 reports a failed test (refused, timed out) in "error" and may still exit 0.
  if (typeof doc['error'] === 'string') throw new Error(`iperf3: ${doc['error']}`);
  const end = doc['end'];
  const received = isObject(end) ? end['sum_received'] : undefined;
  if (!isObject(received)) throw new Error('iperf3 JSON: end.sum_received is missing');
  const bitsPerSecond = received['bits_per_second'];
  const bytes = received['bytes'];
  const seconds = received['seconds'];
  if (typeof bitsPerSecond !== 'number' || !Number.isFinite(bitsPerSecond)) throw new Error('iperf3 JSON: end.sum_received.bits_per_second is not a number');
  return { bitsPerSecond, bytes: typeof bytes === 'number' ? bytes : 0, seconds: typeof seconds === 'number' ? seconds : 0 };
}

export interface HostPort {
  host: string;
  port: number;
}

/** "host:port", "[v6-address]:port", or a bare host (iperf3's default port). */
export function parsePeer(peer: string): HostPort {
  const text = peer.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([^:[\]]+)(?::(\d+))?$/.exec(text);
  const m = bracketed ?? plain;
  if (!m || !m[1]) throw new Error(`peer ${JSON.stringify(peer)} is not host:port (e.g. 10.0.0.12:5201 or [fd00::12]:5201)`);
  const port = m[2] === undefined ? IPERF3_DEFAULT_PORT : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`peer ${JSON.stringify(peer)} has no valid port (1-65535)`);
  return { host: m[1], port };
}
