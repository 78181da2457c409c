/** What the hub sends to pages and the simulator: plain JSON, times as ISO-8601 strings (UTC). */
import type { Closure, GridKind, Category, ClockStage, ClockStatus, ContactKind, DispatchMode, EventSource, IncidentSource, IncidentState, OfferMode, Role, SkipReason, Team, TimelineType, TravelMode, WorkerStatus } from './vocabulary';
import type { LngLat, PolygonCoordinates } from './geo';
import type { ReachabilityView } from './notify';
import type { HandbackView, ReturnToPoliceRule } from './handback';
import type { FollowUpView } from './followup';

export interface StageClockView {
  stage: ClockStage;
  /** receivedAt + the stage's window. */
  deadline: string;
  /** When the warning starts (a share of the window, 75% by default). */
  warnAt: string;
  status: ClockStatus;
  doneAt: string | null;
}

export interface RefView {
  id: string;
  code: string;
  name: string;
}

export interface IncidentWorkerView {
  id: string;
  name: string;
  phone: string;
}

export interface IncidentView {
  id: string;
  townshipId: string;
  caseNo: string;
  source: IncidentSource;
  receivedAt: string;
  callerName: string;
  /**
   * The caller's number as this reader may see it: masked (139****2345, 0571-****4321) for everyone but
   * the worker holding the case, in their own views; an operator asks for the full one with a reason
   * (PRIVACY_API.revealCallerPhone). Empty when there is nobody to call. See docs/personal-data.md.
   */
  callerPhone: string;
  /** false only when `callerPhone` is the full number (the holder's views); true otherwise, also when empty. */
  callerPhoneMasked: boolean;
  address: string;
  /** WGS-84. */
  location: LngLat;
  category: Category;
  description: string;
  station: RefView | null;
  grid: RefView | null;
  state: IncidentState;
  /** The primary worker (holder, or the one offered to in a sequential offer). */
  worker: IncidentWorkerView | null;
  /** Workers an operator added to help; busy with this case until it closes. */
  assistants: IncidentWorkerView[];
  acceptedAt: string | null;
  contactedAt: string | null;
  arrivedAt: string | null;
  closedAt: string | null;
  result: string | null;
  /** How a closed case left the township's hands (办结, 已退回公安, 已移交12345, 已排除); null while open. */
  closure: Closure | null;
  /** 1 for the first round; a case reopened after an unsatisfactory 回访 starts round 2 as a new case linked to the first. */
  round: number;
  /** The case this round reopens; null for a first round. */
  reopenedFrom: { id: string; caseNo: string } | null;
  /** Returned to the police or handed to 12345: why, by whom, and the station's 签收. */
  handback: HandbackView | null;
  /** The 回访 after closing, and 督办 if it went badly; null when none is due. */
  followUp: FollowUpView | null;
  /** 销号: the case is done for good (a satisfactory 回访 or an operator's recorded decision). */
  signedOffAt: string | null;
  clocks: StageClockView[];
  /** 1 urgent … 3 routine, from the responsibility table. */
  priority: number;
  /** Waits for an operator to confirm dispatch (the table says so for its category). */
  awaitingConfirmation: boolean;
  /** Even the best estimate misses the 8-minute arrival target: 「8 分钟到达存在风险」. */
  arrivalAtRisk: boolean;
  /** Accepted by a busy worker as their next case (the category allows queueing); worked once the current one closes. */
  queued: boolean;
  /** 'party': the contact stage is a call to the caller; 'site_check' (现场核查): nobody to call (no caller phone, e.g. a camera alert). */
  contactKind: ContactKind;
  /** Calls to the party the worker placed from the phone, answered or not. */
  callAttempts: number;
  /** 「联系不上」: the last few calls in a row went unanswered (UNREACHABLE_AFTER_ATTEMPTS); an answered call clears it. */
  unreachable: boolean;
  /** Metres from the worker's fix to the site when they arrived; null before arrival, or when no recent fix was known. */
  arrivalDistanceM: number | null;
  /** A manual arrival the hub doubts: further than ARRIVAL_FLAG_DISTANCE_M from the site, or with no recent fix. */
  arrivalFlagged: boolean;
  /** The hub detected the arrival from the worker's positions (consecutive fixes inside ARRIVAL_RADIUS_M). */
  arrivedAuto: boolean;
  /**
   * The case came with an address but no point and was placed from the township gazetteer: how sure
   * the hub is, whether an operator must confirm the point before dispatch, and the place it matched.
   * null when the door gave a point.
   */
  placement: { confidence: number; needsConfirmation: boolean; placeName: string } | null;
  updatedAt: string;
}

