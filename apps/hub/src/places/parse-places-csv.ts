/**
 * Reads a gazetteer CSV: a header row naming the columns (English or Chinese, in any order; other
 * columns are ignored), then one place per row. A file saved by Excel (UTF-8 with BOM) reads the same.
 * Here and not in libs/domain: csv-parse needs Node's Buffer, and the domain is also bundled for browsers.
 */
import { parse, CsvError } from 'csv-parse/sync';
import type { PlaceRowError } from '@xiaonao/contracts';
import { checkPlace, rowError, settle, type ParsedPlaces, type PlaceFieldNames, type PlaceParseOptions, type RawPlace, type RowLabel } from '@xiaonao/domain';

const LINE: RowLabel = { zh: (row) => `第 ${row} 行`, en: (row) => `line ${row}` };

/** Header words for each field; matched after trimming and lower-casing. */
const HEADERS: Record<keyof RawPlace, readonly string[]> = {
  kind: ['kind', 'type', '类型', '种类'],
  name: ['name', '名称', '地名'],
  address: ['address', 'addr', '地址', '标准地址'],
  aliases: ['aliases', 'alias', '别名', '俗称'],
  lng: ['lng', 'lon', 'long', 'longitude', '经度'],
  lat: ['lat', 'latitude', '纬度'],
};
const REQUIRED: readonly (keyof RawPlace)[] = ['kind', 'lng', 'lat'];
const FIELDS = Object.keys(HEADERS) as (keyof RawPlace)[];

/** A record with the line of the file it starts on (csv-parse's `info` option; its overloads do not type it). */
interface LinedRecord {
  record: string[];
  info: { lines: number };
}

function readRecords(content: string): LinedRecord[] | PlaceRowError {
  try {
    const records = parse(content, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as LinedRecord[];
    // `lines` is where a record ends; a quoted field with line breaks started that many lines earlier.
    return records.map(({ record, info }) => ({ record, info: { lines: info.lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0) } }));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? error.lines : 0;
    return rowError(line, 'content', LINE, `CSV 格式错误（${error.code}）：引号是否成对？`, `not valid CSV (${error.code}): ${error.message}`);
  }
}

/** Which column holds each field, by the header; the header's own text names the field in errors. */
function columnsOf(header: readonly string[]): { index: Partial<Record<keyof RawPlace, number>>; names: PlaceFieldNames } {
  const index: Partial<Record<keyof RawPlace, number>> = {};
  const names = Object.fromEntries(FIELDS.map((f) => [f, f])) as PlaceFieldNames;
  header.forEach((cell, i) => {
    const word = cell.trim().toLowerCase();
    const field = FIELDS.find((f) => HEADERS[f].includes(word));
    if (field && index[field] === undefined) {
      index[field] = i;
      names[field] = cell.trim();
    }
  });
  return { index, names };
}

export function parsePlacesCsv(content: string, options: PlaceParseOptions): ParsedPlaces {
  const records = readRecords(content);
  if (!Array.isArray(records)) return { places: [], errors: [records] };
  const [header, ...rows] = records;
  if (!header || rows.length === 0) {
    return { places: [], errors: [rowError(0, 'content', LINE, '文件中没有地点（第一行应为表头，其后每行一个地点）', 'no places in the file (a header row, then one place per row)')] };
  }
  const { index, names } = columnsOf(header.record);
  const missing = REQUIRED.filter((f) => index[f] === undefined);
  if (index.name === undefined && index.address === undefined) missing.push('name');
  if (missing.length) {
    return {
      places: [],
      errors: missing.map((f) => rowError(header.info.lines, f, LINE, `表头缺少「${f}」列（可写作 ${HEADERS[f].join(' / ')}）`, `the header has no "${f}" column (${HEADERS[f].join(' / ')})`)),
    };
  }
  const cell = (fields: readonly string[], field: keyof RawPlace): string | undefined => {
    const i = index[field];
    return i === undefined ? undefined : fields[i];
  };
  const checked = rows.map(({ record, info }) =>
    checkPlace(
      { kind: cell(record, 'kind'), name: cell(record, 'name'), address: cell(record, 'address'), aliases: cell(record, 'aliases'), lng: cell(record, 'lng'), lat: cell(record, 'lat') },
      info.lines,
      names,
      LINE,
      options,
    ),
  );
  return settle(checked, names, LINE);
}
