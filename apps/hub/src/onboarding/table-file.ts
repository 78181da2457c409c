/**
 * The bytes of a table file as rows with their line numbers: CSV (UTF-8, with or without Excel's BOM)
 * or the first sheet of an XLSX workbook. Here and not in libs/domain: csv-parse and exceljs need Node.
 */
import { CsvError, parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { fileIssue, type ImportIssue, type TableRow } from '@xiaonao/domain';

export const TABLE_FORMATS = ['csv', 'xlsx'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** A record with the line it starts on (csv-parse's `info` option; its overloads do not type it). */
interface LinedRecord {
  record: string[];
  info: { lines: number };
}

function csvRows(content: Buffer): TableRow[] | ImportIssue {
  try {
    const records = parse(content.toString('utf8'), { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as LinedRecord[];
    // `lines` is where a record ends; a quoted field with line breaks started that many lines earlier.
    return records.map(({ record, info }) => ({ cells: record, line: info.lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0) }));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return fileIssue(`CSV 格式错误（${error.code}）：引号是否成对？`, `not valid CSV (${error.code}): ${error.message}`);
  }
}

async function xlsxRows(content: Buffer): Promise<TableRow[] | ImportIssue> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (error) {
    return fileIssue('不是有效的 XLSX 文件', `not a valid XLSX file: ${String(error)}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return fileIssue('工作簿中没有工作表', 'the workbook has no sheet');
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    // Cell text as shown in Excel: a phone typed as a number reads as its digits.
    for (let i = 1; i <= row.cellCount; i++) cells.push(row.getCell(i).text ?? '');
    rows.push({ line, cells });
  });
  return rows;
}

export async function readTableFile(content: Buffer, format: TableFormat): Promise<TableRow[] | ImportIssue> {
  switch (format) {
    case 'csv':
      return csvRows(content);
    case 'xlsx':
      return xlsxRows(content);
  }
}