/** One worker as the dispatcher judged them for a case. */
export interface CandidateView {
  workerId: string;
  name: string;
  team: Team;
  /** null: eligible; otherwise why not. */
  skipped: SkipReason | null;
  stale: boolean;
  ownGrid: boolean;
  distanceM: number | null;
  etaSeconds: number | null;
  mode: TravelMode | null;
  /** The ETA is a routing server's travel time, not the straight-line estimate. */
  routed: boolean;
  /** Busy, but the category may queue: the ETA includes the assumed time to finish the current case. */
  queued: boolean;
  /** 1-based place among the eligible. */
  rank: number | null;
  /** Whether the worker could be reached when judged; a doubtful or bad one is ranked later. */
  reachability?: 'good' | 'doubtful' | 'bad';
}

export interface RecommendationView {
  at: string;
  arrivalAtRisk: boolean;
  arrivalBudgetSeconds: number;
  candidates: CandidateView[];
}

export interface ResponsibilityView {
  category: Category;
  teams: Team[];
  /** 1 urgent … 3 routine. */
  priority: number;
  dispatchMode: DispatchMode;
  offerMode: OfferMode;
  /** How many workers a race offers at once. */
  raceSize: number;
  /** A busy worker may take the case as their next one when nobody free is eligible (允许排队). */
  queueWhenBusy: boolean;
  /** Seconds a worker has to answer an offer of this category; null: the hub's default. */
  offerWindowSeconds: number | null;
  policeOnly: boolean;
  /** Who may return a case of this category to the police (退回公安) once it is in hand. */
  returnToPolice: ReturnToPoliceRule;
}

export interface TimelineEntryView {
  id: string;
  /** 1, 2, 3 … within the case: the event's place in the hash chain. */
  seq: number;
  type: TimelineType;
  at: string;
  actor: string;
  /** The display name of the person behind `actor` (operator, worker, station user), when the hub knows it. */
  actorName?: string;
  workerId: string | null;
  location: LngLat | null;
  detail: Record<string, unknown>;
  /** Where the event came from: 110, camera, console, phone, system, positioning. */
  source: EventSource;
  /** Hex SHA-256 linking this event to the one before (see libs/domain/src/timeline/chain-hash.ts). */
  hash: string;
}

export interface IncidentDetailView extends IncidentView {
  timeline: TimelineEntryView[];
  /** The latest dispatch recommendation: every worker considered and why each was chosen or skipped. */
  recommendation: RecommendationView | null;
}

export interface OfferView {
  offerId: string;
  incidentId: string;
  workerId: string;
  offeredAt: string;
  expiresAt: string;
  /** Straight-line distance from the worker's last position, metres. */
  distanceM: number | null;
  /** Offered to a busy worker as their next case. */
  queued: boolean;
  incident: IncidentView;
}

export interface WorkerView {
  id: string;
  name: string;
  phone: string;
  team: Team;
  gridId: string | null;
  onDuty: boolean;
  status: WorkerStatus;
  location: LngLat | null;
  positionAt: string | null;
  activeIncidentId: string | null;
  /** The case this worker accepted to do next, if any. */
  queuedIncidentId: string | null;
  /** Whether the worker can be reached now (the phone's last sign of life, channels that worked lately); in the operators' list. */
  reachability?: ReachabilityView;
}

export interface GridView {
  id: string;
  code: string;
  name: string;
  kind: GridKind;
  polygon: PolygonCoordinates;
}

export interface TownshipView {
  id: string;
  code: string;
  name: string;
  center: LngLat;
  grids: GridView[];
  stations: RefView[];
}

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** The account's township; '' for a region account (admin, district), whose scope is `regionId`. */
  townshipId: string;
  /** The region (区/市) of an admin or district account; null (or absent, in older tokens) for township accounts. */
  regionId?: string | null;
  workerId: string | null;
  stationId: string | null;
}

/** Every 4xx/5xx body. `message` is Simplified Chinese; `field` names the offending input. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  messageEn: string;
  field?: string;
}
