/**
 * A table file (CSV or a spreadsheet's first sheet) as header and rows, read into named fields by the
 * header's words, English or Chinese, in any order; unknown columns are ignored. Every kind of table
 * (workers, stations, cameras, accounts, responsibilities) is read here, so a header problem reads
 * the same whichever file it is in.
 */
import { fileIssue, issueAt, LINE_LABEL, type ImportIssue } from './import-report';

/** One row as the file holds it: `line` is the CSV line or sheet row it starts on (1 is the header). */
export interface TableRow {
  line: number;
  cells: string[];
}

export interface ColumnSpec<F extends string> {
  field: F;
  /** Header words, matched after trimming and lower-casing. */
  headers: readonly string[];
  required?: boolean;
}

/** One data row: each field's trimmed text; a field whose column the file lacks is absent. */
export interface TableRecord<F extends string> {
  line: number;
  values: Partial<Record<F, string>>;
}

export interface ReadTable<F extends string> {
  records: TableRecord<F>[];
  /** What the file calls each field (its own header text), for errors to name it as the person wrote it. */
  names: Record<F, string>;
  errors: ImportIssue[];
}

export function readTable<F extends string>(rows: readonly TableRow[], columns: readonly ColumnSpec<F>[]): ReadTable<F> {
  const names = Object.fromEntries(columns.map((c) => [c.field, c.field as string])) as Record<F, string>;
  const [header, ...data] = rows;
  if (!header || data.length === 0) return { records: [], names, errors: [fileIssue('文件中没有数据（第一行应为表头，其后每行一条）', 'no data in the file (a header row, then one item per row)')] };
  const index = new Map<F, number>();
  header.cells.forEach((cell, i) => {
    const word = cell.trim().toLowerCase();
    const column = columns.find((c) => c.headers.includes(word));
    if (column && !index.has(column.field)) {
      index.set(column.field, i);
      names[column.field] = cell.trim();
    }
  });
  const errors = columns
    .filter((c) => c.required && !index.has(c.field))
    .map((c) => issueAt(LINE_LABEL, header.line, c.field, `表头缺少「${c.field}」列（可写作 ${c.headers.join(' / ')}）`, `the header has no "${c.field}" column (${c.headers.join(' / ')})`));
  if (errors.length) return { records: [], names, errors };
  const records = data
    .filter((row) => row.cells.some((c) => c.trim() !== ''))
    .map((row) => {
      const values: Partial<Record<F, string>> = {};
      for (const [field, i] of index) values[field] = (row.cells[i] ?? '').trim();
      return { line: row.line, values };
    });
  return { records, names, errors: [] };
}

const YES = ['1', 'true', 'yes', 'y', '是', '在岗', '启用', '√', 'on'];
const NO = ['0', 'false', 'no', 'n', '否', '不在岗', '离岗', '停用', '×', 'off'];

/** A yes/no cell; null when it is neither. */
export function yesNo(text: string): boolean | null {
  const word = text.trim().toLowerCase();
  if (YES.includes(word)) return true;
  if (NO.includes(word)) return false;
  return null;
}

/** A list cell: items separated by ; ， 、 | or spaces in Chinese or English punctuation. */
export function listOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[;；,，、|｜\s]+/u)
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    ),
  ];
}

/** A number cell; null when empty or not a finite number. */
export function numberOf(text: string): number | null {
  if (text.trim() === '') return null;
  const n = Number(text.trim());
  return Number.isFinite(n) ? n : null;
}

/** A vocabulary word as a file may write it: the code, or its Chinese or English label. */
export function wordOf<W extends string>(text: string, words: readonly W[], labels: Record<W, { zh: string; en: string }>, extra: Record<string, W> = {}): W | null {
  const word = text.trim().toLowerCase();
  if (extra[word]) return extra[word];
  return words.find((w) => w === word || labels[w].zh === text.trim() || labels[w].en.toLowerCase() === word) ?? null;
}

/** Codes sent twice in one file: the second and later rows are refused, naming the first. */
export function duplicateIssues(items: readonly { line: number; key: string }[], field: string): ImportIssue[] {
  const first = new Map<string, number>();
  const issues: ImportIssue[] = [];
  for (const { line, key } of items) {
    const seen = first.get(key);
    if (seen === undefined) first.set(key, line);
    else issues.push(issueAt(LINE_LABEL, line, field, `「${key}」与第 ${seen} 行重复`, `"${key}" repeats line ${seen}`, key));
  }
  return issues;
}
