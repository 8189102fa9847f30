import { describe, expect, it } from 'vitest';
import { feedbackCsv, indicatorsCsv } from '../../shared/domain/export-csv.ts';
import type { FeedbackExport, IndicatorGroup, IndicatorsExport } from '../../shared/domain/export-shaping.ts';
import { parseCsv } from '../support/csv-parser.ts';

const BOM = '\uFEFF';

const aFeedbackExport = (overrides: Partial<FeedbackExport> = {}): FeedbackExport => ({
  surveyId: 'exit',
  wave: '2026-S1',
  k: 5,
  groups: [
    {
      stratum: { county: 'DJ' },
      suppressed: false,
      respondents: 12,
      questions: { safe: { '1': null, '4': 6 } },
    },
    { stratum: { county: 'GJ' }, suppressed: true, respondents: null, questions: null },
  ],
  total: { respondents: 21, invited: 40, responseRate: 0.53 },
  ...overrides,
});

const aGroup = (
  county: string | undefined,
  indicators: Record<string, number | null>,
  suppressedIndicators: string[] = [],
): IndicatorGroup => ({
  stratum: county === undefined ? {} : { county },
  suppressed: false,
  suppressedIndicators,
  indicators,
});

const anIndicatorsExport = (overrides: Partial<IndicatorsExport> = {}): IndicatorsExport => ({
  period: '2026-S1',
  k: 5,
  groupBy: 'county',
  surveyId: null,
  groups: [
    aGroup('DJ', { victims_coordinated: 12, response_rate: 0.6, share_feeling_safe: null }),
    aGroup('GJ', { victims_coordinated: null, response_rate: null, share_feeling_safe: null }, [
      'victims_coordinated',
      'response_rate',
    ]),
  ],
  national: aGroup(undefined, { victims_coordinated: 21, response_rate: 0.75, share_feeling_safe: null }),
  ...overrides,
});

describe('feedbackCsv', () => {
  it('starts with a UTF-8 byte order mark, so Excel reads ă, ș and ț as written', () => {
    const csv = feedbackCsv(aFeedbackExport(), ['county']);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.indexOf(BOM, 1)).toBe(-1);
  });

  it('writes RFC 4180 with a header row, one value per row and a suppressed flag', () => {
    expect(feedbackCsv(aFeedbackExport(), ['county']).slice(1).split('\r\n')).toEqual([
      'level,county,measure,question,answer,value,suppressed',
      'group,DJ,respondents,n/a,n/a,12,false',
      'group,DJ,answer,safe,1,,true',
      'group,DJ,answer,safe,4,6,false',
      'group,GJ,respondents,n/a,n/a,,true',
      'total,n/a,respondents,n/a,n/a,21,false',
      'total,n/a,invited,n/a,n/a,40,false',
      'total,n/a,response_rate,n/a,n/a,0.53,false',
      '',
    ]);
  });

  it('reads back through csv-parse with every row as wide as the header', () => {
    const { bom, header, rows } = parseCsv(feedbackCsv(aFeedbackExport(), ['county', 'language']));
    expect(bom).toBe(true);
    expect(header).toEqual([
      'level',
      'county',
      'language',
      'measure',
      'question',
      'answer',
      'value',
      'suppressed',
    ]);
    expect(rows[0]).toEqual({
      level: 'group',
      county: 'DJ',
      language: 'n/a',
      measure: 'respondents',
      question: 'n/a',
      answer: 'n/a',
      value: '12',
      suppressed: 'false',
    });
    expect(rows).toHaveLength(7);
  });

  it('tells a withheld value (empty, suppressed) from one that does not apply (n/a) and from zero', () => {
    const csv = feedbackCsv(
      aFeedbackExport({
        groups: [
          {
            stratum: { county: 'DJ' },
            suppressed: false,
            respondents: 6,
            questions: { helped: { no: null, yes: 0 } },
          },
        ],
        total: { respondents: 6, invited: 0, responseRate: null },
      }),
      ['county'],
    );
    const cells = parseCsv(csv).rows.map((r) => [r['measure'], r['answer'], r['value'], r['suppressed']]);
    expect(cells).toEqual([
      ['respondents', 'n/a', '6', 'false'],
      ['answer', 'no', '', 'true'],
      ['answer', 'yes', '0', 'false'],
      ['respondents', 'n/a', '6', 'false'],
      ['invited', 'n/a', '0', 'false'],
      // Nobody invited: a rate of nothing does not apply, and nothing was withheld.
      ['response_rate', 'n/a', 'n/a', 'false'],
    ]);
  });

  it('withholds the response rate, not marks it n/a, when a count it divides is suppressed', () => {
    const csv = feedbackCsv(
      aFeedbackExport({ total: { respondents: null, invited: 40, responseRate: null } }),
      ['county'],
    );
    const rate = parseCsv(csv).rows.find((r) => r['measure'] === 'response_rate');
    expect(rate).toMatchObject({ value: '', suppressed: 'true' });
  });

  it('writes the Romanian Excel dialect with ; between fields and a decimal comma, read back as such', () => {
    const csv = feedbackCsv(aFeedbackExport(), ['county'], 'excel-ro');
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.slice(1).split('\r\n')[0]).toBe('level;county;measure;question;answer;value;suppressed');
    const { header, rows } = parseCsv(csv, ';');
    expect(header).toHaveLength(7);
    expect(rows.find((r) => r['measure'] === 'response_rate')?.['value']).toBe('0,53');
    expect(rows.find((r) => r['measure'] === 'invited')?.['value']).toBe('40');
  });

  it('quotes what needs quoting and defuses spreadsheet formulas in answers, in both dialects', () => {
    const risky = aFeedbackExport({
      groups: [
        {
          stratum: { county: 'DJ' },
          suppressed: false,
          respondents: 6,
          questions: { help: { '=HYPERLINK("x")': 6, 'yes, a lot': 0, 'da; mult': 0 } },
        },
      ],
    });
    const lines = feedbackCsv(risky, ['county']).split('\r\n');
    expect(lines[2]).toBe(`group,DJ,answer,help,"'=HYPERLINK(""x"")",6,false`);
    expect(lines[3]).toBe('group,DJ,answer,help,"yes, a lot",0,false');
    for (const [dialect, delimiter] of [
      ['rfc4180', ','],
      ['excel-ro', ';'],
    ] as const) {
      const answers = parseCsv(feedbackCsv(risky, ['county'], dialect), delimiter)
        .rows.filter((r) => r['measure'] === 'answer')
        .map((r) => r['answer']);
      expect(answers).toEqual([`'=HYPERLINK("x")`, 'yes, a lot', 'da; mult']);
    }
  });
});

