/**
 * What happens when a stage breaches: a chain of actions per stage, configurable per township. The
 * default follows the township's practice: a case nobody accepted goes to the next worker at once, the
 * console alarms and the grid leader hears of it; a missed contact alarms the console; a missed arrival
 * alarms the console and informs the police station that handed the case over.
 */
import type { ClockStage, EscalationAction } from '@xiaonao/contracts';

export type EscalationChains = Record<ClockStage, readonly EscalationAction[]>;

export const DEFAULT_ESCALATION: EscalationChains = {
  accept: ['next_offer', 'console_alarm', 'notify_grid_leader'],
  contact: ['console_alarm'],
  arrive: ['console_alarm', 'inform_station'],
};

/** A township's chains over the default, stage by stage. */
export function escalationChains(overrides: Partial<Record<ClockStage, readonly EscalationAction[]>>): EscalationChains {
  return { ...DEFAULT_ESCALATION, ...overrides };
}
