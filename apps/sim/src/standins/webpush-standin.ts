/**
 * A stand-in for a browser's push service (what fcm.googleapis.com or Mozilla's autopush are to Chrome
 * and Firefox), and for the browser behind it: it hands out subscriptions with keys it generated, so
 * it can decrypt what it is sent. It checks each push as the RFCs describe it:
 * - RFC 8030 §5: POST to the subscription's endpoint; a `TTL` header (seconds, ≥ 0) is required
 *   (400 without it); `Urgency`, when present, is very-low | low | normal | high; a payload of at most
 *   4096 bytes (413 above). Answer 201 Created with the message's `Location`.
 * - RFC 8292 §3: `Authorization: vapid t=<JWT>, k=<key>`; the JWT is ES256 (`{"typ":"JWT","alg":"ES256"}`),
 *   its `aud` the endpoint's origin, `exp` in the future and within 24 h, `sub` a mailto: or https: URI,
 *   its signature verifiable with k (a P-256 point, uncompressed, base64url). Missing or bad: 401; a k
 *   other than the subscription's applicationServerKey: 403 (§4.2).
 * - RFC 8291 §4 / RFC 8188 §2: `Content-Encoding: aes128gcm`; body = salt (16) | rs (uint32) | idlen |
 *   keyid (the sender's ephemeral P-256 key, 65 bytes) | one record, decrypted with the subscription's
 *   private key and auth secret. A payload it cannot decrypt is answered 400 (a real service could not
 *   tell, and the browser would drop it silently: the stand-in says so instead).
 * Per endpoint it can be scripted to answer 404/410 (subscription gone), 429 (with Retry-After), 5xx,
 * or to never answer ('hang'). No test framework here.
 */
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, randomUUID, verify, type ECDH } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PushSubscriptionJson } from '@xiaonao/contracts';
import type { StandInServer } from './standin-http';

/** What the stand-in does with a push to one endpoint. */
export type PushBehaviour = 'ok' | 404 | 410 | 429 | 500 | 503 | 'hang';

/** One push it took (answered 201), decrypted. */
export interface ReceivedPush {
  endpoint: string;
  at: Date;
  ttl: number;
  urgency: string | null;
  topic: string | null;
  /** The decrypted payload as text (JSON from the hub). */
  payload: string;
  /** The VAPID JWT's claims. */
  vapid: { aud: string; exp: number; sub: string };
  /** The VAPID public key (k). */
  publicKey: string;
}

/** Every request, taken or refused, with why. */
export interface PushRequestRecord {
  at: Date;
  endpoint: string;
  status: number | 'hang';
  /** Why it was refused (null: taken, or refused by script). */
  problem: string | null;
}

export interface WebPushStandIn extends StandInServer {
  /** A new subscription, as `PushSubscription.toJSON()` would give it; `applicationServerKey` (VAPID public key) binds it (RFC 8292 §4.2). */
  newSubscription(applicationServerKey?: string): PushSubscriptionJson;
  /** Scripts one endpoint: later pushes to it get this answer. */
  behave(endpoint: string, behaviour: PushBehaviour): void;
  pushes: ReceivedPush[];
  requests: PushRequestRecord[];
}

interface Subscriber {
  ecdh: ECDH;
  auth: Buffer;
  applicationServerKey: string | null;
}

const MAX_PAYLOAD = 4096;
const URGENCIES = new Set(['very-low', 'low', 'normal', 'high']);

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

