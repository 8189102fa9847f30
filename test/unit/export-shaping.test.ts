import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type FeedbackExport,
  type IndicatorCounter,
  type ParsedSurveyCounter,
  parseSurveyCounter,
  shapeFeedback,
  shapeIndicators,
  type VoucherAmount,
} from '../../shared/domain/export-shaping.ts';

const K = 5;

interface StratumInput {
  county?: string;
  language?: string;
  stage?: string;
  age?: string;
}

const strataOf = (s: StratumInput) => ({
  county: s.county ?? 'DJ',
  language: s.language ?? 'ro',
  stage: s.stage ?? 'trial',
  age: s.age ?? '26-35',
});

/** The counters one stratum would hold: respondents, invitations and one count per question and answer. */
function stratumCounters(
  stratum: StratumInput,
  respondents: number,
  answers: Record<string, Record<string, number>> = {},
  invited = respondents,
): ParsedSurveyCounter[] {
  const strata = strataOf(stratum);
  const out: ParsedSurveyCounter[] = [
    { strata, question: '_respondents', answer: '_', count: respondents },
    { strata, question: '_invited', answer: '_', count: invited },
  ];
  for (const [question, byAnswer] of Object.entries(answers)) {
    for (const [answer, count] of Object.entries(byAnswer)) out.push({ strata, question, answer, count });
  }
  return out;
}

const feedback = (counters: ParsedSurveyCounter[], groupBy: Array<'county' | 'language' | 'stage' | 'age'>) =>
  shapeFeedback({ surveyId: 'exit', wave: '2026-S1', groupBy, k: K, counters });

describe('parseSurveyCounter', () => {
  it('reads the stratum, question and answer of a counter of one published table', () => {
    expect(parseSurveyCounter({ sk: 'language=uk#safe#4', count: 3 })).toEqual({
      strata: { language: 'uk' },
      question: 'safe',
      answer: '4',
      count: 3,
    });
  });

  it('still reads a counter written with all four strata, before the tables were fixed', () => {
    expect(
      parseSurveyCounter({ sk: 'county=DJ|language=ro|stage=trial|age=26-35#safe#4', count: 3 }),
    ).toEqual({
      strata: { county: 'DJ', language: 'ro', stage: 'trial', age: '26-35' },
      question: 'safe',
      answer: '4',
      count: 3,
    });
  });

  it('ignores keys that are not survey counters and counts that are not counts', () => {
    expect(parseSurveyCounter({ sk: 'county=DJ|language=ro#safe#4', count: 3 })).toBeUndefined();
    expect(parseSurveyCounter({ sk: 'phone=0722#safe#4', count: 3 })).toBeUndefined();
    expect(parseSurveyCounter({ sk: '_answers', count: 3 })).toBeUndefined();
    expect(
      parseSurveyCounter({ sk: 'county=DJ|language=ro|stage=trial|age=26-35', count: 3 }),
    ).toBeUndefined();
    expect(
      parseSurveyCounter({ sk: 'county=DJ|language=ro|stage=trial|age=26-35#safe#4', count: -1 }),
    ).toBeUndefined();
  });
});

