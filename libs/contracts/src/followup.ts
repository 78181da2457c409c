/**
 * 回访 (a return call to the caller after a case closes), its outcome, and 督办 (supervision with a
 * deadline) when the outcome is bad. Owned by the follow-up feature (#11).
 */
export const FOLLOWUP_STATUSES = ['scheduled', 'overdue', 'recorded'] as const;
export type FollowUpStatus = (typeof FOLLOWUP_STATUSES)[number];

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'not_satisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** What an unsatisfactory 回访 leads to, or what an operator decided without one. */
export const FOLLOWUP_DECISIONS = ['sign_off', 'reopen', 'supervise'] as const;
export type FollowUpDecision = (typeof FOLLOWUP_DECISIONS)[number];

export interface SupervisionView {
  deadline: string;
  status: 'open' | 'overdue' | 'resolved';
  resolvedAt: string | null;
  notes: string;
}

export interface FollowUpView {
  id: string;
  status: FollowUpStatus;
  dueAt: string;
  /** Filled once recorded. */
  reached: boolean | null;
  satisfaction: Satisfaction | null;
  solved: boolean | null;
  notes: string;
  decision: FollowUpDecision | null;
  recordedAt: string | null;
  recordedBy: string | null;
  supervision: SupervisionView | null;
}
