import { describe, expect, it } from 'vitest';
import type { LngLat } from '@xiaonao/contracts';
import { offsetByMetres } from '../township/geo';
import { buildHezhuangTownship } from '../township/hezhuang';
import { simulatedDay, type SimCase } from './case-load';
import { simulateDay, workersFromTownship, type DaySimulationResult, type QualityWorker } from './day-simulation';
import { enginePolicy, naivePolicy } from './dispatch-policies';
import { qualityReport } from './quality-report';
import { workerBehaviour, type WorkerBehaviour } from './worker-behaviour';

const site: LngLat = { lng: 120.52, lat: 30.29 };
const east = (m: number): LngLat => offsetByMetres(site, m, 0);
/** 08:00, inside the day shift. */
const MORNING_S = 8 * 3600;

function newWorker(id: string, metresEast: number, over: Partial<QualityWorker> = {}): QualityWorker {
  const position = east(metresEast);
  return { id, team: 'grid_worker', gridId: 'G1', rostered: true, position, area: { polygon: null, home: position, radiusM: 300 }, travelModes: ['foot', 'ebike'], ...over };
}

function newCase(over: Partial<SimCase> = {}): SimCase {
  return { id: 'C001', receivedAtS: MORNING_S, location: site, gridId: 'G1', category: 'dispute', teams: [], ...over };
}

/** Workers who do exactly the same every time, so a test can name the seconds. */
const punctual: WorkerBehaviour = workerBehaviour({
  answerDelayS: { min: 5, max: 5 },
  declineProbability: 0,
  missProbability: 0,
  occupied: { share: 0, meanSpellS: 900, declineProbability: 0.8 },
  phoneAsleep: { share: 0, meanSpellS: 1200, wakeDelayS: { min: 20, max: 90 } },
  contactDelayS: { min: 20, max: 20 },
  onSiteS: { min: 600, max: 600 },
  travel: {
    speedMps: { walking: 1.3, ebike: 5 },
    ebikeBeyondM: 300,
    speedFactor: { min: 1, max: 1 },
    detour: { walking: { min: 1.3, max: 1.3 }, ebike: { min: 1.3, max: 1.3 } },
    ebikeStartS: { min: 30, max: 30 },
  },
  patrolSpeedMps: 0,
  gps: { noiseM: 0, outlierProbability: 0, outlierM: 0 },
  shift: { dayStartHour: 8, dayEndHour: 20, nightOnDutyShare: 1 },
});

const township = buildHezhuangTownship();
const demoWorkers = workersFromTownship(township);

describe('one case, one idle worker round the corner', () => {
  const result = simulateDay({ workers: [newWorker('A', 200)], cases: [newCase()], dispatch: enginePolicy(), seed: 1, behaviour: punctual });
  const [outcome] = result.cases;

  it('is accepted, contacted and reached within 1-3-8', () => {
    // 200 m on foot along streets: 200 × 1.3 / 1.3 m/s = 200 s.
    expect(outcome).toMatchObject({ workerId: 'A', acceptS: 5, contactS: 25, ownGrid: true, offers: 1 });
    expect(outcome.arriveS).toBeCloseTo(205, 0);
    const report = qualityReport(result);
    expect([report.accept.share, report.contact.share, report.arrive.share, report.unserved]).toEqual([1, 1, 1, 0]);
  });

  it('closes after the time on site', () => {
    expect(outcome.closedAtS).toBeCloseTo(MORNING_S + 205 + 600, 0);
  });

  it('travels from where the worker is, not from where its phone says', () => {
    const lost = { ...punctual, gps: { noiseM: 0, outlierProbability: 1, outlierM: 2_000 } };
    const [far] = simulateDay({ workers: [newWorker('A', 200)], cases: [newCase()], dispatch: enginePolicy(), seed: 1, behaviour: lost }).cases;
    expect(far.arriveS).toBeCloseTo(205, 0);
  });
});

