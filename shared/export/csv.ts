/**
 * CSV for spreadsheets: RFC 4180 (CRLF records, a header row, fields with a comma, quote, CR or LF
 * quoted and their quotes doubled) and safe against formula injection (OWASP "CSV Injection"): a
 * text cell that a spreadsheet would read as a formula or command is prefixed with `'`.
 * Pure: the caller picks the columns and says how to read each one from a row.
 */

/** One column: its header and how to read its value from a row. */
export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => unknown;
}

/** The record separator RFC 4180 §2 prescribes. */
export const CSV_EOL = '\r\n';

// The first characters that make Excel, LibreOffice or Google Sheets start a formula or DDE
// command (`=`, `+`, `-`, `@`), or that hide one behind a control character (TAB, CR).
const FORMULA_START = /^[=+\-@\t\r]/;

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return value.map(textOf).join('; ');
  return JSON.stringify(value) ?? '';
}

/**
 * One field: the value as text (lists joined with `; `, objects as JSON, nothing for null and
 * undefined), prefixed with `'` when a spreadsheet would run it as a formula, and quoted when it
 * holds a comma, quote, CR or LF. A JS number is written as is: its text is a plain numeral
 * (`-5`), which no spreadsheet executes.
 */
export function csvField(value: unknown): string {
  let text = textOf(value);
  if (typeof value !== 'number' && typeof value !== 'bigint' && FORMULA_START.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record (without its line ending). */
export function csvRecord(values: readonly unknown[]): string {
  return values.map(csvField).join(',');
}

/**
 * The document as records, header first, each ending in CRLF: for streaming a large export
 * without holding it whole.
 */
export function* csvLines<Row>(
  rows: Iterable<Row>,
  columns: readonly CsvColumn<Row>[],
): Generator<string, void, undefined> {
  yield `${csvRecord(columns.map((c) => c.header))}${CSV_EOL}`;
  for (const row of rows) yield `${csvRecord(columns.map((c) => c.value(row)))}${CSV_EOL}`;
}

/** The whole document: a header row and one record per row, CRLF after each. */
export function toCsv<Row>(rows: Iterable<Row>, columns: readonly CsvColumn<Row>[]): string {
  let out = '';
  for (const line of csvLines(rows, columns)) out += line;
  return out;
}
