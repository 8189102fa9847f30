import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { readSurveyCounters } from '../../shared/data/export-repository.ts';
import { call } from '../support/api.ts';
import { parseCsv } from '../support/csv-parser.ts';
import {
  seedIndicator,
  seedResponse,
  seedSurveyCatalogue,
  seedSurveyStratum,
  seedVoucherAmounts,
} from '../support/export-factories.ts';
import { admin, analyst, coordinatorDJ, prosecutorCraiova } from '../support/factories.ts';

// Periods far from today's, so counters written by other tests (current half-year) never mix in.
const WAVE = '2091-S1';
const PERIOD = '2091-S2';
const surveyId = `exit-${ulid().toLowerCase()}`;

beforeAll(async () => {
  // Feedback: DJ has 26 respondents in two languages, GJ 3 (under k), CJ 9 and IS 15 (its partners). 20 of
  // the 73 invited did not answer: enough for the three withheld counties to hold k each and k more, so the
  // invitations are published (README "Publishable tables").
  const stratum = (
    county: string,
    language: string,
    respondents: number,
    invited: number,
    answers: Record<string, Record<string, number>>,
  ) => seedSurveyStratum(surveyId, WAVE, { county, language }, { respondents, invited, answers });
  await Promise.all([
    stratum('DJ', 'ro', 20, 33, { safe: { '4': 10, '5': 10 }, help: { yes: 14, no: 6 } }),
    stratum('DJ', 'en', 6, 8, { safe: { '4': 3, '5': 3 }, help: { yes: 5, no: 1 } }),
    stratum('GJ', 'ro', 3, 6, { safe: { '4': 3 }, help: { yes: 3 } }),
    stratum('CJ', 'ro', 9, 10, { safe: { '4': 9 }, help: { yes: 9 } }),
    stratum('IS', 'ro', 15, 16, { safe: { '4': 7, '5': 8 }, help: { yes: 10, no: 5 } }),
    seedResponse(surveyId, WAVE),
    seedSurveyCatalogue(surveyId),
  ]);

  // Indicators: DJ in full, GJ with 3 victims (suppressed whole), CJ with 7 (its partner).
  await Promise.all([
    seedIndicator(PERIOD, 'DJ', 'victims_coordinated', 12),
    seedIndicator(PERIOD, 'DJ', 'victims_participating_in_proceedings', 10),
    seedIndicator(PERIOD, 'DJ', 'hearings_supported', 9),
    seedIndicator(PERIOD, 'DJ', 'hearings_in_special_room', 4),
    seedIndicator(PERIOD, 'DJ', 'protection_measures_confirmed', 2, 'escort_travel'),
    seedIndicator(PERIOD, 'DJ', 'protection_measures_confirmed', 1, 'special_hearing_room'),
    seedIndicator(PERIOD, 'DJ', 'voucher_requests_approved', 5),
    seedIndicator(PERIOD, 'DJ', 'voucher_amount_granted_total', 1_500_000),
    // Never published: the survey counts come from the feedback tables of the period's surveys (below).
    seedIndicator(PERIOD, 'DJ', 'survey_invitations', 20),
    seedIndicator(PERIOD, 'DJ', 'survey_responses', 12),
    seedVoucherAmounts(PERIOD, 'DJ', [400_000, 200_000, 300_000, 100_000, 500_000]),
    seedIndicator(PERIOD, 'GJ', 'victims_coordinated', 3),
    seedIndicator(PERIOD, 'GJ', 'hearings_supported', 2),
    seedIndicator(PERIOD, 'CJ', 'victims_coordinated', 7),
    seedSurveyStratum(
      surveyId,
      PERIOD,
      { county: 'DJ' },
      {
        respondents: 10,
        invited: 20,
        answers: { safe: { '2': 5, '4': 5 } },
      },
    ),
  ]);
});

const feedbackPath = (query = '') => `/exports/feedback?surveyId=${surveyId}&wave=${WAVE}${query}`;
const indicatorsPath = (query = '') => `/exports/indicators?period=${PERIOD}${query}`;

