import type { Category, Closure, FollowUpView, HandbackView, IncidentSource, IncidentState, IncidentView, IncidentWorkerView, RecommendationView, StageClockView } from '@xiaonao/contracts';
import { contactKindOf, holdsCase, maskPhone, type StageClock } from '@xiaonao/domain';
import { FOLLOW_UP_VIEW_SQL } from '../followup/followup-view.sql';

/** An incident as read with its station, grid and worker. */
export interface IncidentRow {
  id: string;
  township_id: string;
  case_no: string;
  source: IncidentSource;
  received_at: Date;
  caller_name: string;
  caller_phone: string;
  address: string;
  lng: number;
  lat: number;
  category: Category;
  description: string;
  station_id: string | null;
  station_code: string | null;
  station_name: string | null;
  grid_id: string | null;
  grid_code: string | null;
  grid_name: string | null;
  state: IncidentState;
  worker_id: string | null;
  worker_name: string | null;
  worker_phone: string | null;
  accepted_at: Date | null;
  contacted_at: Date | null;
  arrived_at: Date | null;
  closed_at: Date | null;
  result: string | null;
  closure: Closure | null;
  round: number;
  reopened_from: string | null;
  reopened_from_case_no: string | null;
  /** The hand-back (police or 12345) as its view; NULL until one exists. */
  handback: HandbackView | null;
  /** The latest 回访 as its view; NULL when none is due. */
  follow_up: FollowUpView | null;
  signed_off_at: Date | null;
  priority: number;
  awaiting_confirmation: boolean;
  arrival_at_risk: boolean;
  queued: boolean;
  recommendation: RecommendationView | null;
  /** The timeline's anchor: how many events the case has and the last one's hash (IncidentStore.record). */
  event_count: number;
  last_event_hash: string | null;
  assistants: IncidentWorkerView[] | null;
  /** Calls placed to the party (see call_attempt), and whether the last few in a row went unanswered. */
  call_attempts: number;
  unreachable: boolean;
  /** How arrival was established: metres from the worker's fix, doubtful, or detected from positions. */
  arrival_distance_m: number | null;
  arrival_flagged: boolean;
  arrived_auto: boolean;
  /** Placed from the gazetteer (no point given): how sure, whether an operator must confirm, the place matched. */
  placement_confidence: number | null;
  placement_needs_confirmation: boolean;
  placement_name: string | null;
  updated_at: Date;
}

/**
 * The incident with its station, grid and worker, read from `source` as `i`: the table, or a CTE's
 * RETURNING * of rows written in the same statement (NewCaseWriter reads its new case back that way).
 */
export const incidentSelectFrom = (source: string) => `
  SELECT i.*, s.code AS station_code, s.name AS station_name, g.code AS grid_code, g.name AS grid_name,
         w.name AS worker_name, w.phone AS worker_phone,
         (SELECT json_agg(json_build_object('id', aw.id, 'name', aw.name, 'phone', aw.phone) ORDER BY a.added_at)
          FROM incident_assist a JOIN worker aw ON aw.id = a.worker_id WHERE a.incident_id = i.id) AS assistants,
         (SELECT p.case_no FROM incident p WHERE p.id = i.reopened_from) AS reopened_from_case_no,
         -- Filled in by the hand-back and 回访 features (#11): each replaces its NULL with a subquery building its view.
         (SELECT json_build_object('target', hb.target, 'reasonCategory', hb.reason_category, 'reason', hb.reason, 'notes', hb.notes,
                 'by', json_build_object('role', hb.by_role, 'id', hb.by_id, 'name', hb.by_name),
                 -- ISO-8601 in UTC with milliseconds, as toISOString() writes every other time of the view.
                 'at', to_char(hb.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                 'acknowledgedAt', to_char(hb.acknowledged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                 'acknowledgedBy', hb.acknowledged_by)
          FROM incident_handback hb WHERE hb.incident_id = i.id) AS handback,
         ${FOLLOW_UP_VIEW_SQL} AS follow_up
  FROM ${source} i
  LEFT JOIN police_station s ON s.id = i.station_id
  LEFT JOIN grid g ON g.id = i.grid_id
  LEFT JOIN worker w ON w.id = i.worker_id`;

export const INCIDENT_SELECT = incidentSelectFrom('incident');

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function clockViews(clocks: readonly StageClock[]): StageClockView[] {
  return clocks.map((c) => ({ stage: c.stage, deadline: c.deadline.toISOString(), warnAt: c.warnAt.toISOString(), status: c.status, doneAt: iso(c.doneAt) }));
}

/** Whether this worker holds the case as the row has it (primary from acceptance, or assisting, until it closes). */
export function rowHeldBy(row: IncidentRow, workerId: string | null | undefined): boolean {
  return holdsCase({ state: row.state, workerId: row.worker_id, assistantIds: (row.assistants ?? []).map((a) => a.id) }, workerId);
}

/**
 * The case as a view. The caller's number is masked unless `fullCallerPhone` says this view goes to
 * the worker holding the case (docs/personal-data.md); the row itself always keeps the full number.
 */
export function toIncidentView(row: IncidentRow, clocks: readonly StageClock[], { fullCallerPhone = false }: { fullCallerPhone?: boolean } = {}): IncidentView {
  return {
    id: row.id,
    townshipId: row.township_id,
    caseNo: row.case_no,
    source: row.source,
    receivedAt: row.received_at.toISOString(),
    callerName: row.caller_name,
    callerPhone: fullCallerPhone ? row.caller_phone : maskPhone(row.caller_phone),
    callerPhoneMasked: !fullCallerPhone,
    address: row.address,
    location: { lng: row.lng, lat: row.lat },
    category: row.category,
    description: row.description,
    station: row.station_id ? { id: row.station_id, code: row.station_code ?? '', name: row.station_name ?? '' } : null,
    grid: row.grid_id ? { id: row.grid_id, code: row.grid_code ?? '', name: row.grid_name ?? '' } : null,
    state: row.state,
    worker: row.worker_id ? { id: row.worker_id, name: row.worker_name ?? '', phone: row.worker_phone ?? '' } : null,
    assistants: row.assistants ?? [],
    acceptedAt: iso(row.accepted_at),
    contactedAt: iso(row.contacted_at),
    arrivedAt: iso(row.arrived_at),
    closedAt: iso(row.closed_at),
    result: row.result,
    closure: row.closure,
    round: row.round,
    reopenedFrom: row.reopened_from ? { id: row.reopened_from, caseNo: row.reopened_from_case_no ?? '' } : null,
    handback: row.handback,
    followUp: row.follow_up,
    signedOffAt: iso(row.signed_off_at),
    clocks: clockViews(clocks),
    priority: row.priority,
    awaitingConfirmation: row.awaiting_confirmation,
    arrivalAtRisk: row.arrival_at_risk,
    queued: row.queued,
    contactKind: contactKindOf({ callerPhone: row.caller_phone }),
    callAttempts: row.call_attempts,
    unreachable: row.unreachable,
    arrivalDistanceM: row.arrival_distance_m === null ? null : Math.round(row.arrival_distance_m),
    arrivalFlagged: row.arrival_flagged,
    arrivedAuto: row.arrived_auto,
    placement:
      row.placement_confidence === null ? null : { confidence: row.placement_confidence, needsConfirmation: row.placement_needs_confirmation, placeName: row.placement_name ?? '' },
    updatedAt: row.updated_at.toISOString(),
  };
}
