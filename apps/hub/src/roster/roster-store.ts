/** SQL for duty rosters: shifts, and the record of every change of a worker's duty. */
import { Injectable } from '@nestjs/common';
import type { DutyChangeKind, DutyChangeView, ShiftView } from '@xiaonao/contracts';
import { shiftSpan, type RosterShift } from '@xiaonao/domain';
import type { Sql } from '../persistence/database';

export interface ShiftRow {
  id: string;
  township_id: string;
  worker_id: string;
  /** `YYYY-MM-DD` (selected as text: a `date` would come back as a JS Date at UTC midnight). */
  shift_date: string;
  start_time: string;
  end_time: string;
  starts_at: Date;
  ends_at: Date;
}

export interface DutyChangeRow {
  id: string;
  township_id: string;
  worker_id: string;
  kind: DutyChangeKind;
  at: Date;
  from_on_duty: boolean;
  to_on_duty: boolean;
  until: Date | null;
  by_user_id: string | null;
  by_name: string;
  reason: string;
  note: string | null;
}

/** A shift row as the domain rules read it. */
export interface LoadedShift extends RosterShift {
  id: string;
}

export function toShift(row: ShiftRow): LoadedShift {
  return { id: row.id, workerId: row.worker_id, date: row.shift_date, start: row.start_time, end: row.end_time };
}

export function toShiftView(shift: LoadedShift): ShiftView {
  return { id: shift.id, workerId: shift.workerId, date: shift.date, start: shift.start, end: shift.end };
}

export function toDutyChangeView(row: DutyChangeRow): DutyChangeView {
  return {
    id: row.id,
    workerId: row.worker_id,
    kind: row.kind,
    at: row.at.toISOString(),
    fromOnDuty: row.from_on_duty,
    toOnDuty: row.to_on_duty,
    until: row.until ? row.until.toISOString() : null,
    by: row.by_name,
    byUserId: row.by_user_id,
    reason: row.reason,
    note: row.note,
  };
}

/** The columns of ShiftRow from `duty_shift` under alias `a`. */
const shiftColumns = (a: string) =>
  `${a}.id, ${a}.township_id, ${a}.worker_id, to_char(${a}.shift_date, 'YYYY-MM-DD') AS shift_date, ${a}.start_time, ${a}.end_time, ${a}.starts_at, ${a}.ends_at`;
const SHIFT_COLUMNS = shiftColumns('duty_shift');

export interface NewDutyChange {
  townshipId: string;
  workerId: string;
  kind: DutyChangeKind;
  at: Date;
  fromOnDuty: boolean;
  toOnDuty: boolean;
  until: Date | null;
  byUserId: string | null;
  byName: string;
  reason: string;
  note: string | null;
}

@Injectable()
export class RosterStore {
  /** Shifts of a township dated from `from` to `to` (inclusive), optionally of some workers only. */
  async shiftsDated(tx: Sql, townshipId: string, from: string, to: string, workerIds: readonly string[] | null = null): Promise<ShiftRow[]> {
    return tx.query<ShiftRow>(
      `SELECT ${SHIFT_COLUMNS} FROM duty_shift
       WHERE township_id = $1 AND shift_date BETWEEN $2::date AND $3::date AND ($4::uuid[] IS NULL OR worker_id = ANY($4::uuid[]))
       ORDER BY shift_date, start_time, worker_id`,
      [townshipId, from, to, workerIds],
    );
  }

  /**
   * The shifts that decide these workers' duty at `at` and for the next two days, plus, for each
   * worker's latest override, the first shift ending after it was made: that shift holds the roster's
   * next change after the override (shifts of one worker never overlap), so older ones need not be read.
   */
  async shiftsForDuty(tx: Sql, workerIds: readonly string[], at: Date): Promise<ShiftRow[]> {
    if (!workerIds.length) return [];
    return tx.query<ShiftRow>(
      `SELECT ${SHIFT_COLUMNS} FROM duty_shift
       WHERE worker_id = ANY($1::uuid[]) AND ends_at > $2 AND starts_at < $2::timestamptz + interval '2 days'
       UNION
       SELECT ${shiftColumns('s')} FROM (
         SELECT DISTINCT ON (worker_id) worker_id, at FROM duty_change
         WHERE worker_id = ANY($1::uuid[]) AND kind = 'override' ORDER BY worker_id, at DESC
       ) o CROSS JOIN LATERAL (
         SELECT * FROM duty_shift s WHERE s.worker_id = o.worker_id AND s.ends_at > o.at ORDER BY s.starts_at LIMIT 1
       ) s`,
      [workerIds, at],
    );
  }

