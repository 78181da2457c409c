import { CATEGORIES, POLICE_CATEGORIES } from '@xiaonao/contracts';
import { describe, expect, it } from 'vitest';
import { CASE_TEMPLATES, callerAddress, closingResult, demoCaseGenerator } from './case-templates';
import { isInPolygon } from './geo';
import { buildHezhuangTownship } from './hezhuang';
import { createRandom } from './random';

const township = buildHezhuangTownship();
const at = (seconds: number) => new Date(Date.UTC(2026, 2, 15, 6, 0, seconds));

function draw(count: number, seed = 11) {
  const generator = demoCaseGenerator(township, createRandom(seed));
  return Array.from({ length: count }, (_, k) => generator.next(at(k)));
}

describe('demo 110 cases', () => {
  it('has templates for every category a township handles (not police matters), with at least one result each', () => {
    for (const category of CATEGORIES.filter((c) => !(POLICE_CATEGORIES as readonly string[]).includes(c))) {
      expect(CASE_TEMPLATES.filter((t) => t.category === category).length).toBeGreaterThan(0);
    }
    for (const template of CASE_TEMPLATES) expect(template.results.length).toBeGreaterThan(0);
  });

  it('places each case inside the grid it names, with an address in that grid’s style', () => {
    for (const { request, gridCode } of draw(200)) {
      const grid = township.grids.find((g) => g.code === gridCode)!;
      expect(isInPolygon(request.location, grid.polygon)).toBe(true);
      if (grid.kind === 'village') expect(request.address).toMatch(new RegExp(`^河庄街道${grid.name}\\d+组\\d+号$`));
      if (grid.kind === 'dedicated') expect(request.address).toMatch(/^江东工业园/);
    }
  });

  it('fills every field of a 110 transfer plausibly', () => {
    const stationCodes = township.stations.map((s) => s.code);
    for (const { request } of draw(100)) {
      expect(request.caseNo).toMatch(/^33011420260315\d{9}$/);
      expect(request.receivedAt).toMatch(/^2026-03-15T14:0\d:\d\d\.000\+08:00$/);
      expect(request.callerPhone).toMatch(/^1[3-9]\d{9}$/);
      expect(request.callerName.length).toBeGreaterThanOrEqual(2);
      expect(request.coordSystem).toBe('WGS84');
      expect(CATEGORIES).toContain(request.category);
      expect(stationCodes).toContain(request.policeStationCode);
    }
  });

  it('never repeats a case number within a run, even for cases in the same second', () => {
    const generator = demoCaseGenerator(township, createRandom(5));
    const numbers = Array.from({ length: 500 }, () => generator.next(at(0)).request.caseNo);
    expect(new Set(numbers).size).toBe(500);
  });

  it('draws most cases in the market town, and some in villages and the industrial park', () => {
    const kinds = draw(600).map(({ gridCode }) => township.grids.find((g) => g.code === gridCode)!.kind);
    const share = (kind: string) => kinds.filter((k) => k === kind).length / kinds.length;
    expect(share('market_town')).toBeGreaterThan(0.35);
    expect(share('village')).toBeGreaterThan(0.2);
    expect(share('dedicated')).toBeGreaterThan(0.02);
  });

  it('gives the same cases for the same seed', () => {
    expect(draw(20, 3)).toEqual(draw(20, 3));
  });

  it('closes a templated case with one of its own results, and any other case with its category’s', () => {
    const apples = CASE_TEMPLATES.find((t) => t.description.startsWith('水果摊主'))!;
    expect(apples.results).toContain(closingResult('dispute', apples.description, createRandom(1)));
    expect(closingResult('noise', '操作员录入的其他描述', createRandom(1))).toBe('已劝导相关人员，噪音已消除');
  });

  it('writes market-town addresses as a street number or a flat', () => {
    const random = createRandom(2);
    for (let k = 0; k < 50; k++) {
      expect(callerAddress({ kind: 'market_town', name: '河庄集镇第1网格' }, random)).toMatch(/^河庄街道(\S+?\d+号|\S+?\d+幢\d单元\d0\d室)$/);
    }
  });
});
