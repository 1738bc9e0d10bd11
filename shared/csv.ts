// Writes CSV as RFC 4180 says (CRLF rows, quotes doubled, a field quoted when it holds a comma,
// quote or line break) and neutralises cells a spreadsheet would run as a formula.

/**
 * Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP "CSV
 * injection"): `=`, `+`, `-`, `@`, and tab or carriage return, which some of them skip first.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Byte order mark: Excel reads a CSV as the machine's legacy code page unless it starts with one. */
export const UTF8_BOM = '\uFEFF';

/**
 * A cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe, which
 * spreadsheets hide and treat as "this is text". `-2` thus arrives as the text `-2`, never as `=…`.
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One field, quoted when RFC 4180 requires it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark (for Excel). Default true. */
  bom?: boolean;
}

/** The CSV text of `rows` (the first row is usually the header): every cell neutralised and quoted as needed. */
export function toCsv(rows: readonly (readonly string[])[], options: CsvOptions = {}): string {
  const lines = rows.map((row) => row.map((cell) => csvField(neutraliseCell(cell))).join(','));
  return `${options.bom === false ? '' : UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
