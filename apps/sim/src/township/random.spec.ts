import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from './random';

describe('the seeded random source', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('stays within the asked ranges', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 50 }), (seed, min, span) => {
        const random = createRandom(seed);
        const n = random.next();
        const i = random.int(min, min + span);
        const x = random.between(min, min + span + 1);
        return n >= 0 && n < 1 && Number.isInteger(i) && i >= min && i <= min + span && x >= min && x < min + span + 1;
      }),
    );
  });

  it('picks by weight and never picks a zero weight', () => {
    const random = createRandom(7);
    const counts = { a: 0, b: 0, never: 0 };
    for (let k = 0; k < 4_000; k++) {
      counts[random.weighted([{ item: 'a' as const, weight: 3 }, { item: 'b' as const, weight: 1 }, { item: 'never' as const, weight: 0 }])]++;
    }
    expect(counts.never).toBe(0);
    expect(counts.a / counts.b).toBeGreaterThan(2.5);
    expect(counts.a / counts.b).toBeLessThan(3.5);
  });

  it('refuses to pick from nothing', () => {
    expect(() => createRandom(1).pick([])).toThrow('pick: no items to pick from');
    expect(() => createRandom(1).weighted([{ item: 'x', weight: 0 }])).toThrow('weighted: no item has a positive weight');
  });
});