describe('GET /exports/feedback', () => {
  it('publishes DJ, suppresses the small county and the ones that would give it back from any table', async () => {
    const res = await call('GET', feedbackPath('&groupBy=county'), { as: analyst });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      surveyId,
      wave: WAVE,
      k: 5,
      groups: [
        { stratum: { county: 'CJ' }, suppressed: true, respondents: null, questions: null },
        {
          stratum: { county: 'DJ' },
          suppressed: false,
          respondents: 26,
          questions: { help: { no: 7, yes: 19 }, safe: { '4': 13, '5': 13 } },
        },
        { stratum: { county: 'GJ' }, suppressed: true, respondents: null, questions: null },
        { stratum: { county: 'IS' }, suppressed: true, respondents: null, questions: null },
      ],
      total: { respondents: 53, invited: 73, responseRate: 0.73 },
    });
  });

  it('refuses a cross-classification with 422 naming groupBy and the tables it may name', async () => {
    const res = await call('GET', feedbackPath('&groupBy=language,county'), { as: admin });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body.errors).toEqual([
      { path: 'groupBy', message: 'Must be one of none, county, language, stage, age' },
    ]);
  });

  it('publishes the national table with the same total as every other table', async () => {
    const res = await call('GET', feedbackPath('&groupBy=none'), { as: analyst });
    expect(res.status).toBe(200);
    expect(res.body.groups).toEqual([
      {
        stratum: {},
        suppressed: false,
        respondents: 53,
        questions: { help: { no: 12, yes: 41 }, safe: { '4': 32, '5': 21 } },
      },
    ]);
  });

  it('answers CSV with a header row, the same numbers and a file name', async () => {
    const res = await call('GET', feedbackPath('&groupBy=county&format=csv'), { as: analyst });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="feedback-${surveyId}-${WAVE}.csv"`,
    );
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    const lines = res.text.slice(1).split('\r\n');
    expect(lines[0]).toBe('level,county,measure,question,answer,value,suppressed');
    expect(lines).toEqual(
      expect.arrayContaining([
        'group,CJ,respondents,n/a,n/a,,true',
        'group,DJ,respondents,n/a,n/a,26,false',
        'group,DJ,answer,safe,4,13,false',
        'group,DJ,answer,help,no,7,false',
        'group,GJ,respondents,n/a,n/a,,true',
        'total,n/a,respondents,n/a,n/a,53,false',
        'total,n/a,invited,n/a,n/a,73,false',
        'total,n/a,response_rate,n/a,n/a,0.73,false',
      ]),
    );
  });

  it('reads only the wave asked for', async () => {
    const res = await call('GET', `/exports/feedback?surveyId=${surveyId}&wave=2091-S2&groupBy=language`, {
      as: analyst,
    });
    expect(res.status).toBe(200);
    expect(res.body.groups).toEqual([
      {
        stratum: { language: 'ro' },
        suppressed: false,
        respondents: 10,
        questions: { safe: expect.any(Object) },
      },
    ]);
  });
});

describe('GET /exports/indicators', () => {
  it('reports the seeded counters per county and national, with the median and the national response rate', async () => {
    const res = await call('GET', indicatorsPath(`&groupBy=county&surveyId=${surveyId}`), { as: analyst });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ period: PERIOD, k: 5, groupBy: 'county', surveyId });
    const [cj, dj, gj] = res.body.groups;
    expect(dj.stratum).toEqual({ county: 'DJ' });
    expect(dj.suppressed).toBe(false);
    expect(dj.indicators).toMatchObject({
      victims_coordinated: 12,
      victims_participating_in_proceedings: 10,
      hearings_supported: 9,
      hearings_in_special_room: 4,
      protection_measures_confirmed: 3,
      'protection_measures_confirmed.escort_travel': 2,
      'protection_measures_confirmed.special_hearing_room': 1,
      voucher_requests_approved: 5,
      voucher_amount_granted_total: 1_500_000,
      voucher_amount_granted_median: 300_000,
      // Summed from what the survey's feedback tables publish for the period, not from the IND# counters;
      // a county's invitations are never published (the feedback tables do not publish them either).
      survey_invitations: null,
      survey_responses: 10,
      response_rate: null,
      share_feeling_safe: 0.5,
    });
    expect(dj.suppressedIndicators).toEqual(['survey_invitations', 'response_rate']);
    expect(gj).toMatchObject({ stratum: { county: 'GJ' }, suppressed: true });
    expect(gj.indicators.hearings_supported).toBeNull();
    expect(cj).toMatchObject({ stratum: { county: 'CJ' }, suppressed: true });
    expect(res.body.national.indicators).toMatchObject({
      victims_coordinated: 22,
      hearings_supported: 11,
      voucher_amount_granted_median: 300_000,
      survey_invitations: 20,
      survey_responses: 10,
      response_rate: 0.5,
      share_feeling_safe: 0.5,
    });
  });

  it('gives only the national figures when grouped by none, and no share feeling safe without a survey', async () => {
    const res = await call('GET', indicatorsPath('&groupBy=none'), { as: admin });
    expect(res.status).toBe(200);
    expect(res.body.groups).toEqual([]);
    expect(res.body.national.indicators).toMatchObject({ victims_coordinated: 22, share_feeling_safe: null });
    expect(res.body.national.suppressedIndicators).toEqual([]);
  });

  it('answers CSV with the same numbers', async () => {
    const res = await call('GET', indicatorsPath('&format=csv'), { as: analyst });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="indicators-${PERIOD}.csv"`);
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    const lines = res.text.slice(1).split('\r\n');
    expect(lines[0]).toBe('level,county,indicator,value,suppressed');
    expect(lines).toEqual(
      expect.arrayContaining([
        'county,DJ,victims_coordinated,12,false',
        'county,DJ,voucher_amount_granted_median,300000,false',
        'county,DJ,response_rate,,true',
        'national,n/a,response_rate,0.5,false',
        'county,GJ,victims_coordinated,,true',
        'national,n/a,victims_coordinated,22,false',
      ]),
    );
  });

  it('answers the Romanian Excel dialect with ; and a decimal comma when asked', async () => {
    const res = await call('GET', indicatorsPath('&format=csv&dialect=excel-ro'), { as: analyst });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const { bom, header, rows } = parseCsv(res.text, ';');
    expect(bom).toBe(true);
    expect(header).toEqual(['level', 'county', 'indicator', 'value', 'suppressed']);
    const national = (indicator: string) =>
      rows.find((r) => r['level'] === 'national' && r['indicator'] === indicator);
    const dj = (indicator: string) => rows.find((r) => r['county'] === 'DJ' && r['indicator'] === indicator);
    expect(national('response_rate')?.['value']).toBe('0,5');
    expect(dj('victims_coordinated')?.['value']).toBe('12');
  });
});

