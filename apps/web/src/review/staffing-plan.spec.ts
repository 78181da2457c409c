import { describe, expect, it } from 'vitest';
import type { StaffingRates, StaffingView } from '@xiaonao/contracts';
import {
  assumptionOverrides,
  belowTarget,
  clampWeeks,
  clampWorkers,
  fillHours,
  flatPlan,
  hoursBetween,
  percentText,
  rangeRates,
  rangeText,
  rateText,
  rosterPlan,
  searchMinimumK,
  setHour,
  staffingAsk,
  startingPlan,
  targetRatio,
} from './staffing-plan';

/** One hour's model rates from its in-time counts, as the hub counts them. */
function rates(cases: number, accept: number, contact: number, arrive: number): StaffingRates {
  const share = (n: number, d: number) => (d > 0 ? n / d : null);
  return {
    cases,
    acceptInTime: accept,
    contactInTime: contact,
    arriveInTime: arrive,
    accept: share(accept, cases),
    contact: share(contact, cases),
    arrive: share(arrive, cases),
    all138: share(accept + contact + arrive, 3 * cases),
  };
}

const none = () => rates(0, 0, 0, 0);

/** A view whose byHour is `hourly` (other fields as the hub would fill them, not read here). */
function viewWith(hourly: StaffingRates[], plan: number[]): StaffingView {
  const outcome = { overall: rangeRates(hourly, hoursBetween(0, 0)), byHour: hourly };
  return {
    period: { from: '2026-11-03', to: '2026-11-30' },
    weeks: 4,
    gridId: null,
    plan,
    assumptions: { answerSeconds: 15, contactSeconds: 30, speedMps: 5, detourFactor: 1.35, startSeconds: 30, handlingMinutes: 20 },
    simulated: outcome,
    actual: outcome,
    note: '模型推演，非预测',
  };
}

describe('editing a plan', () => {
  it('fills every hour with K, kept to whole numbers 0..500', () => {
    expect(flatPlan(3)).toEqual(Array.from({ length: 24 }, () => 3));
    expect(flatPlan(2.6)[0]).toBe(3);
    expect(flatPlan(900)[5]).toBe(500);
    expect(flatPlan(-1)[5]).toBe(0);
    expect(clampWorkers(Number.NaN)).toBe(0);
  });

  it('reads an hour range as on a clock: end excluded, past midnight wraps, the same hour twice is the day', () => {
    expect(hoursBetween(18, 22)).toEqual([18, 19, 20, 21]);
    expect(hoursBetween(22, 2)).toEqual([22, 23, 0, 1]);
    expect(hoursBetween(20, 24)).toEqual([20, 21, 22, 23]);
    expect(hoursBetween(0, 24)).toHaveLength(24);
    expect(hoursBetween(7, 7)).toHaveLength(24);
    expect(rangeText(18, 22)).toBe('18:00–22:00');
    expect(rangeText(20, 24)).toBe('20:00–24:00');
    expect(rangeText(22, 0)).toBe('22:00–24:00');
  });

  it('sets hours A–B to K and leaves the others, without touching the plan it was given', () => {
    const plan = flatPlan(2);
    const next = fillHours(plan, 18, 22, 6);
    expect(next.slice(17, 23)).toEqual([2, 6, 6, 6, 6, 2]);
    expect(plan[18]).toBe(2);
    expect(setHour(next, 3, 4)[3]).toBe(4);
    expect(setHour(next, 3, 4.4)).toHaveLength(24);
  });

  it('keeps weeks within 1..12, default 4 for junk', () => {
    expect(clampWeeks(0)).toBe(1);
    expect(clampWeeks(13)).toBe(12);
    expect(clampWeeks(Number.NaN)).toBe(4);
  });
});

describe('the starting plan', () => {
  it('counts the shifts covering part of each hour, a night shift wrapping to the early hours', () => {
    const plan = rosterPlan([
      { start: '08:00', end: '17:00' },
      { start: '08:30', end: '12:00' },
      { start: '22:00', end: '06:00' },
    ]);
    expect(plan[7]).toBe(0);
    expect(plan[8]).toBe(2);
    expect(plan[11]).toBe(2);
    expect(plan[12]).toBe(1);
    expect(plan[16]).toBe(1);
    expect(plan[17]).toBe(0);
    expect(plan[22]).toBe(1);
    expect(plan[23]).toBe(1);
    expect(plan[0]).toBe(1);
    expect(plan[5]).toBe(1);
    expect(plan[6]).toBe(0);
  });

  it('takes the roster when it has shifts, else every worker all day, else a small default', () => {
    expect(startingPlan({ shifts: [{ start: '09:00', end: '10:00' }], duty: [1, 2, 3] })).toMatchObject({ from: 'roster', shifts: 1 });
    const workers = startingPlan({ shifts: [], duty: [1, 2, 3] });
    expect(workers).toMatchObject({ from: 'workers', workers: 3 });
    expect(workers.plan).toEqual(flatPlan(3));
    expect(startingPlan(null)).toMatchObject({ from: 'fallback', plan: flatPlan(2) });
  });
});

