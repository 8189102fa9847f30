import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeedbackDimension } from '../../shared/domain/export-shaping.ts';
import {
  type AuditFinding,
  auditPeriod,
  type Person,
  type Population,
  publishAll,
  type Strata,
} from '../support/disclosure-auditor.ts';

const DOMAIN: Record<FeedbackDimension, string[]> = {
  county: ['CJ', 'DJ', 'GJ'],
  language: ['ro', 'uk'],
  stage: ['trial', 'appeal'],
  age: ['18-25', '36+'],
};
const SAFE = ['1', '3', '5'];
const HELPED = ['yes', 'no'];

const tally = {
  populations: 0,
  suppressed: 0,
  indicatorCells: 0,
  relaxedOnly: 0,
  disclosed: [] as AuditFinding[],
};

/** Audits one period: every survey's feedback tables and the indicators export, published together. */
function record(...surveys: Population[]): AuditFinding[] {
  const result = auditPeriod(surveys);
  tally.populations += 1;
  tally.suppressed += result.suppressed;
  tally.indicatorCells += result.indicatorCells;
  tally.relaxedOnly += result.relaxedOnly;
  tally.disclosed.push(...result.disclosed);
  return result.disclosed;
}

afterAll(() => {
  process.stdout.write(
    `audit: ${tally.populations} populations, ${tally.suppressed.toLocaleString('en')} suppressed cells ` +
      `(${tally.indicatorCells.toLocaleString('en')} of them linked indicator cells), ` +
      `${tally.disclosed.length} disclosed; the attacker knew that named groups had k invitations and that ` +
      `counts are whole (${tally.relaxedOnly} bounds left to the relaxation)\n`,
  );
});

const person = (strata: Partial<Strata>, answers: Person['answers'], responded = true): Person => ({
  strata: { county: 'DJ', language: 'ro', stage: 'trial', age: '36+', ...strata },
  responded,
  answers: responded ? answers : {},
});

const people = (n: number, strata: Partial<Strata>, answers: Person['answers'], responded = true) =>
  Array.from({ length: n }, () => person(strata, answers, responded));

const population = (people: Person[], k = 5, skips = false): Population => ({
  k,
  domain: DOMAIN,
  questions: { safe: SAFE },
  skips,
  people,
});

describe('the differencing attack of issue 13', () => {
  // Ten Romanian speakers and one Ukrainian speaker answered in DJ; by county and by county and language
  // together, the Ukrainian speaker's answer was 11 - 10.
  const ukrainian = person({ language: 'uk' }, { safe: '1' });
  const victims = population([
    ...people(10, { language: 'ro' }, { safe: '5' }),
    ukrainian,
    ...people(8, { county: 'CJ' }, { safe: '3' }),
    ...people(7, { county: 'GJ' }, { safe: '5' }),
  ]);

  it('refuses the cross-classification that the subtraction needs, naming groupBy', async () => {
    const { shapeFeedback } = await import('../../shared/domain/export-shaping.ts');
    expect(() =>
      shapeFeedback({ surveyId: 's', wave: '2026-S1', groupBy: ['county', 'language'], k: 5, counters: [] }),
    ).toThrow(
      expect.objectContaining({ status: 422, errors: [expect.objectContaining({ path: 'groupBy' })] }),
    );
  });

  it('does not name a language with fewer than k invitations, with no label and no zero', () => {
    const byLanguage = publishAll(victims).get('language');
    expect(byLanguage?.groups.map((g) => g.stratum)).toEqual([{ language: 'ro' }]);
  });

  it('leaves the Ukrainian speaker’s answer anywhere from 0 to k-1 for every table taken together', () => {
    const findings = record(victims);
    expect(findings).toEqual([]);
    // And the attack's own subtraction no longer works: DJ's "1" is withheld wherever it is published.
    const tables = publishAll(victims);
    const dj = tables.get('county')?.groups.find((g) => g.stratum.county === 'DJ');
    expect(dj?.questions?.['safe']?.['1']).toBeNull();
    expect(tables.get('none')?.groups[0]?.questions?.['safe']?.['1'] ?? null).toBeNull();
  });
});

