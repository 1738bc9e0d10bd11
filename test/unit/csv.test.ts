// CSV exports opened by Excel in comma and in semicolon locales: no cell, however the file is
// split, starts a formula.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv } from '#shared/csv.js';

/** A cell a spreadsheet runs: a formula character, perhaps after spaces, tabs or quotes it skips. */
const FORMULA = /^[\s"]*[=+\-@]/;

const hostileCells = [
  'place value; -minus',
  'a;=HYPERLINK("http://evil.example","x")',
  '@cmd;+1',
  'x,=1+1',
  'fine; @SUM(A1)',
  '=plain formula',
  'tabs;\t=1',
  'two\n=lines',
  'quoted; "=1+1"',
];

describe('CSV in comma and semicolon locales', () => {
  const csv = toCsv([['student', 'tags', 'more'], ...hostileCells.map((cell) => [cell, cell, cell])], { bom: false });

  for (const delimiter of [',', ';']) {
    it(`a spreadsheet splitting on "${delimiter}" sees no cell that starts a formula`, () => {
      // Excel in a semicolon locale still honours quotes, but a quoted field followed by a comma
      // is not well-formed there: read it as leniently as a spreadsheet does.
      const rows = parse(csv, { delimiter, relax_column_count: true, relax_quotes: true }) as string[][];
      expect(rows.length).toBe(hostileCells.length + 1);
      for (const row of rows) for (const cell of row) expect(cell).not.toMatch(FORMULA);
    });
  }

  it('a spreadsheet splitting on ";" reads a one-column export cell by cell, as written', () => {
    const single = toCsv([['tags'], ...hostileCells.map((cell) => [cell])], { bom: false });
    const rows = parse(single, { delimiter: ';', from_line: 2 }) as string[][];
    expect(rows.map((row) => row.length)).toEqual(hostileCells.map(() => 1));
    expect(rows.map((row) => row[0])).toEqual([
      "place value; '-minus",
      'a;\'=HYPERLINK("http://evil.example","x")',
      "'@cmd;'+1",
      'x,=1+1',
      "fine; '@SUM(A1)",
      "'=plain formula",
      "tabs;\t'=1",
      "two\n'=lines",
      'quoted; "\'=1+1"',
    ]);
  });
});
