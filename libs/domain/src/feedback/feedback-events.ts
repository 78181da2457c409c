/**
 * Which bus news is feedback for the sender, and what the sender is told. Pure: the hub's tap calls
 * `feedbackStepOf` for each piece of news written to the outbox, finds the reports the case came from
 * (walking a reopened round back to the first), and builds one event per report with `feedbackEventFor`.
 */
import type { BusEventName, BusEvents, FeedbackEvent, FeedbackEventType, FeedbackResultKind, IncidentView, ResultCodeMap } from '@xiaonao/contracts';
import { FEEDBACK_RESULT_LABELS } from './result-codes';
import { maskPhonesInText } from './mask-text-phones';

/** What happened, before it is addressed to a report: the same for every sender of the case. */
export interface FeedbackStep {
  type: FeedbackEventType;
  kind: FeedbackResultKind;
  occurredAt: string;
  /** The case (round) whose first round's reports hear of it. */
  incidentId: string;
  incidentNo: string;
  round: number;
  state: IncidentView['state'];
  closure: IncidentView['closure'];
  text: string | null;
  handler: { name: string } | null;
  handback?: FeedbackEvent['handback'];
  reopened?: FeedbackEvent['reopened'];
  followUp?: FeedbackEvent['followUp'];
}

/** Bus news that can be feedback. */
export const FEEDBACK_BUS_EVENTS = [
  'incident.accepted',
  'incident.contacted',
  'incident.arrived',
  'incident.closed',
  'incident.returned',
  'incident.handed_over',
  'incident.reopened',
  'incident.followed_up',
  'incident.signed_off',
] as const satisfies readonly BusEventName[];

export type FeedbackBusEvent = (typeof FEEDBACK_BUS_EVENTS)[number];

export function isFeedbackBusEvent(event: BusEventName): event is FeedbackBusEvent {
  return (FEEDBACK_BUS_EVENTS as readonly string[]).includes(event);
}

const handlerOf = (i: IncidentView): { name: string } | null => (i.worker ? { name: i.worker.name } : null);

function base(i: IncidentView, type: FeedbackEventType, kind: FeedbackResultKind, occurredAt: string): FeedbackStep {
  return { type, kind, occurredAt, incidentId: i.id, incidentNo: i.caseNo, round: i.round, state: i.state, closure: i.closure, text: null, handler: handlerOf(i) };
}

/**
 * The feedback in one piece of bus news, or null. `at` is when the news was made (the envelope's
 * time): the step's own time from the view is preferred, since news of a queued step can be later.
 */
export function feedbackStepOf(event: BusEventName, payload: BusEvents[BusEventName], at: string): FeedbackStep | null {
  if (!isFeedbackBusEvent(event)) return null;
  // One switch over a union of names: each branch reads its own payload shape.
  const news = { event, payload } as { [K in FeedbackBusEvent]: { event: K; payload: BusEvents[K] } }[FeedbackBusEvent];
  switch (news.event) {
    case 'incident.accepted': {
      const i = news.payload.incident;
      return base(i, 'case.accepted', 'accepted', i.acceptedAt ?? at);
    }
    case 'incident.contacted': {
      const i = news.payload.incident;
      return base(i, 'case.contacted', 'contacted', i.contactedAt ?? at);
    }
    case 'incident.arrived': {
      const i = news.payload.incident;
      return base(i, 'case.arrived', 'arrived', i.arrivedAt ?? at);
    }
    case 'incident.closed': {
      const i = news.payload.incident;
      // A hand-back is told by its own event (incident.returned / incident.handed_over): not twice.
      if (i.closure === 'returned_to_police' || i.closure === 'handed_to_12345') return null;
      const kind: FeedbackResultKind = i.closure === 'dismissed' ? 'dismissed' : 'resolved';
      return { ...base(i, 'case.closed', kind, i.closedAt ?? at), text: i.result === null ? null : maskPhonesInText(i.result) };
    }
    case 'incident.returned':
    case 'incident.handed_over': {
      const { incident: i, handback: h } = news.payload;
      const police = news.event === 'incident.returned';
      return {
        ...base(i, police ? 'case.returned_to_police' : 'case.handed_to_12345', police ? 'returned_to_police' : 'handed_to_12345', h.at || at),
        text: h.reason ? maskPhonesInText(h.reason) : null,
        handler: { name: h.by.name },
        handback: { reasonCategory: h.reasonCategory, reason: maskPhonesInText(h.reason) },
      };
    }
    case 'incident.reopened': {
      const { incident: first, round } = news.payload;
      // Told as news of the first case (its reports are the senders'), numbered and counted as the new round.
      return {
        ...base(first, 'case.reopened', 'reopened', round.receivedAt || at),
        round: round.round,
        state: round.state,
        closure: round.closure,
        handler: null,
        reopened: { incidentNo: round.caseNo, round: round.round },
      };
    }
    case 'incident.followed_up': {
      const { incident: i, followUp: f } = news.payload;
      // Scheduled and overdue 回访 are the township's own business; a recorded one is news for the sender.
      if (f.status !== 'recorded') return null;
      return { ...base(i, 'case.followed_up', 'followed_up', f.recordedAt ?? at), handler: null, followUp: { reached: f.reached, satisfaction: f.satisfaction, solved: f.solved } };
    }
    case 'incident.signed_off': {
      const i = news.payload.incident;
      return { ...base(i, 'case.signed_off', 'signed_off', i.signedOffAt ?? at), handler: null };
    }
  }
}

/** Where one event goes: the report's sender, in its own numbering and codes. */
export interface FeedbackTarget {
  /** The stable event id (evt_…), made once when the event is stored. */
  id: string;
  townshipCode: string;
  /** The sender's number: the report's case_no. */
  caseNo: string;
  resultCodes: ResultCodeMap;
}

export function feedbackEventFor(step: FeedbackStep, target: FeedbackTarget): FeedbackEvent {
  const words = FEEDBACK_RESULT_LABELS[step.kind];
  const event: FeedbackEvent = {
    id: target.id,
    type: step.type,
    occurredAt: new Date(step.occurredAt).toISOString(),
    townshipCode: target.townshipCode,
    caseNo: target.caseNo,
    incidentNo: step.incidentNo,
    round: step.round,
    state: step.state,
    closure: step.closure,
    result: { kind: step.kind, zh: words.zh, en: words.en, code: target.resultCodes[step.kind] ?? null, text: step.text },
    handler: step.handler,
  };
  if (step.handback) event.handback = step.handback;
  if (step.reopened) event.reopened = step.reopened;
  if (step.followUp) event.followUp = step.followUp;
  return event;
}
