/** HTTP and socket clients acting as the people who use the hub. */
import { createHash } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import request from 'supertest';
import { defaultSigningSecret, signatureHeaders } from '../../apps/hub/src/auth/request-signature';
import { API, API_KEY_HEADER, type ClientToServerEvents, type Intake110Request, type LoginResponse, type RegionRole, type Role, type ServerToClientEvents, type TownshipSeed } from '@xiaonao/contracts';
import { POLL_INTERVAL_MS, STATE_WAIT_MS } from './patience';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function login(url: string, username: string, password: string): Promise<LoginResponse> {
  const res = await request(url).post(API.login).send({ username, password }).expect(200);
  return res.body as LoginResponse;
}

export function userOf(seed: TownshipSeed, role: 'operator' | 'station' | 'leader' | RegionRole): { username: string; password: string };
export function userOf(seed: TownshipSeed, role: 'worker', workerCode: string): { username: string; password: string };
export function userOf(seed: TownshipSeed, role: string, workerCode?: string): { username: string; password: string } {
  // A region account (admin, district) is one of the township's innermost region's.
  const regionUsers = seed.regions?.at(-1)?.users ?? [];
  const user = seed.users.find((u) => u.role === role && (workerCode === undefined || u.workerCode === workerCode)) ?? regionUsers.find((u) => u.role === role);
  if (!user) throw new Error(`no ${role} ${workerCode ?? ''} in seed ${seed.code}`);
  return user;
}

export async function loginAs(url: string, seed: TownshipSeed, role: Role, workerCode?: string): Promise<LoginResponse> {
  const user = role === 'worker' ? userOf(seed, 'worker', workerCode ?? 'W1') : userOf(seed, role);
  return login(url, user.username, user.password);
}

export function connectSocket(url: string, token: string): Promise<HubSocket> {
  const socket: HubSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Collects every event of one name a socket receives, and waits for one that matches. */
export class Inbox<E extends keyof ServerToClientEvents> {
  readonly items: Parameters<ServerToClientEvents[E]>[0][] = [];
  private waiters: { match: (x: Parameters<ServerToClientEvents[E]>[0]) => boolean; resolve: (x: Parameters<ServerToClientEvents[E]>[0]) => void }[] = [];

  constructor(socket: HubSocket, event: E) {
    const listener = (item: Parameters<ServerToClientEvents[E]>[0]) => {
      this.items.push(item);
      this.waiters = this.waiters.filter((w) => (w.match(item) ? (w.resolve(item), false) : true));
    };
    (socket as unknown as { on(event: string, listener: (item: Parameters<ServerToClientEvents[E]>[0]) => void): void }).on(event, listener);
  }

  next(match: (x: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true, timeoutMs = STATE_WAIT_MS): Promise<Parameters<ServerToClientEvents[E]>[0]> {
    const seen = this.items.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ match, resolve: (x) => (clearTimeout(timer), resolve(x)) });
    });
  }
}

/** The last timestamp each exact body was signed with: a resend must not reuse a signature (it would be a replay). */
const lastSigned = new Map<string, number>();

/** How a test may bend the signing of a 110 request; by default it is signed right, with the key's default secret. */
export interface SignOptions {
  /** Default: the secret the seed derives from the key (defaultSigningSecret). */
  secret?: string;
  /** Unix seconds; default now (or the next free second for a body just signed). */
  timestamp?: number;
  /** Send no signature headers at all. */
  unsigned?: boolean;
}

/**
 * The timestamp for one sending of `raw`: now, unless this exact body was already signed at that
 * second — then the next one, as any sender resending at once must (the window allows it).
 */
function freshTimestamp(apiKey: string, raw: string): number {
  const id = createHash('sha256').update(apiKey).update('\0').update(raw).digest('hex');
  const now = Math.floor(Date.now() / 1000);
  const last = lastSigned.get(id);
  const timestamp = last !== undefined && last >= now ? last + 1 : now;
  // Only the current second matters: forget the rest now and then.
  if (lastSigned.size > 10_000) for (const [key, at] of lastSigned) if (at < now) lastSigned.delete(key);
  lastSigned.set(id, timestamp);
  return timestamp;
}

/** The headers of a signed 110 request with this exact raw body. */
export function signedHeaders(apiKey: string, raw: string, options: SignOptions = {}): Record<string, string> {
  if (options.unsigned) return { [API_KEY_HEADER]: apiKey };
  const timestamp = options.timestamp ?? freshTimestamp(apiKey, raw);
  return { [API_KEY_HEADER]: apiKey, ...signatureHeaders(options.secret ?? defaultSigningSecret(apiKey), raw, timestamp) };
}

/** A 110 transfer, signed over the exact JSON sent (docs/intake-110.md). */
export function postCase(url: string, apiKey: string, body: Intake110Request | Record<string, unknown>, options: SignOptions = {}) {
  const raw = JSON.stringify(body);
  return request(url).post(API.intake110).set(signedHeaders(apiKey, raw, options)).set('content-type', 'application/json').send(raw);
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads until the value is as wanted: tests wait on state, never on time (the deadline only ends a hopeless wait). */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = STATE_WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
}
