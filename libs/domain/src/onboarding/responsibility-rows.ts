/**
 * The responsibility table (权责清单), one row per category, from a table or a JSON list of objects
 * with the same field names. A row is the whole rule for its category: columns left out take the
 * hub's defaults (priority 2, auto, sequential, race of 3, no queue, default window, not police-only,
 * the category's default return-to-police rule). Categories absent from the file keep their row.
 */
import {
  CATEGORIES,
  CATEGORY_LABELS,
  DISPATCH_MODES,
  OFFER_MODES,
  RETURN_TO_POLICE_RULE_LABELS,
  RETURN_TO_POLICE_RULES,
  TEAM_LABELS,
  TEAMS,
  type Category,
  type ResponsibilityView,
  type ReturnToPoliceRule,
  type Team,
} from '@xiaonao/contracts';
import { defaultReturnToPolice } from '../handback/handback-rules';
import { issueAt, type ImportIssue, type ItemLabel } from './import-report';
import { duplicateIssues, listOf, numberOf, readTable, wordOf, yesNo, type ColumnSpec, type TableRow } from './table-rows';

export interface ResponsibilityRecord extends ResponsibilityView {
  line: number;
}

type ResponsibilityField = 'category' | 'teams' | 'priority' | 'dispatch_mode' | 'offer_mode' | 'race_size' | 'queue_when_busy' | 'offer_window_seconds' | 'police_only' | 'return_to_police';

const COLUMNS: readonly ColumnSpec<ResponsibilityField>[] = [
  { field: 'category', headers: ['category', '类别', '事件类别'], required: true },
  { field: 'teams', headers: ['teams', '队伍', '责任队伍'] },
  { field: 'priority', headers: ['priority', '优先级'] },
  { field: 'dispatch_mode', headers: ['dispatch_mode', 'dispatchmode', '派单方式'] },
  { field: 'offer_mode', headers: ['offer_mode', 'offermode', '派单模式'] },
  { field: 'race_size', headers: ['race_size', 'racesize', '抢单人数'] },
  { field: 'queue_when_busy', headers: ['queue_when_busy', 'queuewhenbusy', '允许排队'] },
  { field: 'offer_window_seconds', headers: ['offer_window_seconds', 'offerwindowseconds', '响应时限秒'] },
  { field: 'police_only', headers: ['police_only', 'policeonly', '仅公安'] },
  { field: 'return_to_police', headers: ['return_to_police', 'returntopolice', '退回公安'] },
];

const MODE_LABELS = {
  auto: { zh: '自动', en: 'auto' },
  confirm: { zh: '确认', en: 'confirm' },
  sequential: { zh: '顺序', en: 'sequential' },
  race: { zh: '抢单', en: 'race' },
} as const;

/** A JSON list of objects as table rows: field names as the header, lists joined; item i is row i + 1. */
export function jsonItemsAsRows(items: readonly Record<string, unknown>[]): TableRow[] {
  const header = [...new Set(items.flatMap((item) => Object.keys(item)))];
  const cell = (value: unknown): string => {
    if (Array.isArray(value)) return value.map((v) => cell(v)).join(';');
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return value === undefined || value === null ? '' : JSON.stringify(value);
  };
  return [{ line: 0, cells: header }, ...items.map((item, i) => ({ line: i + 1, cells: header.map((h) => cell(item[h])) }))];
}

