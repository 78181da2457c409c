/**
 * Video patrol (视频巡查): the township's camera registry, the alerts a video-analysis platform sends
 * (HTTP and JetStream, signed like the 110 doors), per-type policy, and what the console shows of the
 * cases cameras raised. Rules live in libs/domain/src/cameras.
 */
import type { CoordSystem, LngLat } from './geo';
import type { ErrorBody, RefView } from './views';
import type { Category, DispatchMode, Labels } from './vocabulary';

/** What a camera's analysis may report. Each maps to a case category (libs/domain/src/cameras/alert-types.ts). */
export const CAMERA_ALERT_TYPES = ['smoke', 'fire', 'crowd', 'fight', 'illegal_parking', 'street_vending', 'litter', 'water'] as const;
export type CameraAlertType = (typeof CAMERA_ALERT_TYPES)[number];

export const CAMERA_ALERT_TYPE_LABELS: Labels<CameraAlertType> = {
  smoke: { zh: '烟雾', en: 'Smoke' },
  fire: { zh: '明火', en: 'Fire' },
  crowd: { zh: '人员聚集', en: 'Crowd' },
  fight: { zh: '肢体冲突', en: 'Fight' },
  illegal_parking: { zh: '违章停车', en: 'Illegal parking' },
  street_vending: { zh: '占道经营', en: 'Street vending' },
  litter: { zh: '暴露垃圾', en: 'Litter' },
  water: { zh: '积水', en: 'Standing water' },
};

/**
 * What the hub did with an alert. opened: it opened a case; linked: the case it would have opened
 * joined an open case of the same event (report linking); merged: it joined its camera's open storm of
 * the same type (the case's alert count went up); below_threshold: recorded, no case.
 */
export const CAMERA_ALERT_OUTCOMES = ['opened', 'linked', 'merged', 'below_threshold'] as const;
export type CameraAlertOutcome = (typeof CAMERA_ALERT_OUTCOMES)[number];

export const CAMERA_ALERT_OUTCOME_LABELS: Labels<CameraAlertOutcome> = {
  opened: { zh: '已立案', en: 'Case opened' },
  linked: { zh: '已关联到在办事件', en: 'Joined an open case' },
  merged: { zh: '已合并计数', en: 'Counted on its case' },
  below_threshold: { zh: '低于阈值，仅记录', en: 'Below threshold, recorded' },
};

/** HTTP paths of video patrol (kept here rather than in `API`, which belongs to the core routes). */
export const CAMERA_API = {
  /** GET: the township's cameras. */
  cameras: '/api/cameras',
  /** PUT a CameraRequest: register or change the camera with this code. */
  camera: (code: string) => `/api/cameras/${encodeURIComponent(code)}`,
  /** GET: the camera's latest alerts (CameraAlertView[]). */
  alerts: (cameraId: string) => `/api/cameras/${cameraId}/alerts`,
  /** POST a CameraRaiseRequest: an operator watching the feed raises a case. */
  raise: (cameraId: string) => `/api/cameras/${cameraId}/raise`,
  /** GET: the per-type policy; PUT one type's CameraTypePolicyRequest to `policy(type)`. */
  policies: '/api/cameras/policies',
  policy: (type: CameraAlertType) => `/api/cameras/policies/${type}`,
  /** GET: camera facts (alert count, source camera) of the cases the console shows. */
  incidents: '/api/cameras/incidents',
  /** POST a CameraDismissRequest: close a camera case awaiting confirmation as a false alarm (驳回). */
  dismiss: (incidentId: string) => `/api/cameras/incidents/${incidentId}/dismiss`,
  /** POST a signed CameraAlertRequest (the video platform's door). */
  intake: '/api/intake/camera-alerts',
} as const;

export interface CameraView {
  id: string;
  /** The platform's code for the camera (e.g. a GB/T 28181 device id); unique in the township. */
  code: string;
  name: string;
  /** WGS-84. */
  location: LngLat;
  /** The grid the camera stands in; null outside every grid. */
  grid: RefView | null;
  /** Who runs it (所属单位), e.g. 「河庄街道综治中心」. */
  owner: string;
  /** A disabled camera's alerts are refused (cameraCode names it). */
  enabled: boolean;
  /** Its cases an operator dismissed as false alarms (驳回). */
  dismissals: number;
  /** Cases its alerts opened or joined. */
  cases: number;
  /** Share of its cases dismissed, 0..1; 0 without cases. */
  dismissalShare: number;
  /** 「误报较多」: enough dismissals, and most of its cases (see libs/domain/src/cameras/camera-noise.ts). */
  noisy: boolean;
  lastAlertAt: string | null;
  updatedAt: string;
}

