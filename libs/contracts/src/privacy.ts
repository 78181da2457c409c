/**
 * Personal data shown only to who needs it (PIPL; docs/personal-data.md). Caller numbers travel masked;
 * an operator reveals one with a reason, and every reveal, every export of a case's timeline and every
 * read of a worker's track is written to an append-only access log that operators review.
 */
import type { Labels, Role } from './vocabulary';

export const PERSONAL_DATA_ACTIONS = ['reveal_phone', 'export_timeline', 'read_track'] as const;
export type PersonalDataAction = (typeof PERSONAL_DATA_ACTIONS)[number];

export const PERSONAL_DATA_ACTION_LABELS: Labels<PersonalDataAction> = {
  reveal_phone: { zh: '查看完整号码', en: 'Revealed a caller number' },
  export_timeline: { zh: '导出处置过程', en: 'Exported a timeline' },
  read_track: { zh: '查看轨迹', en: 'Read a worker track' },
};

/** What was looked at: a case (its caller), one report of a case (that report's caller), a worker (their track). */
export const PERSONAL_DATA_SUBJECTS = ['incident', 'report', 'worker'] as const;
export type PersonalDataSubject = (typeof PERSONAL_DATA_SUBJECTS)[number];

/** HTTP paths of the personal-data routes. */
export const PRIVACY_API = {
  /** POST a RevealCallerPhoneRequest (operator of the case's township) → RevealCallerPhoneAnswer. */
  revealCallerPhone: (incidentId: string) => `/api/incidents/${incidentId}/caller-phone/reveal`,
  /** GET a PersonalDataAccessPage (operator): newest first; `before` the last id of the previous page. */
  accessLog: (query: { before?: string; limit?: number } = {}) => withQuery('/api/township/personal-data-access', query),
  /** GET a WorkerTrackView: the worker themself, or an operator with a `reason` (logged); never a station. */
  workerTrack: (workerId: string, query: { from?: string; to?: string; reason?: string } = {}) => withQuery(`/api/workers/${workerId}/track`, query),
} as const;

function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export interface RevealCallerPhoneRequest {
  /** Why the operator needs the full number, e.g. 「回访当事人核实处置结果」: 2–200 visible characters, logged. */
  reason: string;
  /** A report of the case whose caller to reveal (a linked report may have another caller); the case's own caller when absent. */
  reportId?: string;
}

export interface RevealCallerPhoneAnswer {
  incidentId: string;
  reportId: string | null;
  /** The full number. */
  callerPhone: string;
  /** The access-log entry this reveal wrote. */
  accessId: string;
}

export interface PersonalDataAccessView {
  id: string;
  townshipId: string;
  /** The hub's clock. */
  at: string;
  actor: { userId: string; username: string; role: Role };
  action: PersonalDataAction;
  subject: { kind: PersonalDataSubject; id: string };
  /** What the person said they needed it for; null where none is asked (a worker's own track, an export). */
  reason: string | null;
  remoteAddress: string | null;
  requestId: string | null;
  /** Particulars of the access: the case of a report, an export's format, a track's window. */
  detail: Record<string, unknown>;
}

export interface PersonalDataAccessPage {
  entries: PersonalDataAccessView[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: string | null;
}

export interface TrackPointView {
  lng: number;
  lat: number;
  at: string;
  accuracyM: number | null;
}

export interface WorkerTrackView {
  workerId: string;
  /** The window read; `from` is never older than the retention allows. */
  from: string;
  to: string;
  /** TRACK_RETENTION_HOURS: points older than this are neither kept nor shown. */
  retentionHours: number;
  /** Oldest first. */
  points: TrackPointView[];
  /** More points than one answer carries: ask again from the last one's time. */
  truncated: boolean;
}
