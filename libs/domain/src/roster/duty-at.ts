/**
 * Whether a worker is on duty at an instant: the roster says so unless an override still holds. A worker
 * with no shifts at all is not rostered and keeps the switch they flip themselves.
 */
import { nextRosterChange, shiftInForce, type RosterShift } from './shift-schedule';

/** An override of the roster by the worker or a leader. */
export interface DutyOverride {
  onDuty: boolean;
  /** When it was made. */
  at: Date;
  /** When it ends; null: at the roster's next change after `at`. */
  until: Date | null;
}

export type DutySourceKind = 'roster' | 'override' | 'no_roster';

export interface DutyJudgement<S extends RosterShift> {
  onDuty: boolean;
  source: DutySourceKind;
  /** The shift in force, if any. */
  shift: S | null;
  /** Whether the override given still holds. */
  overrideHolds: boolean;
}

/**
 * An override holds from when it was made until its `until`, or, without one, until the worker's
 * roster next changes (a shift starts or ends) after it was made.
 */
export function overrideHolds(override: DutyOverride, shifts: readonly RosterShift[], at: Date): boolean {
  if (at.getTime() < override.at.getTime()) return false;
  const ends = override.until ?? nextRosterChange(shifts, override.at);
  return ends === null || at.getTime() < ends.getTime();
}

/** When the override stops holding; null: never (no `until` and no roster change to come). */
export function overrideEnds(override: DutyOverride, shifts: readonly RosterShift[]): Date | null {
  return override.until ?? nextRosterChange(shifts, override.at);
}

/** What the judgement needs to know of one worker. */
export interface WorkerDutyFacts<S extends RosterShift> {
  /** Whether the worker has a shift at all; without one, the roster leaves them alone. Default: `shifts` is not empty. */
  rostered?: boolean;
  /** The worker's shifts that could matter: at least those touching the time since the override was made. */
  shifts: readonly S[];
  /** The latest override, held or not. */
  override: DutyOverride | null;
  /** The worker's own switch, which stands when they are not rostered. */
  manualOnDuty: boolean;
}

/** On duty at `at`, and why. */
export function dutyAt<S extends RosterShift>(facts: WorkerDutyFacts<S>, at: Date): DutyJudgement<S> {
  const { shifts, override, manualOnDuty } = facts;
  const shift = shiftInForce(shifts, at);
  if (!(facts.rostered ?? shifts.length > 0)) return { onDuty: manualOnDuty, source: 'no_roster', shift: null, overrideHolds: false };
  if (override && overrideHolds(override, shifts, at)) return { onDuty: override.onDuty, source: 'override', shift, overrideHolds: true };
  return { onDuty: shift !== null, source: 'roster', shift, overrideHolds: false };
}
