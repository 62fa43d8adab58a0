import { type Options, stringify } from 'csv-stringify/sync';

/**
 * CSV for people to open in a spreadsheet: RFC 4180 quoting (a cell with a line break of either kind
 * is quoted, whatever the records end with), and a cell a spreadsheet would read as
 * a formula (one that starts with =, +, -, @, a tab or a carriage return: a skill's name, a session's
 * title, a vacancy's employer are other people's words) gets a leading apostrophe, as OWASP's "CSV
 * injection" advice says. Numbers stay numbers ("-3" is not a formula); true and false are written
 * out, dates as ISO 8601.
 */
export function toSpreadsheetCsv(rows: unknown[][], options: Pick<Options, 'record_delimiter'> = {}): string {
  return stringify(rows, {
    ...options,
    escape_formulas: true,
    // (A line break of either kind inside a cell: quoted, whatever the records end with.)
    quoted_match: /[\r\n]/,
    cast: { boolean: (value) => String(value), date: (value) => value.toISOString() },
  });
}

const ESCAPED_FORMULA = /^'[=+\-@\t\r]/;

/** A cell as it was before toSpreadsheetCsv guarded it (for reading back a file of ours). */
export function unescapeFormula(cell: string): string {
  return ESCAPED_FORMULA.test(cell) ? cell.slice(1) : cell;
}
