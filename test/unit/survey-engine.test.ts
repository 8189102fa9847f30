import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../shared/domain/enums.ts';
import {
  type CompletedAnswers,
  questionSegments,
  redactContacts,
  type StepResult,
  type SurveyDefinition,
  type SurveyQuestion,
  type SurveySession,
  step,
  validateSurveyDefinition,
} from '../../shared/domain/survey-engine.ts';
import { classifyInbound, NO_WORD, YES_WORD } from '../../shared/sms/keywords.ts';
import { smsText } from '../../shared/sms/templates.ts';

const START = new Date('2026-09-01T10:00:00.000Z');
const HOUR = 60 * 60 * 1000;

const questions: SurveyQuestion[] = [
  {
    id: 'safe',
    type: 'scale',
    min: 1,
    max: 5,
    text: {
      ro: 'Cât de în siguranță v-ați simțit? 1 = deloc, 5 = foarte',
      uk: 'Наскільки безпечно ви почувалися? 1 = зовсім ні, 5 = дуже',
    },
  },
  {
    id: 'informed',
    type: 'yes_no',
    text: { ro: 'Ați primit informațiile de care aveați nevoie?', uk: 'Чи отримали ви потрібну інформацію?' },
  },
  {
    id: 'contact',
    type: 'choice',
    choices: ['SMS', 'Telefon', 'Niciuna'],
    text: { ro: 'Cum preferați să vă contactăm?', uk: 'Як краще з вами звʼязуватися?' },
  },
  { id: 'comment', type: 'text', text: { ro: 'Ce am putea face mai bine?', uk: 'Що ми можемо покращити?' } },
];

const aSurvey = (overrides: Partial<SurveyDefinition> = {}): SurveyDefinition => ({
  id: 'feedback',
  version: 2,
  title: 'Feedback',
  languages: ['ro', 'uk'],
  intro: {
    ro: 'Bună ziua. Vă rugăm să răspundeți anonim la 4 întrebări scurte. DA = încep. STOP = fără mesaje.',
    uk: 'Вітаємо. Просимо анонімно відповісти на 4 короткі питання. ТАК = почати. STOP = без повідомлень.',
  },
  questions,
  thanks: { ro: 'Mulțumim pentru răspunsuri.', uk: 'Дякуємо за відповіді.' },
  ...overrides,
});

const aSession = (overrides: Partial<SurveySession> = {}): SurveySession => ({
  surveyId: 'feedback',
  version: 2,
  wave: '2026-S2',
  language: 'ro',
  state: 'awaiting_consent',
  questionIndex: 0,
  retried: false,
  answers: {},
  strata: { county: 'DJ', language: 'ro', stage: 'trial', ageBand: '26-35' },
  updatedAt: START.toISOString(),
  ...overrides,
});

/** Plays messages one minute apart, feeding each step's session into the next. */
function converse(session: SurveySession | null, messages: string[], survey = aSurvey()): StepResult[] {
  const results: StepResult[] = [];
  let current = session;
  messages.forEach((text, i) => {
    const result = step({
      session: current,
      text,
      survey,
      now: new Date(START.getTime() + (i + 1) * 60_000),
    });
    results.push(result);
    current = result.session;
  });
  return results;
}

const last = <T>(items: T[]): T => {
  const item = items.at(-1);
  if (item === undefined) throw new Error('no items');
  return item;
};

const q = (i: number): SurveyQuestion => questions[i]!;
const hint = (lang: Language, h: string) => smsText('survey_hint', lang, { hint: h }).body;
const RO_STOP = '\nSTOP = oprire mesaje';
const UK_STOP = '\nSTOP = відписатися';

describe('step: consent', () => {
  it('starts with the first question and its answer range when the person answers the yes word', () => {
    const [result] = converse(aSession(), ['da']);
    expect(result?.reply).toBe(`${q(0).text.ro} (1-5)${RO_STOP}`);
    expect(result?.session).toMatchObject({ state: 'answering', questionIndex: 0, retried: false });
    expect(result?.session?.updatedAt).toBe(new Date(START.getTime() + 60_000).toISOString());
  });

  it('ends the session with a neutral reply and stores nothing on a no', () => {
    const [result] = converse(aSession(), [NO_WORD.ro]);
    expect(result?.session).toBeNull();
    expect(result?.completed).toBeUndefined();
    expect(result?.reply).toBe(smsText('survey_thanks_default', 'ro').body);
  });

  it('asks for consent again once, then ends the session without another message', () => {
    const results = converse(aSession(), ['ce?', 'nu știu ce e asta']);
    expect(results[0]?.session).toMatchObject({ state: 'awaiting_consent', retried: true });
    expect(results[0]?.reply).toBe(hint('ro', `${YES_WORD.ro}/${NO_WORD.ro}`));
    expect(results[1]?.session).toBeNull();
    expect(results[1]?.reply).toBeNull();
  });
});

