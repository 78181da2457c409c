import { describe, expect, it } from 'vitest';
import { ConfigError, loadHubConfig } from './hub-config';

describe('hub configuration', () => {
  it('defaults to the embedded database, the in-process bus and the 1-3-8 windows', () => {
    const config = loadHubConfig({});
    expect(config).toMatchObject({ databaseUrl: null, natsUrl: null, port: 3000, offerTimeoutMs: 20_000 });
    expect(config.clock).toEqual({ acceptSeconds: 60, contactSeconds: 180, arriveSeconds: 480, warnShare: 0.75 });
  });

  it.each([
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['NATS_URL', 'not a url'],
    ['CLOCK_WARN_SHARE', '1.5'],
    ['OFFER_TIMEOUT_MS', '5'],
    ['LOG_LEVEL', 'loud'],
  ])('stops the start when %s is bad, naming it', (name, value) => {
    expect(() => loadHubConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadHubConfig({ [name]: value })).toThrow(name);
  });
});
