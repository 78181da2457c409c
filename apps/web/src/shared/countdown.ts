/**
 * Live readings of the 1-3-8 clocks from the `deadline` / `warnAt` the hub sends, so the pages tick
 * every second between server updates. A stage that is done keeps the status the hub gave it.
 */
import type { ClockStage, ClockStatus, IncidentView, StageClockView } from '@xiaonao/contracts';

export interface ClockReading {
  stage: ClockStage;
  status: ClockStatus;
  /** true while the stage is still running. */
  running: boolean;
  /** Running: remaining "mm:ss", or "+mm:ss" once overdue. Done: time taken since receipt. */
  text: string;
}

/** 00:42, 12:05, 1:02:03 — remaining or overdue time on a running clock. */
export function formatDuration(ms: number, padMinutes = true): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  if (h > 0) return `${h}:${String(m).padStart(2, '0')}:${ss}`;
  return `${padMinutes ? String(m).padStart(2, '0') : m}:${ss}`;
}

export function liveStatus(clock: StageClockView, now: number): ClockStatus {
  if (clock.doneAt) return inTime(clock) ? 'met' : 'met_late';
  if (now >= Date.parse(clock.deadline)) return 'breached';
  if (now >= Date.parse(clock.warnAt)) return 'at_risk';
  return 'pending';
}

function inTime(clock: StageClockView): boolean {
  return clock.doneAt !== null && Date.parse(clock.doneAt) <= Date.parse(clock.deadline);
}

export function readClock(clock: StageClockView, receivedAt: string, now: number): ClockReading {
  const status = liveStatus(clock, now);
  if (clock.doneAt) {
    return { stage: clock.stage, status, running: false, text: formatDuration(Date.parse(clock.doneAt) - Date.parse(receivedAt), false) };
  }
  const left = Date.parse(clock.deadline) - now;
  // Round remaining time up so a fresh 1-minute clock reads 01:00, not 00:59.
  const text = left > 0 ? formatDuration(Math.ceil(left / 1000) * 1000) : `+${formatDuration(-left)}`;
  return { stage: clock.stage, status, running: true, text };
}

export function readClocks(incident: IncidentView, now: number): ClockReading[] {
  return incident.clocks.map((clock) => readClock(clock, incident.receivedAt, now));
}

const SEVERITY: Record<ClockStatus, number> = { met: 0, pending: 1, met_late: 2, at_risk: 3, breached: 4 };

/** The most alarming running status of an incident, for counts and marker colours. */
export function worstRunningStatus(incident: IncidentView, now: number): ClockStatus {
  let worst: ClockStatus = 'pending';
  for (const clock of incident.clocks) {
    if (clock.doneAt) continue;
    const status = liveStatus(clock, now);
    if (SEVERITY[status] > SEVERITY[worst]) worst = status;
  }
  return worst;
}

/** Remaining "mm:ss" until a moment, or null once it has passed. */
export function remaining(until: string, now: number): string | null {
  const left = Date.parse(until) - now;
  return left > 0 ? formatDuration(Math.ceil(left / 1000) * 1000) : null;
}