describe('who may export', () => {
  it.each([
    { name: 'an analyst', who: analyst, status: 200 },
    { name: 'an admin', who: admin, status: 200 },
    { name: 'a coordinator', who: coordinatorDJ, status: 403 },
    { name: 'a prosecutor', who: prosecutorCraiova, status: 403 },
  ])('gives $name $status on both exports', async ({ who, status }) => {
    expect((await call('GET', feedbackPath(), { as: who })).status).toBe(status);
    expect((await call('GET', indicatorsPath(), { as: who })).status).toBe(status);
  });

  it('keeps analysts out of the coordination files', async () => {
    expect((await call('GET', '/cases', { as: analyst })).status).toBe(403);
  });

  it('leaves no audit item: an export holds no personal data', async () => {
    const who = { role: 'analyst', sub: `analyst-${ulid()}` } as const;
    expect((await call('GET', feedbackPath(), { as: who })).status).toBe(200);
    const audit = await call('GET', `/audit?actor=${who.sub}`, { as: admin });
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([]);
  });
});

describe('export input', () => {
  it.each([
    ['an unknown groupBy dimension', feedbackPath('&groupBy=county,phone'), 'groupBy'],
    ['a repeated groupBy dimension', feedbackPath('&groupBy=county,county'), 'groupBy'],
    ['an unknown format', feedbackPath('&format=xlsx'), 'format'],
    ['a wave that is not a half-year', `/exports/feedback?surveyId=${surveyId}&wave=2026-Q1`, 'wave'],
    ['a missing survey id', `/exports/feedback?wave=${WAVE}`, 'surveyId'],
    ['a survey id with a key separator', `/exports/feedback?surveyId=a%23b&wave=${WAVE}`, 'surveyId'],
    ['an indicator grouping by language', indicatorsPath('&groupBy=language'), 'groupBy'],
    ['an unknown indicators format', indicatorsPath('&format=pdf'), 'format'],
    ['an unknown CSV dialect', indicatorsPath('&format=csv&dialect=excel-de'), 'dialect'],
    ['a CSV dialect asked of JSON', feedbackPath('&dialect=excel-ro'), 'dialect'],
    ['a period that is not a half-year', '/exports/indicators?period=2026', 'period'],
  ])('refuses %s with 400 naming the field', async (_name, path, field) => {
    const res = await call('GET', path, { as: analyst });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });
});

