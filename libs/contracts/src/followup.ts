/**
 * 回访 (a return call to the caller after a case closes), its outcome, and 督办 (supervision with a
 * deadline) when the outcome is bad. Owned by the follow-up feature (#11); see docs/followup.md.
 */
import type { Category, Labels } from './vocabulary';

export const FOLLOWUP_STATUSES = ['scheduled', 'overdue', 'recorded'] as const;
export type FollowUpStatus = (typeof FOLLOWUP_STATUSES)[number];

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'not_satisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** What an unsatisfactory 回访 leads to, or what an operator decided without one. */
export const FOLLOWUP_DECISIONS = ['sign_off', 'reopen', 'supervise'] as const;
export type FollowUpDecision = (typeof FOLLOWUP_DECISIONS)[number];

export const SUPERVISION_STATUSES = ['open', 'overdue', 'resolved'] as const;
export type SupervisionStatus = (typeof SUPERVISION_STATUSES)[number];

export interface SupervisionView {
  deadline: string;
  status: SupervisionStatus;
  openedAt: string;
  resolvedAt: string | null;
  /** Why it was opened (the 回访 notes) and, once resolved, what was done. */
  notes: string;
  resolution: string | null;
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
  /** Calls that did not reach the caller so far (always present in the hub's views). */
  attempts?: number;
  /** A reopened case: the new round (always present in the hub's views, null unless reopened). */
  reopenedAs?: { id: string; caseNo: string } | null;
  supervision: SupervisionView | null;
}

/** Which closed cases get a 回访: every one, a deterministic sample, or those of some categories. */
export const FOLLOWUP_POLICIES = ['always', 'sample', 'categories'] as const;
export type FollowUpPolicy = (typeof FOLLOWUP_POLICIES)[number];

export const FOLLOWUP_POLICY_LABELS: Labels<FollowUpPolicy> = {
  always: { zh: '全部回访', en: 'Every resolved case' },
  sample: { zh: '按比例抽样回访', en: 'A sample of resolved cases' },
  categories: { zh: '按类别回访', en: 'Resolved cases of chosen categories' },
};

export const SATISFACTION_LABELS: Labels<Satisfaction> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  not_satisfied: { zh: '不满意', en: 'Not satisfied' },
};

export const FOLLOWUP_DECISION_LABELS: Labels<FollowUpDecision> = {
  sign_off: { zh: '销号', en: 'Sign off' },
  reopen: { zh: '重新派办', en: 'Reopen as a new round' },
  supervise: { zh: '转督办', en: 'Send to supervision' },
};

export const FOLLOWUP_STATUS_LABELS: Labels<FollowUpStatus> = {
  scheduled: { zh: '待回访', en: 'Due' },
  overdue: { zh: '回访超期', en: 'Overdue' },
  recorded: { zh: '已回访', en: 'Recorded' },
};

/** A township's 回访 rules (one row per township; the defaults apply until an operator saves them). */
export interface FollowUpSettingsView {
  policy: FollowUpPolicy;
  /** For 'sample': the share of resolved cases called back, 0..1 (decided per case from its id, so it is reproducible). */
  sampleRate: number;
  /** For 'categories': the categories whose resolved cases are called back. */
  categories: Category[];
  /** The 回访 falls due this many hours after the case closed. */
  dueHours: number;
  /** Whether the grid leader (网格长) of the case's grid may record the call besides operators. */
  gridLeaderMayRecord: boolean;
}

export type FollowUpSettingsRequest = FollowUpSettingsView;

/**
 * One recorded call (or an operator's decision after a failed call). `reached: false` without a
 * decision counts an attempt and leaves the 回访 due; an unsatisfactory or unsolved outcome needs
 * `decision` reopen or supervise in the same request.
 */
export interface RecordFollowUpRequest {
  reached: boolean;
  satisfaction?: Satisfaction;
  solved?: boolean;
  notes?: string;
  decision?: FollowUpDecision;
  /** For supervise: the 督办 deadline, in hours from now … */
  supervisionHours?: number;
  /** … or as an instant (ISO-8601). */
  supervisionDeadline?: string;
}

/** Resolving a 督办: what was done. */
export interface ResolveSupervisionRequest {
  notes: string;
}

/** 销号 by an operator's recorded decision (no 回访, or after a resolved 督办). */
export interface SignOffRequest {
  reason: string;
}

/** HTTP paths of the 回访 feature. */
export const FOLLOWUP_API = {
  settings: '/api/township/followup-settings',
  worklist: '/api/followups',
  record: (id: string) => `/api/incidents/${id}/follow-up`,
  resolveSupervision: (id: string) => `/api/incidents/${id}/supervision/resolve`,
  signOff: (id: string) => `/api/incidents/${id}/sign-off`,
} as const;
