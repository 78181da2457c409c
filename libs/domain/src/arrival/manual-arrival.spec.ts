import { describe, expect, it } from 'vitest';
import type { LngLat } from '@xiaonao/contracts';
import { judgeManualArrival } from './manual-arrival';

const site: LngLat = { lng: 120.501, lat: 30.285 };
const north = (m: number): LngLat => ({ lng: site.lng, lat: site.lat + m / 111_195 });
const now = new Date('2026-11-21T01:30:00Z');
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);

describe('a worker who taps 已到场', () => {
  it('is taken at their word near the site, with the distance recorded', () => {
    expect(judgeManualArrival(site, { location: north(60), at: secondsAgo(5) }, now)).toEqual({ distanceM: 60, flagged: false, flag: null });
  });

  it('is flagged as far from 1 km away, with the distance', () => {
    expect(judgeManualArrival(site, { location: north(1000), at: secondsAgo(5) }, now)).toEqual({ distanceM: 1000, flagged: true, flag: 'far' });
  });

  it('is flagged only beyond the configured distance', () => {
    const policy = { flagDistanceM: 500, maxFixAgeSeconds: 120 };
    expect(judgeManualArrival(site, { location: north(300), at: now }, now).flagged).toBe(false);
    expect(judgeManualArrival(site, { location: north(301), at: now }, now).flagged).toBe(true);
    expect(judgeManualArrival(site, { location: north(450), at: now }, now, policy).flagged).toBe(false);
  });

  it('is flagged with an unknown distance when the phone has no fix, or only an old one', () => {
    expect(judgeManualArrival(site, null, now)).toEqual({ distanceM: null, flagged: true, flag: 'no_fix' });
    expect(judgeManualArrival(site, { location: north(10), at: secondsAgo(600) }, now)).toEqual({ distanceM: null, flagged: true, flag: 'no_fix' });
  });
});