describe('step: answering', () => {
  it('asks an invalid answer again once with a hint, then skips it', () => {
    const results = converse(aSession(), ['DA', 'nouă', '9', '3', 'da', '1', 'ok']);
    expect(results[1]?.reply).toBe(`${q(0).text.ro}\n${hint('ro', '1-5')}`);
    expect(results[1]?.session).toMatchObject({ questionIndex: 0, retried: true });
    // The second invalid answer records a skip and moves on.
    expect(results[2]?.reply).toContain(q(1).text.ro);
    expect(results[2]?.session?.answers).toEqual({ safe: null });
    expect(results[2]?.session).toMatchObject({ questionIndex: 1, retried: false });
    // "3" now answers the yes/no question: invalid, asked again once.
    expect(results[3]?.reply).toBe(`${q(1).text.ro}\n${hint('ro', `${YES_WORD.ro}/${NO_WORD.ro}`)}`);
    expect(last(results).completed?.answers).toEqual({
      safe: null,
      informed: true,
      contact: 'SMS',
      comment: 'ok',
    });
  });

  it('lists the options of a choice and accepts the option text in any case', () => {
    const results = converse(aSession(), ['DA', '5', 'nu', 'telefon']);
    expect(results[2]?.reply).toBe(`${q(2).text.ro} (1) SMS 2) Telefon 3) Niciuna)${RO_STOP}`);
    expect(results[3]?.session?.answers).toMatchObject({ contact: 'Telefon' });
  });

  it('rejects a scale answer out of range, a fraction and a choice number past the list', () => {
    const results = converse(aSession(), ['DA', '0', '2.5', 'DA', '4']);
    // "0" was re-asked, "2.5" skipped the scale; "4" is past the three options and is re-asked.
    expect(results[2]?.session?.answers).toEqual({ safe: null });
    expect(results[4]?.session).toMatchObject({ questionIndex: 2, retried: true });
  });

  it('reads a number typed with a trailing full stop, but not a negative one', () => {
    const results = converse(aSession(), ['DA', '-1', '4.']);
    expect(results[1]?.session).toMatchObject({ questionIndex: 0, retried: true });
    expect(results[2]?.session?.answers).toEqual({ safe: 4 });
  });

  it('still answers when an option would put a forbidden word into the hint', () => {
    const unsafe: SurveyQuestion = {
      id: 'c',
      type: 'choice',
      choices: ['Procuror', 'Altcineva'],
      text: { ro: 'Cine?' },
    };
    const results = converse(aSession(), ['DA', 'x'], aSurvey({ questions: [unsafe] }));
    expect(results[1]?.reply).toBe(`Cine?\n${smsText('survey_hint', 'ro').body}`);
  });

  it('accepts the yes and no words of any supported language for a yes/no question', () => {
    const results = converse(aSession(), ['DA', '4', NO_WORD.hu]);
    expect(results[2]?.session?.answers).toMatchObject({ informed: false });
  });

  it('keeps free text anonymous: trimmed, phone numbers and e-mails removed, 160 characters at most', () => {
    const long = `  Mulțumesc! Sunați-mă la 0722 123 456 sau scrieți la ana.pop@example.ro ${'a'.repeat(300)} `;
    const results = converse(aSession(), ['DA', '4', 'DA', '1', long]);
    const comment = last(results).completed?.answers['comment'];
    expect(typeof comment).toBe('string');
    expect(comment).not.toMatch(/0722|123 456|example|@/);
    expect((comment as string).startsWith('Mulțumesc! Sunați-mă la sau scrieți la')).toBe(true);
    expect((comment as string).length).toBeLessThanOrEqual(160);
  });

  it('records an empty answer when free text held nothing but a phone number', () => {
    const results = converse(aSession(), ['DA', '4', 'DA', '1', '+40 722 123 456']);
    expect(last(results).completed?.answers['comment']).toBeNull();
  });
});