describe('shapeFeedback', () => {
  it('adds the strata of a group up and keeps the dimension asked for in the stratum', () => {
    const result = feedback(
      [
        ...stratumCounters({ language: 'ro' }, 7, { safe: { '4': 7 } }),
        ...stratumCounters({ language: 'uk', age: '36+' }, 5, { safe: { '4': 5 } }),
        ...stratumCounters({ county: 'CJ' }, 9, { safe: { '4': 9 } }),
        ...stratumCounters({ county: 'GJ' }, 10, { safe: { '4': 10 } }),
      ],
      ['county'],
    );
    expect(result.groups.find((g) => g.stratum.county === 'DJ')).toEqual({
      stratum: { county: 'DJ' },
      suppressed: false,
      respondents: 12,
      questions: { safe: { '4': 12 } },
    });
  });

  it('suppresses a group under k and one more group, so neither follows from the total', () => {
    const result = feedback(
      [
        ...stratumCounters({ county: 'DJ' }, 12, { safe: { '4': 6, '5': 6 } }),
        ...stratumCounters({ county: 'GJ' }, 3, { safe: { '4': 3 } }, 5),
        ...stratumCounters({ county: 'CJ' }, 6, { safe: { '5': 6 } }),
      ],
      ['county'],
    );
    const hidden = result.groups.filter((g) => g.suppressed).map((g) => g.stratum.county);
    expect(hidden).toContain('GJ');
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    expect(result.groups[0]?.questions).toBeNull();
    // 23 invited would say that 2 did not answer: every named group was invited at least k times, so the
    // withheld ones would each have answered at least 3 times. Invitations are withheld with them.
    expect(result.total).toEqual({ respondents: 21, invited: null, responseRate: null });
  });

  it('publishes the invitations only where the people who did not answer could fill k in each withheld group', () => {
    const survey = (gjInvited: number) =>
      feedback(
        [
          ...stratumCounters({ county: 'DJ' }, 12, { safe: { '4': 6, '5': 6 } }, 20),
          ...stratumCounters({ county: 'GJ' }, 3, { safe: { '4': 3 } }, gjInvited),
          ...stratumCounters({ county: 'CJ' }, 6, { safe: { '5': 6 } }, 10),
        ],
        ['county'],
      );
    // The three counties are withheld (h = 3): the 21 respondents need k(1 + 3) = 20 who did not answer.
    expect(survey(10).groups.filter((g) => g.suppressed)).toHaveLength(3);
    expect(survey(10).total).toEqual({ respondents: 21, invited: null, responseRate: null });
    expect(survey(11).total).toEqual({ respondents: 21, invited: 41, responseRate: 0.51 });
  });

  it('does not name a group invited fewer than k times: no label, no zero', () => {
    const result = feedback(
      [
        ...stratumCounters({ county: 'DJ' }, 12, { safe: { '4': 12 } }),
        ...stratumCounters({ county: 'CJ' }, 8, { safe: { '4': 8 } }),
        ...stratumCounters({ county: 'GJ' }, 1, { safe: { '4': 1 } }, 2),
        ...stratumCounters({ county: 'AB' }, 0, {}, 1),
      ],
      ['county'],
    );
    expect(result.groups.map((g) => g.stratum.county)).toEqual(['CJ', 'DJ']);
  });

  it('hides the only person of a group who gave an answer, the zeros, and what would reveal them', () => {
    const result = feedback(
      [
        ...stratumCounters({ county: 'DJ' }, 12, { safe: { '1': 1, '4': 6, '5': 5 } }),
        ...stratumCounters({ county: 'CJ' }, 20, { safe: { '1': 5, '4': 8, '5': 7 } }),
      ],
      ['county'],
    );
    const dj = result.groups.find((g) => g.stratum.county === 'DJ');
    expect(dj?.questions?.['safe']?.['1'] ?? null).toBeNull();
    const shown = Object.values(dj?.questions?.['safe'] ?? {}).filter((v) => v !== null);
    expect(shown.length).toBeLessThan(3);
  });

  it('lists every answer value of the question, given or not, as a count or null', () => {
    const result = shapeFeedback({
      surveyId: 'exit',
      wave: '2026-S1',
      groupBy: [],
      k: K,
      counters: stratumCounters({}, 30, { safe: { '4': 14, '5': 16 } }),
      answerValues: ['1', '2', '3', '4', '5'].map((answer) => ({ question: 'safe', answer })),
    });
    expect(result.groups).toEqual([
      {
        stratum: {},
        suppressed: false,
        respondents: 30,
        // Three hidden zeros would say nobody chose 1-3: the smallest published count goes with them.
        questions: { safe: { '1': null, '2': null, '3': null, '4': null, '5': 16 } },
      },
    ]);
  });

  it('publishes nothing below k, not even a zero', () => {
    const result = feedback(
      [
        ...stratumCounters({ county: 'DJ' }, 6, { safe: { '4': 6 } }),
        ...stratumCounters({ county: 'GJ' }, 7, { safe: { '2': 7 } }),
      ],
      ['county'],
    );
    for (const group of result.groups) {
      for (const count of Object.values(group.questions?.['safe'] ?? {})) expect(count).not.toBe(0);
    }
  });

  it('publishes a whole answer row as null when its published respondents would pin the hidden counts', () => {
    // Five people, five different answers: each hidden count is 1, and the published respondents say so.
    const result = feedback(
      stratumCounters({ county: 'DJ' }, 5, { safe: { '1': 1, '2': 1, '3': 1, '4': 1, '5': 1 } }),
      [],
    );
    expect(result.groups[0]?.questions ?? null).toSatisfy(
      (questions: FeedbackExport['groups'][number]['questions']) =>
        questions === null || Object.values(questions['safe'] ?? {}).every((v) => v === null),
    );
  });

  it('publishes one table per dimension or the national one, and refuses a cross-classification with 422', () => {
    const counters = [
      ...stratumCounters({ language: 'ro', stage: 'trial' }, 6),
      ...stratumCounters({ language: 'en', stage: 'trial' }, 8),
    ];
    expect(() => feedback(counters, ['county', 'language'])).toThrow(
      expect.objectContaining({
        status: 422,
        errors: [{ path: 'groupBy', message: 'Must be one of none, county, language, stage, age' }],
      }),
    );
    expect(feedback(counters, []).groups.map((g) => g.stratum)).toEqual([{}]);
    expect(feedback(counters, ['language']).groups.map((g) => g.stratum)).toEqual([
      { language: 'en' },
      { language: 'ro' },
    ]);
  });

  it('rounds the response rate and hides a small number of invitations', () => {
    const rate = feedback(stratumCounters({}, 31, {}, 80), ['county']);
    expect(rate.total).toEqual({ respondents: 31, invited: 80, responseRate: 0.39 });
    const small = feedback(stratumCounters({}, 0, {}, 3), ['county']);
    expect(small.total).toEqual({ respondents: null, invited: null, responseRate: null });
  });

  it('returns an empty export for a survey wave without counters', () => {
    expect(feedback([], ['county'])).toEqual({
      surveyId: 'exit',
      wave: '2026-S1',
      k: K,
      groups: [],
      total: { respondents: null, invited: null, responseRate: null },
    });
  });

  it('cuts every table from one suppression, so the same cell reads the same in each', () => {
    const counters = [
      ...stratumCounters({ county: 'DJ', language: 'ro' }, 10, { safe: { '5': 10 } }),
      ...stratumCounters({ county: 'DJ', language: 'uk' }, 1, { safe: { '1': 1 } }),
      ...stratumCounters({ county: 'CJ', language: 'ro' }, 8, { safe: { '3': 8 } }),
    ];
    const national = feedback(counters, []).groups[0];
    for (const groupBy of [['county'], ['language'], ['stage'], ['age']] as const) {
      expect(feedback(counters, [...groupBy]).total.respondents).toBe(national?.respondents ?? null);
    }
  });
});

