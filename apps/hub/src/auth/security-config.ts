/**
 * Sessions, sign-in protection and the browser edge, read from the environment once at boot. The
 * JWT secret is the one value with no safe default: outside the demo a missing or guessable secret
 * stops the start, since anyone holding it can mint a session for any user of any township.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../config/config-error';
import { envInt as int, type Env } from '../config/env-values';

export interface SecurityConfig {
  /** Signs access tokens (HS256). */
  jwtSecret: string;
  /** The demo (XIAONAO_DEMO=1): no JWT_SECRET was given, so this run made a throwaway one. */
  demo: boolean;
  /** An access token lives this long; the pages refresh before it ends. */
  accessTokenTtlSeconds: number;
  /** A session (its chain of refresh tokens) ends this long after sign-in: the shift. */
  refreshTokenTtlHours: number;
  login: {
    /** Consecutive failed sign-ins of one account that lock it (CJIS 5.5.3: at most 5). */
    maxFailures: number;
    lockSeconds: number;
    /** Failed sign-ins from one address per minute before it is refused for the rest of that minute. */
    ipFailuresPerMinute: number;
  };
  /** Origins besides the hub's own that a browser may call the API and open sockets from. */
  allowedOrigins: string[];
  /** Origins the pages may load images (map tiles) from besides any https: one, e.g. an intranet tile server. */
  imageOrigins: string[];
  /** Express's `trust proxy`: which proxies' X-Forwarded-For names the client (false: none, the socket's peer is the client). */
  trustProxy: boolean | number | string;
}


/** Secrets this codebase once shipped as defaults: public, so they sign nothing. */
const KNOWN_SECRETS = new Set(['xiaonao-demo-secret-change-me', 'change-me-in-production']);
export const MIN_SECRET_LENGTH = 32;

const HOW_TO_SET = `set JWT_SECRET to a random string of at least ${MIN_SECRET_LENGTH} characters, e.g. JWT_SECRET=$(openssl rand -base64 48); only the demo (npm start, XIAONAO_DEMO=1) runs without one`;

function jwtSecret(env: Env): { secret: string; demo: boolean } {
  const raw = env.JWT_SECRET;
  const demo = env.XIAONAO_DEMO === '1';
  if (raw === undefined || raw === '') {
    if (demo) return { secret: randomBytes(48).toString('base64url'), demo };
    throw new ConfigError(`JWT_SECRET 未设置 / JWT_SECRET is not set: ${HOW_TO_SET}`);
  }
  if (KNOWN_SECRETS.has(raw)) throw new ConfigError(`JWT_SECRET 是公开的示例值 / JWT_SECRET is a published example value: ${HOW_TO_SET}`);
  if (raw.length < MIN_SECRET_LENGTH) throw new ConfigError(`JWT_SECRET 过短 / JWT_SECRET is too short (${raw.length} characters): ${HOW_TO_SET}`);
  return { secret: raw, demo };
}

/** An origin as browsers send it: scheme, host and port only (`http://a.example:8080`). */
function origin(name: string, raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name}: "${raw}" is not an origin (e.g. https://zhihui.example.gov.cn)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError(`${name}: "${raw}" must start with http: or https:`);
  return parsed.origin;
}

function origins(env: Env, name: string): string[] | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => origin(name, s));
}

function trustProxy(env: Env): SecurityConfig['trustProxy'] {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  // A number is the count of proxies in front; anything else is Express's list of addresses or names (loopback, uniquelocal…).
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/** `publicUrl` is the hub's configured public address (PUBLIC_URL or http://HOST:PORT), always allowed. */
export function parseSecurityConfig(env: Env, publicUrl: string): SecurityConfig {
  const { secret, demo } = jwtSecret(env);
  // JWT_TTL_SECONDS was the only session lifetime before refresh tokens; it still names the access token's.
  const ttlName = env.ACCESS_TOKEN_TTL_SECONDS ? 'ACCESS_TOKEN_TTL_SECONDS' : 'JWT_TTL_SECONDS';
  const host = env.HOST || '127.0.0.1';
  const own = [publicUrl, `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT || '3000'}`].flatMap((u) => (URL.canParse(u) ? [new URL(u).origin] : []));
  return {
    jwtSecret: secret,
    demo,
    accessTokenTtlSeconds: int(env, ttlName, 900, 1),
    refreshTokenTtlHours: int(env, 'REFRESH_TOKEN_TTL_HOURS', 12, 1),
    login: {
      maxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1),
      lockSeconds: int(env, 'LOGIN_LOCK_SECONDS', 15 * 60, 1),
      ipFailuresPerMinute: int(env, 'LOGIN_IP_FAILURES_PER_MINUTE', 20, 1),
    },
    allowedOrigins: [...new Set([...own, ...(origins(env, 'ALLOWED_ORIGINS') ?? [])])],
    imageOrigins: origins(env, 'IMAGE_ORIGINS') ?? [],
    trustProxy: trustProxy(env),
  };
}
