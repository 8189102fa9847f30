// The CSV renderings of the exports (shapes in export-shaping.ts), with csv-stringify. Kept apart from the
// shaping so that only the exports function bundles the CSV library.
import { stringify } from 'csv-stringify/sync';
import { CSV_SEPARATORS, type CsvDialect, NOT_APPLICABLE } from './csv-dialect.ts';
import type {
  FeedbackDimension,
  FeedbackExport,
  IndicatorGroup,
  IndicatorsExport,
  Stratum,
} from './export-shaping.ts';

// CSV: CRLF, quoted where needed, a UTF-8 byte order mark first (Excel reads a file without one as the local
// code page and garbles ă, ș, ț), one published value per row with its `suppressed` flag. Three kinds of cell
// stay apart (csv-dialect.ts): a number; empty, a value withheld (`suppressed` true); `n/a`, nothing to give.
// Formula-looking strings are escaped, since question ids and answers come from survey definitions.

type Row = Record<string, string>;

function render(rows: Row[], columns: string[], dialect: CsvDialect): string {
  return stringify(rows, {
    header: true,
    columns,
    bom: true,
    delimiter: CSV_SEPARATORS[dialect].delimiter,
    record_delimiter: 'windows',
    escape_formulas: true,
  });
}

/** A published value: the number in the dialect's notation, empty when withheld, `n/a` when there is none. */
function valueCell(value: number | null, suppressed: boolean, dialect: CsvDialect): string {
  if (suppressed) return '';
  if (value === null || !Number.isFinite(value)) return NOT_APPLICABLE;
  return String(value).replace('.', CSV_SEPARATORS[dialect].decimalMark);
}

const flag = (suppressed: boolean): string => (suppressed ? 'true' : 'false');

export function feedbackCsv(
  data: FeedbackExport,
  groupBy: readonly FeedbackDimension[],
  dialect: CsvDialect = 'rfc4180',
): string {
  const columns = ['level', ...groupBy, 'measure', 'question', 'answer', 'value', 'suppressed'];
  const rows: Row[] = [];
  const row = (
    level: 'group' | 'total',
    stratum: Stratum,
    measure: string,
    value: number | null,
    suppressed: boolean,
    question = NOT_APPLICABLE,
    answer = NOT_APPLICABLE,
  ) => {
    const dims = Object.fromEntries(groupBy.map((d) => [d, stratum[d] ?? NOT_APPLICABLE]));
    const cell = valueCell(value, suppressed, dialect);
    rows.push({ level, ...dims, measure, question, answer, value: cell, suppressed: flag(suppressed) });
  };
  for (const group of data.groups) {
    row('group', group.stratum, 'respondents', group.respondents, group.suppressed);
    for (const [question, answers] of Object.entries(group.questions ?? {})) {
      for (const [answer, count] of Object.entries(answers)) {
        row('group', group.stratum, 'answer', count, count === null, question, answer);
      }
    }
  }
  const { respondents, invited, responseRate } = data.total;
  row('total', {}, 'respondents', respondents, respondents === null);
  row('total', {}, 'invited', invited, invited === null);
  // Withheld when a part is; otherwise null means nobody was invited: a rate of nothing, not applicable.
  row('total', {}, 'response_rate', responseRate, respondents === null || invited === null);
  return render(rows, columns, dialect);
}

export function indicatorsCsv(data: IndicatorsExport, dialect: CsvDialect = 'rfc4180'): string {
  const columns = ['level', 'county', 'indicator', 'value', 'suppressed'];
  const rows: Row[] = [];
  const emit = (level: 'county' | 'national', group: IndicatorGroup) => {
    for (const [indicator, value] of Object.entries(group.indicators)) {
      // suppressedIndicators names the nulls of disclosure control; any other null cannot be computed.
      const suppressed = group.suppressedIndicators.includes(indicator);
      rows.push({
        level,
        county: group.stratum.county ?? NOT_APPLICABLE,
        indicator,
        value: valueCell(value, suppressed, dialect),
        suppressed: flag(suppressed),
      });
    }
  };
  for (const group of data.groups) emit('county', group);
  emit('national', data.national);
  return render(rows, columns, dialect);
}