describe('step: full conversations', () => {
  it('runs a Romanian conversation to the thanks and an anonymous response', () => {
    const results = converse(aSession(), ['Da', '4', 'NU', '1', '  Totul a fost bine.  ']);
    expect(results.map((r) => r.reply)).toEqual([
      `${q(0).text.ro} (1-5)${RO_STOP}`,
      `${q(1).text.ro} (${YES_WORD.ro}/${NO_WORD.ro})${RO_STOP}`,
      `${q(2).text.ro} (1) SMS 2) Telefon 3) Niciuna)${RO_STOP}`,
      `${q(3).text.ro}${RO_STOP}`,
      // The survey's own thanks, with the STOP line it did not write.
      `Mulțumim pentru răspunsuri.${RO_STOP}`,
    ]);
    const done = last(results);
    expect(done.session).toBeNull();
    expect(done.completed).toEqual<CompletedAnswers>({
      surveyId: 'feedback',
      version: 2,
      wave: '2026-S2',
      strata: { county: 'DJ', language: 'ro', stage: 'trial', ageBand: '26-35' },
      answers: { safe: 4, informed: false, contact: 'SMS', comment: 'Totul a fost bine.' },
    });
  });

  it('runs a Ukrainian conversation in Ukrainian', () => {
    const strata = { county: 'B', language: 'uk' as const, stage: 'investigation', ageBand: '18-25' };
    const session = aSession({ language: 'uk', strata });
    const results = converse(session, [
      'Так',
      '5',
      YES_WORD.uk.toLowerCase(),
      '3',
      'Дякую, мій номер +380 67 123 4567',
    ]);
    expect(results.map((r) => r.reply)).toEqual([
      `${q(0).text.uk} (1-5)${UK_STOP}`,
      `${q(1).text.uk} (${YES_WORD.uk}/${NO_WORD.uk})${UK_STOP}`,
      `${q(2).text.uk} (1) SMS 2) Telefon 3) Niciuna)${UK_STOP}`,
      `${q(3).text.uk}${UK_STOP}`,
      `Дякуємо за відповіді.${UK_STOP}`,
    ]);
    expect(last(results).completed).toMatchObject({
      strata,
      answers: { safe: 5, informed: true, contact: 'Niciuna', comment: 'Дякую, мій номер' },
    });
  });

  it('carries a STOP line in every message of a conversation, in all nine languages', () => {
    for (const language of LANGUAGES) {
      const text = { [language]: 'Q?' };
      const survey = aSurvey({
        languages: [language],
        questions: [
          { id: 'a', type: 'scale', min: 1, max: 5, text },
          { id: 'b', type: 'text', text },
        ],
        thanks: { [language]: 'T.' },
      });
      const results = converse(aSession({ language }), [YES_WORD[language], 'x', '3', 'ok'], survey);
      expect(results.map((r) => r.reply?.includes('STOP = '))).toEqual([true, true, true, true]);
    }
  });

  it('leaves a survey text that names STOP itself as written', () => {
    const survey = aSurvey({ thanks: { ro: 'Mulțumim! STOP = oprire' } });
    const results = converse(aSession(), ['DA', '4', 'DA', '1', 'bine'], survey);
    expect(last(results).reply).toBe('Mulțumim! STOP = oprire');
  });

  it('thanks with the default text when the survey has none for the language', () => {
    const survey = aSurvey({ thanks: { uk: 'Дякуємо за відповіді.' } });
    const results = converse(aSession(), ['DA', '4', 'DA', '1', 'bine'], survey);
    expect(last(results).reply).toBe(smsText('survey_thanks_default', 'ro').body);
  });
});

