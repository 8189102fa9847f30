// The survey editor's SMS preview (shared/domain/survey-preview.ts): the same texts the conversation sends,
// counted by the segment counter and held against the forbidden words.
import { describe, expect, it } from 'vitest';
import type { SurveyDefinition } from '../../shared/domain/survey-definition.ts';
import { step } from '../../shared/domain/survey-engine.ts';
import { surveyMessages } from '../../shared/domain/survey-preview.ts';

function aDefinition(overrides: Partial<SurveyDefinition> = {}): SurveyDefinition {
  return {
    id: 'feedback',
    version: 1,
    title: 'Feedback',
    languages: ['ro', 'uk'],
    intro: { ro: 'Câteva întrebări.', uk: 'Кілька коротких запитань.' },
    questions: [
      { id: 'safe', type: 'scale', min: 1, max: 5, text: { ro: 'Cât de sigur?', uk: 'Наскільки безпечно?' } },
      {
        id: 'support',
        type: 'yes_no',
        text: {
          ro: 'V-a ajutat?',
          uk: 'Чи допомогла вам підтримка координаторки протягом усього часу, поки тривала ваша справа?',
        },
      },
    ],
    thanks: { ro: 'Mulțumim!', uk: 'Дякуємо!' },
    ...overrides,
  };
}

describe('surveyMessages', () => {
  it('answers the intro with the first question, each next question and the thanks, in that order', () => {
    const messages = surveyMessages(aDefinition(), 'uk');

    expect(messages.map((m) => [m.step, m.question])).toEqual([
      ['first', 1],
      ['question', 2],
      ['thanks', undefined],
    ]);
    expect(messages[0]?.text.startsWith('Кілька коротких запитань.\nНаскільки безпечно? (1-5)')).toBe(true);
  });

  it('sends a long Ukrainian question as UCS-2 in two segments', () => {
    const second = surveyMessages(aDefinition(), 'uk')[1];

    expect(second).toMatchObject({ encoding: 'UCS-2', segments: 2, forbidden: [] });
  });

  it('is the text the conversation itself sends for a question', () => {
    const def = aDefinition();
    const session = {
      surveyId: def.id,
      version: 1,
      wave: '2026-S2',
      language: 'uk' as const,
      state: 'answering' as const,
      questionIndex: 0,
      retried: false,
      answers: {},
      strata: { county: 'DJ', language: 'uk' as const, stage: 'trial', ageBand: '25-34' },
      updatedAt: '2026-12-01T10:00:00.000Z',
    };
    const sent = step({ session, text: '4', survey: def, now: new Date('2026-12-01T10:05:00.000Z') });

    expect(surveyMessages(def, 'uk')[1]?.text).toBe(sent.reply);
  });

  it('names the forbidden words a text carries, and transliterates when the service does', () => {
    const def = aDefinition({
      languages: ['ro'],
      questions: [{ id: 'court', type: 'text', text: { ro: 'Cum a fost la tribunal?' } }],
    });

    expect(surveyMessages(def, 'ro')[0]?.forbidden).toEqual(['tribunal']);
    expect(surveyMessages(def, 'ro', true)[0]).toMatchObject({ encoding: 'GSM-7' });
    expect(surveyMessages(def, 'ro', false)[0]).toMatchObject({ encoding: 'UCS-2' });
  });
});
