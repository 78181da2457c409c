/**
 * push_subscription rows: the browsers a worker turned Web Push on in. The phone page saves and
 * removes its own; the Web Push adapter reads them and notes what each push service answered.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { PushSubscriptionJson, SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { Database, type Sql } from '../persistence/database';
import type { PushSubscriptionBook, StoredPushSubscription } from './providers/webpush';

/** Loopback hosts: the only ones a plain-http endpoint may name (local stand-ins, development). */
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function invalid(field: string, zh: string, en: string): DomainError {
  return new DomainError('INVALID_INPUT', `${field}：${zh}`, `${field}: ${en}`, field);
}

/** base64url of exactly `bytes` bytes (padding tolerated, as some browsers add it). */
function isKey(value: string, bytes: number): boolean {
  return /^[A-Za-z0-9_-]+={0,2}$/.test(value) && Buffer.from(value.replace(/=+$/, ''), 'base64url').length === bytes;
}

/**
 * Checks what a browser handed out: an absolute https endpoint (push services only serve https; plain
 * http on this machine only when `allowLoopback`, for a local stand-in), a P-256 public key (65 bytes,
 * uncompressed) and a 16-byte auth secret (RFC 8291 §3).
 */
export function checkPushSubscription(json: PushSubscriptionJson, allowLoopback = false): StoredPushSubscription {
  let url: URL;
  try {
    url = new URL(json.endpoint);
  } catch {
    throw invalid('endpoint', '不是网址', 'not a URL');
  }
  if (url.protocol !== 'https:' && !(allowLoopback && url.protocol === 'http:' && LOOPBACK.has(url.hostname))) throw invalid('endpoint', '须为 https 地址', 'must be an https URL');
  if (json.endpoint.length > 2000) throw invalid('endpoint', '过长', 'too long');
  const p256dh = json.keys.p256dh.replace(/=+$/, '');
  const auth = json.keys.auth.replace(/=+$/, '');
  if (!isKey(p256dh, 65) || Buffer.from(p256dh, 'base64url')[0] !== 0x04) throw invalid('keys.p256dh', '须为 base64url 编码的 P-256 公钥（65 字节）', 'must be a base64url P-256 public key (65 bytes)');
  if (!isKey(auth, 16)) throw invalid('keys.auth', '须为 base64url 编码的 16 字节密钥', 'must be a base64url 16-byte secret');
  return { endpoint: json.endpoint, p256dh, auth };
}

@Injectable()
export class PushSubscriptions implements PushSubscriptionBook {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /**
   * Saves the signed-in worker's browser; an endpoint another worker of the township had moves to this
   * one (same phone, new sign-in). One township's request never takes over another's row: that
   * endpoint stays where it is until its worker turns push off there (the route sweep found the move).
   */
  async save(user: SessionUser, json: PushSubscriptionJson): Promise<void> {
    const sub = checkPushSubscription(json, this.config.notify.webpush?.allowLoopbackEndpoints === true);
    const saved = await this.db.query<{ id: string }>(
      `INSERT INTO push_subscription (township_id, worker_id, endpoint, p256dh, auth, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (endpoint) DO UPDATE SET township_id = EXCLUDED.township_id, worker_id = EXCLUDED.worker_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth,
         created_at = EXCLUDED.created_at, last_success_at = NULL, failed_at = NULL, failure = NULL
       WHERE push_subscription.township_id = EXCLUDED.township_id
       RETURNING id`,
      [user.townshipId, workerOf(user), sub.endpoint, sub.p256dh, sub.auth, this.clock.now()],
    );
    if (saved.length === 0) {
      throw new DomainError(
        'DUPLICATE_CONFLICT',
        'endpoint：此浏览器的推送已登记在其他街道的账号下，请先在原账号关闭推送',
        'endpoint: this browser’s push is registered to an account of another township; turn it off there first',
        'endpoint',
      );
    }
  }

  /** Removes one of the signed-in worker's browsers; removing one already gone is no error. */
  async remove(user: SessionUser, endpoint: string | undefined): Promise<void> {
    if (!endpoint) throw invalid('endpoint', '缺少要取消的订阅地址', 'the subscription endpoint is required');
    await this.db.query('DELETE FROM push_subscription WHERE worker_id = $1 AND endpoint = $2', [workerOf(user), endpoint]);
  }

  /** How many browsers the worker can be pushed to (the page planner's address for 'webpush'). */
  async count(tx: Sql, workerId: string): Promise<number> {
    const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM push_subscription WHERE worker_id = $1', [workerId]);
    return row?.n ?? 0;
  }

  async forPage(workerId: string, attemptId: string): Promise<{ offerId: string | null; subscriptions: StoredPushSubscription[] }> {
    const subscriptions = await this.db.query<StoredPushSubscription>('SELECT endpoint, p256dh, auth FROM push_subscription WHERE worker_id = $1 ORDER BY created_at', [workerId]);
    // PageMessage does not carry the offer; the attempt does (an adapter test's made-up attempt id is no uuid).
    const [attempt] = UUID.test(attemptId) ? await this.db.query<{ offer_id: string }>('SELECT offer_id FROM page_attempt WHERE id = $1', [attemptId]) : [];
    return { offerId: attempt?.offer_id ?? null, subscriptions };
  }

  async succeeded(endpoint: string): Promise<void> {
    await this.db.query('UPDATE push_subscription SET last_success_at = $2, failed_at = NULL, failure = NULL WHERE endpoint = $1', [endpoint, this.clock.now()]);
  }

  async gone(endpoint: string): Promise<void> {
    await this.db.query('DELETE FROM push_subscription WHERE endpoint = $1', [endpoint]);
  }

  async failed(endpoint: string, detail: string): Promise<void> {
    await this.db.query('UPDATE push_subscription SET failed_at = $2, failure = $3 WHERE endpoint = $1', [endpoint, this.clock.now(), detail]);
  }
}

function workerOf(user: SessionUser): string {
  if (!user.workerId) throw new DomainError('FORBIDDEN', '仅网格员可开启浏览器推送', 'Only workers can turn on Web Push');
  return user.workerId;
}
