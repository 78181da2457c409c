import { hostname } from 'node:os';
import { ConfigError } from './config-error';
import { envInt as int, type Env } from './env-values';
import { parseNotifyConfig, type NotifyProvidersConfig } from '../notify/providers/notify-config';
import { parseSecurityConfig, type SecurityConfig } from '../auth/security-config';
import { loadFeedbackConfig, type FeedbackConfig } from '../feedback/feedback-config';
import { parseMapTilesConfig } from '../township/map-tiles-config';
import type { MapTileSource } from '@xiaonao/contracts';

/** Configuration, read from the environment once at boot and validated; a bad variable stops the start. */
export interface HubConfig {
  port: number;
  host: string;
  /** Unset: an embedded PostgreSQL (PGlite) under `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /**
   * How long a request waits for a PostgreSQL connection (a free one in the pool, or a new one) before it
   * is answered 503: a database frozen or cut off by the network would otherwise hold requests for minutes.
   */
  databaseConnectTimeoutMs: number;
  /** Unset: an in-process bus. */
  natsUrl: string | null;
  /** Servers each JetStream stream is kept on: 1 on a single NATS, 3 on a cluster of three. */
  natsStreamReplicas: number;
  /** JWT secret, session lifetimes, sign-in lockout, allowed origins (auth/security-config.ts). */
  security: SecurityConfig;
  /** How long a worker has to answer an offer before it goes to the next. */
  offerTimeoutMs: number;
  /** An offer to a worker whose phone page is not connected stands at least this long, so the notifier chain can reach them (0: off). */
  offerWindowOfflineSeconds: number;
  /** A worker who declined or let an offer lapse is not offered the same case again for this long. */
  offerRetryAfterMs: number;
  /** How often due offers, waiting cases and clocks are swept. */
  sweepIntervalMs: number;
  clock: { acceptSeconds: number; contactSeconds: number; arriveSeconds: number; warnShare: number };
  positions: { flushMs: number; flushAt: number; trackRetentionHours: number; boundsMarginM: number };
  /** An OSRM server for travel times of the shortlist; unset: straight-line estimates only. */
  routing: { osrmUrl: string | null; timeoutMs: number; shortlist: number };
  dispatch: { staleAfterSeconds: number; maxRadiusM: number; territorialAdvantageSeconds: number; fairnessSecondsPerCase: number; queueSeconds: number };
  /** Automatic and manual arrival: see libs/domain/src/arrival. */
  arrival: { radiusM: number; fixes: number; flagDistanceM: number };
  /** Calls to the party: this many unanswered in a row make the party 「联系不上」. */
  contact: { unreachableAfterAttempts: number };
  /** The 110 doors: a signature's timestamp may differ from the hub's receipt by this much either way. */
  intake: { signatureWindowSeconds: number };
  /** Reports of one event: within this distance and time of an open incident's latest report they join it (0 turns linking off). */
  reports: { linkRadiusM: number; linkWindowSeconds: number };
  /**
   * The field end: queued steps' device times (trusted up to `deviceTimeMaxAgeSeconds` old), how long
   * step keys and the catch-up log are kept, and how the phone page behaves.
   */
  field: { deviceTimeMaxAgeSeconds: number; stepKeyRetentionHours: number; catchUpRetentionHours: number; phoneFixIntervalSeconds: number; offerSoundRepeatSeconds: number };
  /** The providers that page a worker (DingTalk, WeCom, SMS, voice); each null when not configured. */
  notify: NotifyProvidersConfig;
  /** Results back to the sender: the retry schedule, polling, timeouts (feedback/feedback-config.ts). */
  feedback: FeedbackConfig;
  /** Where phones reach the hub (links in DingTalk cards and SMS); defaults to http://HOST:PORT. */
  publicUrl: string;
  webDir: string;
  /** Names this process in records several processes share (who fired a timer). */
  instanceId: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** JSON lines for a collector, or readable lines for a person; null: readable only when stdout is a terminal. */
  logFormat: 'json' | 'pretty' | null;
  /**
   * Prometheus metrics, served on a listener of their own away from the public port (null port: none).
   * With a token, a scrape must carry it as a bearer.
   */
  metrics: { port: number | null; host: string; token: string | null };
  /** The base map of townships that have not set their own (MAP_TILE_*); null: OpenStreetMap. */
  mapTiles: MapTileSource | null;
}

export { ConfigError };

function share(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0 && value < 1)) throw new ConfigError(`${name} must be a number between 0 and 1, got "${raw}"`);
  return value;
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL: "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(`${name} must start with ${protocols.join(' or ')}, got "${raw}"`);
  return raw;
}

