// A survey definition for tests (three questions, Romanian and Ukrainian), free of any service import so that
// the e2e tests, which talk to the service over HTTP only, can use it too.

let surveyCounter = 0;

/** A survey id no other test uses. */
export function aSurveyId(label = 'feedback'): string {
  surveyCounter += 1;
  return `${label}-${process.pid}-${Date.now() % 100000}-${surveyCounter}`;
}

export function aSurvey(overrides: Record<string, unknown> = {}) {
  return {
    id: aSurveyId(),
    title: 'Feedback after the hearings',
    languages: ['ro', 'uk'],
    intro: { ro: 'Câteva întrebări scurte.', uk: 'Кілька коротких запитань.' },
    questions: [
      {
        id: 'safe',
        type: 'scale',
        min: 1,
        max: 5,
        text: { ro: 'Cât de în siguranță v-ați simțit?', uk: 'Наскільки безпечно ви почувалися?' },
      },
      {
        id: 'helped',
        type: 'yes_no',
        text: { ro: 'V-a fost de folos sprijinul?', uk: 'Чи допомогла вам підтримка?' },
      },
      {
        id: 'comment',
        type: 'text',
        text: { ro: 'Ce ar trebui să facem altfel?', uk: 'Що нам варто робити інакше?' },
      },
    ],
    thanks: { ro: 'Mulțumim! STOP = oprire', uk: 'Дякуємо! STOP = відписатися' },
    ...overrides,
  };
}

/** `aSurvey` in Romanian only: the same questions, every text but the Romanian one dropped. */
export function aRomanianSurvey(overrides: Record<string, unknown> = {}) {
  const ro = (texts: Record<string, string>) => ({ ro: texts['ro'] as string });
  const survey = aSurvey();
  return {
    ...survey,
    languages: ['ro'],
    intro: ro(survey.intro),
    questions: survey.questions.map((q) => ({ ...q, text: ro(q.text) })),
    thanks: ro(survey.thanks),
    ...overrides,
  };
}
