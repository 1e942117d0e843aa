// One keep-alive connection of a load loop: its socket, its parser and the start time of the one
// request it has outstanding (no pipelining). The loop decides what a response or a close means.
import net from 'node:net';
import tls from 'node:tls';
import type { Buffer } from 'node:buffer';
import type { EncodedRequest } from '../../benches/http.js';
import { ResponseParser, type ResponseHandler } from './response-parser.js';
import type { StepRecorder } from './step-recorder.js';

export interface ConnectionOwner {
  readonly target: EncodedRequest;
  readonly recorder: StepRecorder;
  /** Shared by every plain-TCP connection: reads are parsed synchronously, never kept. */
  readonly readBuffer: Buffer;
  onConnected(conn: Connection): void;
  onResponse(conn: Connection, status: number, close: boolean): void;
  onParseError(conn: Connection): void;
  /** The socket is gone (closed by either side, refused, reset). */
  onClosed(conn: Connection): void;
}

export class Connection implements ResponseHandler {
  socket: net.Socket | null = null;
  connected = false;
  /** The current socket got as far as a connection (TLS: a handshake). */
  established = false;
  /** Start of the outstanding request (closed: send time; open: intended time); NaN when idle. */
  startMs = NaN;
  /** A request is waiting for the connection to be established. */
  queued = false;
  /** Connection failures in a row without a response, for reconnect back-off. */
  failures = 0;
  /** When the current socket was opened: a connect that hangs is dropped after the timeout. */
  openedAtMs = 0;
  /** Slot in the owner's bookkeeping (idle stack position etc.). */
  slot = -1;
  private readonly parser: ResponseParser;

  constructor(private readonly owner: ConnectionOwner) {
    this.parser = new ResponseParser(this, owner.target.method === 'HEAD');
  }

  get busy(): boolean {
    return this.startMs === this.startMs; // not NaN
  }

  open(): void {
    this.connected = false;
    this.established = false;
    this.openedAtMs = performance.now();
    this.parser.reset();
    const t = this.owner.target;
    let socket: net.Socket;
    if (t.tls) {
      // Load targets often use self-signed certificates; we measure, we do not authenticate.
      socket = tls.connect({ host: t.host, port: t.port, servername: net.isIP(t.host) ? undefined : t.host, rejectUnauthorized: false });
      socket.on('secureConnect', this.handleConnect);
      socket.on('data', this.handleData);
    } else {
      socket = net.connect({ host: t.host, port: t.port, onread: { buffer: this.owner.readBuffer, callback: this.handleRead } });
      socket.on('connect', this.handleConnect);
    }
    socket.setNoDelay(true);
    socket.on('error', this.handleError);
    socket.on('close', this.handleClose);
    this.socket = socket;
  }

  /** Send the request now if connected, else as soon as the connection is up. */
  send(startMs: number): void {
    this.startMs = startMs;
    if (this.connected) this.write();
    else this.queued = true;
  }

  /** Drop the connection; `onClosed` follows asynchronously. */
  destroy(): void {
    this.parser.stop();
    this.connected = false;
    this.socket?.destroy();
  }

  onResponse(status: number, close: boolean): void {
    if (this.busy) return this.owner.onResponse(this, status, close);
    // A response nobody asked for: the connection is out of step with the server.
    this.owner.recorder.error('other', performance.now());
    this.destroy();
  }

  private write(): void {
    const rec = this.owner.recorder;
    const raw = this.owner.target.raw;
    this.queued = false;
    this.socket!.write(raw);
    if (this.startMs >= rec.measureStartMs) rec.sent++;
    if (rec.measuring) rec.bytesWritten += raw.length;
  }

  private readonly handleConnect = (): void => {
    this.connected = true;
    this.established = true;
    if (this.queued) this.write();
    this.owner.onConnected(this);
  };

  private readonly handleRead = (nread: number, buf: Buffer): boolean => {
    const rec = this.owner.recorder;
    if (rec.measuring) rec.bytesRead += nread;
    this.parser.feed(buf, 0, nread);
    if (this.parser.error !== null) this.owner.onParseError(this);
    return true;
  };

  private readonly handleData = (chunk: Buffer): void => {
    this.handleRead(chunk.length, chunk);
  };

  private readonly handleError = (): void => {
    // The class of failure is decided on close, from what was outstanding; 'close' always follows.
    this.parser.stop();
  };

  private readonly handleClose = (): void => {
    this.parser.finishAtEof();
    this.socket = null;
    this.connected = false;
    this.owner.onClosed(this);
  };
}
