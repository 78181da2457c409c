/**
 * The fixes taken and not yet written: per worker the newest (what the flush's UPDATE sets) and, in
 * arrival order, the track points (what it INSERTs). Every point is kept while the database keeps up.
 * When it does not (slow or down) and `bound` points wait, a newer fix of a worker replaces that
 * worker's last unwritten point instead of adding one, and an older one is dropped: the queue then
 * holds at most `bound` points plus one per worker, however long the outage, and the map still
 * shows where everyone is now. What is lost is track detail during the outage, not positions.
 */
export interface PendingFix {
  townshipId: string;
  workerId: string;
  lng: number;
  lat: number;
  at: Date;
  accuracyM: number | null;
}

/** One flush's worth: the newest fix per worker and every track point, oldest first. */
export interface PendingBatch {
  newest: PendingFix[];
  track: PendingFix[];
}

export class PendingFixes {
  private newest = new Map<string, PendingFix>();
  private track: PendingFix[] = [];
  /** Where each worker's last point sits in `track`, for the replacement once `bound` is reached. */
  private lastPoint = new Map<string, number>();

  constructor(private readonly bound: number) {
    if (!(bound >= 1)) throw new RangeError(`bound must be at least 1, got ${bound}`);
  }

  /** Track points waiting. */
  get size(): number {
    return this.track.length;
  }

  add(fix: PendingFix): void {
    const held = this.newest.get(fix.workerId);
    if (!held || held.at <= fix.at) this.newest.set(fix.workerId, fix);
    const last = this.lastPoint.get(fix.workerId);
    if (this.track.length >= this.bound && last !== undefined) {
      // Full: the worker's newest point stands for the others since the last write.
      if (this.track[last].at <= fix.at) this.track[last] = fix;
      return;
    }
    this.lastPoint.set(fix.workerId, this.track.length);
    this.track.push(fix);
  }

  /** Everything waiting, and the queue emptied; null when nothing waits. */
  take(): PendingBatch | null {
    if (!this.track.length) return null;
    const batch = { newest: [...this.newest.values()], track: this.track };
    this.newest = new Map();
    this.track = [];
    this.lastPoint = new Map();
    return batch;
  }

  /** A batch that could not be written goes back in front of what came since, under the same bound. */
  putBack(batch: PendingBatch): void {
    const since = this.track;
    this.newest = new Map();
    this.track = [];
    this.lastPoint = new Map();
    for (const fix of batch.track) this.add(fix);
    for (const fix of since) this.add(fix);
  }
}
