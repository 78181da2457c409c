/**
 * Which of the considered workers the detail lists. The hub ranks a stale position last, and a worker it
 * may not reach (reachability doubtful or bad) later, so a worker standing next to the case could fall
 * below the cut; those are listed after the top ones, marked, so the operator sees why the nearest
 * worker was not offered the case first.
 */
import type { CandidateView } from '@xiaonao/contracts';

export const TOP_CANDIDATES = 12;
export const EXTRA_RANKED_DOWN_CANDIDATES = 3;

/** Eligible, but ranked down for something the operator can check: an old fix, a phone that may not answer. */
export function rankedDown(c: CandidateView): boolean {
  return c.skipped === null && (c.stale || c.reachability === 'doubtful' || c.reachability === 'bad');
}

/**
 * The top ones and the ranked-down ones listed at once; `rest` is everyone else in the hub's order
 * (eligible but further away, then the skipped with their reason), behind 「另有 N 人未列出」.
 */
export function shownCandidates(candidates: readonly CandidateView[]): { shown: CandidateView[]; hidden: number; rest: CandidateView[] } {
  const shown = candidates.slice(0, TOP_CANDIDATES);
  const cut = candidates.slice(TOP_CANDIDATES).filter(rankedDown).slice(0, EXTRA_RANKED_DOWN_CANDIDATES);
  shown.push(...cut);
  const listed = new Set(shown);
  const rest = candidates.filter((c) => !listed.has(c));
  return { shown, hidden: rest.length, rest };
}

/** How many of `candidates` were skipped for each reason, most common first; eligible ones count under null. */
export function reasonCounts(candidates: readonly CandidateView[]): { reason: CandidateView['skipped']; count: number }[] {
  const counts = new Map<CandidateView['skipped'], number>();
  for (const c of candidates) counts.set(c.skipped, (counts.get(c.skipped) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}
