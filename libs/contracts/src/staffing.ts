/** 排班推演 / staffing what-if (#12): replay real cases with K workers on duty per hour (docs/review.md). */

/** The model's assumptions; every one has a documented default (docs/review.md). */
export interface StaffingAssumptions {
  /** Offer to accept (接单), seconds. Default 15 (the simulator's 5–25 s). */
  answerSeconds: number;
  /** Accept to phoning the party (联系当事人), seconds. Default 30 (the simulator's 10–45 s). */
  contactSeconds: number;
  /** Travel speed, m/s. Default 5 (e-bike). */
  speedMps: number;
  /** Road distance ÷ straight line. Default 1.35. */
  detourFactor: number;
  /** Time to get going after accepting, seconds. Default 30. */
  startSeconds: number;
  /** Busy on site after arriving (处置), minutes. Default 20. */
  handlingMinutes: number;
}

/** In-time counts and rates of one slice; a rate is null when the slice has no case. */
export interface StaffingRates {
  cases: number;
  acceptInTime: number;
  contactInTime: number;
  arriveInTime: number;
  accept: number | null;
  contact: number | null;
  arrive: number | null;
  all138: number | null;
}

export interface StaffingOutcome {
  overall: StaffingRates;
  /** 24 entries, Beijing hour 0..23. */
  byHour: StaffingRates[];
}

/** POST body of /api/review/staffing. */
export interface StaffingAsk {
  /** The last N weeks of cases, 1..12. */
  weeks: number;
  /** One grid only; default the whole township. */
  gridId?: string;
  /** Workers on duty per Beijing hour of day: 24 whole numbers 0..500. */
  plan: number[];
  assumptions?: Partial<StaffingAssumptions>;
}

export interface StaffingView {
  /** Beijing days, included. */
  period: { from: string; to: string };
  weeks: number;
  gridId: string | null;
  plan: number[];
  assumptions: StaffingAssumptions;
  /** What the model says these cases would have met with the plan. */
  simulated: StaffingOutcome;
  /** What these same cases actually met (stages decided so far). */
  actual: StaffingOutcome;
  /** 模型推演，非预测 / a model, not a forecast. */
  note: string;
}

export const STAFFING_API = { staffing: '/api/review/staffing' } as const;
