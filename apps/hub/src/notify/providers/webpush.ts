/**
 * Web Push (浏览器推送) to the browsers a worker turned it on in, with VAPID (RFC 8292) and an
 * aes128gcm-encrypted payload (RFC 8291), POSTed to each subscription's push service (RFC 8030).
 * In mainland China Chrome's and Firefox's push services are unreachable, so this step is an extra:
 * free where it works, never what the chain relies on.
 *
 * The `web-push` package builds each request (generateRequestDetails: the ES256 VAPID JWT, the ECDH +
 * HKDF + AES-128-GCM encryption, the TTL/Urgency headers); the request itself goes through
 * provider-http's exchange like every other provider, so a timeout means the same (unknown, never
 * resent) and plain-http stand-ins work in tests.
 *
 * Answers (RFC 8030 §5, §7): 201 — the push service took it (`sent`); 404/410 — the subscription is gone: it is deleted and counts as `failed`; 429 and
 * 5xx — `failed`, the chain's next step is the retry, not a resend. Push services report no delivery,
 * so `check` answers `sent`, final.
 */
import { generateRequestDetails } from 'web-push';
import type { PushPagePayload } from '@xiaonao/contracts';
import type { Clock } from '../../clock/clock';
import { UnknownOutcomeError, type CheckResult, type NotifyChannel, type PageMessage, type SendResult } from '../channel';
import { truncate } from './page-text';
import { exchange, NotSentError, type ProviderAnswer } from './provider-http';

export interface WebPushConfig {
  /** VAPID keys, base64url (P-256: the public key uncompressed, 65 bytes; the private key 32 bytes). */
  publicKey: string;
  privateKey: string;
  /** `mailto:` or `https:`: how a push service's operators reach the township (the JWT's `sub`). */
  subject: string;
  timeoutMs: number;
  /**
   * Accept subscriptions whose endpoint is plain http on this machine (WEBPUSH_ALLOW_LOOPBACK_ENDPOINTS):
   * only for a local stand-in push service; otherwise a worker could make the hub post to its own host.
   */
  allowLoopbackEndpoints: boolean;
}

/** One browser's subscription, as stored. */
export interface StoredPushSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** Where the adapter finds a worker's subscriptions and notes what each push service answered (push-subscriptions.ts). */
export interface PushSubscriptionBook {
  /** The worker's subscriptions, and the offer the attempt pages about (null when the attempt is unknown). */
  forPage(workerId: string, attemptId: string): Promise<{ offerId: string | null; subscriptions: StoredPushSubscription[] }>;
  succeeded(endpoint: string): Promise<void>;
  /** The push service said the subscription is gone (404/410): it will never take a push again. */
  gone(endpoint: string): Promise<void>;
  failed(endpoint: string, detail: string): Promise<void>;
}

/** What one subscription's push came to. */
type PushOutcome = { kind: 'sent' } | { kind: 'failed'; detail: string } | { kind: 'unknown'; detail: string };

/** The address and the case are cut so the whole payload stays far below the 4 kB a push service must take (RFC 8030 §7.2). */
const ADDRESS_MAX = 80;

export class WebPushChannel implements NotifyChannel {
  readonly kind = 'webpush' as const;

  /** `clock` gives the push its TTL: a push the phone only gets after the offer lapsed is worth nothing. */
  constructor(
    private readonly config: WebPushConfig,
    private readonly clock: Clock,
    private readonly book: PushSubscriptionBook,
  ) {}

  async send(message: PageMessage): Promise<SendResult> {
    const { offerId, subscriptions } = await this.book.forPage(message.worker.id, message.attemptId);
    if (!subscriptions.length) return { status: 'failed', ref: null, detail: '网格员未开启浏览器推送（没有订阅）/ no push subscription' };
    const payload: PushPagePayload = {
      kind: 'offer',
      offerId: offerId ?? message.attemptId,
      caseNo: message.caseNo,
      category: message.categoryLabel,
      address: truncate(message.address, ADDRESS_MAX),
      url: message.url,
      expiresAt: message.expiresAt.toISOString(),
    };
    const ttl = Math.max(0, Math.ceil((message.expiresAt.getTime() - this.clock.now().getTime()) / 1000));
    const outcomes = await Promise.all(subscriptions.map((s) => this.push(s, JSON.stringify(payload), ttl)));

    const sent = outcomes.filter((o) => o.kind === 'sent');
    if (sent.length) {
      const detail = `已推送到 ${sent.length}/${outcomes.length} 个浏览器 / pushed to ${sent.length} of ${outcomes.length} browsers`;
      // No ref: there is nothing to ask a push service later.
      return { status: 'sent', ref: null, detail };
    }
    const words = outcomes.map((o) => (o.kind === 'sent' ? '' : o.detail)).join('；');
    // A push that may have reached its service may still show on the phone: not a known failure.
    if (outcomes.some((o) => o.kind === 'unknown')) throw new UnknownOutcomeError(words);
    return { status: 'failed', ref: null, detail: words };
  }

  /** Push services say nothing of delivery (a receipt from the phone, if any, would come another way). */
  check(): Promise<CheckResult> {
    return Promise.resolve({ status: 'sent', detail: null, final: true });
  }

  private async push(subscription: StoredPushSubscription, payload: string, ttl: number): Promise<PushOutcome> {
    const request = generateRequestDetails({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, payload, {
      vapidDetails: { subject: this.config.subject, publicKey: this.config.publicKey, privateKey: this.config.privateKey },
      TTL: ttl,
      urgency: 'high',
      contentEncoding: 'aes128gcm',
    });
    const headers = Object.fromEntries(
      Object.entries(request.headers)
        // fetch sets the length itself, from the body.
        .filter(([name]) => name.toLowerCase() !== 'content-length')
        .map(([name, value]) => [name, String(value)]),
    );
    const host = hostOf(subscription.endpoint);
    let answer: ProviderAnswer;
    try {
      answer = await exchange(`浏览器推送（${host}）`, request.endpoint, { method: request.method, headers, body: request.body ? new Uint8Array(request.body) : undefined }, this.config.timeoutMs);
    } catch (error) {
      if (error instanceof UnknownOutcomeError) return { kind: 'unknown', detail: error.message };
      if (!(error instanceof NotSentError)) throw error;
      await this.book.failed(subscription.endpoint, error.message);
      return { kind: 'failed', detail: error.message };
    }
    const status = answer.httpStatus;
    if (status === 201) {
      await this.book.succeeded(subscription.endpoint);
      return { kind: 'sent' };
    }
    if (status === 404 || status === 410) {
      await this.book.gone(subscription.endpoint);
      return { kind: 'failed', detail: `${host} 答复 ${status}：订阅已失效，已删除 / subscription gone, removed` };
    }
    const detail = `${host} 答复 HTTP ${status}${status === 429 ? '（限流）/ rate limited' : ''}${bodyText(answer.body)}`;
    await this.book.failed(subscription.endpoint, detail);
    return { kind: 'failed', detail };
  }
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

/** A push service's words on a refusal, short. */
function bodyText(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text ? ` ${truncate(text, 120)}` : '';
}
