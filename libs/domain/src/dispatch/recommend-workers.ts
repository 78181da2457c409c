/**
 * Who should get the case, and why: every worker of the township is judged eligible or skipped with a
 * reason; eligible ones are ranked by estimated arrival, the grid's own workers first unless another
 * is clearly faster, stale positions last, and a little weight against those who already had many
 * cases today. Pure: positions, time and policy are passed in.
 */
import type { LngLat, SkipReason, Team, TravelMode, WorkerStatus } from '@xiaonao/contracts';
import { distanceMeters } from '../geo/coordinates';
import { DEFAULT_TRAVEL, fastestTravel, type TravelProfile } from './travel-estimate';

export interface DispatchWorker {
  id: string;
  team: Team;
  gridId: string | null;
  onDuty: boolean;
  status: WorkerStatus;
  location: LngLat | null;
  positionAt: Date | null;
  travelModes: readonly TravelMode[];
  /** Cases this worker took today: spreads work. */
  casesToday: number;
  /** After a long job a worker rests until this time. */
  restingUntil: Date | null;
  /** The case a busy worker already took as their next one: nobody queues two. */
  queuedIncidentId: string | null;
  /** Whether the worker's phone can be reached (reachabilityVerdict); absent: not known, counted as good. */
  reachability?: 'good' | 'doubtful' | 'bad';
}

export interface DispatchCase {
  location: LngLat;
  gridId: string | null;
  receivedAt: Date;
  /** Teams the responsibility table names for the category; empty means any team. */
  teams: readonly Team[];
  /** The table lets a busy worker take this category as their next case (允许排队). */
  queueAllowed: boolean;
}

export interface DispatchPolicy {
  /** A position older than this is stale: the worker is ranked last and marked. */
  staleAfterSeconds: number;
  /** Nobody further than this (straight line) is offered the case. */
  maxRadiusM: number;
  /** The grid's own worker keeps the case unless another arrives this much sooner. */
  territorialAdvantageSeconds: number;
  /** Added to the estimate per case already taken today. */
  fairnessSecondsPerCase: number;
  /** The arrive target, to flag a case that cannot make it. */
  arriveTargetSeconds: number;
  /** Assumed time a busy worker needs to finish the current case before leaving for a queued one. */
  queueSeconds: number;
  /**
   * Added to the score of a worker who may not get the offer in time: a doubtful phone (not online, no
   * channel worked lately) or a bad one (channels failed lately). A reachable worker a little further
   * away is the better bet for the 1-minute accept.
   */
  reachPenaltySeconds: { doubtful: number; bad: number };
  travel: Record<TravelMode, TravelProfile>;
}

export const DEFAULT_DISPATCH_POLICY: DispatchPolicy = {
  staleAfterSeconds: 120,
  maxRadiusM: 5_000,
  territorialAdvantageSeconds: 60,
  fairnessSecondsPerCase: 20,
  arriveTargetSeconds: 480,
  queueSeconds: 600,
  reachPenaltySeconds: { doubtful: 30, bad: 120 },
  travel: DEFAULT_TRAVEL,
};

export interface CandidateVerdict {
  workerId: string;
  /** null when eligible. */
  skipped: SkipReason | null;
  stale: boolean;
  ownGrid: boolean;
  distanceM: number | null;
  etaSeconds: number | null;
  mode: TravelMode | null;
  /** The number the ranking sorts by: ETA with the territorial bonus and the fairness weight. */
  score: number | null;
  /** The ETA came from a routing server rather than the straight-line estimate. */
  routed?: boolean;
  /** Busy, taking the case as their next one: ranked after every free worker, the ETA includes `queueSeconds`. */
  queued: boolean;
  /** The worker's reachability as judged (a doubtful or bad one carries reachPenaltySeconds in the score). */
  reachability: 'good' | 'doubtful' | 'bad';
}

export interface Recommendation {
  /** Eligible workers, best first. */
  ranked: CandidateVerdict[];
  skipped: CandidateVerdict[];
  /** Even the best estimate misses the 8-minute arrival target (or nobody is eligible). */
  arrivalAtRisk: boolean;
  /** Seconds left to the arrival deadline at `now`. */
  arrivalBudgetSeconds: number;
}

