/**
 * Which closed cases get a 回访 (return call) and when it falls due, per the township's rules. Only a
 * case the township solved (closure 'resolved') is called back: one returned to the police, handed
 * to 12345 or dismissed left the township's hands and is followed up by whoever took it.
 */
import { CATEGORIES, FOLLOWUP_POLICIES, type Category, type Closure, type FollowUpSettingsView } from '@xiaonao/contracts';

export const DEFAULT_FOLLOWUP_SETTINGS: Readonly<FollowUpSettingsView> = Object.freeze({
  policy: 'always',
  sampleRate: 1,
  categories: [],
  dueHours: 24,
  gridLeaderMayRecord: false,
});

/** Longest a 回访 may wait after closing (30 days): later, nobody remembers the case. */
export const MAX_FOLLOWUP_DUE_HOURS = 720;

/**
 * A case's fixed place in [0, 1) for sampling: FNV-1a (32 bit) of its id. The same case always
 * draws the same number, so a sample can be checked afterwards and a test can predict it.
 */
export function sampleDraw(caseId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < caseId.length; i++) {
    h ^= caseId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 0x1_0000_0000;
}

export interface ClosedCase {
  id: string;
  category: Category;
  closure: Closure | null;
  closedAt: Date;
}

export type FollowUpPlan = { due: true; dueAt: Date } | { due: false; why: 'not_resolved' | 'not_sampled' | 'category_not_listed' };

/** Whether this closed case is called back, and by when. */
export function planFollowUp(settings: FollowUpSettingsView, c: ClosedCase): FollowUpPlan {
  if (c.closure !== 'resolved') return { due: false, why: 'not_resolved' };
  if (settings.policy === 'sample' && !(sampleDraw(c.id) < settings.sampleRate)) return { due: false, why: 'not_sampled' };
  if (settings.policy === 'categories' && !settings.categories.includes(c.category)) return { due: false, why: 'category_not_listed' };
  return { due: true, dueAt: new Date(c.closedAt.getTime() + settings.dueHours * 3_600_000) };
}

export interface SettingsProblem {
  field: keyof FollowUpSettingsView;
  zh: string;
  en: string;
}

/** What is wrong with settings as sent (beyond their shape), or null. */
export function followUpSettingsProblem(s: FollowUpSettingsView): SettingsProblem | null {
  if (!FOLLOWUP_POLICIES.includes(s.policy)) return { field: 'policy', zh: '须为 always、sample 或 categories', en: 'must be always, sample or categories' };
  if (!(s.sampleRate >= 0 && s.sampleRate <= 1)) return { field: 'sampleRate', zh: '须在 0 与 1 之间', en: 'must be between 0 and 1' };
  if (s.policy === 'sample' && s.sampleRate === 0) return { field: 'sampleRate', zh: '抽样比例为 0 时没有案件会被回访', en: 'a rate of 0 calls nobody back' };
  if (s.categories.some((c) => !CATEGORIES.includes(c))) return { field: 'categories', zh: '含未知类别', en: 'contains an unknown category' };
  if (s.policy === 'categories' && !s.categories.length) return { field: 'categories', zh: '按类别回访须至少选择一个类别', en: 'choose at least one category' };
  if (!Number.isInteger(s.dueHours) || s.dueHours < 1 || s.dueHours > MAX_FOLLOWUP_DUE_HOURS) return { field: 'dueHours', zh: `须为 1 至 ${MAX_FOLLOWUP_DUE_HOURS} 的整数小时`, en: `must be a whole number of hours from 1 to ${MAX_FOLLOWUP_DUE_HOURS}` };
  return null;
}

/**
 * The number of a reopened round: the first round's number with `-R<round>`, e.g. 110-2026-0001-R2.
 * A later round strips its predecessor's suffix, so round 3 is …-R3, not …-R2-R3.
 */
export function roundCaseNo(previousCaseNo: string, previousRound: number, round: number): string {
  const root = previousRound > 1 ? previousCaseNo.replace(/-R\d+$/, '') : previousCaseNo;
  return `${root}-R${round}`;
}
