/**
 * What an onboarding import answers with, whatever the kind of file: every problem found (a refused
 * file names each row or feature and field), and per kind what the import added, changed, left alone
 * and did not find. The CLI prints it; an HTTP controller can return it as it is.
 */

// The wire types live in the contracts; the rules here build them.
export { IMPORT_KINDS, CHANGE_SUBJECTS, CHANGE_SUBJECT_LABELS } from '@xiaonao/contracts';
export type { ImportKind, ChangeSubject, ImportIssue, UpdatedItem, ChangeList, ImportReport } from '@xiaonao/contracts';
import type { ImportIssue } from '@xiaonao/contracts';

/** How a row is named to a person: 「第 5 行」 in a table, 「第 3 个要素」 in a GeoJSON file. */
export interface ItemLabel {
  zh: (row: number) => string;
  en: (row: number) => string;
}

export const LINE_LABEL: ItemLabel = { zh: (row) => `第 ${row} 行`, en: (row) => `line ${row}` };
export const FEATURE_LABEL: ItemLabel = { zh: (row) => `第 ${row} 个要素`, en: (row) => `feature ${row}` };
export const ITEM_LABEL: ItemLabel = { zh: (row) => `第 ${row} 项`, en: (row) => `item ${row}` };

/** An issue whose messages start with where it is: 「第 5 行 phone：…」 / "line 5 phone: …". */
export function issueAt(label: ItemLabel, row: number, field: string, zh: string, en: string, item?: string): ImportIssue {
  const whereZh = row > 0 ? `${label.zh(row)}${item ? `（${item}）` : ''} ` : '';
  const whereEn = row > 0 ? `${label.en(row)}${item ? ` (${item})` : ''} ` : '';
  return { row, ...(item ? { item } : {}), field, message: `${whereZh}${field}：${zh}`, messageEn: `${whereEn}${field}: ${en}` };
}

/** A problem with the whole file (no header, not JSON). */
export function fileIssue(zh: string, en: string, field = 'content'): ImportIssue {
  return issueAt(LINE_LABEL, 0, field, zh, en);
}

/** A received value as a message quotes it: text as is, others as JSON, cut short. */
export function shown(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