describe('shapeFeedback properties', () => {
  const COUNTIES = ['DJ', 'GJ', 'CJ', 'B'];
  const LANGUAGES = ['ro', 'en', 'uk'];
  /** Random strata, each with respondents who each answer `safe` once (so answers add up to respondents). */
  const counterSets = fc
    .record({
      k: fc.integer({ min: 3, max: 8 }),
      strata: fc.array(
        fc.record({
          county: fc.constantFrom(...COUNTIES),
          language: fc.constantFrom(...LANGUAGES),
          answers: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 5, maxLength: 5 }),
          extraInvited: fc.integer({ min: 0, max: 20 }),
        }),
        { maxLength: 10 },
      ),
      groupBy: fc.constantFrom<Array<Array<'county' | 'language'>>>(['county'], ['language'], []),
    })
    .map(({ k, strata, groupBy }) => ({
      k,
      groupBy,
      counters: strata.flatMap((s) => {
        const respondents = s.answers.reduce((a, b) => a + b, 0);
        const byAnswer = Object.fromEntries(s.answers.map((n, i) => [String(i + 1), n]));
        return stratumCounters(s, respondents, { safe: byAnswer }, respondents + s.extraInvited);
      }),
    }));

  /** Hidden members of a line whose total is published: none, or at least two adding up to at least k. */
  function expectNotDerivable(total: number, published: Array<number | null>, k: number) {
    const hidden = published.filter((v) => v === null).length;
    if (hidden === 0) return;
    const remainder = total - published.reduce<number>((a, v) => a + (v ?? 0), 0);
    expect(hidden).toBeGreaterThanOrEqual(2);
    expect(remainder).toBeGreaterThanOrEqual(k);
  }

  it('publishes only person counts of at least k, never a zero', () => {
    fc.assert(
      fc.property(counterSets, ({ k, groupBy, counters }) => {
        const result = shapeFeedback({ surveyId: 's', wave: '2026-S1', groupBy, k, counters });
        const published = [
          result.total.respondents,
          result.total.invited,
          ...result.groups.flatMap((g) => [
            g.respondents,
            ...Object.values(g.questions ?? {}).flatMap((answers) => Object.values(answers)),
          ]),
        ];
        for (const count of published) {
          if (count !== null) expect(count).toBeGreaterThanOrEqual(k);
        }
      }),
    );
  });

  it('never lets a suppressed answer follow from its group’s published respondents minus the published parts', () => {
    fc.assert(
      fc.property(counterSets, ({ k, groupBy, counters }) => {
        const result = shapeFeedback({ surveyId: 's', wave: '2026-S1', groupBy, k, counters });
        for (const group of result.groups) {
          if (group.respondents === null) continue;
          for (const answers of Object.values(group.questions ?? {})) {
            expectNotDerivable(group.respondents, Object.values(answers), k);
          }
        }
      }),
    );
  });
});