  /** Which of these workers have any shift at all (the rest keep their own switch). */
  async rostered(tx: Sql, workerIds: readonly string[]): Promise<Set<string>> {
    if (!workerIds.length) return new Set();
    const rows = await tx.query<{ worker_id: string }>(
      `SELECT w.id AS worker_id FROM unnest($1::uuid[]) AS w(id) WHERE EXISTS (SELECT 1 FROM duty_shift s WHERE s.worker_id = w.id)`,
      [workerIds],
    );
    return new Set(rows.map((r) => r.worker_id));
  }

  /** Workers of every township who have any shift: those the roster pass looks after. */
  async rosteredWorkerIds(tx: Sql): Promise<string[]> {
    const rows = await tx.query<{ id: string }>(`SELECT w.id FROM worker w WHERE EXISTS (SELECT 1 FROM duty_shift s WHERE s.worker_id = w.id) ORDER BY w.id`);
    return rows.map((r) => r.id);
  }

  /** Each worker's latest override, held or not. */
  async latestOverrides(tx: Sql, workerIds: readonly string[]): Promise<Map<string, DutyChangeRow>> {
    if (!workerIds.length) return new Map();
    const rows = await tx.query<DutyChangeRow>(
      `SELECT DISTINCT ON (worker_id) * FROM duty_change WHERE worker_id = ANY($1::uuid[]) AND kind = 'override' ORDER BY worker_id, at DESC, id`,
      [workerIds],
    );
    return new Map(rows.map((r) => [r.worker_id, r]));
  }

  /** Shifts of these workers dated on the day before `from` or after `to`: those a new shift in the range could still overlap. */
  async neighbours(tx: Sql, workerIds: readonly string[], from: string, to: string): Promise<ShiftRow[]> {
    if (!workerIds.length) return [];
    return tx.query<ShiftRow>(
      `SELECT ${SHIFT_COLUMNS} FROM duty_shift
       WHERE worker_id = ANY($1::uuid[]) AND (shift_date = $2::date - 1 OR shift_date = $3::date + 1)`,
      [workerIds, from, to],
    );
  }

  /** Replaces these workers' shifts dated from `from` to `to` with `shifts` (already judged). */
  async replace(tx: Sql, townshipId: string, workerIds: readonly string[], from: string, to: string, shifts: readonly RosterShift[], byUserId: string): Promise<void> {
    await tx.query(`DELETE FROM duty_shift WHERE worker_id = ANY($1::uuid[]) AND shift_date BETWEEN $2::date AND $3::date`, [workerIds, from, to]);
    if (!shifts.length) return;
    const spans = shifts.map((s) => shiftSpan(s));
    await tx.query(
      `INSERT INTO duty_shift (township_id, worker_id, shift_date, start_time, end_time, starts_at, ends_at, created_by)
       SELECT $1, u.*, $8 FROM unnest($2::uuid[], $3::date[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[]) AS u`,
      [
        townshipId,
        shifts.map((s) => s.workerId),
        shifts.map((s) => s.date),
        shifts.map((s) => s.start),
        shifts.map((s) => s.end),
        spans.map((s) => s.startsAt),
        spans.map((s) => s.endsAt),
        byUserId,
      ],
    );
  }

  async recordChange(tx: Sql, change: NewDutyChange): Promise<DutyChangeRow> {
    const [row] = await tx.query<DutyChangeRow>(
      `INSERT INTO duty_change (township_id, worker_id, kind, at, from_on_duty, to_on_duty, until, by_user_id, by_name, reason, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [change.townshipId, change.workerId, change.kind, change.at, change.fromOnDuty, change.toOnDuty, change.until, change.byUserId, change.byName, change.reason, change.note],
    );
    return row;
  }

  /** Recorded changes, newest first. */
  async changes(tx: Sql, townshipId: string, filter: { workerIds: readonly string[] | null; since: Date | null; before: Date | null; limit: number }): Promise<DutyChangeRow[]> {
    return tx.query<DutyChangeRow>(
      `SELECT * FROM duty_change
       WHERE township_id = $1 AND ($2::uuid[] IS NULL OR worker_id = ANY($2::uuid[]))
         AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at < $4)
       ORDER BY at DESC, id LIMIT $5`,
      [townshipId, filter.workerIds, filter.since, filter.before, filter.limit],
    );
  }
}