describe('adversarial populations', () => {
  const cases: Array<[string, Population]> = [
    [
      'one person alone in a stratum',
      population([...people(12, {}, { safe: '5' }), person({ age: '18-25' }, { safe: '1' })]),
    ],
    [
      'a group where everyone gave the same answer',
      population([...people(9, {}, { safe: '5' }), ...people(9, { county: 'CJ' }, { safe: '1' })]),
    ],
    [
      'many small groups, none of k',
      population(
        DOMAIN.county.flatMap((county) =>
          DOMAIN.language.map((language) => person({ county, language }, { safe: '3' })),
        ),
      ),
    ],
    [
      'invited but silent groups next to answering ones',
      population([
        ...people(6, {}, { safe: '3' }),
        ...people(7, { county: 'GJ' }, {}, false),
        ...people(5, { county: 'CJ' }, { safe: '1' }),
      ]),
    ],
    [
      'skipped questions with k = 3',
      population(
        [
          ...people(4, {}, { safe: null }),
          ...people(3, { county: 'CJ' }, { safe: '1' }),
          person({ county: 'GJ', stage: 'appeal' }, { safe: '5' }),
        ],
        3,
        true,
      ),
    ],
  ];
  it.each(cases)('discloses nothing for %s', (_, victims) => {
    expect(record(victims)).toEqual([]);
  });
});

describe('what the publication rule itself tells: a named group was invited at least k times', () => {
  // Two named languages of exactly k invitations each, 8 of the 10 answering: with the 10 invitations
  // published, each language had at least 5 - 2 = 3 respondents, so the withheld 3 Ukrainian answers were 3.
  const twoLanguagesOfK = population([
    ...people(5, { language: 'ro' }, { safe: '5' }),
    ...people(3, { language: 'uk' }, { safe: '1' }),
    ...people(2, { language: 'uk' }, {}, false),
  ]);
  /** The rule before this one: invitations published wherever the respondents are and they reach k. */
  const invitationsAlwaysPublished = (victims: Population) => {
    const tables = publishAll(victims);
    for (const table of tables.values()) {
      const { respondents } = table.total;
      if (respondents !== null && victims.people.length >= victims.k)
        table.total = { respondents, invited: victims.people.length, responseRate: null };
    }
    return tables;
  };

  it('is what the attacker uses: with the invitations always published, it proves the withheld answers', () => {
    const withTheFact = auditPeriod([twoLanguagesOfK], {
      indicators: false,
      publish: invitationsAlwaysPublished,
    });
    expect(withTheFact.disclosed).toContainEqual({
      label: 'language=uk respondents',
      truth: 3,
      lo: 3,
      hi: 5,
    });
    const withoutIt = auditPeriod([twoLanguagesOfK], {
      indicators: false,
      namedAtLeastK: false,
      publish: invitationsAlwaysPublished,
    });
    expect(withoutIt.disclosed).toEqual([]);
  });

  it('withholds the invitations there, and then nothing is disclosed', () => {
    expect(publishAll(twoLanguagesOfK).get('none')?.total).toEqual({
      respondents: 8,
      invited: null,
      responseRate: null,
    });
    expect(record(twoLanguagesOfK)).toEqual([]);
  });

  // Each of these gives something away when the invitations are published as before (checked first, so the
  // case keeps hitting the bound), and nothing under the rule.
  const cases: Array<[string, Population]> = [
    [
      'one group invited exactly k times with k-1 respondents',
      population([
        ...people(4, { county: 'CJ' }, { safe: '3' }),
        person({ county: 'CJ' }, {}, false),
        ...people(10, {}, { safe: '5' }),
        ...people(6, { county: 'GJ' }, { safe: '1' }),
      ]),
    ],
    [
      'everyone invited answered, two counties of exactly k',
      population([
        ...people(5, { county: 'CJ' }, { safe: '3' }),
        ...people(5, { county: 'GJ' }, { safe: '1' }),
        ...people(2, {}, { safe: '5' }),
      ]),
    ],
    [
      'groups of exactly k in two tables, one of them not answering in each',
      population([
        ...people(4, { county: 'CJ', language: 'uk' }, { safe: '1' }),
        person({ county: 'CJ', language: 'uk' }, {}, false),
        ...people(4, { county: 'GJ', stage: 'appeal' }, { safe: '3' }),
        person({ county: 'GJ', stage: 'appeal' }, {}, false),
        ...people(5, {}, { safe: '5' }),
      ]),
    ],
    [
      // Found by the random populations once the attacker knew the fact: CJ named with 6 invitations, 3
      // answering, and 4 who did not answer in the whole wave.
      'a named county whose respondents are withheld, with fewer than k who did not answer',
      {
        ...population([
          ...people(3, { county: 'CJ', stage: 'appeal', age: '18-25' }, {}, false),
          ...people(3, { county: 'CJ', stage: 'appeal' }, { safe: '3', helped: 'yes' }),
          ...people(4, { language: 'uk' }, { safe: '5', helped: 'yes' }),
          ...people(6, { county: 'GJ', age: '18-25' }, { safe: '1', helped: 'no' }),
          person({ county: 'GJ', language: 'uk', age: '18-25' }, {}, false),
          ...people(2, { county: 'GJ', language: 'uk' }, { safe: '1', helped: 'no' }),
        ]),
        questions: { safe: SAFE, helped: HELPED },
      },
    ],
  ];
  it.each(cases)('discloses nothing for %s', (_, victims) => {
    const before = auditPeriod([victims], { indicators: false, publish: invitationsAlwaysPublished });
    expect(before.disclosed).not.toEqual([]);
    expect(record(victims)).toEqual([]);
  });

  it('names no group at all when a table that names none caps the invitations too tightly for the names', () => {
    // No age band reaches k, so a reader knows the wave had at most 2(k-1) = 8 invitations; naming the 5
    // Romanian speakers would leave at most 3 for every other language, and the withheld residue at most 3.
    const capped = population([
      person({ language: 'uk', stage: 'appeal', age: '18-25' }, {}, false),
      ...people(3, { county: 'CJ', stage: 'appeal' }, { safe: '5' }),
      ...people(2, { county: 'GJ', age: '18-25' }, {}, false),
    ]);
    const tables = publishAll(capped);
    expect(tables.get('language')?.groups).toEqual([]);
    expect(tables.get('none')?.groups[0]?.respondents).toBeNull();
    expect(record(capped)).toEqual([]);
  });
});