describe('step: keywords', () => {
  it('ends everything on STOP in the middle of the questions, completing nothing', () => {
    const results = converse(aSession({ language: 'uk' }), ['ТАК', '4', 'стоп']);
    expect(results[2]).toEqual({ session: null, reply: smsText('opted_out', 'uk').body, optOut: true });
  });

  it('opts out on STOP even with no session at all', () => {
    const result = step({ session: null, text: 'STOP', survey: null, now: START });
    expect(result).toMatchObject({ session: null, optOut: true, reply: smsText('opted_out', 'ro').body });
  });

  it('opts back in on START', () => {
    const result = step({ session: null, text: 'start', survey: null, now: START });
    expect(result).toMatchObject({ optIn: true, reply: smsText('opted_in', 'ro').body });
    expect(result.optOut).toBeUndefined();
  });

  it('answers HELP with the neutral help text and leaves the session as it was', () => {
    const session = aSession({ state: 'answering', questionIndex: 1, retried: true, answers: { safe: 3 } });
    const result = step({ session, text: 'AJUTOR', survey: aSurvey(), now: START });
    expect(result).toEqual({ session, reply: smsText('help', 'ro').body });
  });

  it('gives the neutral closed text to an ordinary message without a session or survey', () => {
    expect(step({ session: null, text: 'salut', survey: aSurvey(), now: START })).toEqual({
      session: null,
      reply: smsText('survey_closed', 'ro').body,
    });
    expect(step({ session: aSession(), text: 'DA', survey: null, now: START }).reply).toBe(
      smsText('survey_closed', 'ro').body,
    );
  });

  it('treats a session for another survey version as closed', () => {
    const result = step({ session: aSession({ version: 1 }), text: 'DA', survey: aSurvey(), now: START });
    expect(result).toEqual({ session: null, reply: smsText('survey_closed', 'ro').body });
  });
});

describe('step: expiry', () => {
  const answering = aSession({ state: 'answering', questionIndex: 1, answers: { safe: 4 } });

  it('still continues a session last moved exactly 72 hours ago', () => {
    const result = step({
      session: answering,
      text: 'DA',
      survey: aSurvey(),
      now: new Date(START.getTime() + 72 * HOUR),
    });
    expect(result.session).toMatchObject({ questionIndex: 2, answers: { safe: 4, informed: true } });
  });

  it('discards a session older than 72 hours with its partial answers', () => {
    const now = new Date(START.getTime() + 72 * HOUR + 1);
    const result = step({ session: answering, text: 'DA', survey: aSurvey(), now });
    expect(result).toEqual({ session: null, reply: smsText('survey_closed', 'ro').body });
    expect(result.completed).toBeUndefined();
  });

  it('discards a session whose timestamp cannot be read', () => {
    const result = step({
      session: aSession({ updatedAt: 'yesterday' }),
      text: 'DA',
      survey: aSurvey(),
      now: START,
    });
    expect(result.session).toBeNull();
  });
});

