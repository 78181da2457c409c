/**
 * Reports (报告): every submission through a door — a 110 transfer, a camera alert, an operator's
 * entry, a worker's patrol report. A report close in place, time and category to an open incident of
 * its township joins that incident instead of making a case; an operator can split a wrong link off
 * into its own case. Operators also enter cases by hand, workers report from patrol, and a case placed
 * from a weak address match waits for an operator to confirm its point.
 */
import type { CoordSystem, LngLat } from './geo';
import type { PositionFix } from './rest';
import type { Category, IncidentSource, Labels } from './vocabulary';
import type { IncidentView } from './views';

/** origin: the report that made its incident; linked: one that joined an incident already open. */
export const REPORT_ROLES = ['origin', 'linked'] as const;
export type ReportRole = (typeof REPORT_ROLES)[number];

export const REPORT_ROLE_LABELS: Labels<ReportRole> = {
  origin: { zh: '首报', en: 'First report' },
  linked: { zh: '关联报告', en: 'Linked report' },
};

/** How a case entered by an operator came in: a call to the command room, or a person at the counter. */
export const INTAKE_CHANNELS = ['phone', 'walk_in'] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];

export const INTAKE_CHANNEL_LABELS: Labels<IntakeChannel> = {
  phone: { zh: '来电', en: 'Phone call' },
  walk_in: { zh: '来访', en: 'Walk-in' },
};

/** A patrol photo is kept in the database: at most this many bytes (2 MB), JPEG, PNG or WebP. */
export const REPORT_PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const REPORT_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ReportPhotoType = (typeof REPORT_PHOTO_TYPES)[number];

/** HTTP paths of reports, operator entry, patrol reports and point confirmation. */
export const REPORT_API = {
  /** POST an OperatorEntryRequest (operator). */
  operatorEntry: '/api/incidents',
  /**
   * POST a PatrolReportRequest (worker): JSON with an optional photo as a data URL (the JSON body is
   * limited to 256 kB), or multipart/form-data with the request as JSON text in `report` and the photo
   * file in `photo` (up to REPORT_PHOTO_MAX_BYTES).
   */
  patrolReport: '/api/workers/me/reports',
  /** GET the reports of a case (operator). */
  incidentReports: (incidentId: string) => `/api/incidents/${incidentId}/reports`,
  /** POST: the report leaves the case and becomes a case of its own (operator). */
  split: (incidentId: string, reportId: string) => `/api/incidents/${incidentId}/reports/${reportId}/split`,
  /** POST a ConfirmPointRequest (operator). */
  confirmPoint: (incidentId: string) => `/api/incidents/${incidentId}/confirm-point`,
  /** GET the photo of a report (operator), as image bytes. */
  photo: (reportId: string) => `/api/reports/${reportId}/photo`,
} as const;

/** A case an operator enters from a call or a visit. Give the address, the point, or both (the point wins). */
export interface OperatorEntryRequest {
  channel: IntakeChannel;
  /** Who called or came; may be empty (anonymous). */
  callerName?: string;
  /** Mainland mobile or landline; empty when there is none, and the contact stage becomes a site check. */
  callerPhone?: string;
  /** Placed from the township gazetteer when no location is given. */
  address?: string;
  location?: LngLat;
  /** Coordinate system of `location`; WGS84 when absent. */
  coordSystem?: CoordSystem;
  category: Category;
  description: string;
}

/** What a worker on patrol found: the site is where the phone is. */
export interface PatrolReportRequest {
  category: Category;
  description: string;
  /** The phone's position, taken as the site. */
  position: PositionFix;
  /** What the worker calls the place, e.g. 「新围村12组路口」; optional. */
  address?: string;
  /** `data:image/jpeg;base64,…` (or PNG, WebP); a multipart upload sends the file instead. */
  photo?: string;
  /**
   * The reporter takes the case at once when they are on duty and free, their team answers the
   * category and the category is dispatched automatically; otherwise it goes to dispatch like any case.
   */
  takeIt?: boolean;
  /** When the worker tapped 上报 (ISO-8601, the phone's reckoning of the hub's clock); kept with the report. */
  deviceAt?: string;
}

/** A door's answer: the report, and the incident it made or joined. */
export interface ReportAnswer {
  reportId: string;
  /** The report's own number: generated for operator (ZH-yyyymmdd-nnnn) and patrol (XC-yyyymmdd-nnnn) reports. */
  caseNo: string;
  /** true: the report joined an open incident of the same event; `incident` is that incident. */
  linked: boolean;
  incident: IncidentView;
}

export interface PatrolReportAnswer extends ReportAnswer {
  /** The reporter holds the case (accepted at once). */
  taken: boolean;
}

/** Confirm the point of a case placed from a weak address match, or move it (WGS84 when no system is given). */
export interface ConfirmPointRequest {
  location?: LngLat;
  coordSystem?: CoordSystem;
}

export interface ReportView {
  id: string;
  incidentId: string;
  caseNo: string;
  source: IncidentSource;
  role: ReportRole;
  receivedAt: string;
  callerName: string;
  /** Always masked (139****2345); an operator reveals it with a reason (PRIVACY_API.revealCallerPhone with `reportId`). */
  callerPhone: string;
  address: string;
  /** WGS-84. */
  location: LngLat;
  category: Category;
  description: string;
  /** Metres from the incident's site when the report was linked; null for the first report. */
  distanceM: number | null;
  /** Where the photo is served, or null without one. */
  photoUrl: string | null;
  /** The case this report was split off from, if it was. */
  splitFromIncidentId: string | null;
  /** Who the timeline names for it, e.g. `110:<station>`, `operator:<user>`, `worker:<user>`. */
  reportedBy: string;
}

export interface IncidentReportsView {
  incidentId: string;
  count: number;
  /** Each door the reports came by, once, in the order they first did. */
  sources: IncidentSource[];
  /** Oldest first. */
  reports: ReportView[];
}

export interface SplitReportAnswer {
  /** The new case made of the report. */
  incident: IncidentView;
  /** The case it was split from, one report fewer. */
  from: IncidentView;
}
