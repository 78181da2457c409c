/**
 * A case that leaves the township's hands other than solved: returned to the transferring police
 * station (已退回公安, a police matter after all) or handed to the 12345 hotline (已移交12345, a matter
 * for a government department). Owned by the hand-back feature (#11); see docs/feedback-110.md.
 */
import type { Labels, Role } from './vocabulary';

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
  by: { role: Role; id: string; name: string };
  at: string;
  /** The station's 签收 (police only): when and by whom. */
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}
