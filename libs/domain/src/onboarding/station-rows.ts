/** Police stations (派出所) from a table: code 编号 and name 名称, both required; keyed by code. */
import { issueAt, LINE_LABEL, type ImportIssue } from './import-report';
import { duplicateIssues, readTable, type ColumnSpec, type TableRow } from './table-rows';

export interface StationRecord {
  line: number;
  code: string;
  name: string;
}

const COLUMNS: readonly ColumnSpec<'code' | 'name'>[] = [
  { field: 'code', headers: ['code', '编号', '派出所编号', '机构代码'], required: true },
  { field: 'name', headers: ['name', '名称', '派出所', '派出所名称'], required: true },
];

export function readStationRows(rows: readonly TableRow[]): { stations: StationRecord[]; errors: ImportIssue[] } {
  const table = readTable(rows, COLUMNS);
  if (table.errors.length) return { stations: [], errors: table.errors };
  const errors: ImportIssue[] = [];
  const stations: StationRecord[] = [];
  for (const { line, values } of table.records) {
    const code = values.code ?? '';
    const name = values.name ?? '';
    if (!code) errors.push(issueAt(LINE_LABEL, line, table.names.code, '编号不能为空', 'code is empty'));
    if (!name) errors.push(issueAt(LINE_LABEL, line, table.names.name, '名称不能为空', 'name is empty', code || undefined));
    if (code && name) stations.push({ line, code, name });
  }
  errors.push(...duplicateIssues(stations.map((s) => ({ line: s.line, key: s.code })), table.names.code));
  return { stations, errors: errors.sort((a, b) => a.row - b.row) };
}
