/**
 * Feedback subscriptions as the township's operators configure them, and the dead letters they see
 * and send again. Reads and writes only the operator's own township.
 */
import { Inject, Injectable } from '@nestjs/common';
import { feedbackSubject, type FeedbackDeadLetterView, type FeedbackResendRequest, type FeedbackSubscriptionRequest, type FeedbackSubscriptionView, type ResultCodeMap } from '@xiaonao/contracts';
import { DEFAULT_RESULT_CODES, DomainError, parseResultCodes } from '@xiaonao/domain';
import { Database } from '../persistence/database';
import { FeedbackDelivery, integrationToken } from './feedback-delivery';
import { FeedbackQueue } from './feedback-queue';

interface SubscriptionRow {
  api_key_id: string;
  name: string;
  kind: string;
  township_code: string;
  webhook_url: string | null;
  webhook_secret: string | null;
  jetstream: boolean | null;
  result_codes: ResultCodeMap | null;
  camera_owners: string[] | null;
  max_attempts: number | null;
  enabled: boolean | null;
  disabled_reason: string | null;
  pending: number;
  delivered: number;
  dead: number;
}

/** Enough of a secret to tell two apart, never enough to sign. */
export const secretHint = (secret: string) => `${secret.slice(0, 10)}…${secret.slice(-4)}`;

const SELECT = `
  SELECT k.id AS api_key_id, k.name, k.kind, t.code AS township_code, s.webhook_url, s.webhook_secret, s.jetstream, s.result_codes, s.camera_owners,
         s.max_attempts, s.enabled, s.disabled_reason,
         (SELECT count(*) FROM feedback_event e WHERE e.subscription_id = s.id AND e.status = 'pending')::int AS pending,
         (SELECT count(*) FROM feedback_event e WHERE e.subscription_id = s.id AND e.status = 'delivered')::int AS delivered,
         (SELECT count(*) FROM feedback_event e WHERE e.subscription_id = s.id AND e.status = 'dead')::int AS dead
    FROM api_key k JOIN township t ON t.id = k.township_id
    LEFT JOIN feedback_subscription s ON s.api_key_id = k.id
   WHERE k.township_id = $1`;

function viewOf(r: SubscriptionRow): FeedbackSubscriptionView {
  return {
    integrationId: r.api_key_id,
    integrationName: r.name,
    integrationKind: r.kind,
    webhookUrl: r.webhook_url,
    webhookSecretHint: r.webhook_secret ? secretHint(r.webhook_secret) : null,
    jetstream: r.jetstream ?? false,
    subject: feedbackSubject(r.kind, r.township_code, integrationToken(r.api_key_id)),
    resultCodes: r.result_codes ?? { ...DEFAULT_RESULT_CODES },
    cameraOwners: r.camera_owners ?? [],
    maxAttempts: r.max_attempts ?? 8,
    enabled: r.enabled ?? false,
    disabledReason: r.disabled_reason,
    counts: { pending: r.pending, delivered: r.delivered, dead: r.dead },
  };
}

