import { describe, expect, it } from 'vitest';
import type { CandidateWorker } from './nearest-worker';
import { rankByStraightLine } from './nearest-worker';

const site = { lng: 120.52, lat: 30.29 };
const worker = (id: string, metresNorth: number | null, over: Partial<CandidateWorker> = {}): CandidateWorker => ({
  id,
  onDuty: true,
  status: 'available',
  location: metresNorth === null ? null : { lng: site.lng, lat: site.lat + metresNorth / 111_195 },
  ...over,
});

describe('nearest worker by straight line', () => {
  it('ranks eligible workers nearest first', () => {
    const ranked = rankByStraightLine(site, [worker('far', 900), worker('near', 100), worker('mid', 400)]);
    expect(ranked.map((r) => r.worker.id)).toEqual(['near', 'mid', 'far']);
    expect(ranked[0].distanceM).toBeCloseTo(100, 0);
  });

  it('skips workers off duty, busy, already offered, without position, or excluded', () => {
    const ranked = rankByStraightLine(
      site,
      [
        worker('off', 10, { onDuty: false }),
        worker('busy', 20, { status: 'busy' }),
        worker('offered', 30, { status: 'offered' }),
        worker('nowhere', null),
        worker('declined', 40),
        worker('ok', 500),
      ],
      new Set(['declined']),
    );
    expect(ranked.map((r) => r.worker.id)).toEqual(['ok']);
  });

  it('breaks ties by id so the choice is repeatable', () => {
    expect(rankByStraightLine(site, [worker('b', 100), worker('a', 100)]).map((r) => r.worker.id)).toEqual(['a', 'b']);
  });
});
