// Splits the bytes of a gRPC stream into messages: each is a 5-byte prefix (compressed flag, 4-byte
// big-endian length) and the message. A message may span chunks, and a chunk hold several.
import { Buffer } from 'node:buffer';

export class GrpcMessageReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly onMessage: (msg: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    while (this.pendingBytes >= 5) {
      const head = this.pending.length === 1 ? this.pending[0]! : this.flatten();
      const length = head.readUInt32BE(1);
      if (head.length < 5 + length) {
        if (this.pending.length > 1) this.flatten();
        return;
      }
      if (head[0] !== 0) throw new Error('compressed gRPC message (none was asked for)');
      const msg = head.subarray(5, 5 + length);
      const rest = head.subarray(5 + length);
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingBytes = rest.length;
      this.onMessage(msg);
    }
  }

  private flatten(): Buffer {
    const whole = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [whole];
    return whole;
  }
}
