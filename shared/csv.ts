// Writes CSV as RFC 4180 says (CRLF rows, quotes doubled, a field quoted when it holds a comma,
// semicolon, quote or line break) and neutralises cells a spreadsheet would run as a formula.

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
  const inner = value.replace(FORMULA_AFTER_SEPARATOR, "$1'");
  return FORMULA_START.test(inner) ? `'${inner}` : inner;
}

/**
 * Excel in semicolon locales (Spanish, French, German…) reads our comma-separated file splitting
 * at every `;` and line break, and honours quotes only at the start of what it takes for a field:
 * `"a;=1+1",b` becomes the cells `"a` and `=1+1",b`. So a formula character right after a `;` or
 * a line break inside a cell (spaces and quotes skipped, as spreadsheets skip them) is
 * neutralised too: `a; -1` is written `a; '-1`.
 */
const FORMULA_AFTER_SEPARATOR = /([;\r\n][\s"]*)(?=[=+\-@])/g;

/**
 * One field, quoted when RFC 4180 requires it, and also when it holds a semicolon: Excel in
 * semicolon locales (Spanish, French, German…) splits unquoted fields there, so a tag list like
 * `a; -1` would otherwise arrive as a second cell starting with a formula character.
 */
export function csvField(value: string): string {
  return /[",;\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
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