@Injectable()
export class FeedbackSubscriptions {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(FeedbackQueue) private readonly queue: FeedbackQueue,
    @Inject(FeedbackDelivery) private readonly delivery: FeedbackDelivery,
  ) {}

  async list(townshipId: string): Promise<FeedbackSubscriptionView[]> {
    const rows = await this.db.query<SubscriptionRow>(`${SELECT} ORDER BY k.created_at, k.name`, [townshipId]);
    return rows.map(viewOf);
  }

  async get(townshipId: string, integrationId: string): Promise<FeedbackSubscriptionView> {
    const [row] = await this.db.query<SubscriptionRow>(`${SELECT} AND k.id = $2`, [townshipId, integrationId]);
    if (!row) throw new DomainError('NOT_FOUND', '本街道没有这个对接方', 'No such integration in this township', 'integrationId');
    return viewOf(row);
  }

  /** Creates or changes the subscription: fields absent keep their value (a new one gets the defaults). */
  async set(townshipId: string, integrationId: string, body: FeedbackSubscriptionRequest): Promise<FeedbackSubscriptionView> {
    const current = await this.get(townshipId, integrationId);
    let resultCodes: ResultCodeMap | undefined;
    if (body.resultCodes !== undefined) {
      const parsed = parseResultCodes(body.resultCodes);
      if (!parsed.ok) throw new DomainError('INVALID_INPUT', parsed.problem.zh, parsed.problem.en, parsed.problem.field);
      resultCodes = parsed.codes;
    }
    const [stored] = await this.db.query<{ webhook_secret: string | null }>('SELECT webhook_secret FROM feedback_subscription WHERE api_key_id = $1', [integrationId]);
    const webhookUrl = body.webhookUrl === undefined ? current.webhookUrl : body.webhookUrl;
    const secret = body.webhookSecret ?? stored?.webhook_secret ?? null;
    if (webhookUrl && !secret) throw new DomainError('INVALID_INPUT', '设置推送地址须同时提供签名密钥 whsec_…', 'A webhook URL needs a signing secret whsec_…', 'webhookSecret');
    const enabled = body.enabled ?? (stored ? current.enabled : true);
    await this.db.query(
      `INSERT INTO feedback_subscription (township_id, api_key_id, webhook_url, webhook_secret, jetstream, result_codes, camera_owners, max_attempts, enabled, disabled_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)
       ON CONFLICT (api_key_id) DO UPDATE SET webhook_url = $3, webhook_secret = $4, jetstream = $5, result_codes = $6, camera_owners = $7, max_attempts = $8,
         enabled = $9, disabled_reason = CASE WHEN $9 THEN NULL ELSE feedback_subscription.disabled_reason END, updated_at = now()`,
      [
        townshipId,
        integrationId,
        webhookUrl,
        secret,
        body.jetstream ?? current.jetstream,
        JSON.stringify(resultCodes ?? current.resultCodes),
        body.cameraOwners ?? current.cameraOwners,
        body.maxAttempts ?? current.maxAttempts,
        enabled,
      ],
    );
    // Turned on again: what waited for it goes now.
    if (enabled) this.delivery.kick();
    return this.get(townshipId, integrationId);
  }

  async deadLetters(townshipId: string, limit = 200): Promise<FeedbackDeadLetterView[]> {
    const rows = await this.db.query<{
      id: string;
      door: 'webhook' | 'jetstream';
      api_key_id: string;
      name: string;
      type: FeedbackDeadLetterView['type'];
      case_no: string;
      occurred_at: Date;
      attempts: number;
      last_status: number | null;
      last_error: string | null;
      dead_at: Date;
    }>(
      `SELECT e.id, e.door, k.id AS api_key_id, k.name, e.type, e.case_no, e.occurred_at, e.attempts, e.last_status, e.last_error, e.dead_at
         FROM feedback_event e JOIN feedback_subscription s ON s.id = e.subscription_id JOIN api_key k ON k.id = s.api_key_id
        WHERE e.township_id = $1 AND e.status = 'dead' ORDER BY e.seq LIMIT $2`,
      [townshipId, limit],
    );
    return rows.map((r) => ({
      eventId: r.id,
      door: r.door,
      integrationId: r.api_key_id,
      integrationName: r.name,
      type: r.type,
      caseNo: r.case_no,
      occurredAt: r.occurred_at.toISOString(),
      attempts: r.attempts,
      lastStatus: r.last_status,
      lastError: r.last_error,
      deadAt: r.dead_at.toISOString(),
    }));
  }

  async resend(townshipId: string, body: FeedbackResendRequest): Promise<{ requeued: number }> {
    if (!body.eventId && !body.integrationId) {
      throw new DomainError('INVALID_INPUT', '请指定要重发的事件 eventId 或对接方 integrationId', 'Name the event (eventId) or the integration (integrationId) to resend', 'eventId');
    }
    // Another township's integration is not ours to name: 404, as for its other routes.
    if (body.integrationId) await this.get(townshipId, body.integrationId);
    const requeued = await this.queue.resend(townshipId, body);
    if (body.eventId && !requeued) throw new DomainError('NOT_FOUND', '没有这条死信', 'No such dead letter', 'eventId');
    this.delivery.kick();
    return { requeued };
  }
}
