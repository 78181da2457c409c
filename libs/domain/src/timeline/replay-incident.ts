/**
 * A case's state rebuilt from its events alone, and compared with the incident row that the hub keeps
 * up to date as it goes. The two are written in the same transaction, so any difference means one of
 * them was changed behind the hub's back (or the hub wrote a change without its event).
 *
 * Events are applied as the facts they record, in order, without re-judging whether each was allowed.
 */
import type { IncidentState, TimelineType } from '@xiaonao/contracts';
import { afterDecline, afterOfferLapsed } from '../incident/incident-lifecycle';

/** The part of an event the replay reads (a stored event, a ChainEvent and a TimelineEntryView all fit). */
export interface ReplayEvent {
  type: TimelineType;
  at: Date | string;
  workerId: string | null;
  detail: Readonly<Record<string, unknown>>;
}

export interface ReplayedIncident {
  state: IncidentState;
  /** The holder, or the worker of a sequential offer; none while a race is open. */
  workerId: string | null;
  /** Times as ISO-8601 UTC strings. A stage's time is its first occurrence (a reassigned case keeps them). */
  receivedAt: string | null;
  acceptedAt: string | null;
  contactedAt: string | null;
  arrivedAt: string | null;
  closedAt: string | null;
  result: string | null;
  /** Workers whose offer was still open after the last event. */
  openOffers: string[];
}

const iso = (at: Date | string) => new Date(at).toISOString();

/**
 * When a worker's step counts as done: the trusted device time of a step that came late from the
 * phone's offline queue (detail.deviceTime, see judgeDeviceTime), else the event's own time.
 */
function happenedAt(e: { at: Date | string; detail: Readonly<Record<string, unknown>> }): string {
  const device = e.detail.deviceTime;
  if (typeof device === 'object' && device !== null && 'happenedAt' in device && typeof device.happenedAt === 'string') return iso(device.happenedAt);
  return iso(e.at);
}

export function replayIncident(events: readonly ReplayEvent[]): ReplayedIncident {
  const s: Omit<ReplayedIncident, 'openOffers'> = {
    state: 'received',
    workerId: null,
    receivedAt: null,
    acceptedAt: null,
    contactedAt: null,
    arrivedAt: null,
    closedAt: null,
    result: null,
  };
  const open = new Set<string>();
  for (const e of events) {
    const w = e.workerId;
    switch (e.type) {
      case 'received':
        s.receivedAt ??= iso(e.at);
        break;
      case 'offered':
        if (!w) break;
        open.add(w);
        s.state = 'offered';
        // A race offers several workers at once and the case has no holder until one accepts.
        s.workerId = e.detail.race === true ? null : w;
        break;
      case 'assigned_by_operator':
        if (!w) break;
        // An operator's choice withdraws every other open offer, or takes the case from its holder.
        open.clear();
        open.add(w);
        s.state = 'offered';
        s.workerId = w;
        break;
      case 'offer_expired':
        if (!w) break;
        open.delete(w);
        // Back to waiting only when this was the last open offer and it was this worker's (or a race's).
        if (open.size === 0 && (s.workerId === w || s.workerId === null)) {
          s.state = afterOfferLapsed(s.state);
          if (s.state === 'received') s.workerId = null;
        }
        break;
      case 'declined':
        if (!w) break;
        open.delete(w);
        if (s.workerId === w) s.workerId = null;
        // A decline in a race leaves the case offered while the others' offers stand.
        if (s.state === 'offered') s.state = afterDecline(open.size);
        break;
      case 'accepted':
        open.clear();
        s.state = 'accepted';
        s.workerId = w;
        s.acceptedAt ??= happenedAt(e);
        break;
      case 'contacted':
        s.state = 'contacted';
        s.contactedAt ??= happenedAt(e);
        break;
      case 'arrived':
        s.state = 'arrived';
        s.arrivedAt ??= happenedAt(e);
        break;
      case 'closed':
        open.clear();
        s.state = 'closed';
        s.closedAt = happenedAt(e);
        s.result = typeof e.detail.result === 'string' ? e.detail.result : '';
        break;
      case 'returned_to_police':
      case 'handed_to_12345':
        // Out of the township's hands (see handback): closed without a result; a worker only offered it never held it.
        open.clear();
        if (s.state === 'received' || s.state === 'offered') s.workerId = null;
        s.state = 'closed';
        s.closedAt = happenedAt(e);
        break;
      // Alarms, confirmations, helpers, calls, pages, a queued case starting and linked or split reports change none of the
      // compared fields; nor do 签收, 回访, 督办 and 销号, which come after the close (a reopened round is a new incident).
      case 'report_linked':
      case 'report_split':
      case 'point_confirmed':
      case 'clock_at_risk':
      case 'clock_breached':
      case 'arrival_at_risk':
      case 'dispatch_confirmed':
      case 'assist_added':
      case 'queue_started':
      case 'call_attempted':
      case 'unreachable':
      case 'escalated':
      case 'paged':
      case 'station_acknowledged':
      case 'followup_scheduled':
      case 'followup_recorded':
      case 'followup_overdue':
      case 'supervision_opened':
      case 'supervision_overdue':
      case 'supervision_resolved':
      case 'reopened':
      case 'signed_off':
        break;
    }
  }
  return { ...s, openOffers: [...open] };
}

/** The incident row's fields that the events determine; times as Dates (from pg) or ISO strings. */
export interface IncidentProjection {
  state: IncidentState;
  workerId: string | null;
  receivedAt: Date | string | null;
  acceptedAt: Date | string | null;
  contactedAt: Date | string | null;
  arrivedAt: Date | string | null;
  closedAt: Date | string | null;
  result: string | null;
}

export const PROJECTION_FIELDS = ['state', 'workerId', 'receivedAt', 'acceptedAt', 'contactedAt', 'arrivedAt', 'closedAt', 'result'] as const;
export type ProjectionField = (typeof PROJECTION_FIELDS)[number];

/** One field where the events and the row disagree, both values as text. */
export interface ProjectionDiff {
  field: ProjectionField;
  fromEvents: string | null;
  onRow: string | null;
}

const TIME_FIELDS: ReadonlySet<ProjectionField> = new Set(['receivedAt', 'acceptedAt', 'contactedAt', 'arrivedAt', 'closedAt']);

function text(field: ProjectionField, value: Date | string | null): string | null {
  if (value === null) return null;
  return TIME_FIELDS.has(field) ? iso(value) : String(value);
}

/** The fields, in PROJECTION_FIELDS order, where the replayed case and the row differ. */
export function compareWithProjection(replayed: ReplayedIncident, row: IncidentProjection): ProjectionDiff[] {
  return PROJECTION_FIELDS.flatMap((field) => {
    const fromEvents = text(field, replayed[field]);
    const onRow = text(field, row[field]);
    return fromEvents === onRow ? [] : [{ field, fromEvents, onRow }];
  });
}
