/**
 * CSV for spreadsheets: a byte-order mark so Excel reads UTF-8 (Chinese headers), CRLF lines, quoted
 * where needed, and a text that a spreadsheet would take for a formula (=, +, -, @ first; addresses
 * are free text) led by an apostrophe.
 */
export type CsvValue = string | number | null;

function cell(value: CsvValue): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(headers: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return '\uFEFF' + [headers, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
