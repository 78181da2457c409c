/**
 * Results back to the sender (#11): the progress and result of a case, pushed to the integration that
 * sent it (a 110 call centre, 12345, a camera owner) through a signed webhook (Standard Webhooks) and a
 * JetStream subject. The contract in full, with a worked signature: docs/feedback-110.md.
 */
import type { Closure, IncidentState } from './vocabulary';

export const FEEDBACK_EVENT_TYPES = [
  'case.accepted',
  'case.contacted',
  'case.arrived',
  'case.closed',
  'case.returned_to_police',
  'case.handed_to_12345',
  'case.reopened',
  'case.followed_up',
  'case.signed_off',
] as const;
export type FeedbackEventType = (typeof FEEDBACK_EVENT_TYPES)[number];

/**
 * What a result is, whatever the receiver calls it: the keys of a subscription's result-code mapping.
 * The progress steps have keys too, so a receiver that codes 「已签收/已到场」 can have them.
 */
export const FEEDBACK_RESULT_KINDS = [
  'accepted',
  'contacted',
  'arrived',
  'resolved',
  'dismissed',
  'returned_to_police',
  'handed_to_12345',
  'reopened',
  'followed_up',
  'signed_off',
] as const;
export type FeedbackResultKind = (typeof FEEDBACK_RESULT_KINDS)[number];

/** A receiver's own code for each result kind (e.g. GA/T 2000.152 警情处理结果代码); a kind absent has no code. */
export type ResultCodeMap = Partial<Record<FeedbackResultKind, string>>;

/** One piece of feedback: the webhook body and the JetStream message data, the same JSON. */
export interface FeedbackEvent {
  /** Stable: the same event sent again has the same id (webhook-id, Nats-Msg-Id); the receiver drops repeats by it. */
  id: string;
  type: FeedbackEventType;
  /** When the state changed (ISO-8601, UTC), not when it was sent. */
  occurredAt: string;
  townshipCode: string;
  /** The SENDER's number for the case (the 110 警情编号 it sent us). */
  caseNo: string;
  /** 小脑's own number for the round this event is about. */
  incidentNo: string;
  /** 1 for the first round; a reopened case's later rounds feed back to the first round's sender. */
  round: number;
  state: IncidentState;
  closure: Closure | null;
  result: {
    kind: FeedbackResultKind;
    /** Our words, Simplified Chinese and English. */
    zh: string;
    en: string;
    /** The receiver's code from the subscription's mapping; null when the mapping has none. */
    code: string | null;
    /** What the worker wrote when closing (phone numbers masked); null for other steps. */
    text: string | null;
  };
  /** Who handled it: a name only, never a phone number. */
  handler: { name: string } | null;
  /** Returned to the police or handed to 12345: why. */
  handback?: { reasonCategory: string; reason: string };
  /** Reopened: the new round's own number. */
  reopened?: { incidentNo: string; round: number };
  /** A recorded 回访. */
  followUp?: { reached: boolean | null; satisfaction: string | null; solved: boolean | null };
}

export const FEEDBACK_DOORS = ['webhook', 'jetstream'] as const;
export type FeedbackDoor = (typeof FEEDBACK_DOORS)[number];

export const FEEDBACK_STREAM = 'XIAONAO_FEEDBACK';
export const FEEDBACK_SUBJECT_PREFIX = 'xiaonao-feedback';

/** `xiaonao-feedback.<kind>.<townshipCode>.<integration>`, e.g. xiaonao-feedback.110.hezhuang.k3f9a2c1. */
export function feedbackSubject(kind: string, townshipCode: string, integration: string): string {
  return `${FEEDBACK_SUBJECT_PREFIX}.${kind}.${townshipCode}.${integration}`;
}

/** A subscription as the operator sees it: the secret never in full. */
export interface FeedbackSubscriptionView {
  integrationId: string;
  integrationName: string;
  integrationKind: string;
  webhookUrl: string | null;
  /** `whsec_abcd…wxyz`: enough to tell two apart. */
  webhookSecretHint: string | null;
  jetstream: boolean;
  /** The JetStream subject this integration's events go to. */
  subject: string;
  resultCodes: ResultCodeMap;
  /** Camera cases of these owners (camera.owner) also feed back here. */
  cameraOwners: string[];
  maxAttempts: number;
  enabled: boolean;
  /** Why the hub turned it off (the receiver answered 410 Gone), if it did. */
  disabledReason: string | null;
  counts: { pending: number; delivered: number; dead: number };
}

/** PUT body. `webhookSecret` absent keeps the stored one; a new URL without any secret is refused. */
export interface FeedbackSubscriptionRequest {
  webhookUrl?: string | null;
  webhookSecret?: string;
  jetstream?: boolean;
  resultCodes?: ResultCodeMap;
  cameraOwners?: string[];
  maxAttempts?: number;
  enabled?: boolean;
}

export interface FeedbackDeadLetterView {
  eventId: string;
  door: FeedbackDoor;
  integrationId: string;
  integrationName: string;
  type: FeedbackEventType;
  caseNo: string;
  occurredAt: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  deadAt: string;
}

/** POST resend body: one event (eventId, and door or both), or every dead letter of an integration. */
export interface FeedbackResendRequest {
  eventId?: string;
  door?: FeedbackDoor;
  integrationId?: string;
}

export const FEEDBACK_API = {
  subscriptions: '/api/township/integrations/feedback',
  subscription: (integrationId: string) => `/api/township/integrations/${integrationId}/feedback`,
  deadLetters: '/api/township/integrations/feedback/dead-letters',
  resend: '/api/township/integrations/feedback/resend',
} as const;