describe('step properties', () => {
  const words = [
    ...LANGUAGES.flatMap((l) => [YES_WORD[l], NO_WORD[l]]),
    'STOP',
    'stop',
    'СТОП',
    'DEZABONARE',
    'START',
    'unstop',
    'HELP',
    'Ajutor',
    'info',
  ];
  const messages = fc.oneof(
    fc.constantFrom('1', '2', '3', '4', '5', '0', '6', '-1', '2.5', '', '   ', 'sms', 'TELEFON', 'niciuna'),
    fc.constantFrom(...words),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.stringMatching(/^\+?[0-9 ]{7,15}$/),
  );
  const conversations = fc.record({
    language: fc.constantFrom<Language>('ro', 'uk', 'en', 'hu'),
    texts: fc.array(messages, { minLength: 1, maxLength: 25 }),
    // Mostly quick replies, sometimes a gap long enough to expire the session.
    gapsHours: fc.array(fc.oneof(fc.constant(0.01), fc.integer({ min: 1, max: 80 })), {
      minLength: 25,
      maxLength: 25,
    }),
  });
  const survey = aSurvey({
    languages: ['ro', 'uk', 'en', 'hu'],
    questions: questions.map((question, i) => ({
      ...question,
      text: { ...question.text, en: `Question ${i}?`, hu: `Kérdés ${i}?` },
    })),
  });

  /** Which question a reply asks, by its text in the conversation's language; -1 when it asks none. */
  const askedIndex = (reply: string | null, language: Language): number =>
    reply === null
      ? -1
      : survey.questions.findIndex((question) => reply.startsWith(question.text[language]!));

  it('never throws, never asks a question more than twice in a row, always stops on STOP, completes only known ids', () => {
    fc.assert(
      fc.property(conversations, ({ language, texts, gapsHours }) => {
        let session: SurveySession | null = aSession({ language });
        let now = START.getTime();
        let lastAsked = -1;
        let askedInARow = 0;
        for (const [i, text] of texts.entries()) {
          now += (gapsHours[i] ?? 1) * HOUR;
          const result = step({ session, text, survey, now: new Date(now) });

          if (classifyInbound(text) === 'stop') {
            expect(result.session).toBeNull();
            expect(result.optOut).toBe(true);
            expect(result.completed).toBeUndefined();
          }
          if (result.completed) {
            expect(Object.keys(result.completed.answers).sort()).toEqual(questions.map((x) => x.id).sort());
            const safe = result.completed.answers['safe'];
            expect(safe === null || (typeof safe === 'number' && safe >= 1 && safe <= 5)).toBe(true);
            expect(result.session).toBeNull();
          }
          if (result.session !== null) {
            expect(result.session.questionIndex).toBeGreaterThanOrEqual(0);
            expect(result.session.questionIndex).toBeLessThan(questions.length);
          }

          const asked = askedIndex(result.reply, language);
          if (asked !== -1) {
            askedInARow = asked === lastAsked ? askedInARow + 1 : 1;
            lastAsked = asked;
            expect(askedInARow).toBeLessThanOrEqual(2);
          }
          session = result.session;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('redactContacts', () => {
  it.each([
    ['sunați la +40 722 123 456 vă rog', 'sunați la vă rog'],
    ['0722-123-456', ''],
    ['mail: a.b@c.ro', 'mail:'],
    ['am 3 copii și 2 câini', 'am 3 copii și 2 câini'],
  ])('turns %j into %j', (input, expected) => {
    expect(redactContacts(input)).toBe(expected);
  });
});

describe('validateSurveyDefinition', () => {
  it('finds nothing wrong with a complete survey', () => {
    expect(validateSurveyDefinition(aSurvey())).toEqual([]);
  });

  it('reports a question without text in a declared language', () => {
    const survey = aSurvey({ languages: ['ro', 'uk', 'en'] });
    const paths = validateSurveyDefinition(survey).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['intro.en', 'thanks.en', 'questions.0.text.en', 'questions.3.text.en']),
    );
  });

  it('reports a scale whose min is not below its max, or that lacks them', () => {
    const survey = aSurvey({
      questions: [
        { id: 'a', type: 'scale', min: 5, max: 5, text: { ro: 'A?', uk: 'А?' } },
        { id: 'b', type: 'scale', text: { ro: 'B?', uk: 'Б?' } },
      ],
    });
    expect(validateSurveyDefinition(survey).map((p) => p.path)).toEqual(['questions.0.max', 'questions.1']);
  });

  it('reports a choice with fewer than two options', () => {
    const survey = aSurvey({
      questions: [{ id: 'c', type: 'choice', choices: ['SMS'], text: { ro: 'C?', uk: 'В?' } }],
    });
    expect(validateSurveyDefinition(survey)).toEqual([
      { path: 'questions.0.choices', message: expect.stringContaining('two') },
    ]);
  });

  it('reports duplicate question ids', () => {
    const survey = aSurvey({ questions: [q(3), q(3)] });
    expect(validateSurveyDefinition(survey).map((p) => p.path)).toEqual(['questions.1.id']);
  });

  it('reports a text carrying a word an SMS must never contain', () => {
    const survey = aSurvey({ intro: { ro: 'Despre audiere: răspundeți DA.', uk: aSurvey().intro.uk } });
    expect(validateSurveyDefinition(survey).map((p) => p.path)).toEqual(['intro.ro']);
  });
});

describe('questionSegments', () => {
  it('reports the segments of each prompt as sent, per declared language', () => {
    const report = questionSegments(aSurvey());
    expect(report.map((r) => r.questionId)).toEqual(['safe', 'informed', 'contact', 'comment']);
    // Diacritics force UCS-2: 70 characters fit one segment.
    expect(report[3]?.segments).toEqual({ ro: 1, uk: 1 });
  });

  it('counts a long Romanian question as several segments', () => {
    const long = aSurvey({
      questions: [{ id: 'x', type: 'text', text: { ro: 'ț'.repeat(100), uk: 'ї'.repeat(10) } }],
    });
    expect(questionSegments(long)[0]?.segments).toEqual({ ro: 2, uk: 1 });
  });
});