describe('what an export reads', () => {
  it('queries only counter partitions of the InsightsTable, never a response or the coordination files', async () => {
    const seen: Array<{ command: string; input: string }> = [];
    const stack = getDocumentClient().middlewareStack;
    stack.add(
      (next, context) => async (args) => {
        seen.push({ command: String(context.commandName), input: JSON.stringify(args.input) });
        return next(args);
      },
      { step: 'initialize', name: 'exportReadSpy' },
    );
    try {
      await call('GET', feedbackPath(), { as: analyst });
      await call('GET', indicatorsPath(`&surveyId=${surveyId}`), { as: analyst });
    } finally {
      stack.remove('exportReadSpy');
    }
    const queries = seen.filter((c) => c.command === 'QueryCommand');
    const partitions = queries.map(
      (q) => /":pk":(?:\{"S":)?"([^"]*)"/.exec(q.input)?.[1] ?? `unread key in ${q.input}`,
    );
    // The survey catalogue names the surveys whose counters make up the period's survey indicators; other
    // test files' surveys may be listed too, and are read for the period only.
    for (const pk of partitions) expect(pk).toMatch(/^((AGG|IND|VAMT)#|SURVEYS$)/);
    expect(partitions.filter((pk) => pk.startsWith('AGG#') && !pk.endsWith(PERIOD))).toEqual([
      `AGG#${surveyId}#${WAVE}`,
    ]);
    expect(partitions.filter((pk) => pk.includes(surveyId)).sort()).toEqual([
      `AGG#${surveyId}#${WAVE}`,
      `AGG#${surveyId}#${PERIOD}`,
    ]);
    expect(partitions.filter((pk) => !pk.startsWith('AGG#')).sort()).toEqual([
      `IND#${PERIOD}`,
      'SURVEYS',
      `VAMT#${PERIOD}`,
    ]);
    for (const q of queries) expect(q.input).toContain(`"TableName":"${tableNames().insights}"`);
    expect(seen.some((c) => c.input.includes('RESP#'))).toBe(false);
    expect(seen.filter((c) => c.command !== 'QueryCommand')).toEqual([]);
  });

  it('reads every page of a partition', async () => {
    const read = await readSurveyCounters(surveyId, WAVE, { pageSize: 3 });
    const all = await readSurveyCounters(surveyId, WAVE);
    expect(read.items).toHaveLength(all.items.length);
    expect(read.items.length).toBeGreaterThan(10);
    expect(read.cost.queries).toBeGreaterThanOrEqual(Math.ceil(all.items.length / 3));
    expect(all.cost.queries).toBe(1);
  });
});
