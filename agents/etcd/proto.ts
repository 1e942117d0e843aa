// The few etcd v3 protobuf messages the load engine sends and reads, encoded by hand (field numbers
// from etcd's api/etcdserverpb/rpc.proto and api/mvccpb/kv.proto). A generic protobuf library costs
// more per operation than the whole rest of the request; these encoders write straight into the
// gRPC frame (5-byte prefix included) and the decoders read only the fields the engine needs.
import { Buffer } from 'node:buffer';

/** gRPC length-prefixed message header: 1 byte compressed flag + 4 bytes big-endian length. */
export const FRAME_HEADER_BYTES = 5;

const WIRE_VARINT = 0;
const WIRE_LEN = 2;

export function varintSize(n: number): number {
  let size = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

/** Writes a non-negative integer (< 2^53) as a varint; returns the next offset. */
export function writeVarint(buf: Buffer, offset: number, n: number): number {
  while (n >= 128) {
    buf[offset++] = (n % 128) | 0x80;
    n = Math.floor(n / 128);
  }
  buf[offset++] = n;
  return offset;
}

/** A 64-bit value (lease IDs use all 63 bits) as varint bytes. */
export function bigVarint(n: bigint): Buffer {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  while (v >= 128n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

/** Bytes of one length-delimited field (tag < 16, i.e. one tag byte). */
function lenFieldSize(length: number): number {
  return 1 + varintSize(length) + length;
}

function writeLenField(buf: Buffer, offset: number, field: number, bytes: Uint8Array): number {
  buf[offset++] = (field << 3) | WIRE_LEN;
  offset = writeVarint(buf, offset, bytes.length);
  buf.set(bytes, offset);
  return offset + bytes.length;
}

function writeLenHeader(buf: Buffer, offset: number, field: number, length: number): number {
  buf[offset++] = (field << 3) | WIRE_LEN;
  return writeVarint(buf, offset, length);
}

function writeVarintField(buf: Buffer, offset: number, field: number, n: number): number {
  buf[offset++] = (field << 3) | WIRE_VARINT;
  return writeVarint(buf, offset, n);
}

/** A frame with room for `messageBytes`; the prefix is filled in. */
function allocFrame(messageBytes: number): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + messageBytes);
  frame[0] = 0;
  frame.writeUInt32BE(messageBytes, 1);
  return frame;
}

/** PutRequest{key, value[, lease]} as a frame, and where the key starts in it (for patching digits). */
export function putFrame(key: Uint8Array, value: Uint8Array, leaseVarint?: Uint8Array): { frame: Buffer; keyOffset: number } {
  const size = lenFieldSize(key.length) + lenFieldSize(value.length) + (leaseVarint ? 1 + leaseVarint.length : 0);
  const frame = allocFrame(size);
  const keyOffset = FRAME_HEADER_BYTES + 1 + varintSize(key.length);
  let o = writeLenField(frame, FRAME_HEADER_BYTES, 1, key);
  o = writeLenField(frame, o, 2, value);
  if (leaseVarint) {
    frame[o++] = (3 << 3) | WIRE_VARINT;
    frame.set(leaseVarint, o);
  }
  return { frame, keyOffset };
}

/** RangeRequest{key[, range_end][, serializable]}. */
export function rangeFrame(key: Uint8Array, rangeEnd: Uint8Array | null, serializable: boolean): Buffer {
  const size = lenFieldSize(key.length) + (rangeEnd ? lenFieldSize(rangeEnd.length) : 0) + (serializable ? 2 : 0);
  const frame = allocFrame(size);
  let o = writeLenField(frame, FRAME_HEADER_BYTES, 1, key);
  if (rangeEnd) o = writeLenField(frame, o, 2, rangeEnd);
  if (serializable) writeVarintField(frame, o, 7, 1);
  return frame;
}

/** DeleteRangeRequest{key[, range_end]}. */
export function deleteFrame(key: Uint8Array, rangeEnd: Uint8Array | null = null): Buffer {
  const frame = allocFrame(lenFieldSize(key.length) + (rangeEnd ? lenFieldSize(rangeEnd.length) : 0));
  const o = writeLenField(frame, FRAME_HEADER_BYTES, 1, key);
  if (rangeEnd) writeLenField(frame, o, 2, rangeEnd);
  return frame;
}

/**
 * Compare-and-swap as one TxnRequest: if mod_revision(key) == expected then put(key, value) else
 * range(key), so a failed compare brings back the revision to try next.
 */
export function casFrame(key: Uint8Array, value: Uint8Array, expectedModRevision: number): Buffer {
  // Compare{target=MOD(2), key, mod_revision}; result EQUAL is 0, proto3's default, so omitted.
  const compareSize = 2 + lenFieldSize(key.length) + 1 + varintSize(expectedModRevision);
  const putSize = lenFieldSize(key.length) + lenFieldSize(value.length);
  const rangeSize = lenFieldSize(key.length);
  const size = lenFieldSize(compareSize) + lenFieldSize(lenFieldSize(putSize)) + lenFieldSize(lenFieldSize(rangeSize));
  const frame = allocFrame(size);
  let o = writeLenHeader(frame, FRAME_HEADER_BYTES, 1, compareSize);
  o = writeVarintField(frame, o, 2, 2);
  o = writeLenField(frame, o, 3, key);
  o = writeVarintField(frame, o, 6, expectedModRevision);
  o = writeLenHeader(frame, o, 2, lenFieldSize(putSize));
  o = writeLenHeader(frame, o, 2, putSize);
  o = writeLenField(frame, o, 1, key);
  o = writeLenField(frame, o, 2, value);
  o = writeLenHeader(frame, o, 3, lenFieldSize(rangeSize));
  o = writeLenHeader(frame, o, 1, rangeSize);
  writeLenField(frame, o, 1, key);
  return frame;
}

/** TxnRequest whose success branch puts every pair (prefill; etcd allows --max-txn-ops, 128 by default). */
export function putManyFrame(pairs: Array<{ key: Uint8Array; value: Uint8Array }>): Buffer {
  let size = 0;
  for (const p of pairs) size += lenFieldSize(lenFieldSize(lenFieldSize(p.key.length) + lenFieldSize(p.value.length)));
  const frame = allocFrame(size);
  let o = FRAME_HEADER_BYTES;
  for (const p of pairs) {
    const putSize = lenFieldSize(p.key.length) + lenFieldSize(p.value.length);
    o = writeLenHeader(frame, o, 2, lenFieldSize(putSize));
    o = writeLenHeader(frame, o, 2, putSize);
    o = writeLenField(frame, o, 1, p.key);
    o = writeLenField(frame, o, 2, p.value);
  }
  return frame;
}

/** LeaseGrantRequest{TTL, ID}: we choose the ID so a lost answer cannot leave a lease we do not know. */
export function leaseGrantFrame(ttlSeconds: number, idVarint: Uint8Array): Buffer {
  const frame = allocFrame(1 + varintSize(ttlSeconds) + 1 + idVarint.length);
  let o = writeVarintField(frame, FRAME_HEADER_BYTES, 1, ttlSeconds);
  frame[o++] = (2 << 3) | WIRE_VARINT;
  frame.set(idVarint, o);
  return frame;
}

/** LeaseKeepAliveRequest{ID} (same layout as LeaseRevokeRequest{ID}). */
export function leaseIdFrame(idVarint: Uint8Array): Buffer {
  const frame = allocFrame(1 + idVarint.length);
  frame[FRAME_HEADER_BYTES] = (1 << 3) | WIRE_VARINT;
  frame.set(idVarint, FRAME_HEADER_BYTES + 1);
  return frame;
}

/** WatchRequest{create_request{key, range_end}}. */
export function watchCreateFrame(key: Uint8Array, rangeEnd: Uint8Array | null): Buffer {
  const createSize = lenFieldSize(key.length) + (rangeEnd ? lenFieldSize(rangeEnd.length) : 0);
  const frame = allocFrame(lenFieldSize(createSize));
  let o = writeLenHeader(frame, FRAME_HEADER_BYTES, 1, createSize);
  o = writeLenField(frame, o, 1, key);
  if (rangeEnd) writeLenField(frame, o, 2, rangeEnd);
  return frame;
}

/** AuthenticateRequest{name, password}. */
export function authenticateFrame(name: string, password: string): Buffer {
  const n = Buffer.from(name, 'utf8');
  const p = Buffer.from(password, 'utf8');
  const frame = allocFrame(lenFieldSize(n.length) + lenFieldSize(p.length));
  writeLenField(frame, writeLenField(frame, FRAME_HEADER_BYTES, 1, n), 2, p);
  return frame;
}
