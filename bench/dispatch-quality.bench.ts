/**
 * Dispatch quality against 1-3-8 (issue #3): the demo township through a simulated day at normal load
 * and at three times normal, served once by the hub's engine and once by the naive baseline (nearest
 * by straight line, one 60 s offer at a time), over the same case arrivals and the same workers'
 * habits. Figures are the engine's share of cases meeting each target, beside the baseline's.
 * Simulated time: the whole benchmark takes seconds. The assumptions are in
 * apps/sim/src/quality/worker-behaviour.ts and case-load.ts, and in each figure's params.
 */
import { NORMAL_CASES_PER_DAY, simulatedDay, TRIPLE_CASES_PER_DAY } from '../apps/sim/src/quality/case-load';
import { HUB_MECHANICS, simulateDay, workersFromTownship, type CaseOutcome, type DaySimulationResult, type OfferRecord } from '../apps/sim/src/quality/day-simulation';
import { enginePolicy, naivePolicy, type DispatchPlugin } from '../apps/sim/src/quality/dispatch-policies';
import { formatQualityTable, qualityReport, type QualityReport } from '../apps/sim/src/quality/quality-report';
import { behaviourParams, DEFAULT_WORKER_BEHAVIOUR } from '../apps/sim/src/quality/worker-behaviour';
import { buildHezhuangTownship } from '../apps/sim/src/township/hezhuang';
import type { Benchmark, BenchResult } from './support/result';
import { round } from './support/stats';

const SEEDS = Number(process.env.BENCH_QUALITY_SEEDS || 5);

const LOADS = [
  { suffix: 'normal', casesPerDay: NORMAL_CASES_PER_DAY },
  { suffix: '3x', casesPerDay: TRIPLE_CASES_PER_DAY },
] as const;

const STAGES = [
  { name: 'accept_1min', pick: (r: QualityReport) => r.accept.share },
  { name: 'contact_3min', pick: (r: QualityReport) => r.contact.share },
  { name: 'arrive_8min', pick: (r: QualityReport) => r.arrive.share },
] as const;

/** The seeds' days as one: shares become case-weighted averages, percentiles span every case. */
function pooled(policy: string, days: readonly DaySimulationResult[]): DaySimulationResult {
  const cases: CaseOutcome[] = days.flatMap((d) => d.cases);
  const offers: OfferRecord[] = days.flatMap((d) => d.offers);
  return { policy, cases, offers, endedAtS: Math.max(...days.map((d) => d.endedAtS)) };
}

export const dispatchQuality: Benchmark = {
  name: 'dispatch-quality',
  description: 'share of cases meeting 1-3-8 over a simulated day: engine (20 s offers) vs nearest-by-straight-line (60 s offers)',
  run(): Promise<BenchResult[]> {
    const township = buildHezhuangTownship();
    const workers = workersFromTownship(township);
    const seeds = Array.from({ length: SEEDS }, (_, k) => k + 1);
    const engine = enginePolicy();
    const naive = naivePolicy();
    const results: BenchResult[] = [];
    const table: { label: string; report: QualityReport }[] = [];
    for (const load of LOADS) {
      const runs = (dispatch: DispatchPlugin): DaySimulationResult[] =>
        seeds.map((seed) => simulateDay({ workers, cases: simulatedDay(township, load.casesPerDay, seed), dispatch, seed }));
      const ours = qualityReport(pooled(engine.name, runs(engine)));
      const theirs = qualityReport(pooled(naive.name, runs(naive)));
      table.push({ label: `${load.suffix} engine`, report: ours }, { label: `${load.suffix} naive`, report: theirs });
      const params = {
        casesPerDay: load.casesPerDay,
        casesSimulated: ours.cases,
        seeds: seeds.length,
        aggregation: 'pooled over seeds',
        workers: workers.length,
        township: township.code,
        offerTimeoutS: engine.offerWindowS,
        naiveOfferTimeoutS: naive.offerWindowS,
        offerRetryAfterS: HUB_MECHANICS.offerRetryAfterS,
        engineUnserved: ours.unserved,
        naiveUnserved: theirs.unserved,
        ...behaviourParams(DEFAULT_WORKER_BEHAVIOUR),
      };
      for (const stage of STAGES) {
        const value = stage.pick(ours);
        const baseline = stage.pick(theirs);
        results.push({
          name: `quality_${stage.name}_share_${load.suffix}`,
          value: round(value),
          unit: 'share',
          baseline: round(baseline),
          ratio: baseline > 0 ? round(value / baseline, 2) : 0,
          params,
        });
      }
    }
    console.log(formatQualityTable(table));
    return Promise.resolve(results);
  },
};
