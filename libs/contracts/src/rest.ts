/** Request and response bodies of the HTTP API (served as OpenAPI at /api/openapi.json). */
import type { Category } from './vocabulary';
import type { CoordSystem, LngLat } from './geo';
import type { Intake110Receipt } from './intake';
import type { IncidentView, ResponsibilityView, SessionUser } from './views';

export const API_KEY_HEADER = 'x-api-key';

export interface LoginRequest {
  username: string;
  password: string;
}

/** A signed-in session: a short access token, and a single-use refresh token for the next one. */
export interface LoginResponse {
  /** The access token (a JWT of about 15 minutes): `Authorization: Bearer …` and the socket's `auth.token`. */
  token: string;
  /** Opaque and single use: POST it to `/api/auth/refresh` for the next pair. Presenting a spent one ends the session. */
  refreshToken: string;
  /** When `token` expires (ISO-8601): refresh before. */
  expiresAt: string;
  /** Seconds from this answer until `token` expires (OAuth's `expires_in`): a client times it by its own clock, whatever its offset. */
  expiresIn: number;
  /** When the session itself ends (the shift, REFRESH_TOKEN_TTL_HOURS): after it, sign in again. */
  sessionExpiresAt: string;
  user: SessionUser;
}

export interface RefreshRequest {
  refreshToken: string;
}

/** A non-police case transferred by the 110 command centre. */
export interface Intake110Request {
  /** The 110 case number (警情编号); the idempotency key. */
  caseNo: string;
  /** When the township received the case (ISO-8601 with offset). The 1-3-8 clocks start here. */
  receivedAt: string;
  callerName: string;
  /** A number the worker can call back: mainland mobile (optionally +86) or landline with area code; not a short code such as 110. */
  callerPhone: string;
  address: string;
  location: LngLat;
  /** Coordinate system of `location`; WGS84 when absent. */
  coordSystem?: CoordSystem;
  category: Category;
  description: string;
  /** Code of the transferring police station (派出所). */
  policeStationCode: string;
}

export interface Intake110Response {
  incidentId: string;
  /** true when this 110 case number was already received; nothing new was created. */
  duplicate: boolean;
  incident: IncidentView;
  /** 签收: what the 110 side files (the same object the JetStream door publishes). */
  receipt: Intake110Receipt;
}

/** A 12345 work order transferred to the township: the 110 request without a police station; `caseNo` is the 工单号. */
export type Intake12345Request = Omit<Intake110Request, 'policeStationCode'>;
/** The same answer and 签收 as the 110 door. */
export type Intake12345Response = Intake110Response;

export interface PositionFix {
  lng: number;
  lat: number;
  coordSystem?: CoordSystem;
  /** ISO time of the fix; now when absent. */
  at?: string;
  accuracyM?: number;
}

/** The position as the hub stored it (WGS-84). */
export interface PositionAccepted {
  location: LngLat;
  at: string;
}

/** Optional position attached to each step a worker takes. */
export interface StepRequest {
  position?: PositionFix;
  /**
   * When the worker tapped, as the phone reckons the hub's clock (ISO-8601). A step queued offline
   * arrives late; the hub counts this time within bounds (docs/field-steps.md). Now when absent.
   */
  deviceAt?: string;
}

export interface DeclineRequest extends StepRequest {
  reason: string;
}

export interface CloseRequest extends StepRequest {
  result: string;
}

export interface DutyRequest {
  onDuty: boolean;
}

/** Positions pushed by a personnel-positioning platform (or the simulator) for many workers at once. */
export interface FleetPositionsRequest {
  positions: (PositionFix & { workerId: string })[];
}

export interface HealthResponse {
  status: 'ok' | 'degraded';
  database: 'up' | 'down';
  bus: 'up' | 'down';
  busKind: 'nats' | 'in-process';
  /** Why each part that is down is down, in Chinese then English with the driver's own words; empty when ok. */
  why: string[];
}

/** An operator's assignment by hand (or reassignment of a case in hand). */
export interface AssignRequest {
  workerId: string;
  reason?: string;
}

/** One row of the responsibility table (权责清单), as an operator sets it. */
export type ResponsibilityRequest = Omit<ResponsibilityView, 'category' | 'queueWhenBusy' | 'offerWindowSeconds' | 'returnToPolice'> &
  Partial<Pick<ResponsibilityView, 'queueWhenBusy' | 'offerWindowSeconds' | 'returnToPolice'>>;

/**
 * One tap on the phone's call link. The browser cannot read the call log: `answered` is the worker's
 * answer to 「接通了吗？」 and `durationSeconds` the time they were away from the page.
 */
export interface CallAttemptRequest {
  answered: boolean;
  /** Seconds the call lasted; only for an answered call. */
  durationSeconds?: number;
  /** When the call was placed (ISO-8601); now when absent. */
  startedAt?: string;
  /** When the worker tapped (ISO-8601), kept in the timeline beside the receipt time (a call may be sent late from the phone's queue). */
  deviceAt?: string;
}
