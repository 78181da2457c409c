import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { offsetByMetres, metresBetween } from '../township/geo';
import { buildHezhuangTownship } from '../township/hezhuang';
import { createRandom } from '../township/random';
import { resolveOptions } from '../simulator/simulator-options';
import { DEFAULT_WORKER_BEHAVIOUR, meanGapS, onShift, reportedFix, respondToOffer, spellS, tripTo, workerBehaviour } from './worker-behaviour';

const b = DEFAULT_WORKER_BEHAVIOUR;
const idle = { occupied: false, asleep: false };

describe('assumptions shared with the live simulator', () => {
  it('uses the live simulator’s defaults for answering, contact, speeds and GPS', () => {
    const live = resolveOptions({ hubUrl: 'http://127.0.0.1:3000', seed: buildHezhuangTownship(), random: 1 });
    expect({ min: b.answerDelayS.min * 1000, max: b.answerDelayS.max * 1000 }).toEqual(live.answerDelayMs);
    expect({ min: b.contactDelayS.min * 1000, max: b.contactDelayS.max * 1000 }).toEqual(live.contactDelayMs);
    expect(b.declineProbability).toBe(live.declineProbability);
    expect(b.travel.speedMps).toEqual(live.speedMps);
    expect(b.travel.ebikeBeyondM).toBe(live.ebikeBeyondM);
    expect(b.patrolSpeedMps).toBe(live.patrolSpeedMps);
    expect(b.gps.noiseM).toBe(live.gpsNoiseM);
  });
});

describe('answering an offer', () => {
  const answers = (moment = idle, behaviour = b, n = 10_000) => {
    const random = createRandom(5);
    return Array.from({ length: n }, () => respondToOffer(behaviour, moment, random));
  };
  const share = (list: ReturnType<typeof answers>, kind: string) => list.filter((a) => a.kind === kind).length / list.length;

  it('misses about one offer in twenty and declines about one in ten of the rest', () => {
    const list = answers();
    expect(share(list, 'silent')).toBeCloseTo(0.05, 1);
    expect(share(list, 'decline') / (1 - share(list, 'silent'))).toBeCloseTo(0.1, 1);
  });

  it('mostly declines while busy with work the hub does not know about', () => {
    expect(share(answers({ occupied: true, asleep: false }), 'decline')).toBeGreaterThan(0.7);
  });

  it('answers within 5–25 s when awake, later when the phone was asleep', () => {
    const delays = (moment: typeof idle) => answers(moment).flatMap((a) => (a.kind === 'silent' ? [] : [a.afterS]));
    const awake = delays(idle);
    expect(Math.min(...awake)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...awake)).toBeLessThanOrEqual(25);
    const asleep = delays({ occupied: false, asleep: true });
    expect(Math.min(...asleep)).toBeGreaterThanOrEqual(25);
    expect(Math.max(...asleep)).toBeLessThanOrEqual(115);
  });
});

describe('travel to a case', () => {
  it('walks round the corner and rides the e-bike further, along streets slower than the crow flies', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 1, max: 5_000, noNaN: true }), (seed, metres) => {
        const trip = tripTo(b, metres, createRandom(seed));
        const speed = b.travel.speedMps[trip.mode];
        const { detour, speedFactor } = b.travel;
        const start = trip.mode === 'ebike' ? b.travel.ebikeStartS : { min: 0, max: 0 };
        expect(trip.mode).toBe(metres > 300 ? 'ebike' : 'walking');
        expect(trip.seconds).toBeGreaterThanOrEqual(start.min + (metres * detour[trip.mode].min) / (speed * speedFactor.max) - 1e-9);
        expect(trip.seconds).toBeLessThanOrEqual(start.max + (metres * detour[trip.mode].max) / (speed * speedFactor.min) + 1e-9);
      }),
    );
  });
});

describe('reported positions', () => {
  const truth = { lng: 120.52, lat: 30.29 };

  it('are a few metres off as a rule and sometimes far off', () => {
    const random = createRandom(9);
    const errors = Array.from({ length: 10_000 }, () => metresBetween(truth, reportedFix(b, truth, random)));
    const jumps = errors.filter((e) => e > 100).length / errors.length;
    expect(jumps).toBeCloseTo(b.gps.outlierProbability, 2);
    const usual = errors.filter((e) => e <= 100);
    const rms = Math.sqrt(usual.reduce((s, e) => s + e * e, 0) / usual.length);
    expect(rms).toBeGreaterThan(6);
    expect(rms).toBeLessThan(10);
  });

  it('are exact when told there is no noise', () => {
    const exact = workerBehaviour({ gps: { noiseM: 0, outlierProbability: 0, outlierM: 0 } });
    expect(reportedFix(exact, truth, createRandom(1))).toEqual(truth);
    expect(metresBetween(offsetByMetres(truth, 0, 0), truth)).toBe(0);
  });
});

describe('spells and shifts', () => {
  it('spends the stated share of time in spells', () => {
    const random = createRandom(3);
    const { share, meanSpellS } = b.occupied;
    let inside = 0;
    let total = 0;
    for (let k = 0; k < 5_000; k++) {
      const spell = spellS(meanSpellS, random);
      inside += spell;
      total += spell + spellS(meanGapS(share, meanSpellS), random);
    }
    expect(inside / total).toBeCloseTo(share, 1);
  });

  it('keeps day workers from 08:00 to 20:00 and the night roster round the clock', () => {
    expect([onShift(b, 7.99, false), onShift(b, 8, false), onShift(b, 19.99, false), onShift(b, 20, false)]).toEqual([false, true, true, false]);
    expect(onShift(b, 3, true)).toBe(true);
  });
});
