/**
 * A township's 1-3-8 rules and escalation chains from JSON, the shape the console edits
 * (ClockSettingsRequest): `{ "rules": [...], "escalation": { "accept": [...] } }`. The file is the whole
 * table, as in the console: a stored rule the file does not list is removed (cases already received
 * keep the windows they were given). Chains the file leaves out are kept.
 */
import { CATEGORIES, CLOCK_STAGES, ESCALATION_ACTIONS, type ClockRuleView, type ClockSettingsRequest, type ClockStage, type EscalationAction } from '@xiaonao/contracts';
import { clockRuleProblem } from '../clock/clock-rules';
import { fileIssue, issueAt, ITEM_LABEL, shown, type ImportIssue } from './import-report';

export interface ClockRuleFile {
  rules: ClockRuleView[];
  escalation: Partial<Record<ClockStage, EscalationAction[]>>;
  errors: ImportIssue[];
}

/** The key a rule is matched by: category and priority, * for "any". */
export function clockRuleKey(rule: Pick<ClockRuleView, 'category' | 'priority'>): string {
  return `${rule.category ?? '*'}/${rule.priority ?? '*'}`;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function readClockRuleFile(content: string): ClockRuleFile {
  let doc: unknown;
  try {
    doc = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { rules: [], escalation: {}, errors: [fileIssue('不是有效的 JSON', `not valid JSON: ${String(error)}`)] };
  }
  const request = doc as Partial<ClockSettingsRequest> | null;
  if (typeof request !== 'object' || request === null || !Array.isArray(request.rules)) return { rules: [], escalation: {}, errors: [fileIssue('应为 { "rules": [...], "escalation": {...} }', 'must be { "rules": [...], "escalation": {...} }', 'rules')] };
  const errors: ImportIssue[] = [];
  const rules: ClockRuleView[] = [];
  const seen = new Map<string, number>();
  (request.rules as unknown[]).forEach((item, i) => {
    const row = i + 1;
    const r = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const before = errors.length;
    const fail = (field: string, zh: string, en: string) => errors.push(issueAt(ITEM_LABEL, row, `rules[${i}].${field}`, zh, en));
    const category = r.category ?? null;
    if (category !== null && !CATEGORIES.includes(category as (typeof CATEGORIES)[number])) fail('category', `类别「${shown(category)}」无法识别（留空为任意类别）`, `unknown category "${shown(category)}" (null for any)`);
    const priority = r.priority ?? null;
    if (priority !== null && ![1, 2, 3].includes(priority as number)) fail('priority', '优先级应为 1、2、3 或 null', 'priority must be 1, 2, 3 or null');
    for (const field of ['acceptSeconds', 'contactSeconds', 'arriveSeconds', 'warnShare'] as const) if (!isNumber(r[field])) fail(field, '应为数字', 'must be a number');
    if (errors.length > before) return;
    const rule = { category, priority, acceptSeconds: r.acceptSeconds, contactSeconds: r.contactSeconds, arriveSeconds: r.arriveSeconds, warnShare: r.warnShare } as ClockRuleView;
    const problem = clockRuleProblem(rule);
    if (problem) return fail(problem.field, problem.zh, problem.en);
    const key = clockRuleKey(rule);
    const first = seen.get(key);
    if (first !== undefined) return fail('category', `与第 ${first} 项的类别与优先级相同（每组只能一条）`, `same category and priority as item ${first} (one rule each)`);
    seen.set(key, row);
    rules.push(rule);
  });
  const escalation: Partial<Record<ClockStage, EscalationAction[]>> = {};
  const chains = (request.escalation ?? {}) as Record<string, unknown>;
  for (const [stage, actions] of Object.entries(chains)) {
    if (!CLOCK_STAGES.includes(stage as ClockStage)) {
      errors.push(fileIssue(`未知环节「${stage}」（accept、contact、arrive）`, `unknown stage "${stage}" (accept, contact, arrive)`, `escalation.${stage}`));
      continue;
    }
    if (!Array.isArray(actions) || !actions.every((a) => ESCALATION_ACTIONS.includes(a as EscalationAction))) {
      errors.push(fileIssue(`应为 ${ESCALATION_ACTIONS.join('、')} 组成的列表`, `must be a list of ${ESCALATION_ACTIONS.join(', ')}`, `escalation.${stage}`));
      continue;
    }
    escalation[stage as ClockStage] = actions as EscalationAction[];
  }
  return { rules, escalation, errors };
}
