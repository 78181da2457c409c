import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../township/random';
import { answerDelayMs, decideOffer, nextCaseDelayMs } from './responder-policy';

describe('how simulated workers answer offers', () => {
  it('answers within the configured range', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 60_000 }), (seed, a, b) => {
        const range = { min: Math.min(a, b), max: Math.max(a, b) };
        const delay = answerDelayMs(range, createRandom(seed));
        return delay >= range.min && delay <= range.max;
      }),
    );
  });

  it('answers mostly quickly: with 5–25 s about one in eight after 20 s', () => {
    const random = createRandom(1);
    const delays = Array.from({ length: 10_000 }, () => answerDelayMs({ min: 5_000, max: 25_000 }, random));
    const late = delays.filter((d) => d > 20_000).length / delays.length;
    expect(late).toBeGreaterThan(0.1);
    expect(late).toBeLessThan(0.16);
  });

  it('declines about as often as configured, and never or always at the extremes', () => {
    const random = createRandom(2);
    const declines = Array.from({ length: 10_000 }, () => decideOffer(0.1, random)).filter((a) => a === 'decline').length;
    expect(declines / 10_000).toBeCloseTo(0.1, 1);
    expect(decideOffer(0, random)).toBe('accept');
    expect(decideOffer(1, random)).toBe('decline');
  });
});

describe('the 110 feed rhythm', () => {
  it('spaces cases between half and one and a half times the interval', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const delay = nextCaseDelayMs(90_000, createRandom(seed));
        return delay >= 45_000 && delay <= 135_000;
      }),
    );
  });
});