describe('rates over a range of hours', () => {
  it('sums the counts and divides by the cases (all138: in-time stages over three per case)', () => {
    const byHour = Array.from({ length: 24 }, none);
    byHour[18] = rates(10, 10, 10, 8);
    byHour[19] = rates(10, 9, 9, 6);
    byHour[21] = rates(0, 0, 0, 0);
    const r = rangeRates(byHour, hoursBetween(18, 22));
    expect(r).toMatchObject({ cases: 20, acceptInTime: 19, contactInTime: 19, arriveInTime: 14 });
    expect(r.accept).toBeCloseTo(0.95);
    expect(r.arrive).toBeCloseTo(0.7);
    expect(r.all138).toBeCloseTo(52 / 60);
    expect(rangeRates(byHour, [0, 1]).all138).toBeNull();
  });

  it('highlights an hour only when it has cases and falls short; 95% exactly holds', () => {
    expect(belowTarget(rates(20, 19, 19, 19), 'all138', targetRatio(95))).toBe(false);
    expect(belowTarget(rates(20, 20, 20, 18), 'arrive', 0.95)).toBe(true);
    expect(belowTarget(rates(20, 20, 20, 18), 'all138', 0.95)).toBe(false);
    expect(belowTarget(none(), 'all138', 0.95)).toBe(false);
  });

  it('shows a rate as a percent with one decimal, or a dash', () => {
    expect(rateText(0.95)).toBe('95.0%');
    expect(rateText(2 / 3)).toBe('66.7%');
    expect(rateText(null)).toBe('—');
    expect(targetRatio(Number.NaN)).toBe(0.95);
    expect(percentText(0.95)).toBe('95%');
    expect(percentText(0.925)).toBe('92.5%');
    expect(targetRatio(120)).toBe(1);
  });
});

describe('the minimum search', () => {
  /** A model where each worker in 18–22 makes 30% of arrivals in time, capped at all. */
  const model = (plan: number[]) => {
    const byHour = Array.from({ length: 24 }, none);
    for (const h of [18, 19, 20, 21]) byHour[h] = rates(10, 10, 10, Math.min(10, 3 * (plan[h] ?? 0)));
    return Promise.resolve(viewWith(byHour, plan));
  };

  it('steps K up from 1 in the range until the rate holds, keeping the rest of the plan', async () => {
    const asked: number[][] = [];
    const base = flatPlan(2);
    const out = await searchMinimumK({
      plan: base,
      hours: hoursBetween(18, 22),
      metric: 'arrive',
      target: 0.95,
      ask: (plan) => {
        asked.push(plan);
        return model(plan);
      },
      cancelled: () => false,
    });
    expect(out).toMatchObject({ kind: 'found', k: 4 });
    expect(out.steps.map((s) => s.k)).toEqual([1, 2, 3, 4]);
    expect(asked.map((p) => p[18])).toEqual([1, 2, 3, 4]);
    expect(asked.every((p) => p[17] === 2 && p[22] === 2)).toBe(true);
  });

  it('stops at the cap when the target is out of reach, and asks no more than that', async () => {
    let asks = 0;
    const out = await searchMinimumK({
      plan: flatPlan(1),
      hours: [18],
      metric: 'arrive',
      target: 1.01,
      maxK: 5,
      ask: (plan) => {
        asks += 1;
        return model(plan);
      },
      cancelled: () => false,
    });
    expect(out).toMatchObject({ kind: 'not-reached', maxK: 5 });
    expect(asks).toBe(5);
  });

  it('says so when the range has no case, and stops when cancelled', async () => {
    const empty = await searchMinimumK({ plan: flatPlan(1), hours: [3], metric: 'all138', target: 0.95, ask: model, cancelled: () => false });
    expect(empty).toMatchObject({ kind: 'no-cases' });
    expect(empty.steps).toHaveLength(1);

    let stop = false;
    const stopped = await searchMinimumK({
      plan: flatPlan(1),
      hours: [18],
      metric: 'arrive',
      target: 0.95,
      ask: (plan) => {
        stop = true;
        return model(plan);
      },
      cancelled: () => stop,
    });
    expect(stopped).toMatchObject({ kind: 'cancelled', steps: [] });
  });
});

describe('the POST body', () => {
  it('is the whole township with no assumptions unless a grid and some assumptions are given', () => {
    expect(staffingAsk({ weeks: 4, gridId: '', plan: flatPlan(2), assumptions: { speedMps: ' ' } })).toEqual({ weeks: 4, plan: flatPlan(2) });
    const ask = staffingAsk({ weeks: 20, gridId: 'g-1', plan: [1, 2], assumptions: { speedMps: '3.5', handlingMinutes: 'x', startSeconds: '0' } });
    expect(ask).toMatchObject({ weeks: 12, gridId: 'g-1', assumptions: { speedMps: 3.5, startSeconds: 0 } });
    expect(ask.plan).toHaveLength(24);
    expect(ask.plan.slice(0, 3)).toEqual([1, 2, 0]);
    expect(assumptionOverrides({ handlingMinutes: 'x' })).toEqual({});
  });
});
