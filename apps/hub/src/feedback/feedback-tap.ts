/**
 * The outbox's tap for feedback: when news of a case is written, the events for everyone who sent the
 * case (reports whose integration has an enabled feedback subscription, and camera owners where
 * configured) are written in the same transaction. A reopened round is news for the first round's
 * senders. Nothing here sends: FeedbackDelivery does, after commit.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { BusEnvelope, ResultCodeMap } from '@xiaonao/contracts';
import { feedbackEventFor, feedbackStepOf, isFeedbackBusEvent, type FeedbackStep } from '@xiaonao/domain';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import type { OutboxTap } from '../outbox/outbox';
import type { Sql } from '../persistence/database';

interface Target {
  report_id: string;
  root_id: string;
  case_no: string;
  subscription_id: string;
  webhook: boolean;
  jetstream: boolean;
  result_codes: ResultCodeMap;
}

/** The first round of a case (reopened_from walked back), its reports, and the subscriptions that hear of them. */
const TARGETS_SQL = `
  WITH RECURSIVE chain AS (
    SELECT id, reopened_from, 0 AS depth FROM incident WHERE id = $1
    UNION ALL
    SELECT i.id, i.reopened_from, c.depth + 1 FROM incident i JOIN chain c ON i.id = c.reopened_from WHERE c.depth < 100
  ), root AS (SELECT id FROM chain WHERE reopened_from IS NULL LIMIT 1)
  SELECT r.id AS report_id, root.id AS root_id, r.case_no, s.id AS subscription_id, s.webhook_url IS NOT NULL AS webhook, s.jetstream, s.result_codes
    FROM root
    JOIN incident_report r ON r.incident_id = root.id
    JOIN feedback_subscription s ON s.enabled AND s.township_id = r.township_id
     AND (s.api_key_id = r.integration_id
          OR (r.source = 'camera' AND cardinality(s.camera_owners) > 0
              AND EXISTS (SELECT 1 FROM camera_storm cs JOIN camera c ON c.id = cs.camera_id WHERE cs.incident_id = root.id AND c.owner = ANY (s.camera_owners))))
   ORDER BY r.received_at, r.id, s.id`;

export const newFeedbackEventId = () => `evt_${randomUUID().replace(/-/g, '')}`;

@Injectable()
export class FeedbackTap implements OutboxTap {
  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {}

  partFor(_name: string, _gate: string, envelopes: readonly BusEnvelope[]): null | 'apart' {
    // Its rows need the case's report and subscriptions read first: written apart (onNews).
    return envelopes.some((e) => isFeedbackBusEvent(e.event)) ? 'apart' : null;
  }

  async onNews(tx: Sql, envelopes: readonly BusEnvelope[]): Promise<void> {
    const rows: { id: string; door: string; township: string; subscription: string; report: string; incident: string; type: string; caseNo: string; occurredAt: string; body: string }[] = [];
    for (const envelope of envelopes) {
      if (!isFeedbackBusEvent(envelope.event)) continue;
      const step: FeedbackStep | null = feedbackStepOf(envelope.event, envelope.payload, envelope.at);
      if (!step) continue;
      const targets = await tx.query<Target>(TARGETS_SQL, [step.incidentId]);
      for (const t of targets) {
        const id = newFeedbackEventId();
        const event = feedbackEventFor(step, { id, townshipCode: envelope.townshipCode, caseNo: t.case_no, resultCodes: t.result_codes });
        const body = JSON.stringify(event);
        // The JetStream door is off without NATS: its rows would wait for ever.
        const doors = [...(t.webhook ? ['webhook'] : []), ...(t.jetstream && this.config.natsUrl ? ['jetstream'] : [])];
        for (const door of doors) {
          rows.push({ id, door, township: envelope.townshipId, subscription: t.subscription_id, report: t.report_id, incident: t.root_id, type: event.type, caseNo: t.case_no, occurredAt: event.occurredAt, body });
        }
      }
    }
    if (!rows.length) return;
    // One statement, rows in order: seq follows the array, so a case's events keep the order of its news.
    await tx.query(
      `INSERT INTO feedback_event (id, door, township_id, subscription_id, report_id, incident_id, type, case_no, occurred_at, body)
       SELECT a, b, c, d, e, f, g, h, i, j FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::timestamptz[], $10::text[]) WITH ORDINALITY AS u(a, b, c, d, e, f, g, h, i, j, n) ORDER BY n`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.door),
        rows.map((r) => r.township),
        rows.map((r) => r.subscription),
        rows.map((r) => r.report),
        rows.map((r) => r.incident),
        rows.map((r) => r.type),
        rows.map((r) => r.caseNo),
        rows.map((r) => r.occurredAt),
        rows.map((r) => r.body),
      ],
    );
  }
}