const counter = (county: string, indicator: string, count: number, type: string | null = null) =>
  ({ county, indicator, type, count }) satisfies IndicatorCounter;

const indicators = (
  counters: IndicatorCounter[],
  options: {
    amounts?: VoucherAmount[];
    surveyCounters?: ParsedSurveyCounter[] | null;
    surveyAnswerValues?: Array<{ question: string; answer: string }>;
    groupBy?: 'county' | 'none';
  } = {},
) =>
  shapeIndicators({
    period: '2026-S1',
    k: K,
    groupBy: options.groupBy ?? 'county',
    surveyId: options.surveyCounters ? 'exit' : null,
    counters,
    amounts: options.amounts ?? [],
    surveyCounters: options.surveyCounters ?? null,
    surveyAnswerValues: options.surveyAnswerValues ?? [],
    periodSurveys: options.surveyCounters
      ? [{ counters: options.surveyCounters, answerValues: options.surveyAnswerValues ?? [] }]
      : [],
  });

const amountsIn = (county: string, ...amounts: number[]) => amounts.map((amount) => ({ county, amount }));

describe('shapeIndicators', () => {
  it('reports every counted and derived indicator, with measures broken down by type', () => {
    const result = indicators([
      counter('DJ', 'victims_coordinated', 12),
      counter('DJ', 'hearings_supported', 3),
      counter('DJ', 'protection_measures_confirmed', 2, 'escort_travel'),
      counter('DJ', 'protection_measures_confirmed', 1, 'special_hearing_room'),
    ]);
    const dj = result.groups[0];
    expect(dj?.stratum).toEqual({ county: 'DJ' });
    expect(dj?.indicators).toMatchObject({
      victims_coordinated: 12,
      hearings_supported: 3,
      hearings_remote: 0,
      protection_measures_confirmed: 3,
      'protection_measures_confirmed.escort_travel': 2,
      'protection_measures_confirmed.special_hearing_room': 1,
      'protection_measures_confirmed.witness_protection_program': 0,
      voucher_amount_granted_median: null,
      response_rate: null,
      share_feeling_safe: null,
    });
    // A county's survey invitations are never published (the feedback tables do not publish them either).
    expect(dj?.suppressedIndicators).toEqual(['survey_invitations', 'response_rate']);
    expect(Object.keys(dj?.indicators ?? {})).toContain('foreign_victims_with_interpreter');
  });

  it('suppresses a county with few victims whole, and one more, with the national figures kept', () => {
    const result = indicators([
      counter('DJ', 'victims_coordinated', 12),
      counter('DJ', 'hearings_supported', 9),
      counter('GJ', 'victims_coordinated', 2),
      counter('GJ', 'hearings_supported', 4),
      counter('CJ', 'victims_coordinated', 6),
      counter('CJ', 'hearings_supported', 1),
    ]);
    const byCounty = Object.fromEntries(result.groups.map((g) => [g.stratum.county, g]));
    expect(byCounty['GJ']?.suppressed).toBe(true);
    expect(byCounty['GJ']?.indicators['hearings_supported']).toBeNull();
    expect(byCounty['GJ']?.suppressedIndicators).toContain('hearings_supported');
    expect(byCounty['CJ']?.suppressed).toBe(true);
    expect(byCounty['DJ']?.indicators).toMatchObject({ victims_coordinated: 12, hearings_supported: 9 });
    expect(result.national.indicators).toMatchObject({ victims_coordinated: 20, hearings_supported: 14 });
  });

  it('suppresses a small person count of a published county against the national total', () => {
    const result = indicators([
      counter('DJ', 'victims_coordinated', 12),
      counter('DJ', 'foreign_victims_with_interpreter', 2),
      counter('GJ', 'victims_coordinated', 9),
      counter('GJ', 'foreign_victims_with_interpreter', 7),
    ]);
    const [dj, gj] = result.groups;
    expect(dj?.indicators['foreign_victims_with_interpreter']).toBeNull();
    expect(gj?.indicators['foreign_victims_with_interpreter']).toBeNull();
    expect(dj?.suppressedIndicators).toEqual([
      'foreign_victims_with_interpreter',
      'survey_invitations',
      'response_rate',
    ]);
    expect(result.national.indicators['foreign_victims_with_interpreter']).toBe(9);
  });

  it('gives the voucher median and total where at least k people were granted one, null elsewhere', () => {
    const result = indicators(
      [
        counter('DJ', 'victims_coordinated', 12),
        counter('DJ', 'voucher_amount_granted_total', 210_000),
        counter('GJ', 'victims_coordinated', 10),
        counter('GJ', 'voucher_amount_granted_total', 40_000),
        counter('CJ', 'victims_coordinated', 10),
        counter('CJ', 'voucher_amount_granted_total', 50_000),
      ],
      {
        amounts: [
          ...amountsIn('DJ', 60_000, 10_000, 50_000, 20_000, 40_000, 30_000),
          ...amountsIn('GJ', 40_000),
          ...amountsIn('CJ', 10_000, 10_000, 10_000, 10_000, 10_000),
        ],
      },
    );
    const [cj, dj, gj] = result.groups;
    expect(dj?.indicators).toMatchObject({
      voucher_amount_granted_total: 210_000,
      voucher_amount_granted_median: 35_000,
    });
    expect(gj?.indicators['voucher_amount_granted_median']).toBeNull();
    expect(gj?.suppressedIndicators).toEqual([
      'voucher_amount_granted_total',
      'survey_invitations',
      'voucher_amount_granted_median',
      'response_rate',
    ]);
    // CJ's five amounts go too: otherwise the national total would give GJ's one amount back.
    expect(cj?.indicators['voucher_amount_granted_total']).toBeNull();
    expect(cj?.indicators['victims_coordinated']).toBe(10);
    expect(result.national.indicators).toMatchObject({
      voucher_amount_granted_total: 300_000,
      voucher_amount_granted_median: 15_000,
    });
  });

  it('derives the response rate from invitations and responses, and the share feeling safe', () => {
    const survey = [
      ...stratumCounters({ county: 'DJ', language: 'ro' }, 6, { safe: { '2': 0, '4': 5, '5': 1 } }, 12),
      ...stratumCounters({ county: 'DJ', language: 'en' }, 4, { safe: { '3': 3, '5': 1 } }, 13),
    ];
    const result = indicators(
      [
        counter('DJ', 'victims_coordinated', 30),
        counter('DJ', 'survey_invitations', 25),
        counter('DJ', 'survey_responses', 10),
      ],
      { surveyCounters: survey },
    );
    // 7 of 10 answered 4 or 5; the three who did not are fewer than k, so that cell and the share are hidden.
    // The counts come from the feedback tables, not the IND# survey counters: 10 of the 25 invited there;
    // per county there is no rate, since the feedback tables publish no county invitations.
    expect(result.groups[0]?.indicators).toMatchObject({
      survey_responses: 10,
      survey_invitations: null,
      response_rate: null,
      share_feeling_safe: null,
    });
    expect(result.groups[0]?.suppressedIndicators).toEqual([
      'survey_invitations',
      'response_rate',
      'share_feeling_safe',
    ]);
    expect(result.national.indicators).toMatchObject({
      survey_invitations: 25,
      survey_responses: 10,
      response_rate: 0.4,
    });

    // Every answer value published by the feedback tables (at least k each): the share is their ratio.
    const larger = indicators([counter('DJ', 'victims_coordinated', 30)], {
      surveyCounters: stratumCounters({ county: 'DJ' }, 30, {
        safe: { '1': 5, '2': 5, '3': 6, '4': 8, '5': 6 },
      }),
    });
    expect(larger.groups[0]?.indicators['share_feeling_safe']).toBe(0.47);
    expect(larger.national.indicators['share_feeling_safe']).toBe(0.47);
  });

  it('withholds a share feeling safe of 1: it would say what everyone in the county answered', () => {
    const result = indicators([counter('DJ', 'victims_coordinated', 30)], {
      surveyCounters: stratumCounters({ county: 'DJ' }, 12, { safe: { '4': 7, '5': 5 } }),
      surveyAnswerValues: ['1', '2', '3', '4', '5'].map((answer) => ({ question: 'safe', answer })),
    });
    expect(result.groups[0]?.indicators['share_feeling_safe']).toBeNull();
    expect(result.groups[0]?.suppressedIndicators).toEqual([
      'survey_invitations',
      'response_rate',
      'share_feeling_safe',
    ]);
  });

  it('computes the national figures the same way whatever the grouping', () => {
    const counters = [
      counter('DJ', 'victims_coordinated', 3),
      counter('GJ', 'victims_coordinated', 0),
      counter('GJ', 'hearings_supported', 2),
    ];
    const byCounty = indicators(counters);
    const national = indicators(counters, { groupBy: 'none' });
    expect(national.groups).toEqual([]);
    expect(national.national).toEqual(byCounty.national);
    // Only DJ has victims, and fewer than k: the national figures would be DJ's own.
    expect(national.national.suppressed).toBe(true);
    expect(national.national.indicators['hearings_supported']).toBeNull();
  });
});

