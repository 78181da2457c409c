/**
 * The naive rule: the nearest available worker by straight line. The hub ranks with
 * recommend-workers.ts; this stays as the baseline that benchmarks compare the engine against.
 */
import type { LngLat, WorkerStatus } from '@xiaonao/contracts';
import { distanceMeters } from '../geo/coordinates';

export interface CandidateWorker {
  id: string;
  onDuty: boolean;
  status: WorkerStatus;
  location: LngLat | null;
}

export interface RankedCandidate<W extends CandidateWorker> {
  worker: W;
  distanceM: number;
}

export function isEligible(worker: CandidateWorker, excluded: ReadonlySet<string>): boolean {
  return worker.onDuty && worker.status === 'available' && worker.location !== null && !excluded.has(worker.id);
}

/** Eligible workers nearest first; ties broken by id so the choice is repeatable. */
export function rankByStraightLine<W extends CandidateWorker>(
  site: LngLat,
  workers: readonly W[],
  excluded: ReadonlySet<string> = new Set(),
): RankedCandidate<W>[] {
  return workers
    .filter((w) => isEligible(w, excluded))
    .map((worker) => ({ worker, distanceM: distanceMeters(site, worker.location as LngLat) }))
    .sort((a, b) => a.distanceM - b.distanceM || a.worker.id.localeCompare(b.worker.id));
}