describe('the feedback and indicators exports of one period together', () => {
  // The indicators export publishes survey_invitations and survey_responses per county, summed over the
  // surveys of the period; set against the feedback tables they must not pin what those withhold.
  it('does not publish a county’s zero responses that the feedback tables withhold', () => {
    const silentGj = population([
      ...people(6, {}, { safe: '3' }),
      ...people(7, { county: 'GJ' }, {}, false),
      ...people(5, { county: 'CJ' }, { safe: '1' }),
    ]);
    expect(record(silentGj)).toEqual([]);
  });

  it('does not let a county count of the indicators name what a county too small to name holds', () => {
    const smallGj = population([
      ...people(9, {}, { safe: '5' }),
      ...people(8, { county: 'CJ' }, { safe: '3' }),
      ...people(2, { county: 'GJ' }, { safe: '1' }),
    ]);
    expect(record(smallGj)).toEqual([]);
  });

  it('does not let two surveys of one period give back each other’s withheld counts', () => {
    const first = population([
      ...people(9, {}, { safe: '5' }),
      ...people(6, { county: 'CJ' }, { safe: '3' }),
      person({ county: 'GJ' }, { safe: '1' }),
    ]);
    const second = population([
      ...people(5, {}, { safe: '3' }),
      ...people(3, { county: 'CJ' }, { safe: '1' }),
      ...people(8, { county: 'GJ' }, { safe: '5' }),
    ]);
    expect(record(first, second)).toEqual([]);
  });
});

describe('random populations', () => {
  const strata = fc.record({
    county: fc.constantFrom(...DOMAIN.county),
    language: fc.constantFrom(...DOMAIN.language),
    stage: fc.constantFrom(...DOMAIN.stage),
    age: fc.constantFrom(...DOMAIN.age),
  });
  const populations = fc
    .record({
      k: fc.constantFrom(3, 5),
      twoQuestions: fc.boolean(),
      people: fc.array(
        fc.record({
          strata,
          responded: fc.boolean(),
          safe: fc.constantFrom(...SAFE),
          helped: fc.constantFrom(...HELPED),
          // Crowded strata: most people share a few combinations, so small and large groups meet.
          copies: fc.integer({ min: 1, max: 6 }),
        }),
        { minLength: 1, maxLength: 12 },
      ),
    })
    .map(
      ({ k, twoQuestions, people }): Population => ({
        k,
        domain: DOMAIN,
        questions: twoQuestions ? { safe: SAFE, helped: HELPED } : { safe: SAFE },
        skips: false,
        people: people.flatMap((p) =>
          Array.from(
            { length: p.copies },
            (): Person => ({
              strata: p.strata,
              responded: p.responded,
              answers: p.responded
                ? twoQuestions
                  ? { safe: p.safe, helped: p.helped }
                  : { safe: p.safe }
                : {},
            }),
          ),
        ),
      }),
    );

  it('never lets all the published tables together narrow a withheld cell below its protection interval', () => {
    fc.assert(
      fc.property(populations, (victims) => {
        expect(record(victims)).toEqual([]);
      }),
      { numRuns: 100, seed: 20_261_201 },
    );
    // About 40 linear programs a population: seconds, not the default 5.
  }, 120_000);

  it('never lets two surveys of one period and the indicators export together narrow a withheld cell', () => {
    fc.assert(
      fc.property(populations, populations, (first, second) => {
        expect(record(first, { ...second, k: first.k })).toEqual([]);
      }),
      { numRuns: 30, seed: 20_261_202 },
    );
  }, 120_000);
});