const byRank = (a: CandidateVerdict, b: CandidateVerdict) =>
  Number(a.queued) - Number(b.queued) ||
  Number(a.stale) - Number(b.stale) || (a.score as number) - (b.score as number) || a.workerId.localeCompare(b.workerId);

/**
 * Replaces estimates with routed travel times (seconds, from a routing server) where known, keeps the
 * territorial bonus and fairness weight, and ranks again. Workers without a route keep their estimate.
 */
export function rerankWithRoutes(rec: Recommendation, routedSeconds: ReadonlyMap<string, number>, policy: DispatchPolicy = DEFAULT_DISPATCH_POLICY): Recommendation {
  const ranked = rec.ranked
    .map((v): CandidateVerdict => {
      const routed = routedSeconds.get(v.workerId);
      if (routed === undefined || v.etaSeconds === null || v.score === null || v.mode === null) return v;
      const eta = Math.round(routed + policy.travel[v.mode].startSeconds + (v.queued ? policy.queueSeconds : 0));
      return { ...v, etaSeconds: eta, score: v.score - v.etaSeconds + eta, routed: true };
    })
    .sort(byRank);
  const best = ranked.find((v) => !v.stale) ?? ranked[0];
  return { ...rec, ranked, arrivalAtRisk: !best || (best.etaSeconds as number) > rec.arrivalBudgetSeconds };
}

function skipReason(w: DispatchWorker, c: DispatchCase, now: Date, excluded: ReadonlySet<string>, distanceM: number | null, policy: DispatchPolicy): SkipReason | null {
  if (!w.onDuty) return 'off_duty';
  if (w.status === 'busy' && !(c.queueAllowed && w.queuedIncidentId === null)) return 'busy';
  if (w.status === 'offered') return 'offered';
  if (excluded.has(w.id)) return 'declined_recently';
  if (c.teams.length && !c.teams.includes(w.team)) return 'wrong_team';
  if (w.restingUntil && w.restingUntil > now) return 'resting';
  if (distanceM === null) return 'no_position';
  if (distanceM > policy.maxRadiusM) return 'outside_radius';
  return null;
}

export function recommendWorkers(
  c: DispatchCase,
  workers: readonly DispatchWorker[],
  now: Date,
  policy: DispatchPolicy = DEFAULT_DISPATCH_POLICY,
  excluded: ReadonlySet<string> = new Set(),
): Recommendation {
  const verdicts = workers.map((w): CandidateVerdict => {
    const distanceM = w.location ? distanceMeters(c.location, w.location) : null;
    const skipped = skipReason(w, c, now, excluded, distanceM, policy);
    const stale = !w.positionAt || now.getTime() - w.positionAt.getTime() > policy.staleAfterSeconds * 1000;
    const ownGrid = c.gridId !== null && w.gridId === c.gridId;
    const queued = w.status === 'busy';
    if (distanceM === null) return { workerId: w.id, skipped, stale, ownGrid, distanceM, etaSeconds: null, mode: null, score: null, queued, reachability: w.reachability ?? 'good' };
    const travel = fastestTravel(distanceM, w.travelModes, policy.travel);
    const { mode } = travel;
    const seconds = travel.seconds + (queued ? policy.queueSeconds : 0);
    const reach = w.reachability ?? 'good';
    const penalty = reach === 'good' ? 0 : policy.reachPenaltySeconds[reach];
    const score = seconds - (ownGrid ? policy.territorialAdvantageSeconds : 0) + w.casesToday * policy.fairnessSecondsPerCase + penalty;
    return { workerId: w.id, skipped, stale, ownGrid, distanceM: Math.round(distanceM), etaSeconds: Math.round(seconds), mode, score, queued, reachability: reach };
  });
  const ranked = verdicts.filter((v) => v.skipped === null).sort(byRank);
  const elapsed = (now.getTime() - c.receivedAt.getTime()) / 1000;
  const budget = Math.round(policy.arriveTargetSeconds - elapsed);
  const best = ranked.find((v) => !v.stale) ?? ranked[0];
  return {
    ranked,
    skipped: verdicts.filter((v) => v.skipped !== null),
    arrivalAtRisk: !best || (best.etaSeconds as number) > budget,
    arrivalBudgetSeconds: budget,
  };
}
