/**
 * 排班推演 plan editing and range arithmetic (#12), plain functions over plain data so the form and the
 * minimum-K search can be tested without a page. A plan is 24 whole numbers, workers on duty per Beijing
 * hour 0..23, each 0..500 (the limits of POST /api/review/staffing, docs/review.md).
 */
import type { ShiftView, StaffingAsk, StaffingAssumptions, StaffingRates, StaffingView } from '@xiaonao/contracts';

export const HOURS_PER_DAY = 24;
export const MAX_ON_DUTY = 500;
export const WEEKS_MIN = 1;
export const WEEKS_MAX = 12;
export const WEEKS_DEFAULT = 4;
/** When neither a roster nor a worker count is known. */
export const FALLBACK_ON_DUTY = 2;
/** The minimum search asks K = 1..this at most: one request each, so a leader waits seconds, not minutes. */
export const MIN_SEARCH_MAX_K = 15;
/** Rates are ratios of whole counts; this keeps 0.95 from reading as 0.9499999. */
const EPSILON = 1e-9;

/** Which rate a target is held against: the 1-3-8 rate over all three stages, or on-site within 8 minutes. */
export type StaffingMetric = 'all138' | 'arrive';

function whole(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.round(value)));
}

/** Workers on one hour as the API takes them: a whole number 0..500 (blank or junk reads 0). */
export function clampWorkers(value: number): number {
  return whole(value, 0, MAX_ON_DUTY);
}

export function clampWeeks(value: number): number {
  return Number.isFinite(value) ? whole(value, WEEKS_MIN, WEEKS_MAX) : WEEKS_DEFAULT;
}

/** A clock hour 0..24 (24 = midnight at the end of the day). */
export function clampHour(value: number, max = HOURS_PER_DAY): number {
  return whole(value, 0, max);
}

/** The same K in every hour. */
export function flatPlan(k: number): number[] {
  return Array.from({ length: HOURS_PER_DAY }, () => clampWorkers(k));
}

/**
 * The hours from `from` up to but not including `to`, as on a clock: 18→22 is 18,19,20,21; 22→6 runs past
 * midnight; the same hour twice (or 0→24) is the whole day.
 */
export function hoursBetween(from: number, to: number): number[] {
  const start = clampHour(from) % HOURS_PER_DAY;
  const end = clampHour(to) % HOURS_PER_DAY;
  const length = end > start ? end - start : end + HOURS_PER_DAY - start;
  return Array.from({ length }, (_, i) => (start + i) % HOURS_PER_DAY);
}

/** The plan with hours `from`–`to` (see hoursBetween) set to K. */
export function fillHours(plan: readonly number[], from: number, to: number, k: number): number[] {
  const next = normalisePlan(plan);
  for (const hour of hoursBetween(from, to)) next[hour] = clampWorkers(k);
  return next;
}

/** The plan with one hour set to K. */
export function setHour(plan: readonly number[], hour: number, k: number): number[] {
  const next = normalisePlan(plan);
  const at = clampHour(hour, HOURS_PER_DAY - 1);
  next[at] = clampWorkers(k);
  return next;
}