export function readResponsibilityRows(rows: readonly TableRow[], label: ItemLabel): { responsibilities: ResponsibilityRecord[]; errors: ImportIssue[] } {
  const table = readTable(rows, COLUMNS);
  if (table.errors.length) return { responsibilities: [], errors: table.errors };
  const errors: ImportIssue[] = [];
  const out: ResponsibilityRecord[] = [];
  for (const { line, values: v } of table.records) {
    const before = errors.length;
    const fail = (field: ResponsibilityField, zh: string, en: string) => errors.push(issueAt(label, line, table.names[field], zh, en, v.category || undefined));
    const category: Category | null = wordOf(v.category ?? '', CATEGORIES, CATEGORY_LABELS);
    if (!category) fail('category', `类别应为 ${CATEGORIES.join('、')} 之一或其中文名，收到「${v.category ?? ''}」`, `category must be one of ${CATEGORIES.join(', ')}, got "${v.category ?? ''}"`);
    const teamWords = listOf(v.teams ?? '');
    const teams = teamWords.map((w) => wordOf(w, TEAMS, TEAM_LABELS));
    if (teams.some((t) => !t)) fail('teams', `队伍「${teamWords.filter((_, i) => !teams[i]).join('、')}」无法识别`, `unknown teams "${teamWords.filter((_, i) => !teams[i]).join(', ')}"`);
    const priority = v.priority ? numberOf(v.priority) : 2;
    if (priority === null || ![1, 2, 3].includes(priority)) fail('priority', '优先级应为 1、2 或 3', 'priority must be 1, 2 or 3');
    const dispatchMode = v.dispatch_mode ? wordOf(v.dispatch_mode, DISPATCH_MODES, MODE_LABELS) : 'auto';
    if (!dispatchMode) fail('dispatch_mode', '派单方式应为 auto（自动）或 confirm（确认）', 'dispatch_mode must be auto or confirm');
    const offerMode = v.offer_mode ? wordOf(v.offer_mode, OFFER_MODES, MODE_LABELS) : 'sequential';
    if (!offerMode) fail('offer_mode', '派单模式应为 sequential（顺序）或 race（抢单）', 'offer_mode must be sequential or race');
    const raceSize = v.race_size ? numberOf(v.race_size) : 3;
    if (raceSize === null || !Number.isInteger(raceSize) || raceSize < 2 || raceSize > 10) fail('race_size', '抢单人数应为 2 到 10 的整数', 'race_size must be a whole number from 2 to 10');
    const queueWhenBusy = v.queue_when_busy ? yesNo(v.queue_when_busy) : false;
    if (queueWhenBusy === null) fail('queue_when_busy', '允许排队应填「是」或「否」', 'queue_when_busy must be yes or no');
    const offerWindowSeconds = v.offer_window_seconds ? numberOf(v.offer_window_seconds) : null;
    if (v.offer_window_seconds && (offerWindowSeconds === null || !Number.isInteger(offerWindowSeconds) || offerWindowSeconds < 10 || offerWindowSeconds > 600))
      fail('offer_window_seconds', '响应时限应为 10 到 600 的整数秒，或留空用默认值', 'offer_window_seconds must be 10–600 whole seconds, or empty for the default');
    const policeOnly = v.police_only ? yesNo(v.police_only) : false;
    if (policeOnly === null) fail('police_only', '仅公安应填「是」或「否」', 'police_only must be yes or no');
    const returnToPolice: ReturnToPoliceRule | null = v.return_to_police ? wordOf(v.return_to_police, RETURN_TO_POLICE_RULES, RETURN_TO_POLICE_RULE_LABELS) : category ? defaultReturnToPolice(category) : null;
    if (!returnToPolice) fail('return_to_police', `退回公安应为 ${RETURN_TO_POLICE_RULES.join('、')} 之一`, `return_to_police must be one of ${RETURN_TO_POLICE_RULES.join(', ')}`);
    if (errors.length === before && category && priority !== null && dispatchMode && offerMode && raceSize !== null && queueWhenBusy !== null && policeOnly !== null && returnToPolice)
      out.push({
        line,
        category,
        teams: [...new Set(teams as Team[])].sort(),
        priority,
        dispatchMode: dispatchMode,
        offerMode: offerMode,
        raceSize,
        queueWhenBusy,
        offerWindowSeconds,
        policeOnly,
        returnToPolice,
      });
  }
  errors.push(...duplicateIssues(out.map((r) => ({ line: r.line, key: r.category })), table.names.category));
  return { responsibilities: out, errors: errors.sort((a, b) => a.row - b.row) };
}
