// One client connection of the calibrated target: it parses requests as they arrive, hands the
// modelled ones to the server, and writes replies strictly in request order (HTTP/1.1 pipelining),
// whenever they become ready. A /healthz reply is ready at once, but still waits behind any
// earlier reply on the same connection: the order is the protocol's, not ours.
import type { Socket } from 'node:net';
import { Fifo } from './fifo.js';
import { RequestParser, type RequestHandler, type RequestHead } from './request-parser.js';
import type { Replies, Reply } from './responses.js';

/** A reply owed on a connection; the model holds modelled ones until they are due. */
export class OwedReply {
  constructor(
    readonly conn: TargetConnection,
    readonly reply: Reply,
    /** Delayed by the model (counted as served), rather than ready at once (/healthz, 400). */
    readonly modelled: boolean,
    public ready: boolean,
  ) {}
}

export interface ConnectionHost {
  readonly replies: Replies;
  /** A modelled request arrived; the host calls conn.release(owed) when its reply is due. */
  admit(owed: OwedReply): void;
  /** A modelled reply was written to the client. */
  onServed(): void;
  onClosed(conn: TargetConnection): void;
}

export class TargetConnection implements RequestHandler {
  /** Sweeps of the idle reaper since the last bytes arrived. */
  idleSweeps = 0;
  private readonly owed = new Fifo<OwedReply>();
  private readonly parser = new RequestParser(this);
  /** No more requests will be read: the client closed its side, asked to close, or sent garbage. */
  private readDone = false;
  private gone = false;

  constructor(
    private readonly socket: Socket,
    private readonly host: ConnectionHost,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('drain', () => socket.resume());
    socket.on('error', () => socket.destroy()); // resets are routine for a load target; 'close' follows
    socket.on('close', this.onClose);
  }

  /** Nothing is owed: the connection may be closed without losing a reply. */
  get quiet(): boolean {
    return this.owed.length === 0;
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** The model is done with this request: write its reply, and any ready ones queued behind it. */
  release(owed: OwedReply): void {
    owed.ready = true;
    if (this.owed.peek() === owed) this.flush();
  }

  onRequest(req: RequestHead): void {
    if (req.health) {
      this.owed.push(new OwedReply(this, this.host.replies.health(req), false, true));
      if (this.owed.length === 1) this.flush();
    } else {
      const owed = new OwedReply(this, this.host.replies.modelled(req), true, false);
      this.owed.push(owed);
      // Only the request at the head may be told to go on: an interim reply must not overtake.
      if (req.expectContinue && this.owed.length === 1 && !this.gone) this.socket.write(this.host.replies.continue);
      this.host.admit(owed);
    }
    if (!req.keepAlive) this.readDone = true;
  }

  onBadRequest(status: 400 | 431): void {
    this.readDone = true;
    this.owed.push(new OwedReply(this, this.host.replies.bad(status), false, true));
    if (this.owed.length === 1) this.flush();
  }

  private flush(): void {
    const socket = this.socket;
    // Pipelined replies that are ready together go out in one segment.
    const batch = this.owed.length > 1 && !this.gone;
    if (batch) socket.cork();
    for (let head = this.owed.peek(); head?.ready; head = this.owed.peek()) {
      this.owed.shift();
      if (this.gone) continue;
      const { reply } = head;
      let flowing = socket.write(reply.head);
      if (reply.body) flowing = socket.write(reply.body);
      if (head.modelled) this.host.onServed();
      // A client that pipelines without reading: stop reading its requests until it catches up.
      if (!flowing) socket.pause();
      if (reply.close) {
        this.gone = true;
        socket.end();
      }
    }
    if (batch && !this.gone) socket.uncork();
    if (this.readDone && this.owed.length === 0 && !this.gone) {
      this.gone = true;
      socket.end();
    }
  }

  private readonly onData = (chunk: Buffer): void => {
    this.idleSweeps = 0;
    if (!this.readDone) this.parser.feed(chunk);
  };

  private readonly onEnd = (): void => {
    // The client will send nothing more but may still read: answer what it asked, then close.
    this.readDone = true;
    if (this.owed.length === 0 && !this.gone) {
      this.gone = true;
      this.socket.end();
    }
  };

  private readonly onClose = (): void => {
    this.gone = true;
    this.readDone = true;
    this.host.onClosed(this);
  };
}
