import { describe, expect, it } from 'vitest';
import { ConfigError, loadHubConfig } from './hub-config';

/** A secret good enough to start with: every other case varies one variable on top of it. */
const SECRET = { JWT_SECRET: 'a-test-secret-of-more-than-thirty-two-characters' };

describe('hub configuration', () => {
  it('defaults to the embedded database, the in-process bus and the 1-3-8 windows', () => {
    const config = loadHubConfig(SECRET);
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
    ['ACCESS_TOKEN_TTL_SECONDS', '0'],
    ['REFRESH_TOKEN_TTL_HOURS', 'a shift'],
    ['LOGIN_MAX_FAILURES', '0'],
    ['ALLOWED_ORIGINS', 'https://ok.example, ftp://files.example'],
  ])('stops the start when %s is bad, naming it', (name, value) => {
    expect(() => loadHubConfig({ ...SECRET, [name]: value })).toThrow(ConfigError);
    expect(() => loadHubConfig({ ...SECRET, [name]: value })).toThrow(name);
  });
});

describe('the JWT secret', () => {
  it('is required outside the demo, and the message says what to set', () => {
    expect(() => loadHubConfig({})).toThrow(ConfigError);
    expect(() => loadHubConfig({})).toThrow(/JWT_SECRET is not set: set JWT_SECRET to a random string of at least 32 characters/);
  });

  it.each([
    ['the old demo default', 'xiaonao-demo-secret-change-me', /published example/],
    ['the old compose value', 'change-me-in-production', /published example/],
    ['a short one', 'too-short-to-sign-anything', /too short \(26 characters\)/],
  ])('refuses %s, even for the demo', (_what, secret, message) => {
    expect(() => loadHubConfig({ JWT_SECRET: secret })).toThrow(message);
    expect(() => loadHubConfig({ JWT_SECRET: secret, XIAONAO_DEMO: '1' })).toThrow(ConfigError);
  });

  it('is made up for each run of the demo when none is given', () => {
    const a = loadHubConfig({ XIAONAO_DEMO: '1' }).security;
    const b = loadHubConfig({ XIAONAO_DEMO: '1' }).security;
    expect(a.demo).toBe(true);
    expect(a.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(a.jwtSecret).not.toBe(b.jwtSecret);
  });

  it('is taken as given when long enough', () => {
    expect(loadHubConfig(SECRET).security).toMatchObject({ jwtSecret: SECRET.JWT_SECRET, demo: false });
  });
});

describe('sessions and sign-in limits', () => {
  it('default to 15-minute access tokens, 12-hour sessions and a 15-minute lock after 5 failures', () => {
    expect(loadHubConfig(SECRET).security).toMatchObject({
      accessTokenTtlSeconds: 900,
      refreshTokenTtlHours: 12,
      login: { maxFailures: 5, lockSeconds: 900, ipFailuresPerMinute: 20 },
    });
  });

  it('still reads JWT_TTL_SECONDS as the access token lifetime, ACCESS_TOKEN_TTL_SECONDS winning', () => {
    expect(loadHubConfig({ ...SECRET, JWT_TTL_SECONDS: '600' }).security.accessTokenTtlSeconds).toBe(600);
    expect(loadHubConfig({ ...SECRET, JWT_TTL_SECONDS: '600', ACCESS_TOKEN_TTL_SECONDS: '300' }).security.accessTokenTtlSeconds).toBe(300);
  });
});

describe('allowed origins', () => {
  it('are the hub’s own addresses by default', () => {
    expect(loadHubConfig({ ...SECRET, HOST: '10.1.2.3', PORT: '8080' }).security.allowedOrigins).toEqual(['http://10.1.2.3:8080']);
    expect(loadHubConfig({ ...SECRET, PUBLIC_URL: 'https://zhihui.example.gov.cn/xiaonao/' }).security.allowedOrigins).toEqual(['https://zhihui.example.gov.cn', 'http://127.0.0.1:3000']);
  });

  it('add ALLOWED_ORIGINS, reduced to their origins', () => {
    expect(loadHubConfig({ ...SECRET, ALLOWED_ORIGINS: 'https://screen.example:8443/wall, http://localhost:5173' }).security.allowedOrigins).toEqual([
      'http://127.0.0.1:3000',
      'https://screen.example:8443',
      'http://localhost:5173',
    ]);
  });
});
