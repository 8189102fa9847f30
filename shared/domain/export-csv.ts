// The CSV renderings of the exports (shapes in export-shaping.ts), with csv-stringify. Kept apart from the
// shaping so that only the exports function bundles the CSV library.
import { stringify } from 'csv-stringify/sync';
import type {
  FeedbackDimension,
  FeedbackExport,
  IndicatorGroup,
  IndicatorsExport,
  Stratum,
} from './export-shaping.ts';

// CSV: RFC 4180 (CRLF, quoted where needed), one published value per row with its `suppressed` flag, so a
// suppressed value is an empty cell next to `true` and an empty cell next to `false` means "not computable".
// Formula-looking strings are escaped, since question ids and answers come from survey definitions.

const CSV_OPTIONS = {
  header: true,
  record_delimiter: 'windows',
  escape_formulas: true,
  cast: { boolean: (b: boolean) => (b ? 'true' : 'false') },
} as const;

export function feedbackCsv(data: FeedbackExport, groupBy: readonly FeedbackDimension[]): string {
  const columns = ['level', ...groupBy, 'measure', 'question', 'answer', 'value', 'suppressed'];
  const rows: Array<Record<string, string | number | boolean | null>> = [];
  const row = (
    level: string,
    stratum: Stratum,
    measure: string,
    value: number | null,
    suppressed: boolean,
    question = '',
    answer = '',
  ) => {
    const dims = Object.fromEntries(groupBy.map((d) => [d, stratum[d] ?? '']));
    rows.push({ level, ...dims, measure, question, answer, value, suppressed });
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
  row('total', {}, 'response_rate', responseRate, respondents === null || invited === null);
  return stringify(rows, { ...CSV_OPTIONS, columns });
}

export function indicatorsCsv(data: IndicatorsExport): string {
  const columns = ['level', 'county', 'indicator', 'value', 'suppressed'];
  const rows: Array<Record<string, string | number | boolean | null>> = [];
  const emit = (level: string, group: IndicatorGroup) => {
    for (const [indicator, value] of Object.entries(group.indicators)) {
      const suppressed = group.suppressedIndicators.includes(indicator);
      rows.push({ level, county: group.stratum.county ?? '', indicator, value, suppressed });
    }
  };
  for (const group of data.groups) emit('county', group);
  emit('national', data.national);
  return stringify(rows, { ...CSV_OPTIONS, columns });
}
