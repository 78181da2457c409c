/**
 * One EIDO websocket connection's side of NENA-STA-024's subscribe/notify: its subscriptions, the
 * events it was sent and has not yet acknowledged (eventResponse by transactionId), and the answers to
 * what it sends. It knows nothing of sockets or the bus: `send` writes a message, `eido` builds
 * documents. Every send goes through one queue, so a subscriber sees a case's changes in bus order.
 */
import { randomUUID } from 'node:crypto';
import {
  EIDO_MAX_UNACKNOWLEDGED,
  EIDO_MEDIA_TYPE,
  EIDO_STATUS,
  type EidoDocument,
  type EidoServerMessage,
  type EidoSubscribe,
  type IncidentView,
} from '@xiaonao/contracts';

/** Whose connection: an operator (or a station) with a session, or an integration's API key. */
export interface SubscriberScope {
  townshipId: string;
  /** A station sees the cases it handed over only. */
  stationId: string | null;
  /** The session behind an operator's token (closed when the session ends); null for an API key. */
  sessionId: string | null;
  /** When the credential stops being good (an access token's expiry); null for an API key. */
  validUntil: Date | null;
  /** For logs: the user name or the integration's name. */
  who: string;
}

/** What the subscriber needs from the rest of the hub. */
export interface SubscriberPorts {
  send(message: EidoServerMessage): void;
  /** The case's EIDO as the township's operators may see it; null when it is not the scope's to see. */
  eidoOf(incidentId: string): Promise<EidoDocument | null>;
  /** Open cases of the scope, for the snapshot a new subscription starts with. */
  openCases(): Promise<string[]>;
  /** A case id from what the subscriber called it (id, case number, tracking id), within the scope. */
  resolve(name: string): Promise<string | null>;
  now(): Date;
  warn(message: string): void;
}

interface Subscription {
  id: string;
  requestId: string;
  kind: 'new' | 'single';
  incidentId: string | null;
  expiresAt: number;
}

/** STA-024 leaves the period to the notifier: a day at most, fifteen seconds at least (as Ng911CadIfLib does). */
const MAX_EXPIRES_S = 86_400;
const MIN_EXPIRES_S = 15;

