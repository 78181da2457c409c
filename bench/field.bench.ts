/**
 * 1-3-8 with phones that behave like phones: the demo township's simulated days with the engine's
 * dispatch, each day served three times over the same cases, workers and phones — as the hub pages
 * (DEFAULT_NOTIFY_SETTINGS: page → DingTalk → SMS → call, calls first at night; an offer to a worker
 * whose page is not connected stands 45 s; no more text once the offer is read), the same chain with
 * the category's window for everyone (what the offline window adds), and over the phone page's socket
 * alone with the category's window (the baseline every earlier figure assumed). `field.*` figures
 * are the hub's beside socket-only's. Simulated time: no hub process, seconds of CPU. The phone
 * assumptions are in apps/sim/src/field/phone-behaviour.ts and in each figure's params.
 */
import type { Category, NotifySettingsRequest } from '@xiaonao/contracts';
import { ALIYUN_VOICE_LIMITS, DEFAULT_NOTIFY_SETTINGS, isNight } from '@xiaonao/domain';
import { NORMAL_CASES_PER_DAY, SIMULATED_DAY, simulatedDay } from '../apps/sim/src/quality/case-load';
import { HUB_MECHANICS, workersFromTownship } from '../apps/sim/src/quality/day-simulation';
import { enginePolicy } from '../apps/sim/src/quality/dispatch-policies';
import { formatQualityTable, type QualityReport } from '../apps/sim/src/quality/quality-report';
import { behaviourParams } from '../apps/sim/src/quality/worker-behaviour';
import { buildHezhuangTownship } from '../apps/sim/src/township/hezhuang';
import { chainLabel } from '../apps/sim/src/field/chain-steps';
import { FIELD_WORKER_BEHAVIOUR, FIXED_WINDOW_CHAIN, HUB_DELIVERY, simulateFieldDay, SOCKET_ONLY, type Delivery } from '../apps/sim/src/field/field-day';
import { casesWhere, fieldReport, formatReachTable, pooledFieldDays, type FieldReport } from '../apps/sim/src/field/field-report';
import { DEFAULT_PHONE_BEHAVIOUR, phoneParams } from '../apps/sim/src/field/phone-behaviour';
import type { Benchmark, BenchResult } from './support/result';
import { round } from './support/stats';

const SEEDS = Number(process.env.BENCH_FIELD_SEEDS || 30);
/** A what-if: one offer window for every category (seconds), instead of the hub's 20 s and the table's 15 s. */
const WINDOW_OVERRIDE_S = Number(process.env.BENCH_FIELD_OFFER_WINDOW_S || 0);

interface Figure {
  name: string;
  unit: string;
  pick: (r: FieldReport) => number;
  /** The run the value comes from; the baseline is always socket-only. Default: the hub's. */
  of?: 'fixedWindow';
}

const perOffer = (n: number, r: FieldReport): number => (r.offers ? n / r.offers : 0);

const FIGURES: Figure[] = [
  { name: 'field.accept_within_1min', unit: 'share', pick: (r) => r.all.accept.share },
  { name: 'field.contact_within_3min', unit: 'share', pick: (r) => r.all.contact.share },
  { name: 'field.arrive_within_8min', unit: 'share', pick: (r) => r.all.arrive.share },
  { name: 'field.accept_within_1min_day', unit: 'share', pick: (r) => r.day.accept.share },
  { name: 'field.accept_within_1min_night', unit: 'share', pick: (r) => r.night.accept.share },
  { name: 'field.arrive_within_8min_night', unit: 'share', pick: (r) => r.night.arrive.share },
  { name: 'field.offers_reaching_nobody', unit: 'share of offers', pick: (r) => perOffer(r.reachingNobody, r) },
  { name: 'field.offers_per_case', unit: 'offers', pick: (r) => r.all.offersPerCase },
  { name: 'field.pages_per_offer', unit: 'pages', pick: (r) => r.pagesPerOffer },
  { name: 'field.sms_per_case', unit: 'SMS', pick: (r) => r.smsPerCase },
  { name: 'field.calls_per_case', unit: 'calls', pick: (r) => r.callsPerCase },
  // The chain with the category's window for everyone: set beside field.accept_within_1min, what the offline window adds.
  { name: 'field.accept_within_1min_fixed_window', unit: 'share', pick: (r) => r.all.accept.share, of: 'fixedWindow' },
];

const nightCase = (settings: NotifySettingsRequest) => (receivedAtS: number) => isNight(new Date(SIMULATED_DAY.getTime() + receivedAtS * 1000), settings.nightStart, settings.nightEnd);

