import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccessTokenCache } from './access-token-cache';

/** A cache over a token endpoint that issues token-1, token-2… valid for 7200 s. */
function newCache() {
  let issued = 0;
  const cache = new AccessTokenCache(() => Promise.resolve({ token: `token-${++issued}`, expiresInSeconds: 7200 }));
  return { cache, issued: () => issued };
}

describe('an app access token', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-03-10T08:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is fetched once for concurrent callers', async () => {
    const { cache, issued } = newCache();
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual(['token-1', 'token-1', 'token-1']);
    expect(issued()).toBe(1);
  });

  it('is kept until five minutes before it expires, then renewed', async () => {
    const { cache } = newCache();
    await cache.get();
    vi.setSystemTime(new Date('2025-03-10T09:54:59Z'));
    expect(await cache.get()).toBe('token-1');
    vi.setSystemTime(new Date('2025-03-10T09:55:00Z'));
    expect(await cache.get()).toBe('token-2');
  });

  it('is renewed after the provider refused it, but a stale refusal keeps the newer one', async () => {
    const { cache } = newCache();
    await cache.get();
    cache.invalidate('token-1');
    expect(await cache.get()).toBe('token-2');
    cache.invalidate('token-1');
    expect(await cache.get()).toBe('token-2');
  });
});
