/** What the hub sends to pages and the simulator: plain JSON, times as ISO-8601 strings (UTC). */
import type { GridKind, Category, ClockStage, ClockStatus, IncidentSource, IncidentState, Role, Team, TimelineType, WorkerStatus } from './vocabulary';
import type { LngLat, PolygonCoordinates } from './geo';

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
  callerPhone: string;
  address: string;
  /** WGS-84. */
  location: LngLat;
  category: Category;
  description: string;
  station: RefView | null;
  grid: RefView | null;
  state: IncidentState;
  worker: IncidentWorkerView | null;
  acceptedAt: string | null;
  contactedAt: string | null;
  arrivedAt: string | null;
  closedAt: string | null;
  result: string | null;
  clocks: StageClockView[];
  updatedAt: string;
}

export interface TimelineEntryView {
  id: string;
  type: TimelineType;
  at: string;
  actor: string;
  workerId: string | null;
  location: LngLat | null;
  detail: Record<string, unknown>;
}

export interface IncidentDetailView extends IncidentView {
  timeline: TimelineEntryView[];
}

export interface OfferView {
  offerId: string;
  incidentId: string;
  workerId: string;
  offeredAt: string;
  expiresAt: string;
  /** Straight-line distance from the worker's last position, metres. */
  distanceM: number | null;
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
  townshipId: string;
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
