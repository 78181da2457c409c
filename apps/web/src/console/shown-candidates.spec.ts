import { describe, expect, it } from 'vitest';
import type { CandidateView } from '@xiaonao/contracts';
import { reasonCounts, shownCandidates } from './shown-candidates';

const candidate = (i: number, over: Partial<CandidateView> = {}): CandidateView => ({
  workerId: `w${i}`,
  name: `W${i}`,
  team: 'grid_worker',
  skipped: null,
  stale: false,
  ownGrid: false,
  distanceM: 100 * i,
  etaSeconds: 60 * i,
  mode: 'foot',
  routed: false,
  queued: false,
  rank: i + 1,
  ...over,
});

describe('the candidates the detail lists', () => {
  it('are all of them when there are few', () => {
    const list = [candidate(0), candidate(1, { stale: true })];
    expect(shownCandidates(list)).toEqual({ shown: list, hidden: 0, rest: [] });
  });

  it('are the top twelve, then up to three eligible stale ones that fell below the cut', () => {
    const fresh = Array.from({ length: 20 }, (_, i) => candidate(i));
    const stale = Array.from({ length: 5 }, (_, i) => candidate(20 + i, { stale: true, distanceM: 10 }));
    const offDuty = candidate(30, { stale: true, skipped: 'off_duty', rank: null });
    const { shown, hidden, rest } = shownCandidates([...fresh, ...stale, offDuty]);
    expect(shown.map((c) => c.workerId)).toEqual([...fresh.slice(0, 12), ...stale.slice(0, 3)].map((c) => c.workerId));
    expect(hidden).toBe(26 - 15);
    expect(rest.map((c) => c.workerId)).toEqual([...fresh.slice(12), ...stale.slice(3), offDuty].map((c) => c.workerId));
  });

  it('include, after the top twelve, eligible workers ranked down because the hub may not reach them', () => {
    const reachable = Array.from({ length: 14 }, (_, i) => candidate(i, { reachability: 'good' }));
    const doubtful = candidate(20, { reachability: 'doubtful', distanceM: 10 });
    const bad = candidate(21, { reachability: 'bad', distanceM: 20 });
    const badButBusy = candidate(22, { reachability: 'bad', skipped: 'busy', rank: null });
    const { shown, hidden } = shownCandidates([...reachable, doubtful, bad, badButBusy]);
    expect(shown.map((c) => c.workerId)).toEqual([...reachable.slice(0, 12), doubtful, bad].map((c) => c.workerId));
    expect(hidden).toBe(17 - 14);
  });

  it('keep the rest, in the hub’s order, with their reasons counted', () => {
    const eligible = Array.from({ length: 13 }, (_, i) => candidate(i));
    const skipped = [candidate(20, { skipped: 'off_duty', rank: null }), candidate(21, { skipped: 'busy', rank: null }), candidate(22, { skipped: 'off_duty', rank: null })];
    const { rest } = shownCandidates([...eligible, ...skipped]);
    expect(rest.map((c) => c.workerId)).toEqual(['w12', 'w20', 'w21', 'w22']);
    expect(reasonCounts(rest)).toEqual([
      { reason: 'off_duty', count: 2 },
      { reason: null, count: 1 },
      { reason: 'busy', count: 1 },
    ]);
  });
});