function jsonPart(part: string, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new Refusal(401, `VAPID JWT ${what} 不是 base64url JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Refusal(401, `VAPID JWT ${what} 不是 JSON 对象`);
  return parsed as Record<string, unknown>;
}

/** RFC 8292 §3: checks `Authorization: vapid t=…, k=…` for a push to `endpoint`; returns the claims and k. */
function checkVapid(authorization: string | null, endpoint: URL, subscriber: Subscriber): { claims: ReceivedPush['vapid']; k: string } {
  const match = /^vapid\s+(.+)$/i.exec(authorization ?? '');
  if (!match) throw new Refusal(401, '缺少 Authorization: vapid t=…, k=…');
  const params = new Map(match[1].split(',').map((p) => p.trim().split('=').map((x) => x.trim()) as [string, string]));
  const t = params.get('t');
  const k = params.get('k');
  if (!t || !k) throw new Refusal(401, 'Authorization 须含 t= 与 k=');
  const point = Buffer.from(k, 'base64url');
  if (point.length !== 65 || point[0] !== 0x04) throw new Refusal(401, 'k 须为 65 字节未压缩的 P-256 公钥');
  const [h, p, s, extra] = t.split('.');
  if (!h || !p || !s || extra !== undefined) throw new Refusal(401, 't 不是 JWS 紧凑格式');
  const head = jsonPart(h, 'header');
  if (head.alg !== 'ES256') throw new Refusal(401, `JWT alg 须为 ES256，收到 ${JSON.stringify(head.alg)}`);
  if (head.typ !== undefined && head.typ !== 'JWT') throw new Refusal(401, `JWT typ 须为 JWT，收到 ${JSON.stringify(head.typ)}`);
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') }, format: 'jwk' });
  const signature = Buffer.from(s, 'base64url');
  if (signature.length !== 64 || !verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, signature)) throw new Refusal(401, 'JWT 签名无法用 k 验证');
  const claims = jsonPart(p, 'claims');
  if (claims.aud !== endpoint.origin) throw new Refusal(401, `JWT aud 须为推送服务的源 ${endpoint.origin}，收到 ${JSON.stringify(claims.aud)}`);
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= now || claims.exp > now + 24 * 3600) throw new Refusal(401, `JWT exp 须在 24 小时内，收到 ${JSON.stringify(claims.exp)}`);
  if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub)) throw new Refusal(401, `JWT sub 须为 mailto: 或 https: 地址，收到 ${JSON.stringify(claims.sub)}`);
  if (subscriber.applicationServerKey && subscriber.applicationServerKey !== k) throw new Refusal(403, 'k 不是订阅时的 applicationServerKey');
  return { claims: { aud: claims.aud, exp: claims.exp, sub: claims.sub }, k };
}

/** RFC 8291 §3.4 and RFC 8188 §2: the content key and nonce, from the ECDH secret, the auth secret and the salt. */
function contentKeys(subscriber: Subscriber, senderKey: Buffer, salt: Buffer): { key: Buffer; nonce: Buffer } {
  const shared = subscriber.ecdh.computeSecret(senderKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), subscriber.ecdh.getPublicKey(), senderKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, subscriber.auth, keyInfo, 32));
  return {
    key: Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16)),
    nonce: Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12)),
  };
}

/** Decrypts an aes128gcm body of one record, as the browser would. */
function decrypt(body: Buffer, subscriber: Subscriber): string {
  if (body.length < 21 + 65 + 17) throw new Refusal(400, 'aes128gcm 报文过短');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20];
  if (idlen !== 65) throw new Refusal(400, `aes128gcm keyid 须为 65 字节的发送方公钥，收到 ${idlen} 字节`);
  const senderKey = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  if (rs < 18 || record.length > rs) throw new Refusal(400, `aes128gcm 记录大小 rs=${rs} 与报文不符（只收单条记录）`);
  let plain: Buffer;
  try {
    const { key, nonce } = contentKeys(subscriber, senderKey, salt);
    const decipher = createDecipheriv('aes-128-gcm', key, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  } catch {
    throw new Refusal(400, 'aes128gcm 解密失败（密钥或认证密钥不符）');
  }
  // The last record ends with the delimiter 0x02, then any zero padding (RFC 8188 §2).
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (end < 0 || plain[end] !== 0x02) throw new Refusal(400, 'aes128gcm 末条记录缺少分隔符 0x02');
  return plain.subarray(0, end).toString('utf8');
}

export async function startWebPushStandIn(): Promise<WebPushStandIn> {
  const subscribers = new Map<string, Subscriber>();
  const scripts = new Map<string, PushBehaviour>();
  const pushes: ReceivedPush[] = [];
  const requests: PushRequestRecord[] = [];
  let base = '';

  const handle = (req: IncomingMessage, body: Buffer, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', base);
    const endpoint = `${base}${url.pathname}`;
    const answer = (status: number, problem: string | null, headers: Record<string, string> = {}): void => {
      requests.push({ at: new Date(), endpoint, status, problem });
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(problem ?? '');
    };
    const id = /^\/push\/([\w-]+)$/.exec(url.pathname)?.[1];
    const subscriber = id ? subscribers.get(id) : undefined;
    if (!subscriber) return answer(404, '没有这个订阅');
    if (req.method !== 'POST') return answer(405, '推送须用 POST');
    try {
      const ttl = header(req, 'ttl');
      if (ttl === null || !/^\d+$/.test(ttl)) throw new Refusal(400, '缺少或无效的 TTL 头（秒，≥ 0）');
      const urgency = header(req, 'urgency');
      if (urgency !== null && !URGENCIES.has(urgency)) throw new Refusal(400, `Urgency 须为 very-low、low、normal 或 high，收到 ${urgency}`);
      const { claims, k } = checkVapid(header(req, 'authorization'), new URL(endpoint), subscriber);
      if (header(req, 'content-encoding') !== 'aes128gcm') throw new Refusal(400, `Content-Encoding 须为 aes128gcm，收到 ${header(req, 'content-encoding') ?? '（无）'}`);
      if (body.length > MAX_PAYLOAD) throw new Refusal(413, `报文超过 ${MAX_PAYLOAD} 字节`);
      const payload = decrypt(body, subscriber);
      const script = scripts.get(endpoint) ?? 'ok';
      if (script === 'hang') {
        requests.push({ at: new Date(), endpoint, status: 'hang', problem: null });
        return;
      }
      if (script !== 'ok') return answer(script, null, script === 429 ? { 'retry-after': '60' } : {});
      pushes.push({ endpoint, at: new Date(), ttl: Number(ttl), urgency, topic: header(req, 'topic'), payload, vapid: claims, publicKey: k });
      answer(201, null, { location: `${base}/message/${randomUUID()}` });
    } catch (error) {
      if (error instanceof Refusal) return answer(error.status, error.message);
      throw error;
    }
  };

  const server = createServer((req, res) => {
    readBytes(req)
      .then((body) => handle(req, body, res))
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    pushes,
    requests,
    newSubscription(applicationServerKey?: string): PushSubscriptionJson {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const id = randomUUID();
      subscribers.set(id, { ecdh, auth, applicationServerKey: applicationServerKey ?? null });
      return { endpoint: `${base}/push/${id}`, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
    },
    behave(endpoint: string, behaviour: PushBehaviour): void {
      scripts.set(endpoint, behaviour);
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

