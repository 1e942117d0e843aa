// etcd's password auth for the load channels: one Authenticate call gives a token that every request
// carries in a `token` header. Shared by all channels of an engine; refreshed once (not once per
// channel) when etcd reports it invalid, e.g. a JWT token past its TTL.

export type Authenticate = () => Promise<string>;

export class AuthTokens {
  private current: string | null = null;
  private inflight: Promise<string> | null = null;

  constructor(private readonly authenticate: Authenticate) {}

  /** The token, fetching it on first use. */
  token(): Promise<string> {
    if (this.current !== null) return Promise.resolve(this.current);
    return this.fetch();
  }

  /** Synchronous read for the hot path; null until token() resolved once. */
  peek(): string | null {
    return this.current;
  }

  /** A new token unless someone already replaced `stale`. */
  refresh(stale: string | null): Promise<string> {
    if (this.current !== null && this.current !== stale) return Promise.resolve(this.current);
    return this.fetch();
  }

  private fetch(): Promise<string> {
    this.inflight ??= this.authenticate().then(
      (t) => {
        this.current = t;
        this.inflight = null;
        return t;
      },
      (err: unknown) => {
        this.inflight = null;
        throw err;
      },
    );
    return this.inflight;
  }
}
