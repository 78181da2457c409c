/**
 * The shapes a case passes through on its way in, shared by the doors, IncidentCreator, NewCaseWriter
 * and the placing of an address. Types only: the modules that make a case import these and never
 * each other's types, so the intake path has no import cycle.
 */
import type { Category, EventSource, GridView, IncidentSource, IncidentView, LngLat } from '@xiaonao/contracts';
import type { ClockPolicy } from '@xiaonao/domain';
import type { StepKey } from '../../field/step-receipts';
import type { ReportPhoto } from '../reports/report-store';
import type { Fingerprint, KeptFingerprint } from './intake-fingerprint';

export interface NewIncident {
  townshipId: string;
  /** Unique per township: the 110 case number, or a number the door makes up for its own cases. */
  caseNo: string;
  source: IncidentSource;
  receivedAt: Date;
  callerName: string;
  /** Empty when there is no party to call (a camera alert): the contact stage becomes a site check. */
  callerPhone: string;
  address: string;
  /** WGS-84, already converted by the door; absent: placed from `address` by the gazetteer. */
  site?: LngLat;
  category: Category;
  description: string;
  stationId: string | null;
  /** Who the timeline names for the receipt, e.g. `110:<station>`, `camera:<id>`, `operator:<user>`. */
  actor: string;
  eventSource: EventSource;
  detail: Record<string, unknown>;
  /** The API key of the sending integration (110, 12345, camera, Open311): the case's progress is fed back to it. */
  integrationId?: string | null;
  /** A later round of a case reopened after its 回访: which round, and the case it follows. Absent: round 1. */
  round?: { round: number; reopenedFrom: string };
  /** Wait for an operator even where the table dispatches at once (an uncertain place, a camera type that needs a look). */
  holdForOperator?: boolean;
}

/** What a door may add to its report beyond the case itself; written in the case's transaction. */
export interface ReportExtras {
  photo?: ReportPhoto | null;
  /** The phone's Idempotency-Key (a patrol report): claimed in the report's transaction, so a resend makes no second report. */
  stepKey?: StepKey;
  /** The door's canonical request (the 110 door's ledger entry): kept with the number it took, for judging a resend. */
  fingerprint?: Fingerprint;
}

export interface CreatedIncident {
  /** The case number was already there: this is the incident it made or joined the first time. */
  duplicate: boolean;
  /** The report joined an open incident of the same event; `incident` is that incident. */
  linked: boolean;
  /** The report carrying the number; null only for a case made before reports were kept. */
  reportId: string | null;
  /** The report's number (the door's, or the one made for it). */
  caseNo: string;
  incident: IncidentView;
  /** A duplicate of a door that keeps fingerprints: what the number was first taken with (null: nothing kept). */
  stored?: KeptFingerprint | null;
}

/** A case placed from the gazetteer: how sure the hub is, and the place it matched. */
export interface Placement {
  placeId: string | null;
  confidence: number;
  needsConfirmation: boolean;
  placeName: string;
}

/** A case with its point (given by the door, or found from the address). */
export type PlacedIncident = Omit<NewIncident, 'site' | 'caseNo'> & { site: LngLat };

export interface PreparedCase {
  n: PlacedIncident;
  placement: Placement | null;
  grid: GridView | null;
  priority: number;
  /** Waits for an operator: the table says so, the door asked, or the point needs confirming. */
  awaiting: boolean;
  clockPolicy: ClockPolicy;
}

/** The columns a case and its report both take from the submission, named as both tables name them. */
export function submittedColumns(n: PlacedIncident) {
  return {
    township_id: n.townshipId,
    source: n.source,
    received_at: n.receivedAt,
    caller_name: n.callerName,
    caller_phone: n.callerPhone,
    address: n.address,
    lng: n.site.lng,
    lat: n.site.lat,
    category: n.category,
    description: n.description,
  };
}
