/**
 * What an onboarding import answers with, whatever the kind of file: every problem found (a refused
 * file names each row or feature and field), and per kind what the import added, changed, left alone
 * and did not find. The CLI prints it; an HTTP controller can return it as it is.
 */

/** The kinds of file a township is onboarded from. */
export const IMPORT_KINDS = ['township', 'grids', 'workers', 'stations', 'cameras', 'gazetteer', 'users', 'responsibilities', 'clock-rules'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** What a change list counts: a grids file carries grids and micro-grids. */
export const CHANGE_SUBJECTS = ['township', 'grid', 'micro_grid', 'worker', 'station', 'camera', 'place', 'user', 'responsibility', 'clock_rule', 'escalation'] as const;
export type ChangeSubject = (typeof CHANGE_SUBJECTS)[number];

export const CHANGE_SUBJECT_LABELS: Record<ChangeSubject, { zh: string; en: string }> = {
  township: { zh: '乡镇街道', en: 'township' },
  grid: { zh: '网格', en: 'grids' },
  micro_grid: { zh: '微网格', en: 'micro-grids' },
  worker: { zh: '网格员', en: 'workers' },
  station: { zh: '派出所', en: 'police stations' },
  camera: { zh: '视频探头', en: 'cameras' },
  place: { zh: '标准地址', en: 'gazetteer places' },
  user: { zh: '账号', en: 'accounts' },
  responsibility: { zh: '权责清单', en: 'responsibilities' },
  clock_rule: { zh: '1-3-8 时限规则', en: '1-3-8 clock rules' },
  escalation: { zh: '超时升级链', en: 'escalation chains' },
};

/**
 * One problem. `row` is the line of a CSV file, the row of a sheet, or the 1-based position of a
 * GeoJSON feature or JSON item; 0 for the file as a whole. `item` names the feature or row by its code
 * when it has one, so an overlap can name both grids.
 */
export interface ImportIssue {
  row: number;
  item?: string;
  field: string;
  message: string;
  messageEn: string;
}

export interface UpdatedItem {
  key: string;
  /** The fields whose stored value differs from the file's. */
  fields: string[];
}

export interface ChangeList {
  subject: ChangeSubject;
  added: string[];
  updated: UpdatedItem[];
  unchanged: number;
  /**
   * Stored but not in the file. Kept (cases, accounts and positions refer to them) and only reported,
   * except where the file is the whole table by nature (clock rules): there they are `removed`.
   */
  missing: string[];
  removed: string[];
}

export interface ImportReport {
  township: string;
  kind: ImportKind;
  /** The coordinate system the file was read in (converted once to WGS-84), where it has coordinates. */
  coordSystem?: string;
  /** True when nothing was written because of errors or a dry run. */
  dryRun: boolean;
  /** Refused: nothing was written. */
  refused: boolean;
  errors: ImportIssue[];
  /** Taken, but worth a look (a grid leader not yet imported, a position already live). */
  warnings: ImportIssue[];
  changes: ChangeList[];
}

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