/** Registers a camera, or changes one, under the code in the path. */
export interface CameraRequest {
  name: string;
  location: LngLat;
  /** System of `location`; WGS84 when absent. */
  coordSystem?: CoordSystem;
  owner: string;
  enabled: boolean;
}

/** One alert from the video-analysis platform. */
export interface CameraAlertRequest {
  /** The platform's id for this alert; the same id from the same camera again is a duplicate. */
  alertId: string;
  /** The registered camera's code. */
  cameraCode: string;
  type: CameraAlertType;
  /** The analysis' confidence, 0..1. */
  confidence: number;
  /** When the camera saw it (ISO-8601 with offset). */
  at: string;
  /** A snapshot: URL or the platform's reference. At least one of snapshotRef and clipRef is usual, neither required. */
  snapshotRef?: string;
  /** A clip: URL or the platform's reference. */
  clipRef?: string;
}

export interface CameraAlertAnswer {
  /** The platform's alertId, echoed. */
  alertId: string;
  outcome: CameraAlertOutcome;
  /** This alertId was already received from this camera: nothing new was recorded. */
  duplicate: boolean;
  /** The case the alert opened, linked to or was counted on; null below the threshold. */
  incidentId: string | null;
  caseNo: string | null;
  /** Alerts counted on the case so far (this one included); 0 below the threshold. */
  alertCount: number;
  /** The case waits for an operator to confirm or dismiss (a type that needs a look). */
  awaitingConfirmation: boolean;
}

/** An operator watching the feed raises a case from the camera (视频巡查发现). */
export interface CameraRaiseRequest {
  type: CameraAlertType;
  /** What the operator saw; a default text from the type when absent. */
  description?: string;
}

/** An operator dismisses a camera case as a false alarm (驳回); it counts against the camera. */
export interface CameraDismissRequest {
  reason?: string;
}

export interface CameraTypePolicyView {
  type: CameraAlertType;
  /** The case category alerts of this type open. */
  category: Category;
  /** Alerts below this confidence are recorded and open no case. 0..1. */
  threshold: number;
  /** auto: dispatch at once (per the responsibility table); confirm: wait for an operator to confirm or dismiss. */
  mode: DispatchMode;
  /** One camera repeating this type within this many seconds of its last alert is one case with a counter. */
  stormWindowSeconds: number;
  /** The township set it; false: the hub's default. */
  custom: boolean;
}

export type CameraTypePolicyRequest = Pick<CameraTypePolicyView, 'threshold' | 'mode' | 'stormWindowSeconds'>;

/** Camera facts of one case, for the console's card: 「告警 ×12 · 摄像头名」. */
export interface CameraIncidentView {
  incidentId: string;
  /** The camera whose alert opened (or first joined) the case. */
  camera: { id: string; code: string; name: string };
  alertType: CameraAlertType;
  /** Alerts counted on the case, every camera together. */
  alertCount: number;
  /** Cameras whose alerts were counted on it. */
  cameraCount: number;
  lastAlertAt: string;
  /** The latest snapshot sent with a counted alert. */
  snapshotRef: string | null;
}

export interface CameraAlertView {
  id: string;
  alertId: string;
  type: CameraAlertType;
  confidence: number;
  /** When the camera saw it. */
  at: string;
  receivedAt: string;
  outcome: CameraAlertOutcome;
  /** Raised by an operator watching the feed, not by the platform. */
  byOperator: boolean;
  incidentId: string | null;
  snapshotRef: string | null;
  clipRef: string | null;
}

/**
 * JetStream door. Beside the 110 door under `xiaonao-intake.>`, in a stream of its own (the 110 stream
 * holds `xiaonao-intake.110.>` only); not under `xiaonao.>`, which belongs to the event bus's stream.
 */
export const CAMERA_INTAKE_STREAM = 'XIAONAO_CAMERA_INTAKE';
export const CAMERA_INTAKE_SUBJECT_PREFIX = 'xiaonao-intake.camera';

/** Where a video platform publishes a signed CameraAlertRequest for one township. */
export function cameraAlertSubject(townshipCode: string): string {
  return `${CAMERA_INTAKE_SUBJECT_PREFIX}.${townshipCode}`;
}

/** Where the hub answers each message (`<subject>.receipt`). */
export function cameraAlertReceiptSubject(townshipCode: string): string {
  return `${cameraAlertSubject(townshipCode)}.receipt`;
}

/** One answer on the receipt subject; `statusCode` is what the HTTP door would have answered. */
export type CameraAlertReceiptMessage =
  | { ok: true; statusCode: 200 | 201; sequence: number; messageId: string | null; answer: CameraAlertAnswer }
  | { ok: false; statusCode: number; sequence: number; messageId: string | null; alertId: string | null; error: ErrorBody };
