import { describe, expect, it } from 'vitest';
import type { CaseOutcome, DaySimulationResult, OfferRecord } from './day-simulation';
import { formatQualityTable, percentileOf, qualityReport } from './quality-report';

function newOutcome(id: string, times: { acceptS: number; contactS: number; arriveS: number } | null, over: Partial<CaseOutcome> = {}): CaseOutcome {
  return {
    id,
    receivedAtS: 0,
    workerId: times ? 'W001' : null,
    ownGrid: times ? true : null,
    acceptS: times?.acceptS ?? null,
    contactS: times?.contactS ?? null,
    arriveS: times?.arriveS ?? null,
    closedAtS: times ? times.arriveS + 600 : null,
    offers: 1,
    ...over,
  };
}

function newResult(cases: CaseOutcome[], offers: OfferRecord[] = []): DaySimulationResult {
  return { policy: 'engine', cases, offers, endedAtS: 0 };
}

describe('the 1-3-8 report of a day', () => {
  const day = newResult(
    [
      newOutcome('on-time', { acceptS: 30, contactS: 90, arriveS: 400 }),
      newOutcome('exactly-on-the-line', { acceptS: 60, contactS: 180, arriveS: 480 }),
      newOutcome('late', { acceptS: 70, contactS: 200, arriveS: 600 }, { ownGrid: false }),
      newOutcome('never-taken', null),
    ],
    [
      { caseId: 'on-time', workerId: 'W001', atS: 0, answeredAtS: 30, outcome: 'accepted' },
      { caseId: 'never-taken', workerId: 'W002', atS: 0, answeredAtS: null, outcome: 'lapsed' },
    ],
  );
  const report = qualityReport(day);

  it('counts a target met on the line, and a case nobody took as missing all three', () => {
    expect([report.accept.share, report.contact.share, report.arrive.share, report.allThree]).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(report.unserved).toBe(1);
  });

  it('gives median and p90 over the cases that reached each stage', () => {
    expect([report.accept.medianS, report.accept.p90S]).toEqual([60, 70]);
    expect([report.arrive.medianS, report.arrive.p90S]).toEqual([480, 600]);
  });

  it('counts offers, lapses and the own grid', () => {
    expect([report.offersPerCase, report.lapsedShare]).toEqual([0.5, 0.5]);
    expect(report.ownGridShare).toBeCloseTo(2 / 3);
  });

  it('has no figures for an empty day', () => {
    const empty = qualityReport(newResult([]));
    expect([empty.accept.share, empty.accept.medianS, empty.offersPerCase]).toEqual([0, null, 0]);
  });

  it('prints one row per report', () => {
    const lines = formatQualityTable([{ label: 'normal engine', report }]).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('50.0%');
  });
});

describe('nearest-rank percentile', () => {
  it('picks a sample, never interpolates', () => {
    expect(percentileOf([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentileOf([5, 1, 3, 2, 4], 90)).toBe(5);
    expect(percentileOf([], 50)).toBeNull();
  });
});