type SubscribeBody = EidoSubscribe['subscribe'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `application/emergency.eido+json; version="1,2"` must name our media type and major version 1. */
function acceptsOurs(accepts: string): boolean {
  const [type, ...params] = accepts.split(';').map((p) => p.trim());
  if (type.toLowerCase() !== EIDO_MEDIA_TYPE) return false;
  const version = params.find((p) => p.toLowerCase().startsWith('version='));
  if (!version) return true;
  return version
    .slice('version='.length)
    .replace(/["“”]/g, '')
    .split(',')
    .some((v) => v.trim().split('.')[0] === '1');
}

export class EidoSubscriber {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly pending = new Map<string, string>();
  private acknowledged = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly scope: SubscriberScope,
    private readonly ports: SubscriberPorts,
  ) {}

  /** For tests and the ops page: events sent and not yet acknowledged, and those acknowledged. */
  stats(): { subscriptions: number; unacknowledged: number; acknowledged: number } {
    return { subscriptions: this.subscriptions.size, unacknowledged: this.pending.size, acknowledged: this.acknowledged };
  }

  /** One message from the subscriber. Returns false when it was not a conveyance message at all (the caller closes). */
  receive(message: unknown): boolean {
    if (!isRecord(message)) return false;
    const keys = Object.keys(message);
    if (keys.length !== 1) return false;
    const body = message[keys[0]];
    if (!isRecord(body)) return false;
    switch (keys[0]) {
      case 'subscribe':
        this.enqueue(() => this.subscribe(body));
        return true;
      case 'unsubscribe':
        this.enqueue(() => {
          this.unsubscribe(body);
          return Promise.resolve();
        });
        return true;
      case 'eventResponse':
        this.acknowledge(body);
        return true;
      default:
        return false;
    }
  }

  /** Bus news of cases: an event per subscription that covers each case, in the order the news came. */
  news(views: readonly IncidentView[], eidoOf: (view: IncidentView) => Promise<EidoDocument>): void {
    const now = this.ports.now().getTime();
    for (const view of views) {
      if (view.townshipId !== this.scope.townshipId) continue;
      if (this.scope.stationId && view.station?.id !== this.scope.stationId) continue;
      const covering = [...this.subscriptions.values()].filter((s) => s.expiresAt > now && (s.kind === 'new' || s.incidentId === view.id));
      if (!covering.length) continue;
      this.enqueue(async () => {
        const doc = await eidoOf(view);
        for (const s of covering) if (this.subscriptions.has(s.id)) this.notify(s, [doc]);
      });
    }
  }

  /** Ends subscriptions past their time, and all of them when the credential has lapsed. Returns whether any remain. */
  sweep(): boolean {
    const now = this.ports.now().getTime();
    const lapsed = this.scope.validUntil !== null && this.scope.validUntil.getTime() <= now;
    for (const s of [...this.subscriptions.values()]) {
      if (lapsed) this.terminate(s, EIDO_STATUS.forbidden, '凭证已过期 / credential expired');
      else if (s.expiresAt <= now) this.terminate(s, EIDO_STATUS.ok, '订阅到期 / subscription expired');
    }
    return !lapsed;
  }

  /** Waits for everything queued (tests, shutdown). */
  settled(): Promise<void> {
    return this.queue;
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((error: unknown) => this.ports.warn(`EIDO subscriber ${this.scope.who}: ${error instanceof Error ? error.message : String(error)}`));
  }

  private answer(requestId: string, statusCode: number, statusText: string, extra: { subscriptionId?: string; expires?: number } = {}): void {
    this.ports.send({ subscribeResponse: { requestId, ...extra, statusCode, statusText } });
  }

  private async subscribe(raw: Record<string, unknown>): Promise<void> {
    const requestId = typeof raw.requestId === 'string' ? raw.requestId : '';
    if (!requestId) return this.answer('', EIDO_STATUS.badRequest, 'requestId：必填 / requestId is required');
    const body = raw as Partial<SubscribeBody>;
    const expiresS = typeof body.expires === 'number' && Number.isFinite(body.expires) && body.expires > 0 ? Math.min(MAX_EXPIRES_S, Math.max(MIN_EXPIRES_S, Math.floor(body.expires))) : MAX_EXPIRES_S;
    const expiresAt = this.ports.now().getTime() + expiresS * 1000;

    // A subscriptionId renews (keeps alive) an existing subscription, and may change nothing else.
    if (body.subscriptionId !== undefined) {
      const existing = typeof body.subscriptionId === 'string' ? this.subscriptions.get(body.subscriptionId) : undefined;
      if (!existing) return this.answer(requestId, EIDO_STATUS.subscriptionDoesNotExist, '订阅不存在 / subscription does not exist');
      existing.expiresAt = expiresAt;
      return this.answer(requestId, EIDO_STATUS.ok, 'OK', { subscriptionId: existing.id, expires: expiresS });
    }
    if (body.requestType !== 'EIDO') return this.answer(requestId, EIDO_STATUS.badRequest, 'requestType：只支持 "EIDO" / requestType must be "EIDO"');
    if (body.requestSubType !== 'new' && body.requestSubType !== 'single') return this.answer(requestId, EIDO_STATUS.badRequest, 'requestSubType：应为 "new" 或 "single" / must be "new" or "single"');
    if (body.requestAccepts !== undefined && (typeof body.requestAccepts !== 'string' || !acceptsOurs(body.requestAccepts))) {
      return this.answer(requestId, EIDO_STATUS.unacceptable, `requestAccepts：只提供 ${EIDO_MEDIA_TYPE}; version="1" / only ${EIDO_MEDIA_TYPE} version 1 is offered`);
    }
    if (body.qualFilter !== undefined) return this.answer(requestId, EIDO_STATUS.badRequest, 'qualFilter：暂不支持 / qualFilter is not supported');

    let incidentId: string | null = null;
    if (body.requestSubType === 'single') {
      if (typeof body.incidentId !== 'string' || !body.incidentId) return this.answer(requestId, EIDO_STATUS.badRequest, 'incidentId：订阅单个事件时必填 / required for a "single" subscription');
      incidentId = await this.ports.resolve(body.incidentId);
      if (!incidentId) return this.answer(requestId, EIDO_STATUS.notFound, '事件不存在或无权查看 / no such case, or not yours to see');
    } else if (body.incidentId !== undefined) {
      return this.answer(requestId, EIDO_STATUS.badRequest, 'incidentId：只用于 "single" / only with "single"');
    }

    const subscription: Subscription = { id: randomUUID(), requestId, kind: body.requestSubType, incidentId, expiresAt };
    this.subscriptions.set(subscription.id, subscription);
    this.answer(requestId, EIDO_STATUS.ok, 'OK', { subscriptionId: subscription.id, expires: expiresS });

    // STA-024: a new-incidents subscription is sent every matching open case at once (an empty notification if none);
    // a single-incident one is sent the case as it stands.
    const ids = incidentId ? [incidentId] : await this.ports.openCases();
    const docs: EidoDocument[] = [];
    for (const id of ids) {
      const doc = await this.ports.eidoOf(id);
      if (doc) docs.push(doc);
    }
    if (this.subscriptions.has(subscription.id)) this.notify(subscription, docs);
  }

  private unsubscribe(raw: Record<string, unknown>): void {
    const requestId = typeof raw.requestId === 'string' ? raw.requestId : '';
    const subscriptionId = typeof raw.subscriptionId === 'string' ? raw.subscriptionId : '';
    const known = this.subscriptions.delete(subscriptionId);
    if (known) this.forget(subscriptionId);
    this.ports.send({
      unsubscribeResponse: {
        requestId,
        subscriptionId,
        statusCode: !requestId || !subscriptionId ? EIDO_STATUS.badRequest : known ? EIDO_STATUS.ok : EIDO_STATUS.subscriptionDoesNotExist,
        statusText: !requestId || !subscriptionId ? 'requestId、subscriptionId：必填 / both are required' : known ? '已退订 / unsubscribed' : '订阅不存在 / subscription does not exist',
      },
    });
  }

  private acknowledge(raw: Record<string, unknown>): void {
    const transactionId = typeof raw.transactionId === 'string' ? raw.transactionId : '';
    if (this.pending.delete(transactionId)) this.acknowledged++;
    else this.ports.warn(`EIDO subscriber ${this.scope.who}: eventResponse for unknown transaction ${JSON.stringify(transactionId).slice(0, 80)}`);
  }

  private notify(subscription: Subscription, notification: EidoDocument[]): void {
    if (this.pending.size >= EIDO_MAX_UNACKNOWLEDGED) {
      return this.terminate(subscription, EIDO_STATUS.unavailable, `未确认的事件超过 ${EIDO_MAX_UNACKNOWLEDGED} 条 / more than ${EIDO_MAX_UNACKNOWLEDGED} events unacknowledged`);
    }
    const transactionId = randomUUID();
    this.pending.set(transactionId, subscription.id);
    this.ports.send({ event: { subscriptionId: subscription.id, transactionId, notification } });
  }

  private terminate(subscription: Subscription, statusCode: number, statusText: string): void {
    this.subscriptions.delete(subscription.id);
    this.forget(subscription.id);
    this.ports.send({ terminate: { requestId: subscription.requestId, subscriptionId: subscription.id, statusCode, statusText } });
  }

  /** A subscription that ended leaves no events waiting for an answer. */
  private forget(subscriptionId: string): void {
    for (const [transactionId, owner] of this.pending) if (owner === subscriptionId) this.pending.delete(transactionId);
  }
}
