/**
 * The two ways of choosing who gets an offer, as plug-ins of the day simulation. Both see the same
 * thing the hub sees — reported (noisy, possibly stale) positions, statuses, shifts — and both obey
 * the responsibility table's teams, which is an eligibility rule, not a ranking. They differ in how
 * they rank and in how long one offer waits for an answer.
 */
import { DEFAULT_DISPATCH_POLICY, rankByStraightLine, recommendWorkers, type DispatchCase, type DispatchPolicy, type DispatchWorker } from '@xiaonao/domain';

export interface DispatchPlugin {
  name: string;
  /** How long one offer waits for an answer before the case moves on. */
  offerWindowS: number;
  /** Ids of the workers to offer the case to, best first; `excluded` declined or let it lapse lately. */
  rank(c: DispatchCase, workers: readonly DispatchWorker[], now: Date, excluded: ReadonlySet<string>): string[];
}

/** The hub's own default (OFFER_TIMEOUT_MS). */
export const ENGINE_OFFER_WINDOW_S = 20;
/** What a command room does by hand: one call, a minute to answer. */
export const NAIVE_OFFER_WINDOW_S = 60;

/** The hub's engine: estimated arrival by travel mode, own grid first, fairness, rest, stale fixes last. */
export function enginePolicy(options: { offerWindowS?: number; policy?: DispatchPolicy } = {}): DispatchPlugin {
  const policy = options.policy ?? DEFAULT_DISPATCH_POLICY;
  return {
    name: 'engine',
    offerWindowS: options.offerWindowS ?? ENGINE_OFFER_WINDOW_S,
    rank: (c, workers, now, excluded) => recommendWorkers(c, workers, now, policy, excluded).ranked.map((v) => v.workerId),
  };
}

/** The baseline: the nearest available worker of a responsible team by straight line, one long offer at a time. */
export function naivePolicy(options: { offerWindowS?: number } = {}): DispatchPlugin {
  return {
    name: 'naive',
    offerWindowS: options.offerWindowS ?? NAIVE_OFFER_WINDOW_S,
    rank: (c, workers, _now, excluded) => {
      const responsible = c.teams.length ? workers.filter((w) => c.teams.includes(w.team)) : workers;
      return rankByStraightLine(c.location, responsible, excluded).map((r) => r.worker.id);
    },
  };
}