export function loadHubConfig(env: Env = process.env): HubConfig {
  const logLevel = (env.LOG_LEVEL ?? 'log') as HubConfig['logLevel'];
  if (!['error', 'warn', 'log', 'debug'].includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be error, warn, log or debug, got "${logLevel}"`);
  return {
    port: int(env, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: env.DATA_DIR || 'data/pglite',
    databaseConnectTimeoutMs: int(env, 'DATABASE_CONNECT_TIMEOUT_MS', 10_000, 100),
    natsUrl: url(env, 'NATS_URL', ['nats:', 'tls:']),
    natsStreamReplicas: int(env, 'NATS_STREAM_REPLICAS', 1, 1),
    security: parseSecurityConfig(env, url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://${env.HOST || '127.0.0.1'}:${int(env, 'PORT', 3000)}`),
    offerTimeoutMs: int(env, 'OFFER_TIMEOUT_MS', 20_000, 100),
    offerWindowOfflineSeconds: int(env, 'OFFER_WINDOW_OFFLINE_SECONDS', 45),
    offerRetryAfterMs: int(env, 'OFFER_RETRY_AFTER_MS', 120_000, 0),
    sweepIntervalMs: int(env, 'SWEEP_INTERVAL_MS', 250, 10),
    clock: {
      acceptSeconds: int(env, 'CLOCK_ACCEPT_SECONDS', 60, 1),
      contactSeconds: int(env, 'CLOCK_CONTACT_SECONDS', 180, 1),
      arriveSeconds: int(env, 'CLOCK_ARRIVE_SECONDS', 480, 1),
      warnShare: share(env, 'CLOCK_WARN_SHARE', 0.75),
    },
    positions: {
      flushMs: int(env, 'POSITION_FLUSH_MS', 1_000, 10),
      flushAt: int(env, 'POSITION_FLUSH_AT', 1_000, 1),
      trackRetentionHours: int(env, 'TRACK_RETENTION_HOURS', 72, 1),
      boundsMarginM: int(env, 'POSITION_BOUNDS_MARGIN_M', 2_000),
    },
    routing: {
      osrmUrl: url(env, 'OSRM_URL', ['http:', 'https:']),
      timeoutMs: int(env, 'OSRM_TIMEOUT_MS', 800, 10),
      shortlist: int(env, 'OSRM_SHORTLIST', 5, 1),
    },
    dispatch: {
      staleAfterSeconds: int(env, 'STALE_POSITION_SECONDS', 120, 1),
      maxRadiusM: int(env, 'DISPATCH_RADIUS_M', 5_000, 1),
      territorialAdvantageSeconds: int(env, 'TERRITORIAL_ADVANTAGE_SECONDS', 60),
      fairnessSecondsPerCase: int(env, 'FAIRNESS_SECONDS_PER_CASE', 20),
      // Assumed time a busy worker needs to finish before leaving for a queued case (counts in their ETA).
      queueSeconds: int(env, 'QUEUE_SECONDS', 600),
    },
    arrival: {
      radiusM: int(env, 'ARRIVAL_RADIUS_M', 100, 1),
      fixes: int(env, 'ARRIVAL_FIXES', 2, 1),
      flagDistanceM: int(env, 'ARRIVAL_FLAG_DISTANCE_M', 300, 1),
    },
    contact: { unreachableAfterAttempts: int(env, 'UNREACHABLE_AFTER_ATTEMPTS', 3, 1) },
    intake: { signatureWindowSeconds: int(env, 'INTAKE_SIGNATURE_WINDOW_SECONDS', 300, 1) },
    reports: { linkRadiusM: int(env, 'REPORT_LINK_RADIUS_M', 150), linkWindowSeconds: int(env, 'REPORT_LINK_WINDOW_SECONDS', 1800) },
    field: {
      deviceTimeMaxAgeSeconds: int(env, 'STEP_DEVICE_TIME_MAX_AGE_SECONDS', 600),
      stepKeyRetentionHours: int(env, 'STEP_KEY_RETENTION_HOURS', 72, 1),
      catchUpRetentionHours: int(env, 'CATCH_UP_RETENTION_HOURS', 24, 1),
      phoneFixIntervalSeconds: int(env, 'PHONE_FIX_INTERVAL_SECONDS', 60, 5),
      offerSoundRepeatSeconds: int(env, 'OFFER_SOUND_REPEAT_SECONDS', 4, 1),
    },
    notify: parseNotifyConfig(env),
    feedback: loadFeedbackConfig(env),
    publicUrl: url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://${env.HOST || '127.0.0.1'}:${int(env, 'PORT', 3000)}`,
    webDir: env.WEB_DIR || 'apps/web/dist',
    instanceId: env.HUB_INSTANCE || `${hostname()}:${process.pid}`,
    logLevel,
    logFormat: logFormat(env),
    metrics: {
      port: env.METRICS_PORT === undefined || env.METRICS_PORT === '' ? null : int(env, 'METRICS_PORT', 0),
      host: env.METRICS_HOST || '127.0.0.1',
      token: metricsToken(env),
    },
    mapTiles: parseMapTilesConfig(env),
  };
}

function logFormat(env: Env): HubConfig['logFormat'] {
  const raw = env.LOG_FORMAT;
  if (raw === undefined || raw === '') return null;
  if (raw !== 'json' && raw !== 'pretty') throw new ConfigError(`LOG_FORMAT must be json or pretty, got "${raw}"`);
  return raw;
}

/** A scrape token short enough to guess protects nothing: refused at boot rather than trusted. */
function metricsToken(env: Env): string | null {
  const raw = env.METRICS_TOKEN;
  if (raw === undefined || raw === '') return null;
  if (raw.length < 16) throw new ConfigError(`METRICS_TOKEN must be at least 16 characters, got ${raw.length}`);
  return raw;
}

/** The injection token for HubConfig. */
export const HUB_CONFIG = Symbol('HUB_CONFIG');