/** Exactly 24 hours of whole numbers 0..500, whatever came in (missing hours read 0). */
export function normalisePlan(plan: readonly number[]): number[] {
  return Array.from({ length: HOURS_PER_DAY }, (_, h) => clampWorkers(plan[h] ?? 0));
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * Today's roster as a daily plan: for each hour, how many shifts cover some part of it. A shift past
 * midnight (end before start) wraps to the early hours, as it would on the same roster every day.
 */
export function rosterPlan(shifts: readonly Pick<ShiftView, 'start' | 'end'>[]): number[] {
  const plan = flatPlan(0);
  for (const shift of shifts) {
    const start = minutesOf(shift.start);
    let end = minutesOf(shift.end);
    if (end <= start) end += HOURS_PER_DAY * 60;
    for (let hour = 0; hour < HOURS_PER_DAY * 2; hour++) {
      const covers = hour * 60 < end && (hour + 1) * 60 > start;
      if (covers) plan[hour % HOURS_PER_DAY] = clampWorkers((plan[hour % HOURS_PER_DAY] ?? 0) + 1);
    }
  }
  return plan;
}

/** Where a starting plan came from, for the line under the plan. */
export type StartingPlan = { plan: number[]; from: 'roster'; shifts: number } | { plan: number[]; from: 'workers'; workers: number } | { plan: number[]; from: 'fallback' };

/** Today's roster when it has shifts; else every worker on duty all day; else a small default. */
export function startingPlan(roster: { shifts: readonly Pick<ShiftView, 'start' | 'end'>[]; duty: readonly unknown[] } | null): StartingPlan {
  if (roster && roster.shifts.length > 0) return { plan: rosterPlan(roster.shifts), from: 'roster', shifts: roster.shifts.length };
  if (roster && roster.duty.length > 0) return { plan: flatPlan(roster.duty.length), from: 'workers', workers: roster.duty.length };
  return { plan: flatPlan(FALLBACK_ON_DUTY), from: 'fallback' };
}

/**
 * The model's rates over several hours, from the counts by hour. Only for the simulated outcome: its
 * denominators are all cases (docs/review.md), and all138 is the in-time stages over three per case, as
 * the hub counts it. The actual outcome counts decided stages, which the view does not carry by hour.
 */
export function rangeRates(byHour: readonly StaffingRates[], hours: readonly number[]): StaffingRates {
  let cases = 0;
  let acceptInTime = 0;
  let contactInTime = 0;
  let arriveInTime = 0;
  for (const hour of new Set(hours)) {
    const r = byHour[hour];
    if (!r) continue;
    cases += r.cases;
    acceptInTime += r.acceptInTime;
    contactInTime += r.contactInTime;
    arriveInTime += r.arriveInTime;
  }
  const share = (n: number, d: number) => (d > 0 ? n / d : null);
  return {
    cases,
    acceptInTime,
    contactInTime,
    arriveInTime,
    accept: share(acceptInTime, cases),
    contact: share(contactInTime, cases),
    arrive: share(arriveInTime, cases),
    all138: share(acceptInTime + contactInTime + arriveInTime, 3 * cases),
  };
}

export function metricRate(rates: StaffingRates, metric: StaffingMetric): number | null {
  return metric === 'arrive' ? rates.arrive : rates.all138;
}

/** Met, missed, or nothing to judge (no case in the slice). */
export function meetsTarget(rates: StaffingRates, metric: StaffingMetric, target: number): boolean | null {
  const rate = metricRate(rates, metric);
  return rate === null ? null : rate + EPSILON >= target;
}

/** A slice with cases whose rate falls short of the target: the hours to highlight. */
export function belowTarget(rates: StaffingRates, metric: StaffingMetric, target: number): boolean {
  return meetsTarget(rates, metric, target) === false;
}

/** A rate as shown: one decimal of a percent, or a dash when the slice has no case. */
export function rateText(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** A target as a leader says it: 95%, 92.5% (no trailing .0). */
export function percentText(ratio: number): string {
  return `${Number((ratio * 100).toFixed(1))}%`;
}

/** A target typed as a percent, 0..100, as a ratio (junk reads 95%). */
export function targetRatio(percent: number): number {
  if (!Number.isFinite(percent)) return 0.95;
  return Math.min(100, Math.max(0, percent)) / 100;
}

export function hourText(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/** 18:00–22:00; 24 reads 24:00. */
export function rangeText(from: number, to: number): string {
  return `${hourText(clampHour(from) % HOURS_PER_DAY)}–${hourText(clampHour(to) === 0 ? HOURS_PER_DAY : clampHour(to))}`;
}

/** One try of the minimum search: K in the range, and the model's rate over the range with it. */
export interface MinSearchStep {
  k: number;
  rates: StaffingRates;
}

export type MinSearchOutcome =
  | { kind: 'found'; k: number; steps: MinSearchStep[] }
  | { kind: 'not-reached'; maxK: number; steps: MinSearchStep[] }
  | { kind: 'no-cases'; steps: MinSearchStep[] }
  | { kind: 'cancelled'; steps: MinSearchStep[] };

export interface MinSearchInput {
  /** The rest of the day stays as planned: workers still busy from earlier hours matter. */
  plan: readonly number[];
  hours: readonly number[];
  metric: StaffingMetric;
  target: number;
  maxK?: number;
  /** One POST with this plan. */
  ask: (plan: number[]) => Promise<StaffingView>;
  /** Looked at before every request: the leader may stop the search. */
  cancelled: () => boolean;
  onStep?: (step: MinSearchStep) => void;
}

/**
 * 求最少人数: K = 1, 2, … in the range's hours, one request at a time, until the model's rate over those
 * hours reaches the target. Stepping up (not halving) because the greedy dispatch is monotone only
 * overall (docs/review.md): the first K that holds is the answer a leader can trust.
 */
export async function searchMinimumK(input: MinSearchInput): Promise<MinSearchOutcome> {
  const maxK = Math.min(MAX_ON_DUTY, input.maxK ?? MIN_SEARCH_MAX_K);
  const steps: MinSearchStep[] = [];
  for (let k = 1; k <= maxK; k++) {
    if (input.cancelled()) return { kind: 'cancelled', steps };
    let plan = normalisePlan(input.plan);
    for (const hour of input.hours) plan = setHour(plan, hour, k);
    const view = await input.ask(plan);
    if (input.cancelled()) return { kind: 'cancelled', steps };
    const step = { k, rates: rangeRates(view.simulated.byHour, input.hours) };
    steps.push(step);
    input.onStep?.(step);
    const met = meetsTarget(step.rates, input.metric, input.target);
    if (met === null) return { kind: 'no-cases', steps };
    if (met) return { kind: 'found', k, steps };
  }
  return { kind: 'not-reached', maxK, steps };
}

/** The assumptions in the order the form shows them. */
export const ASSUMPTION_KEYS = ['answerSeconds', 'contactSeconds', 'speedMps', 'detourFactor', 'startSeconds', 'handlingMinutes'] as const satisfies readonly (keyof StaffingAssumptions)[];

export type AssumptionFields = Partial<Record<keyof StaffingAssumptions, string>>;

/** The assumptions the leader typed (blank = the hub's default); the hub checks the ranges and names a bad field. */
export function assumptionOverrides(fields: AssumptionFields): Partial<StaffingAssumptions> {
  const out: Partial<StaffingAssumptions> = {};
  for (const key of ASSUMPTION_KEYS) {
    const text = fields[key]?.trim() ?? '';
    const value = Number(text);
    if (text !== '' && Number.isFinite(value)) out[key] = value;
  }
  return out;
}

/** The POST body: the whole township unless a grid is chosen, assumptions only when some were typed. */
export function staffingAsk(input: { weeks: number; gridId: string; plan: readonly number[]; assumptions: AssumptionFields }): StaffingAsk {
  const ask: StaffingAsk = { weeks: clampWeeks(input.weeks), plan: normalisePlan(input.plan) };
  if (input.gridId) ask.gridId = input.gridId;
  const assumptions = assumptionOverrides(input.assumptions);
  if (Object.keys(assumptions).length > 0) ask.assumptions = assumptions;
  return ask;
}
