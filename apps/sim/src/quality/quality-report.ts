/**
 * How a simulated day went against 1-3-8: the share of cases accepted within 1 minute, with the party
 * contacted within 3 and a responder on site within 8, all from receipt. A case nobody took counts as
 * missing every target; it is not quietly left out of the denominator. Pure.
 */
import { DEFAULT_CLOCK_POLICY, type ClockPolicy } from '@xiaonao/domain';
import type { CaseOutcome, DaySimulationResult } from './day-simulation';

export interface StageFigures {
  /** Share of all cases that met the target, 0–1. */
  share: number;
  /** Over the cases that reached the stage; null when none did. */
  medianS: number | null;
  p90S: number | null;
}

export interface QualityReport {
  policy: string;
  cases: number;
  /** Cases that no worker ever accepted. */
  unserved: number;
  accept: StageFigures;
  contact: StageFigures;
  arrive: StageFigures;
  /** Share meeting all three targets. */
  allThree: number;
  offersPerCase: number;
  /** Share of offers nobody answered in time. */
  lapsedShare: number;
  ownGridShare: number;
}

/** Nearest-rank percentile, as the benchmarks' own. */
export function percentileOf(samples: readonly number[], p: number): number | null {
  if (!samples.length) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function stage(cases: readonly CaseOutcome[], pick: (c: CaseOutcome) => number | null, targetS: number): StageFigures {
  const times = cases.map(pick).filter((t): t is number => t !== null);
  return {
    share: cases.length ? times.filter((t) => t <= targetS).length / cases.length : 0,
    medianS: percentileOf(times, 50),
    p90S: percentileOf(times, 90),
  };
}

const within = (t: number | null, targetS: number): boolean => t !== null && t <= targetS;

export function qualityReport(result: DaySimulationResult, targets: ClockPolicy = DEFAULT_CLOCK_POLICY): QualityReport {
  const { cases, offers } = result;
  const served = cases.filter((c) => c.acceptS !== null);
  return {
    policy: result.policy,
    cases: cases.length,
    unserved: cases.length - served.length,
    accept: stage(cases, (c) => c.acceptS, targets.acceptSeconds),
    contact: stage(cases, (c) => c.contactS, targets.contactSeconds),
    arrive: stage(cases, (c) => c.arriveS, targets.arriveSeconds),
    allThree: cases.length
      ? cases.filter((c) => within(c.acceptS, targets.acceptSeconds) && within(c.contactS, targets.contactSeconds) && within(c.arriveS, targets.arriveSeconds)).length /
        cases.length
      : 0,
    offersPerCase: cases.length ? offers.length / cases.length : 0,
    lapsedShare: offers.length ? offers.filter((o) => o.outcome === 'lapsed').length / offers.length : 0,
    ownGridShare: served.length ? served.filter((c) => c.ownGrid).length / served.length : 0,
  };
}

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
const secs = (s: number | null): string => (s === null ? '—' : `${Math.round(s)}s`);

/** A small table, one row per report, for a terminal. */
export function formatQualityTable(rows: readonly { label: string; report: QualityReport }[]): string {
  const header = ['', 'cases', 'accept≤1m', 'contact≤3m', 'arrive≤8m', 'all 3', 'accept p50/p90', 'arrive p50/p90', 'unserved', 'offers/case', 'own grid'];
  const body = rows.map(({ label, report: r }) => [
    label,
    String(r.cases),
    pct(r.accept.share),
    pct(r.contact.share),
    pct(r.arrive.share),
    pct(r.allThree),
    `${secs(r.accept.medianS)}/${secs(r.accept.p90S)}`,
    `${secs(r.arrive.medianS)}/${secs(r.arrive.p90S)}`,
    String(r.unserved),
    r.offersPerCase.toFixed(2),
    pct(r.ownGridShare),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  return [header, ...body].map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}