export const field: Benchmark = {
  name: 'field',
  description: '1-3-8 over simulated days with sleeping, offline and night-holding phones: the hub\'s paging (chain, 45 s for unconnected pages, no text after a read) vs the chain with a fixed window vs socket-only, same cases and phones',
  run(): Promise<BenchResult[]> {
    const township = buildHezhuangTownship();
    const workers = workersFromTownship(township);
    const seeds = Array.from({ length: SEEDS }, (_, k) => k + 1);
    const engine = enginePolicy(WINDOW_OVERRIDE_S > 0 ? { offerWindowS: WINDOW_OVERRIDE_S } : {});
    const windows = new Map<Category, number | null>((township.responsibilities ?? []).map((r) => [r.category, r.offerWindowSeconds ?? null]));
    const offerWindowS = (category: Category) => (WINDOW_OVERRIDE_S > 0 ? null : (windows.get(category) ?? null));
    const atNight = nightCase(DEFAULT_NOTIFY_SETTINGS);
    const started = process.cpuUsage();
    const serve = (delivery: Delivery, label: string) =>
      pooledFieldDays(
        label,
        seeds.map((seed) => simulateFieldDay({ workers, cases: simulatedDay(township, NORMAL_CASES_PER_DAY, seed), dispatch: engine, delivery, offerWindowS, seed })),
      );
    const chainDays = serve(HUB_DELIVERY, 'chain');
    const chain = fieldReport(chainDays, atNight);
    // The chain with the category's window for everyone (20 s; 15 s where the table says so).
    const fixedLabel = `chain, ${engine.offerWindowS} s window`;
    const fixed = fieldReport(serve(FIXED_WINDOW_CHAIN, fixedLabel), atNight);
    const socket = fieldReport(serve(SOCKET_ONLY, 'socket-only'), atNight);
    const chainNight = fieldReport(casesWhere(chainDays, atNight), atNight);
    const cpu = process.cpuUsage(started);

    const quality = (label: string, report: QualityReport) => ({ label, report });
    console.log(
      formatQualityTable([
        quality('chain', chain.all),
        quality(fixedLabel, fixed.all),
        quality('socket-only', socket.all),
        quality('chain, day', chain.day),
        quality(`${fixedLabel}, day`, fixed.day),
        quality('socket-only, day', socket.day),
        quality('chain, night 00–06', chain.night),
        quality(`${fixedLabel}, night 00–06`, fixed.night),
        quality('socket-only, night 00–06', socket.night),
      ]),
    );
    console.log('');
    console.log(
      formatReachTable([
        { label: 'chain', report: chain },
        { label: fixedLabel, report: fixed },
        { label: 'socket-only', report: socket },
        { label: 'chain, night 00–06', report: chainNight },
      ]),
    );

    const general = DEFAULT_NOTIFY_SETTINGS.chains.find((c) => c.category === null);
    const params = {
      township: township.code,
      workers: workers.length,
      casesPerDay: NORMAL_CASES_PER_DAY,
      seeds: seeds.length,
      aggregation: 'pooled over seeds',
      casesSimulated: chain.all.cases,
      nightCases: chain.night.cases,
      offerWindowS: engine.offerWindowS,
      offerWindowOfflineS: HUB_DELIVERY.offlineWindowS,
      readSkipsText: 'page shown in front, or offer looked at (any channel) with data',
      categoryOfferWindows: WINDOW_OVERRIDE_S > 0 ? 'overridden' : [...windows].filter(([, s]) => s !== null).map(([c, s]) => `${c} ${s}s`).join(', '),
      offerRetryAfterS: HUB_MECHANICS.offerRetryAfterS,
      dayChain: general ? chainLabel(general.day) : '',
      nightChain: general ? chainLabel(general.night) : '',
      chainNight: `${DEFAULT_NOTIFY_SETTINGS.nightStart}-${DEFAULT_NOTIFY_SETTINGS.nightEnd}`,
      voiceLimits: ALIYUN_VOICE_LIMITS.map((l) => `${l.max}/${l.rule}`).join(' '),
      chainUnserved: chain.all.unserved,
      fixedWindowUnserved: fixed.all.unserved,
      fixedWindowSmsPerCase: round(fixed.smsPerCase),
      fixedWindowCallsPerCase: round(fixed.callsPerCase),
      socketOnlyUnserved: socket.all.unserved,
      chainCallsRefused: chain.callsRefused,
      cpuSeconds: round((cpu.user + cpu.system) / 1e6, 1),
      ...phoneParams(DEFAULT_PHONE_BEHAVIOUR),
      ...behaviourParams(FIELD_WORKER_BEHAVIOUR),
    };
    return Promise.resolve(
      FIGURES.map((f) => {
        const value = f.pick(f.of === 'fixedWindow' ? fixed : chain);
        const baseline = f.pick(socket);
        return { name: f.name, value: round(value), unit: f.unit, baseline: round(baseline), ratio: baseline > 0 ? round(value / baseline, 2) : 0, params };
      }),
    );
  },
};

