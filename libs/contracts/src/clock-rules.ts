/** A township's 1-3-8 windows by category and priority, and what each stage's breach sets off. */
import type { Category, ClockStage, Labels } from './vocabulary';

export const ESCALATION_ACTIONS = ['next_offer', 'console_alarm', 'notify_grid_leader', 'inform_station'] as const;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

export const ESCALATION_ACTION_LABELS: Labels<EscalationAction> = {
  next_offer: { zh: '立即转派下一人', en: 'Offer to the next worker' },
  console_alarm: { zh: '指挥台告警', en: 'Console alarm' },
  notify_grid_leader: { zh: '通知网格长', en: 'Grid leader told' },
  inform_station: { zh: '通报派出所', en: 'Police station informed' },
};

/** One rule; category and priority null mean "any". The most specific matching rule wins. */
export interface ClockRuleView {
  category: Category | null;
  priority: number | null;
  acceptSeconds: number;
  contactSeconds: number;
  arriveSeconds: number;
  /** Share of each window after which the stage is "at risk" (预警), e.g. 0.75. */
  warnShare: number;
}

export interface ClockSettingsView {
  /** The hub's windows where no rule matches. */
  fallback: Omit<ClockRuleView, 'category' | 'priority'>;
  rules: ClockRuleView[];
  escalation: Record<ClockStage, EscalationAction[]>;
}

/** Replaces the township's rules and chains at once. */
export interface ClockSettingsRequest {
  rules: ClockRuleView[];
  escalation?: Partial<Record<ClockStage, EscalationAction[]>>;
}
