/**
 * How a field day went: the 1-3-8 shares (by the dispatch-quality report, over all cases and over
 * night and day cases apart), what became of the offers — reached nobody, reached the phone but not
 * the person, looked at too late — and what the pages cost. Pure.
 */
import { qualityReport, type QualityReport } from '../quality/quality-report';
import type { FieldDayResult, FieldOfferRecord } from './field-day';

export interface FieldReport {
  policy: string;
  all: QualityReport;
  day: QualityReport;
  night: QualityReport;
  offers: number;
  /** Offers that lapsed with nothing having put them in front of the worker (page, notice, SMS, ringing). */
  reachingNobody: number;
  /** Offers that lapsed although something reached the phone, the worker not looking (in time). */
  reachedUnnoticed: number;
  /** Offers that lapsed after the worker had looked, the answer coming too late. */
  noticedTooLate: number;
  /** Pages sent beyond the socket (DingTalk, SMS, calls), per offer. */
  pagesPerOffer: number;
  dingtalkPerCase: number;
  smsPerCase: number;
  callsPerCase: number;
  /** Text steps (DingTalk, SMS) not sent because the worker had read the offer, and that were due before it ended. */
  textSkippedPerCase: number;
  /** Calls the voice limits refused (1/min, 5/h, 20/24 h per number). */
  callsRefused: number;
  /** Accepted offers by the channel the worker looked at it through. */
  acceptedVia: Record<string, number>;
}

const counted = (offers: readonly FieldOfferRecord[], keep: (page: FieldOfferRecord['pages'][number]) => boolean): number =>
  offers.reduce((n, o) => n + o.pages.filter(keep).length, 0);
const sent = (offers: readonly FieldOfferRecord[], channel: string): number => counted(offers, (p) => p.channel === channel && p.status === 'sent');

/** `nightCase(receivedAtS)`: whether a case counts as a night case (the chain's night window). */
export function fieldReport(result: FieldDayResult, nightCase: (receivedAtS: number) => boolean): FieldReport {
  const { cases, offers } = result;
  const lapsed = offers.filter((o) => o.outcome === 'lapsed');
  const perCase = (n: number) => (cases.length ? n / cases.length : 0);
  const acceptedVia: Record<string, number> = {};
  for (const o of offers) if (o.outcome === 'accepted' && o.noticedVia) acceptedVia[o.noticedVia] = (acceptedVia[o.noticedVia] ?? 0) + 1;
  const paged = counted(offers, (p) => p.status === 'sent');
  return {
    policy: result.policy,
    all: qualityReport(result),
    day: qualityReport(casesWhere(result, (s) => !nightCase(s))),
    night: qualityReport(casesWhere(result, nightCase)),
    offers: offers.length,
    reachingNobody: lapsed.filter((o) => o.presented.length === 0).length,
    reachedUnnoticed: lapsed.filter((o) => o.presented.length > 0 && o.noticedVia === null).length,
    noticedTooLate: lapsed.filter((o) => o.noticedVia !== null).length,
    pagesPerOffer: offers.length ? paged / offers.length : 0,
    dingtalkPerCase: perCase(sent(offers, 'dingtalk')),
    smsPerCase: perCase(sent(offers, 'sms')),
    callsPerCase: perCase(sent(offers, 'voice')),
    textSkippedPerCase: perCase(counted(offers, (p) => p.status === 'skipped')),
    callsRefused: counted(offers, (p) => p.status === 'refused'),
    acceptedVia,
  };
}

/** Several days as one: cases and offers pooled, so shares are case-weighted; ids get the day's number (`d2:C001`). */
export function pooledFieldDays(policy: string, days: readonly FieldDayResult[]): FieldDayResult {
  return {
    policy,
    cases: days.flatMap((d, k) => d.cases.map((c) => ({ ...c, id: `d${k + 1}:${c.id}` }))),
    offers: days.flatMap((d, k) => d.offers.map((o) => ({ ...o, caseId: `d${k + 1}:${o.caseId}` }))),
    endedAtS: Math.max(...days.map((d) => d.endedAtS)),
  };
}

/** The cases `keep` picks, with their offers. */
export function casesWhere(result: FieldDayResult, keep: (receivedAtS: number) => boolean): FieldDayResult {
  const ids = new Set(result.cases.filter((c) => keep(c.receivedAtS)).map((c) => c.id));
  return { ...result, cases: result.cases.filter((c) => ids.has(c.id)), offers: result.offers.filter((o) => ids.has(o.caseId)) };
}

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;

/** What became of the offers and what the pages cost, one row per report, for a terminal. */
export function formatReachTable(rows: readonly { label: string; report: FieldReport }[]): string {
  const header = ['', 'offers', 'reached nobody', 'unnoticed', 'looked too late', 'pages/offer', 'DingTalk/case', 'SMS/case', 'calls/case', 'text skipped/case', 'calls refused', 'accepted via'];
  const body = rows.map(({ label, report: r }) => [
    label,
    String(r.offers),
    `${r.reachingNobody} (${pct(r.offers ? r.reachingNobody / r.offers : 0)})`,
    `${r.reachedUnnoticed} (${pct(r.offers ? r.reachedUnnoticed / r.offers : 0)})`,
    `${r.noticedTooLate} (${pct(r.offers ? r.noticedTooLate / r.offers : 0)})`,
    r.pagesPerOffer.toFixed(2),
    r.dingtalkPerCase.toFixed(2),
    r.smsPerCase.toFixed(2),
    r.callsPerCase.toFixed(2),
    r.textSkippedPerCase.toFixed(2),
    String(r.callsRefused),
    Object.entries(r.acceptedVia)
      .sort((a, b) => b[1] - a[1])
      .map(([channel, n]) => `${channel} ${n}`)
      .join(', '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  return [header, ...body].map((row) => row.map((cell, i) => (i === 0 || i === row.length - 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}
