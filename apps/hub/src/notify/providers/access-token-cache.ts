/**
 * An app access token (DingTalk, WeCom) kept until shortly before it expires, fetched once for any
 * number of concurrent callers, and dropped when the provider says it is invalid or expired.
 * Both providers rate-limit the token endpoint and ask callers to cache the token for `expires_in`.
 */
export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
}

export class AccessTokenCache {
  private current: { token: string; refreshAt: number } | null = null;
  private pending: Promise<string> | null = null;

  /** `fetchToken` throws (NotSentError) when no token can be had: nothing was paged yet. */
  constructor(private readonly fetchToken: () => Promise<IssuedToken>) {}

  get(): Promise<string> {
    // Wall clock, not the hub's Clock: the provider expires the token in real time.
    if (this.current && Date.now() < this.current.refreshAt) return Promise.resolve(this.current.token);
    this.pending ??= this.refresh().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Forgets `token` (the provider refused it), unless a newer one already replaced it. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = null;
  }

  private async refresh(): Promise<string> {
    const { token, expiresInSeconds } = await this.fetchToken();
    // Renew a little early (5 min, or a tenth of a short lifetime) so a send never carries a token that dies in flight.
    const margin = Math.min(300, expiresInSeconds / 10);
    this.current = { token, refreshAt: Date.now() + Math.max(0, expiresInSeconds - margin) * 1000 };
    return token;
  }
}
