// Reads an exported CSV with csv-parse (the reading half of the csv-stringify the exports write with), strictly:
// a stray quote or a row of another width fails the test instead of being guessed at.
import { parse } from 'csv-parse/sync';

const BOM = '\uFEFF';

export interface ParsedCsv {
  /** Whether the file opens with a UTF-8 byte order mark (Excel needs it to read UTF-8). */
  bom: boolean;
  header: string[];
  rows: Array<Record<string, string>>;
}

export function parseCsv(text: string, delimiter: ',' | ';' = ','): ParsedCsv {
  const bom = text.startsWith(BOM);
  const records: string[][] = parse(bom ? text.slice(BOM.length) : text, {
    delimiter,
    record_delimiter: '\r\n',
    relax_column_count: false,
    relax_quotes: false,
    skip_empty_lines: false,
  });
  const [header = [], ...data] = records;
  return {
    bom,
    header,
    rows: data.map((values) => Object.fromEntries(header.map((name, i) => [name, values[i] ?? '']))),
  };
}
