import { describe, expect, it } from 'vitest';
import { buildHezhuangTownship } from '../township/hezhuang';
import { HOURLY_SHAPE, NORMAL_CASES_PER_DAY, simulatedDay, TRIPLE_CASES_PER_DAY } from './case-load';

const township = buildHezhuangTownship();

describe('a simulated day of cases', () => {
  it('repeats for a seed and differs between seeds', () => {
    expect(simulatedDay(township, 40, 1)).toEqual(simulatedDay(township, 40, 1));
    expect(simulatedDay(township, 40, 2)).not.toEqual(simulatedDay(township, 40, 1));
  });

  it('averages the asked number of cases a day', () => {
    for (const perDay of [NORMAL_CASES_PER_DAY, TRIPLE_CASES_PER_DAY]) {
      const days = Array.from({ length: 40 }, (_, seed) => simulatedDay(township, perDay, seed).length);
      const mean = days.reduce((s, n) => s + n, 0) / days.length;
      expect(Math.abs(mean - perDay)).toBeLessThan(perDay * 0.08);
    }
  });

  it('comes in order of arrival within the day, more by day than before dawn', () => {
    const cases = Array.from({ length: 20 }, (_, seed) => simulatedDay(township, 120, seed)).flat();
    const hour = (s: number) => Math.floor(s / 3600);
    const night = cases.filter((c) => hour(c.receivedAtS) >= 1 && hour(c.receivedAtS) < 6).length;
    const evening = cases.filter((c) => hour(c.receivedAtS) >= 18 && hour(c.receivedAtS) < 23).length;
    expect(evening).toBeGreaterThan(5 * night);
    const day = simulatedDay(township, 120, 3);
    for (let i = 1; i < day.length; i++) expect(day[i].receivedAtS).toBeGreaterThanOrEqual(day[i - 1].receivedAtS);
    expect(day.every((c) => c.receivedAtS >= 0 && c.receivedAtS < 24 * 3600)).toBe(true);
  });

  it('places each case in a grid of the township with the teams the responsibility table names', () => {
    const codes = new Set(township.grids.map((g) => g.code));
    for (const c of simulatedDay(township, 120, 4)) {
      expect(codes.has(c.gridId)).toBe(true);
      const row = township.responsibilities?.find((r) => r.category === c.category);
      expect(c.teams).toEqual(row?.teams ?? []);
    }
  });

  it('refuses an hourly shape that is not 24 hours long', () => {
    expect(() => simulatedDay(township, 40, 1, HOURLY_SHAPE.slice(1))).toThrow('simulatedDay: the hourly shape needs 24 values, got 23');
  });
});
