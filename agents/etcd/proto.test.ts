// Our hand-written frames checked against etcd's own .proto (the copy the etcd3 package ships),
// decoded by protobufjs; and our readers fed with messages protobufjs encoded.
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  authenticateFrame,
  bigVarint,
  casFrame,
  deleteFrame,
  FRAME_HEADER_BYTES,
  leaseGrantFrame,
  leaseIdFrame,
  putFrame,
  putManyFrame,
  rangeFrame,
  watchCreateFrame,
} from './proto.js';
import { GrpcMessageReader } from './grpc-message-reader.js';
import { readAuthToken, readDeleted, readKeepAliveTtl, readLeaseGrant, readRevision, readTxn, readWatchResponse } from './proto-read.js';

let root: protobuf.Root;
const type = (name: string): protobuf.Type => root.lookupType(`etcdserverpb.${name}`);
const LONGS = { longs: String, bytes: String, defaults: false } as const;

beforeAll(async () => {
  const protoDir = join(dirname(createRequire(import.meta.url).resolve('etcd3/package.json')), 'proto');
  root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(protoDir, target.replace(/^.*\//, ''));
  await root.load('rpc.proto', { keepCase: true });
});

/** The message inside a frame, after checking the 5-byte prefix. */
function body(frame: Buffer): Buffer {
  expect(frame[0]).toBe(0);
  expect(frame.readUInt32BE(1)).toBe(frame.length - FRAME_HEADER_BYTES);
  return frame.subarray(FRAME_HEADER_BYTES);
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const decode = (name: string, frame: Buffer): Record<string, unknown> => type(name).toObject(type(name).decode(body(frame)), LONGS);

describe('request frames decode as etcd reads them', () => {
  it('PutRequest, with the key at the offset it reports', () => {
    const value = Buffer.alloc(300, 0x61);
    const { frame, keyOffset } = putFrame(Buffer.from('/p/key-1'), value);
    expect(decode('PutRequest', frame)).toEqual({ key: b64('/p/key-1'), value: value.toString('base64') });
    expect(frame.subarray(keyOffset, keyOffset + 8).toString()).toBe('/p/key-1');
    expect(decode('PutRequest', putFrame(Buffer.from('k'), Buffer.from('v'), bigVarint(12345678901234567n)).frame)).toMatchObject({ lease: '12345678901234567' });
  });

  it('RangeRequest: single key, range, serializable', () => {
    expect(decode('RangeRequest', rangeFrame(Buffer.from('/p/a'), null, false))).toEqual({ key: b64('/p/a') });
    expect(decode('RangeRequest', rangeFrame(Buffer.from('/p/a'), Buffer.from('/p/c'), true))).toEqual({ key: b64('/p/a'), range_end: b64('/p/c'), serializable: true });
  });

  it('DeleteRangeRequest', () => {
    expect(decode('DeleteRangeRequest', deleteFrame(Buffer.from('/p/a')))).toEqual({ key: b64('/p/a') });
  });

  it('TxnRequest compare-and-swap on mod_revision (0 included: proto3 oneof)', () => {
    for (const rev of [0, 1, 987_654_321]) {
      const txn = decode('TxnRequest', casFrame(Buffer.from('/p/k'), Buffer.from('val'), rev));
      expect(txn).toEqual({
        compare: [{ target: 2, key: b64('/p/k'), mod_revision: String(rev) }],
        success: [{ request_put: { key: b64('/p/k'), value: b64('val') } }],
        failure: [{ request_range: { key: b64('/p/k') } }],
      });
    }
  });

  it('TxnRequest of many puts (prefill)', () => {
    const pairs = [1, 2, 3].map((i) => ({ key: Buffer.from(`/p/${i}`), value: Buffer.from(`v${i}`) }));
    const txn = decode('TxnRequest', putManyFrame(pairs)) as { success: unknown[] };
    expect(txn.success).toEqual(pairs.map((p) => ({ request_put: { key: p.key.toString('base64'), value: p.value.toString('base64') } })));
  });

  it('lease requests carry a 63-bit ID exactly', () => {
    const id = 0x3fff_ffff_ffff_fff1n;
    expect(decode('LeaseGrantRequest', leaseGrantFrame(60, bigVarint(id)))).toEqual({ TTL: '60', ID: id.toString() });
    expect(decode('LeaseKeepAliveRequest', leaseIdFrame(bigVarint(id)))).toEqual({ ID: id.toString() });
    expect(decode('LeaseRevokeRequest', leaseIdFrame(bigVarint(id)))).toEqual({ ID: id.toString() });
  });

  it('WatchRequest create and AuthenticateRequest', () => {
    expect(decode('WatchRequest', watchCreateFrame(Buffer.from('/p/a'), Buffer.from('/p/b')))).toEqual({ create_request: { key: b64('/p/a'), range_end: b64('/p/b') } });
    expect(decode('AuthenticateRequest', authenticateFrame('bench', 'pässword'))).toEqual({ name: 'bench', password: 'pässword' });
  });
});

describe('response readers', () => {
  const enc = (name: string, obj: Record<string, unknown>): Buffer => Buffer.from(type(name).encode(type(name).fromObject(obj)).finish());
  const header = { cluster_id: '14841639068965178418', member_id: '10276657743932975437', revision: '9007199254740000', raft_term: '7' };

  it('reads the revision from a header with full 64-bit IDs around it', () => {
    expect(readRevision(enc('PutResponse', { header }))).toBe(9007199254740000);
  });

  it('reads txn outcomes: success revision, or the current mod_revision on failure', () => {
    expect(readTxn(enc('TxnResponse', { header: { revision: 42 }, succeeded: true, responses: [{ response_put: { header: { revision: 42 } } }] }))).toEqual({ succeeded: true, revision: 42, currentModRevision: 0 });
    const failed = enc('TxnResponse', {
      header: { revision: 50 },
      responses: [{ response_range: { header: { revision: 50 }, kvs: [{ key: b64('/p/k'), create_revision: 3, mod_revision: 44, version: 2, value: b64('v') }], count: 1 } }],
    });
    expect(readTxn(failed)).toEqual({ succeeded: false, revision: 50, currentModRevision: 44 });
    expect(readTxn(enc('TxnResponse', { header: { revision: 9 }, responses: [{ response_range: { header: { revision: 9 } } }] })).currentModRevision).toBe(0);
  });

  it('reads deleted, keep-alive TTL, grant errors and the auth token', () => {
    expect(readDeleted(enc('DeleteRangeResponse', { header, deleted: 3 }))).toBe(3);
    expect(readDeleted(enc('DeleteRangeResponse', { header }))).toBe(0);
    expect(readKeepAliveTtl(enc('LeaseKeepAliveResponse', { header, ID: '4611686018427387903', TTL: 60 }))).toBe(60);
    expect(readKeepAliveTtl(enc('LeaseKeepAliveResponse', { header, ID: '5' }))).toBe(0);
    expect(readLeaseGrant(enc('LeaseGrantResponse', { header, ID: 5, TTL: 30, error: 'lease already exists' }))).toEqual({ ttl: 30, error: 'lease already exists' });
    expect(readAuthToken(enc('AuthenticateResponse', { header, token: 'abc.123' }))).toBe('abc.123');
  });

  it('reads watch responses: created, events with their revisions, cancel reasons', () => {
    const revs: number[] = [];
    const created = readWatchResponse(enc('WatchResponse', { header, watch_id: 3, created: true }), (r) => revs.push(r));
    expect(created).toMatchObject({ watchId: 3, created: true, events: 0 });
    const kv = (rev: number): Record<string, unknown> => ({ key: b64('/p/k'), mod_revision: rev, value: b64('x') });
    const events = readWatchResponse(enc('WatchResponse', { header, watch_id: 3, events: [{ kv: kv(10) }, { type: 1, kv: kv(11), prev_kv: kv(10) }] }), (r) => revs.push(r));
    expect(events.events).toBe(2);
    expect(revs).toEqual([10, 11]);
    expect(readWatchResponse(enc('WatchResponse', { header, canceled: true, cancel_reason: 'compacted' }), () => {})).toMatchObject({ canceled: true, cancelReason: 'compacted' });
  });

  it('rejects a truncated message instead of reading past it', () => {
    const full = enc('TxnResponse', { header, succeeded: true });
    expect(() => readTxn(full.subarray(0, 10))).toThrow(/truncated/);
  });
});

describe('gRPC message framing', () => {
  it('splits messages across and within chunks', () => {
    const frames = [putFrame(Buffer.from('a'), Buffer.from('1')).frame, deleteFrame(Buffer.from('bb')), rangeFrame(Buffer.from('ccc'), null, true)];
    const whole = Buffer.concat(frames);
    for (const cut of [1, 3, 5, 7, 11]) {
      const got: string[] = [];
      const reader = new GrpcMessageReader((m) => got.push(m.toString('hex')));
      for (let i = 0; i < whole.length; i += cut) reader.push(whole.subarray(i, i + cut));
      expect(got).toEqual(frames.map((f) => f.subarray(FRAME_HEADER_BYTES).toString('hex')));
    }
  });
});
