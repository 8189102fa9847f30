// The CSV dialects the exports offer and the marker of a cell that has no value to give. Apart from
// export-csv.ts so that the route table can name the dialects without bundling the CSV library.

/**
 * `rfc4180`: `,` between fields and a decimal point, what scripts and most tools read. `excel-ro`: `;` and a
 * decimal comma, what Excel set to Romanian (list separator `;`) opens into columns and numbers unaided.
 */
export const CSV_DIALECTS = ['rfc4180', 'excel-ro'] as const;
export type CsvDialect = (typeof CSV_DIALECTS)[number];

export const CSV_SEPARATORS: Record<CsvDialect, { delimiter: ',' | ';'; decimalMark: '.' | ',' }> = {
  rfc4180: { delimiter: ',', decimalMark: '.' },
  'excel-ro': { delimiter: ';', decimalMark: ',' },
};

/**
 * A cell that does not apply to its row (no county on the national row, no question on a respondents row) or
 * a value that cannot be computed (a rate of nobody invited). An empty cell means one thing only: a value
 * withheld by disclosure control, flagged `true` in the row's `suppressed` column.
 */
export const NOT_APPLICABLE = 'n/a';
