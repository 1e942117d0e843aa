// Reads the fields the engine needs from etcd's responses (see proto.ts for why by hand). Unknown
// fields are skipped, so newer servers that add fields still decode.
import { Buffer } from 'node:buffer';

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

/** A cursor over one message (or sub-message) [pos, end). */
class Reader {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    readonly end: number,
  ) {}

  more(): boolean {
    return this.pos < this.end;
  }

  /** Varint as a number; exact below 2^53, which covers revisions, counts and TTLs. */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.end) throw new Error('truncated varint');
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
      if (scale > 2 ** 63) throw new Error('varint too long');
    }
  }

  /** Length of a length-delimited field; pos is then at its first byte. */
  length(): number {
    const n = this.varint();
    if (this.pos + n > this.end) throw new Error('truncated field');
    return n;
  }

  skip(wire: number): void {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_I64) this.pos += 8;
    else if (wire === WIRE_LEN) {
      // Not `this.pos += this.length()`: that adds to pos as it was before the length was read.
      const n = this.length();
      this.pos += n;
    }
    else if (wire === WIRE_I32) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
    if (this.pos > this.end) throw new Error('truncated field');
  }
}

/** ResponseHeader.revision inside a message whose field 1 is the header (every etcd response). */
function headerRevision(r: Reader, headerEnd: number): number {
  const h = new Reader(r.buf, r.pos, headerEnd);
  let revision = 0;
  while (h.more()) {
    const tag = h.varint();
    if (tag === ((3 << 3) | WIRE_VARINT)) revision = h.varint();
    else h.skip(tag & 7);
  }
  return revision;
}

/** The store revision a write produced (PutResponse, DeleteRangeResponse, …). */
export function readRevision(msg: Buffer): number {
  const r = new Reader(msg, 0, msg.length);
  while (r.more()) {
    const tag = r.varint();
    if (tag === ((1 << 3) | WIRE_LEN)) {
      const n = r.length();
      return headerRevision(r, r.pos + n);
    }
    r.skip(tag & 7);
  }
  return 0;
}

/** DeleteRangeResponse.deleted. */
export function readDeleted(msg: Buffer): number {
  return readVarintField(msg, 2);
}

/** LeaseKeepAliveResponse.TTL: ≤ 0 means the lease no longer exists. */
export function readKeepAliveTtl(msg: Buffer): number {
  return readVarintField(msg, 3);
}

function readVarintField(msg: Buffer, field: number): number {
  const r = new Reader(msg, 0, msg.length);
  const want = (field << 3) | WIRE_VARINT;
  while (r.more()) {
    const tag = r.varint();
    if (tag === want) return r.varint();
    r.skip(tag & 7);
  }
  return 0;
}

export interface TxnResult {
  succeeded: boolean;
  /** Revision of the store after the txn (the key's new mod_revision when it succeeded). */
  revision: number;
  /** Failed CAS: the key's current mod_revision from the else-branch range (0 when absent). */
  currentModRevision: number;
}

export function readTxn(msg: Buffer): TxnResult {
  const r = new Reader(msg, 0, msg.length);
  const out: TxnResult = { succeeded: false, revision: 0, currentModRevision: 0 };
  while (r.more()) {
    const tag = r.varint();
    if (tag === ((1 << 3) | WIRE_LEN)) {
      const n = r.length();
      out.revision = headerRevision(r, r.pos + n);
      r.pos += n;
    } else if (tag === ((2 << 3) | WIRE_VARINT)) out.succeeded = r.varint() !== 0;
    else if (tag === ((3 << 3) | WIRE_LEN) && !out.succeeded) {
      // ResponseOp{response_range(1): RangeResponse{kvs(2): KeyValue{mod_revision(3)}}}
      const n = r.length();
      out.currentModRevision = firstModRevision(new Reader(r.buf, r.pos, r.pos + n));
      r.pos += n;
    } else r.skip(tag & 7);
  }
  return out;
}

function firstModRevision(op: Reader): number {
  const range = subMessage(op, 1);
  if (!range) return 0;
  const kv = subMessage(range, 2);
  if (!kv) return 0;
  while (kv.more()) {
    const tag = kv.varint();
    if (tag === ((3 << 3) | WIRE_VARINT)) return kv.varint();
    kv.skip(tag & 7);
  }
  return 0;
}

/** Reader over the first occurrence of length-delimited field `field`, or null. */
function subMessage(r: Reader, field: number): Reader | null {
  const want = (field << 3) | WIRE_LEN;
  while (r.more()) {
    const tag = r.varint();
    if (tag === want) {
      const n = r.length();
      return new Reader(r.buf, r.pos, r.pos + n);
    }
    r.skip(tag & 7);
  }
  return null;
}

export interface WatchResponseInfo {
  watchId: number;
  created: boolean;
  canceled: boolean;
  cancelReason: string;
  compactRevision: number;
  events: number;
}

/** Reads a WatchResponse; calls onEvent with each event's kv.mod_revision. */
export function readWatchResponse(msg: Buffer, onEvent: (modRevision: number) => void): WatchResponseInfo {
  const r = new Reader(msg, 0, msg.length);
  const info: WatchResponseInfo = { watchId: 0, created: false, canceled: false, cancelReason: '', compactRevision: 0, events: 0 };
  while (r.more()) {
    const tag = r.varint();
    switch (tag) {
      case (2 << 3) | WIRE_VARINT:
        info.watchId = r.varint();
        break;
      case (3 << 3) | WIRE_VARINT:
        info.created = r.varint() !== 0;
        break;
      case (4 << 3) | WIRE_VARINT:
        info.canceled = r.varint() !== 0;
        break;
      case (5 << 3) | WIRE_VARINT:
        info.compactRevision = r.varint();
        break;
      case (6 << 3) | WIRE_LEN: {
        const n = r.length();
        info.cancelReason = r.buf.toString('utf8', r.pos, r.pos + n);
        r.pos += n;
        break;
      }
      case (11 << 3) | WIRE_LEN: {
        const n = r.length();
        const event = new Reader(r.buf, r.pos, r.pos + n);
        r.pos += n;
        info.events++;
        onEvent(eventModRevision(event));
        break;
      }
      default:
        r.skip(tag & 7);
    }
  }
  return info;
}

function eventModRevision(event: Reader): number {
  const kv = subMessage(event, 2);
  if (!kv) return 0;
  while (kv.more()) {
    const tag = kv.varint();
    if (tag === ((3 << 3) | WIRE_VARINT)) return kv.varint();
    kv.skip(tag & 7);
  }
  return 0;
}

/** AuthenticateResponse.token. */
export function readAuthToken(msg: Buffer): string {
  const r = new Reader(msg, 0, msg.length);
  while (r.more()) {
    const tag = r.varint();
    if (tag === ((2 << 3) | WIRE_LEN)) {
      const n = r.length();
      return r.buf.toString('utf8', r.pos, r.pos + n);
    }
    r.skip(tag & 7);
  }
  return '';
}

/** LeaseGrantResponse: TTL granted and etcd's error text (empty when granted). */
export function readLeaseGrant(msg: Buffer): { ttl: number; error: string } {
  const r = new Reader(msg, 0, msg.length);
  const out = { ttl: 0, error: '' };
  while (r.more()) {
    const tag = r.varint();
    if (tag === ((3 << 3) | WIRE_VARINT)) out.ttl = r.varint();
    else if (tag === ((4 << 3) | WIRE_LEN)) {
      const n = r.length();
      out.error = r.buf.toString('utf8', r.pos, r.pos + n);
      r.pos += n;
    } else r.skip(tag & 7);
  }
  return out;
}
