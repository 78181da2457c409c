/**
 * Duty rosters (排班): shifts per worker set by a grid leader or operator. A worker is on duty when a
 * shift says so, unless the worker or the leader overrides it; every override is recorded.
 */
import type { Labels } from './vocabulary';

/** One shift, in Asia/Shanghai wall-clock time. A shift may run past midnight (end before start). */
export interface ShiftView {
  id: string;
  workerId: string;
  /** 'YYYY-MM-DD' (Asia/Shanghai) of the shift's start. */
  date: string;
  /** 'HH:MM'. */
  start: string;
  /** 'HH:MM'; earlier than `start` means the next day. */
  end: string;
}

export interface ShiftRequest {
  workerId: string;
  date: string;
  start: string;
  end: string;
}

/** Replaces a worker's shifts between `from` and `to` (inclusive dates) with `shifts`. */
export interface RosterRequest {
  from: string;
  to: string;
  shifts: ShiftRequest[];
  /** Workers whose shifts in the range are replaced, also by none (to clear them); default: those named in `shifts`. */
  workerIds?: string[];
}

/** Where a worker's on-duty comes from now. */
export type DutySource = 'roster' | 'override' | 'no_roster';

export interface DutyOverrideView {
  workerId: string;
  onDuty: boolean;
  /** Until when the override holds; null: until the worker's next shift starts or ends. */
  until: string | null;
  by: string;
  reason: string;
  at: string;
}

export interface WorkerDutyView {
  workerId: string;
  onDuty: boolean;
  source: DutySource;
  /** The shift in force or the next one today/tomorrow. */
  shift: ShiftView | null;
  override: DutyOverrideView | null;
}

/** A leader's or worker's override of the roster. */
export interface DutyOverrideRequest {
  onDuty: boolean;
  reason?: string;
  /** ISO time; absent: until the roster's next change. */
  until?: string;
}

/** `GET /api/township/roster?from=&to=`: the shifts dated in the range and each worker's duty now. */
export interface RosterView {
  from: string;
  to: string;
  shifts: ShiftView[];
  duty: WorkerDutyView[];
}

/** What changed a worker's duty: the roster as time passed, an override, or the worker's own switch (no roster). */
export type DutyChangeKind = 'roster' | 'override' | 'manual';

/** One recorded change of a worker's duty (who, when, why, from → to). */
export interface DutyChangeView {
  id: string;
  workerId: string;
  kind: DutyChangeKind;
  at: string;
  fromOnDuty: boolean;
  toOnDuty: boolean;
  /** Overrides: until when (null: the roster's next change). */
  until: string | null;
  /** Display name of who made it; 「排班」 for the roster. */
  by: string;
  byUserId: string | null;
  reason: string;
  /** e.g. kept an open offer or a case in hand when going off duty. */
  note: string | null;
}

/** `GET` the duty changes of the township (operators) or the leader's grid: `?workerId=&from=&to=` (ISO instants, optional). */
export const DUTY_CHANGES_PATH = '/api/township/roster/changes';

export const DUTY_SOURCE_LABELS: Labels<DutySource> = {
  roster: { zh: '排班', en: 'Roster' },
  override: { zh: '临时调整', en: 'Override' },
  no_roster: { zh: '未排班', en: 'No roster' },
};
