/**
 * The time that decides which deadlines fell due. Every hub process must agree on it, so by default it
 * is the database's clock; a test that injects its own Clock gets that clock instead.
 */
import type { Database } from '../persistence/database';
import { Clock, SystemClock } from './clock';

export abstract class TimeSource {
  abstract now(): Promise<Date>;
}

/** How often the offset to the database's clock is measured again (clocks drift slowly). */
const RECALIBRATE_MS = 60_000;

/**
 * The database's clock, read as this process's clock plus a measured offset: asking the database on
 * every timer pass would cost a statement each time, and the offset changes only by drift.
 */
export class DatabaseTimeSource extends TimeSource {
  private offsetMs = 0;
  private measuredAt = -Infinity;

  constructor(private readonly db: Database) {
    super();
  }

  async now(): Promise<Date> {
    if (Date.now() - this.measuredAt >= RECALIBRATE_MS) await this.calibrate();
    return new Date(Date.now() + this.offsetMs);
  }

  private async calibrate(): Promise<void> {
    const before = Date.now();
    const [row] = await this.db.query<{ now: Date }>('SELECT clock_timestamp() AS now');
    const after = Date.now();
    // The database read its clock somewhere in the round trip: take the middle.
    this.offsetMs = row.now.getTime() - (before + after) / 2;
    this.measuredAt = after;
  }
}

export class ClockTimeSource extends TimeSource {
  constructor(private readonly clock: Clock) {
    super();
  }

  now(): Promise<Date> {
    return Promise.resolve(this.clock.now());
  }
}

/** Real time comes from the database; an injected (test) clock is used as it is. */
export function timeSourceFor(clock: Clock, db: Database): TimeSource {
  return clock instanceof SystemClock ? new DatabaseTimeSource(db) : new ClockTimeSource(clock);
}
