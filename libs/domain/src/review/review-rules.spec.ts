import { describe, expect, it } from 'vitest';
import type { GridIndexSettings } from '@xiaonao/contracts';
import { BASE_CELL_DEG, cellKeyOf, clusterCells, coarsenFactor, heatPoints } from './cells';
import { addCounts, emptyCounts, ratesOf } from './counts';
import { toCsv } from './csv';
import { DEFAULT_GRID_INDEX_SETTINGS, gridBand, gridIndexScore, gridIndexSettingsProblem, gridIndexTerms } from './grid-index';
import { beijingDay, monthPeriod, resolvePeriod } from './period';
import { findRepeats, peakInWindow } from './repeats';

const counts = (over: Partial<ReturnType<typeof emptyCounts>>) => ({ ...emptyCounts(), ...over });

describe('1-3-8 rates from counts', () => {
  it('divides the stages done in time by the stages decided', () => {
    const r = ratesOf(counts({ cases: 4, acceptDue: 4, acceptInTime: 3, contactDue: 2, contactInTime: 2, arriveDue: 2, arriveInTime: 1 }));
    expect(r).toMatchObject({ accept: 0.75, contact: 1, arrive: 0.5, all138: 6 / 8 });
  });

  it('has no rate where nothing was due, and counts basically satisfied as satisfied', () => {
    const r = ratesOf(counts({ cases: 1, followUpSatisfied: 1, followUpBasic: 1, followUpUnsatisfied: 2 }));
    expect(r.accept).toBeNull();
    expect(r.satisfaction).toBe(0.5);
  });

  it('adds counts key by key', () => {
    expect(addCounts(counts({ cases: 1, breached: 1 }), counts({ cases: 2 }))).toEqual(counts({ cases: 3, breached: 1 }));
  });
});

describe('review periods in Beijing days', () => {
  const now = new Date('2026-12-02T17:00:00Z'); // 01:00 on 3 December in Beijing

  it('takes the Beijing day, not the UTC one', () => {
    expect(beijingDay(now)).toBe('2026-12-03');
  });

  it('defaults to the week ending today', () => {
    expect(resolvePeriod({}, now)).toEqual({ from: '2026-11-27', to: '2026-12-03' });
  });

  it('refuses a period that runs backwards or is no date, naming the field', () => {
    expect(() => resolvePeriod({ from: '2026-12-05', to: '2026-12-01' }, now)).toThrow(expect.objectContaining({ field: 'from' }));
    expect(() => resolvePeriod({ to: '2026-02-30' }, now)).toThrow(expect.objectContaining({ field: 'to' }));
  });

  it('knows the last day of a month', () => {
    expect(monthPeriod('2028-02', now)).toEqual({ month: '2028-02', from: '2028-02-01', to: '2028-02-29' });
  });
});

describe('repeat places and callers', () => {
  it('finds the busiest window of M days', () => {
    const days = [
      { day: '2026-11-01', cases: 1 },
      { day: '2026-11-03', cases: 2 },
      { day: '2026-11-09', cases: 1 },
      { day: '2026-11-10', cases: 1 },
    ];
    expect(peakInWindow(days, 3)).toBe(3);
    expect(peakInWindow(days, 10)).toBe(5);
    expect(peakInWindow(days, 1)).toBe(2);
  });

  it('keeps only keys with N+ cases inside one window, busiest first', () => {
    const series = new Map([
      ['spread', [{ day: '2026-11-01', cases: 1 }, { day: '2026-11-20', cases: 1 }, { day: '2026-11-29', cases: 1 }]],
      ['hot', [{ day: '2026-11-05', cases: 2 }, { day: '2026-11-06', cases: 2 }]],
    ]);
    expect(findRepeats(series, 3, 7)).toEqual([{ key: 'hot', cases: 4, peak: 4, firstDay: '2026-11-05', lastDay: '2026-11-06' }]);
    expect(findRepeats(series, 3, 30).map((r) => r.key)).toEqual(['hot', 'spread']);
  });

  it('clusters cells within the radius around the busiest', () => {
    const here = { lng: 120.1, lat: 30.2 };
    const near = { lng: 120.1 + 2 * BASE_CELL_DEG, lat: 30.2 }; // about 100 m east
    const far = { lng: 120.12, lat: 30.2 }; // about 2 km east
    const cells = [
      { key: cellKeyOf(here), cases: 3 },
      { key: cellKeyOf(near), cases: 2 },
      { key: cellKeyOf(far), cases: 4 },
    ];
    const clusters = clusterCells(cells, 150);
    expect(clusters.map((c) => c.cases)).toEqual([4, 5]);
    expect(clusterCells(cells, 20).map((c) => c.cases)).toEqual([4, 3, 2]);
  });
});

describe('heat-map cells', () => {
  it('merges base cells into coarser ones, weighted by cases', () => {
    expect(coarsenFactor(200)).toBe(4);
    const a = cellKeyOf({ lng: 120.1001, lat: 30.2001 });
    const b = cellKeyOf({ lng: 120.1006, lat: 30.2006 });
    const points = heatPoints([{ key: a, cases: 2 }, { key: b, cases: 1 }], 200);
    expect(points.reduce((n, p) => n + p.weight, 0)).toBe(3);
    expect(heatPoints([{ key: a, cases: 2 }, { key: b, cases: 1 }], 50)).toHaveLength(2);
  });
});

describe('the grid index', () => {
  const s: GridIndexSettings = DEFAULT_GRID_INDEX_SETTINGS;
  const perfect = { cases: 10, residents: 1000, casesPer1000: 10, repeatCases: 0, rates: { accept: 1, contact: 1, arrive: 1, all138: 1, satisfaction: 1 } };

  it('scores each term 0..1 and weighs them to 0..100', () => {
    const terms = gridIndexTerms(perfect, s);
    expect(terms.volume).toBe(0.5);
    expect(gridIndexScore(terms, s)).toBe(92.5);
  });

  it('leaves out terms without input and lets the others carry the score', () => {
    const terms = gridIndexTerms({ ...perfect, residents: null, casesPer1000: null, rates: { ...perfect.rates, satisfaction: null } }, s);
    expect(terms.volume).toBeNull();
    expect(gridIndexScore(terms, s)).toBe(100);
  });

  it('bands at the thresholds: 绿 蓝 橙 红', () => {
    expect([95, 90, 85, 80, 75, 70, 69.9].map((x) => gridBand(x, s.bands))).toEqual(['green', 'green', 'blue', 'blue', 'orange', 'orange', 'red']);
    expect(gridBand(null, s.bands)).toBeNull();
  });

  it('refuses settings naming the field', () => {
    expect(gridIndexSettingsProblem({ ...s, weights: { ...s.weights, arrive: -1 } })?.field).toBe('weights.arrive');
    expect(gridIndexSettingsProblem({ ...s, bands: { green: 80, blue: 85, orange: 70 } })?.field).toBe('bands.blue');
    expect(gridIndexSettingsProblem({ ...s, residents: { G01: 1.5 } })?.field).toBe('residents.G01');
    expect(gridIndexSettingsProblem({ ...s, repeatMinCases: 1 })?.field).toBe('repeatMinCases');
    expect(gridIndexSettingsProblem(s)).toBeNull();
  });
});

describe('CSV for spreadsheets', () => {
  it('starts with a BOM, quotes where needed and defuses formulas', () => {
    const csv = toCsv(['地址', 'n'], [['=HYPERLINK("x")', 1], ['a,b', null]]);
    expect(csv.startsWith('\uFEFF地址,n\r\n')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""x"")",1`);
    expect(csv).toContain('"a,b",\r\n');
  });
});