describe('an offer nobody answers', () => {
  const silent = { ...punctual, missProbability: 1 };
  const workers = [newWorker('A', 100), newWorker('B', 400)];
  const run = (dispatch = enginePolicy()) => simulateDay({ workers, cases: [newCase({ receivedAtS: 23 * 3600 })], dispatch, seed: 1, behaviour: silent, drainS: 600 });

  it('moves on to the next worker after 20 s with the engine', () => {
    const offers = run().offers;
    expect(offers.slice(0, 2).map((o) => [o.workerId, o.atS - 23 * 3600, o.outcome])).toEqual([
      ['A', 0, 'lapsed'],
      ['B', 20, 'lapsed'],
    ]);
  });

  it('waits the full 60 s with the naive baseline', () => {
    const offers = run(naivePolicy()).offers;
    expect(offers.slice(0, 2).map((o) => [o.workerId, o.atS - 23 * 3600, o.outcome])).toEqual([
      ['A', 0, 'lapsed'],
      ['B', 60, 'lapsed'],
    ]);
  });

  it('does not offer it again to a worker who let it lapse until two minutes have passed', () => {
    const offers = run().offers;
    for (let i = 0; i < offers.length; i++) {
      const earlier = offers.slice(0, i).filter((o) => o.workerId === offers[i].workerId);
      const last = earlier[earlier.length - 1];
      if (last) expect(offers[i].atS - (last.atS + 20)).toBeGreaterThanOrEqual(120);
    }
  });

  it('reports the case unserved at the end', () => {
    const report = qualityReport(run());
    expect(report.unserved).toBe(1);
    expect([report.accept.share, report.contact.share, report.arrive.share]).toEqual([0, 0, 0]);
  });
});

describe('a case no responsible team can take', () => {
  it('is reported unserved, never offered to the wrong team', () => {
    for (const dispatch of [enginePolicy(), naivePolicy()]) {
      const result = simulateDay({ workers: [newWorker('A', 100)], cases: [newCase({ teams: ['mediator'] })], dispatch, seed: 1, behaviour: punctual, drainS: 60 });
      expect(result.offers).toEqual([]);
      expect(qualityReport(result).unserved).toBe(1);
    }
  });
});

/** Per worker, the spans in which it held an offer or a case, in order. */
function holdings(result: DaySimulationResult, windowS: number): Map<string, [number, number][]> {
  const closedAt = new Map(result.cases.map((c) => [c.id, c.closedAtS ?? Infinity]));
  const spans = new Map<string, [number, number][]>();
  for (const o of result.offers) {
    const end = o.outcome === 'accepted' ? (closedAt.get(o.caseId) as number) : o.outcome === 'declined' ? (o.answeredAtS as number) : o.atS + windowS;
    spans.set(o.workerId, [...(spans.get(o.workerId) ?? []), [o.atS, end]]);
  }
  for (const list of spans.values()) list.sort((a, b) => a[0] - b[0]);
  return spans;
}

describe('a demo day at three times normal load', () => {
  const cases = simulatedDay(township, 120, 11);
  const engine = enginePolicy();
  const naive = naivePolicy();
  const byEngine = simulateDay({ workers: demoWorkers, cases, dispatch: engine, seed: 11 });
  const byNaive = simulateDay({ workers: demoWorkers, cases, dispatch: naive, seed: 11 });

  it('repeats exactly for the same seed', () => {
    expect(simulateDay({ workers: demoWorkers, cases, dispatch: engine, seed: 11 })).toEqual(byEngine);
  });

  it('changes with the seed', () => {
    expect(simulateDay({ workers: demoWorkers, cases, dispatch: engine, seed: 12 }).offers).not.toEqual(byEngine.offers);
  });

  it('never lets a worker hold two offers or cases at once', () => {
    for (const [result, windowS] of [
      [byEngine, engine.offerWindowS],
      [byNaive, naive.offerWindowS],
    ] as const) {
      for (const [worker, spans] of holdings(result, windowS)) {
        for (let i = 1; i < spans.length; i++) expect(spans[i][0], `${worker} at ${spans[i][0]}`).toBeGreaterThanOrEqual(spans[i - 1][1]);
      }
    }
  });

  it('serves every case or reports it unserved', () => {
    for (const result of [byEngine, byNaive]) {
      expect(result.cases).toHaveLength(cases.length);
      const served = result.cases.filter((c) => c.acceptS !== null);
      for (const c of served) expect(c.closedAtS).not.toBeNull();
      expect(served.length + qualityReport(result).unserved).toBe(cases.length);
    }
  });

  it('keeps every stage in order: received, accepted, contacted, arrived, closed', () => {
    for (const c of [...byEngine.cases, ...byNaive.cases].filter((x) => x.acceptS !== null)) {
      const [accept, contact, arrive] = [c.acceptS, c.contactS, c.arriveS] as number[];
      expect(accept).toBeGreaterThanOrEqual(0);
      expect(contact).toBeGreaterThan(accept);
      expect(arrive).toBeGreaterThanOrEqual(contact);
      expect(c.closedAtS as number).toBeGreaterThan(c.receivedAtS + arrive);
    }
  });

  it('runs a simulated day in seconds, not in a day', () => {
    const started = performance.now();
    simulateDay({ workers: demoWorkers, cases, dispatch: engine, seed: 13 });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
