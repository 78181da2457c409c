/**
 * A case that leaves the township's hands other than solved: returned to the transferring police
 * station (已退回公安, a police matter after all) or handed to the 12345 hotline (已移交12345, a matter
 * for a government department). Owned by the hand-back feature (#11); see docs/feedback-110.md.
 */
import { CLOSURE_LABELS, INCIDENT_STATE_LABELS, type Closure, type IncidentState, type Labels, type Locale, type TownshipRole } from './vocabulary';

export const HANDBACK_TARGETS = ['police', '12345'] as const;
export type HandbackTarget = (typeof HANDBACK_TARGETS)[number];

/** Why a case goes back to the police: what on site made it a police matter. */
export const POLICE_RETURN_REASONS = ['violence', 'theft', 'wanted_person', 'weapon', 'traffic', 'drugs', 'fraud', 'other_police'] as const;
export type PoliceReturnReason = (typeof POLICE_RETURN_REASONS)[number];

export const POLICE_RETURN_REASON_LABELS: Labels<PoliceReturnReason> = {
  violence: { zh: '暴力冲突', en: 'Violence' },
  theft: { zh: '盗窃抢夺', en: 'Theft or robbery' },
  wanted_person: { zh: '在逃或可疑人员', en: 'Wanted or suspicious person' },
  weapon: { zh: '涉及管制器具', en: 'Weapons involved' },
  traffic: { zh: '交通事故', en: 'Traffic accident' },
  drugs: { zh: '涉毒', en: 'Drugs' },
  fraud: { zh: '诈骗', en: 'Fraud' },
  other_police: { zh: '其他警务事项', en: 'Other police matter' },
};

export interface HandbackView {
  target: HandbackTarget;
  /** A POLICE_RETURN_REASONS key for the police; 'government_department' for 12345. */
  reasonCategory: string;
  /** In the returner's words. */
  reason: string;
  /** The worker's notes from site (what they saw, who is there), for the station. */
  notes: string;
  by: { role: TownshipRole; id: string; name: string };
  at: string;
  /** The station's 签收 (police only): when and by whom. */
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

/** Why a case goes to 12345: it is a government department's matter, not a grid worker's. */
export const HANDOVER_12345_REASONS = ['government_department', 'public_utility', 'policy_consultation'] as const;
export type Handover12345Reason = (typeof HANDOVER_12345_REASONS)[number];

export const HANDOVER_12345_REASON_LABELS: Labels<Handover12345Reason> = {
  government_department: { zh: '属政府职能部门事项', en: 'A government department matter' },
  public_utility: { zh: '水电气等公共服务', en: 'Public utility (water, power, gas)' },
  policy_consultation: { zh: '政策咨询', en: 'Policy consultation' },
};

/**
 * Who may return a category to the police, per the responsibility table (权责清单): nobody, an
 * operator only, or also the worker on site.
 */
export const RETURN_TO_POLICE_RULES = ['none', 'operator', 'worker_or_operator'] as const;
export type ReturnToPoliceRule = (typeof RETURN_TO_POLICE_RULES)[number];

export const RETURN_TO_POLICE_RULE_LABELS: Labels<ReturnToPoliceRule> = {
  none: { zh: '不可退回', en: 'May not be returned' },
  operator: { zh: '值班员可退回', en: 'Operator may return' },
  worker_or_operator: { zh: '网格员或值班员可退回', en: 'Worker or operator may return' },
};

/** A worker's or operator's 退回公安. */
export interface ReturnToPoliceRequest {
  reasonCategory: PoliceReturnReason;
  reason: string;
  /** What the worker saw on site, for the station; optional. */
  notes?: string;
}

/** An operator's 移交12345. */
export interface HandOver12345Request {
  reasonCategory: Handover12345Reason;
  reason: string;
  notes?: string;
}

/** HTTP paths of the hand-back feature. */
export const HANDBACK_API = {
  returnToPolice: (id: string) => `/api/incidents/${id}/return-to-police`,
  handOver12345: (id: string) => `/api/incidents/${id}/hand-over-12345`,
  /** The station signs for a case returned to it (签收). */
  acknowledge: (id: string) => `/api/incidents/${id}/acknowledge`,
  /** 「退回我所」: the cases returned to the signed-in station, newest first. */
  stationReturned: '/api/station/returned',
} as const;

/**
 * What a case's state badge says: a closed case says how it closed (已退回公安, 已移交12345, 已排除, 已办结),
 * everywhere a case is shown.
 */
export function stateLabelOf(incident: { state: IncidentState; closure: Closure | null }): Record<Locale, string> {
  return incident.state === 'closed' && incident.closure ? CLOSURE_LABELS[incident.closure] : INCIDENT_STATE_LABELS[incident.state];
}
