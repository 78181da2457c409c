import { Clock } from '../../apps/hub/src/clock/clock';

/** Real time flowing from a chosen instant, which a test can move forward (deadlines minutes or hours apart). */
export class MovableClock extends Clock {
  private offsetMs: number;

  constructor(start: string | Date = new Date()) {
    super();
    this.offsetMs = new Date(start).getTime() - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves time forward by so many milliseconds. */
  advance(ms: number): void {
    if (ms < 0) throw new Error('the clock never goes back');
    this.offsetMs += ms;
  }

  /** Jumps to a Shanghai wall-clock instant, e.g. '2026-12-02T08:00:00' (never backwards). */
  setTo(shanghai: string): void {
    const target = Date.parse(`${shanghai}+08:00`);
    if (target < this.now().getTime()) throw new Error(`clock would go back to ${shanghai}`);
    this.offsetMs = target - Date.now();
  }
}