describe('shapeIndicators properties', () => {
  const counterSets = fc.record({
    k: fc.integer({ min: 3, max: 8 }),
    cells: fc.array(
      fc.record({
        county: fc.constantFrom('DJ', 'GJ', 'CJ', 'B', 'IS'),
        indicator: fc.constantFrom('victims_coordinated', 'survey_responses', 'hearings_supported'),
        count: fc.integer({ min: 0, max: 12 }),
      }),
      { maxLength: 15 },
    ),
  });

  it('publishes only zeros and person counts of at least k, and no hidden county follows from national', () => {
    fc.assert(
      fc.property(counterSets, ({ k, cells }) => {
        const result = shapeIndicators({
          period: '2026-S1',
          k,
          groupBy: 'county',
          surveyId: null,
          counters: cells.map((c) => counter(c.county, c.indicator, c.count)),
          amounts: [],
          surveyCounters: null,
          periodSurveys: [],
        });
        for (const name of ['victims_coordinated', 'survey_responses']) {
          const values = result.groups.map((g) => g.indicators[name] ?? null);
          for (const v of [...values, result.national.indicators[name] ?? null]) {
            if (v !== null && v !== 0) expect(v).toBeGreaterThanOrEqual(k);
          }
          const national = result.national.indicators[name];
          if (national === null || national === undefined) continue;
          // What the hidden counties add up to: zero tells nothing about a person, anything else must be
          // spread over at least two of them and be at least k.
          const hidden = values.filter((v) => v === null).length;
          const remainder = national - values.reduce<number>((a, v) => a + (v ?? 0), 0);
          if (remainder === 0) continue;
          expect(hidden).toBeGreaterThanOrEqual(2);
          expect(remainder).toBeGreaterThanOrEqual(k);
        }
      }),
    );
  });
});
