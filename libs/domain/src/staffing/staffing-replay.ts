/**
 * 排班推演 (staffing what-if): replays real cases with K workers on duty per Beijing hour of day and
 * reads the 1-3-8 rates the model gives. A model, not a forecast (docs/review.md). Pure and
 * deterministic: no clock, no randomness; time comes from the cases.
 *
 * Rules: workers 0..K-1 of a pool are on duty in an hour whose plan says K. A case is taken by the
 * nearest free on-duty worker; when all are busy, by the one free soonest (nearest on a tie), and the
 * case waits. Accept = start + answer; contact = accept + contact; arrive = accept + start-up + road
 * distance ÷ speed. The worker is busy until arrive + handling, and then stands where the case was.
 * A case received in an hour with nobody on duty misses all three stages.
 */
import type { LngLat, StaffingAssumptions, StaffingOutcome, StaffingRates } from '@xiaonao/contracts';

/** One real case as the replay takes it (read by the hub, never sent over the wire). */
export interface StaffingCase {
  receivedAt: Date;
  point: LngLat;
  category: string;
}
import { DEFAULT_CLOCK_POLICY, type ClockPolicy } from '../clock/one-three-eight';
import { distanceMeters } from '../geo/coordinates';

export const DEFAULT_STAFFING_ASSUMPTIONS: StaffingAssumptions = {
  answerSeconds: 15,
  contactSeconds: 30,
  speedMps: 5,
  detourFactor: 1.35,
  startSeconds: 30,
  handlingMinutes: 20,
};

export interface StaffingReplayInput {
  cases: readonly StaffingCase[];
  /** Workers on duty per Beijing hour 0..23. */
  plan: readonly number[];
  /** Where the pool's workers start: worker i at starts[i % starts.length]. At least one point. */
  starts: readonly LngLat[];
  assumptions?: Partial<StaffingAssumptions>;
  policy?: ClockPolicy;
}

export interface StageTimes {
  acceptS: number | null;
  contactS: number | null;
  arriveS: number | null;
}

const HOUR_MS = 3_600_000;

export function beijingHour(at: Date): number {
  return new Date(at.getTime() + 8 * HOUR_MS).getUTCHours();
}

export function resolveStaffingAssumptions(over: Partial<StaffingAssumptions> = {}): StaffingAssumptions {
  const out = { ...DEFAULT_STAFFING_ASSUMPTIONS };
  for (const key of Object.keys(out) as (keyof StaffingAssumptions)[]) {
    const v = over[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

export function emptyStaffingRates(): StaffingRates {
  return { cases: 0, acceptInTime: 0, contactInTime: 0, arriveInTime: 0, accept: null, contact: null, arrive: null, all138: null };
}

/** Adds one case's stage outcomes (in time or not) to a slice and refreshes its rates. */
export function countStaffingCase(r: StaffingRates, inTime: { accept: boolean; contact: boolean; arrive: boolean }): void {
  r.cases += 1;
  r.acceptInTime += inTime.accept ? 1 : 0;
  r.contactInTime += inTime.contact ? 1 : 0;
  r.arriveInTime += inTime.arrive ? 1 : 0;
  r.accept = r.acceptInTime / r.cases;
  r.contact = r.contactInTime / r.cases;
  r.arrive = r.arriveInTime / r.cases;
  r.all138 = (r.acceptInTime + r.contactInTime + r.arriveInTime) / (3 * r.cases);
}

interface PoolWorker {
  at: LngLat;
  freeAt: number;
}

/** Each case's stage times (seconds after receipt; null = nobody on duty), in the cases' order. */
export function replayStageTimes(input: StaffingReplayInput): StageTimes[] {
  if (input.plan.length !== 24) throw new RangeError('plan must have 24 hours');
  if (input.starts.length === 0) throw new RangeError('at least one start position');
  const a = resolveStaffingAssumptions(input.assumptions);
  const pool: PoolWorker[] = Array.from({ length: Math.max(0, ...input.plan) }, (_, i) => ({ at: input.starts[i % input.starts.length], freeAt: -Infinity }));
  const order = input.cases.map((c, i) => i).sort((x, y) => input.cases[x].receivedAt.getTime() - input.cases[y].receivedAt.getTime() || x - y);
  const out: StageTimes[] = input.cases.map(() => ({ acceptS: null, contactS: null, arriveS: null }));
  for (const i of order) {
    const c = input.cases[i];
    const t = c.receivedAt.getTime();
    const onDuty = Math.min(pool.length, Math.max(0, Math.floor(input.plan[beijingHour(c.receivedAt)])));
    let best: { w: PoolWorker; start: number; distance: number } | null = null;
    for (let k = 0; k < onDuty; k++) {
      const w = pool[k];
      const start = Math.max(t, w.freeAt);
      const distance = distanceMeters(w.at, c.point);
      if (!best || start < best.start || (start === best.start && distance < best.distance)) best = { w, start, distance };
    }
    if (!best) continue;
    const acceptAt = best.start + a.answerSeconds * 1000;
    const contactAt = acceptAt + a.contactSeconds * 1000;
    const arriveAt = acceptAt + (a.startSeconds + (best.distance * a.detourFactor) / a.speedMps) * 1000;
    best.w.freeAt = arriveAt + a.handlingMinutes * 60_000;
    best.w.at = c.point;
    out[i] = { acceptS: (acceptAt - t) / 1000, contactS: (contactAt - t) / 1000, arriveS: (arriveAt - t) / 1000 };
  }
  return out;
}

/** The 1-3-8 rates the model gives, overall and by Beijing hour of day. */
export function replayStaffing(input: StaffingReplayInput): StaffingOutcome {
  const policy = input.policy ?? DEFAULT_CLOCK_POLICY;
  const times = replayStageTimes(input);
  const overall = emptyStaffingRates();
  const byHour = Array.from({ length: 24 }, emptyStaffingRates);
  input.cases.forEach((c, i) => {
    const s = times[i];
    const inTime = {
      accept: s.acceptS !== null && s.acceptS <= policy.acceptSeconds,
      contact: s.contactS !== null && s.contactS <= policy.contactSeconds,
      arrive: s.arriveS !== null && s.arriveS <= policy.arriveSeconds,
    };
    countStaffingCase(overall, inTime);
    countStaffingCase(byHour[beijingHour(c.receivedAt)], inTime);
  });
  return { overall, byHour };
}