describe('indicatorsCsv', () => {
  it('writes the indicators per county and national after a byte order mark', () => {
    const csv = indicatorsCsv(anIndicatorsExport());
    expect(csv.startsWith(BOM)).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('level,county,indicator,value,suppressed');
    expect(lines).toContain('county,DJ,victims_coordinated,12,false');
    expect(lines).toContain('county,GJ,victims_coordinated,,true');
    expect(lines).toContain('national,n/a,victims_coordinated,21,false');
  });

  it('marks a suppressed value empty and flagged, a value that cannot be computed n/a', () => {
    const { rows } = parseCsv(indicatorsCsv(anIndicatorsExport()));
    const cell = (county: string, indicator: string) =>
      rows.find((r) => r['county'] === county && r['indicator'] === indicator);
    expect(cell('GJ', 'response_rate')).toMatchObject({ value: '', suppressed: 'true' });
    expect(cell('DJ', 'share_feeling_safe')).toMatchObject({ value: 'n/a', suppressed: 'false' });
    expect(cell('n/a', 'response_rate')).toMatchObject({
      level: 'national',
      value: '0.75',
      suppressed: 'false',
    });
    expect(rows.filter((r) => r['value'] === '').every((r) => r['suppressed'] === 'true')).toBe(true);
  });

  it('writes the Romanian Excel dialect with a decimal comma in rates and plain integers', () => {
    const { header, rows } = parseCsv(indicatorsCsv(anIndicatorsExport(), 'excel-ro'), ';');
    expect(header).toEqual(['level', 'county', 'indicator', 'value', 'suppressed']);
    const values = rows.filter((r) => r['county'] === 'DJ').map((r) => [r['indicator'], r['value']]);
    expect(values).toEqual([
      ['victims_coordinated', '12'],
      ['response_rate', '0,6'],
      ['share_feeling_safe', 'n/a'],
    ]);
  });
});
