// A survey definition: its types, the prompt each question is sent as, and the checks that make a
// definition fit to send (texts in every declared language, sane scales and choices, no forbidden word).
// Kept apart from the conversation engine so the coordination API does not bundle the SMS templates.

import { findForbiddenWords } from '../sms/forbidden-words.ts';
import { NO_WORD, YES_WORD } from '../sms/keywords.ts';
import { countSegments } from '../sms/segment-counter.ts';
import { surveySmsText } from '../sms/templates.ts';
import { LANGUAGES, type Language } from './enums.ts';
import type { FieldProblem } from './errors.ts';

export type LocalizedText = Partial<Record<Language, string>>;

export interface SurveyQuestion {
  id: string;
  type: 'scale' | 'yes_no' | 'choice' | 'text';
  min?: number;
  max?: number;
  choices?: string[];
  text: LocalizedText;
}

export interface SurveyDefinition {
  id: string;
  version: number;
  title: string;
  languages: Language[];
  intro: LocalizedText;
  questions: SurveyQuestion[];
  thanks: LocalizedText;
}

export type SurveyAnswer = string | number | boolean | null;

/** Coarse on purpose (DOMAIN.md "Disclosure control"): never a phone, a case id or a birth year. */
export interface SurveyStrata {
  county: string;
  language: Language;
  stage: string;
  ageBand: string;
}

export interface SurveySession {
  surveyId: string;
  version: number;
  wave: string;
  language: Language;
  state: 'awaiting_consent' | 'answering';
  questionIndex: number;
  /** Whether the current prompt (consent or question) was already asked again once. */
  retried: boolean;
  answers: Record<string, SurveyAnswer>;
  strata: SurveyStrata;
  /** ISO timestamp of the last message that moved the conversation. */
  updatedAt: string;
}

export interface CompletedAnswers {
  surveyId: string;
  version: number;
  wave: string;
  strata: SurveyStrata;
  /** Every question id of the survey; `null` where the answer was skipped. */
  answers: Record<string, SurveyAnswer>;
}

/** API.md "Surveys": a session without a reply for 72 hours is discarded with its partial answers. */
export const SESSION_TTL_MS = 72 * 60 * 60 * 1000;

export function questionPrompt(question: SurveyQuestion, language: Language): string {
  const hint = answerHint(question, language);
  const body = questionText(question, language);
  return hint === '' ? body : `${body} (${hint})`;
}

export function answerHint(question: SurveyQuestion, language: Language): string {
  switch (question.type) {
    case 'scale':
      return `${question.min ?? 1}-${question.max ?? 5}`;
    case 'yes_no':
      return `${YES_WORD[language]}/${NO_WORD[language]}`;
    case 'choice':
      return (question.choices ?? []).map((c, i) => `${i + 1}) ${c}`).join(' ');
    case 'text':
      return '';
  }
}

export function questionText(question: SurveyQuestion, language: Language): string {
  return localized(question.text, language) ?? '';
}

/** The session's language, else the first language the text has: validation reports the gap. */
export function localized(texts: LocalizedText, language: Language): string | undefined {
  return (
    nonBlank(texts[language]) ?? LANGUAGES.map((lang) => nonBlank(texts[lang])).find((t) => t !== undefined)
  );
}

export function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Problems that make a survey definition unfit to send; empty when it is fine. */
export function validateSurveyDefinition(def: SurveyDefinition): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const declared = def.languages;
  if (declared.length === 0)
    problems.push({ path: 'languages', message: 'At least one language is required.' });
  for (const [i, lang] of declared.entries()) {
    if (!(LANGUAGES as readonly string[]).includes(lang)) {
      problems.push({ path: `languages.${i}`, message: `Unsupported language "${lang}".` });
    }
  }

  const checkTexts = (texts: LocalizedText, path: string): void => {
    for (const lang of declared) {
      const value = texts[lang];
      if (value === undefined || value.trim() === '') {
        problems.push({ path: `${path}.${lang}`, message: `Missing text in declared language "${lang}".` });
      }
    }
    for (const [lang, value] of Object.entries(texts)) {
      if (value !== undefined) checkForbidden(value, `${path}.${lang}`);
    }
  };
  const checkForbidden = (value: string, path: string): void => {
    const found = findForbiddenWords(value);
    if (found.length > 0) {
      problems.push({ path, message: `Contains words an SMS must never carry: ${found.join(', ')}.` });
    }
  };

  checkTexts(def.intro, 'intro');
  checkTexts(def.thanks, 'thanks');
  if (def.questions.length === 0)
    problems.push({ path: 'questions', message: 'At least one question is required.' });

  const seen = new Set<string>();
  for (const [i, q] of def.questions.entries()) {
    const path = `questions.${i}`;
    if (q.id.trim() === '') problems.push({ path: `${path}.id`, message: 'A question needs an id.' });
    else if (seen.has(q.id))
      problems.push({ path: `${path}.id`, message: `Duplicate question id "${q.id}".` });
    seen.add(q.id);
    checkTexts(q.text, `${path}.text`);

    if (q.type === 'scale') {
      if (
        q.min === undefined ||
        q.max === undefined ||
        !Number.isInteger(q.min) ||
        !Number.isInteger(q.max)
      ) {
        problems.push({ path, message: 'A scale needs integer min and max.' });
      } else if (q.min >= q.max) {
        problems.push({ path: `${path}.max`, message: 'A scale needs min below max.' });
      } else if (q.min < 0) {
        problems.push({
          path: `${path}.min`,
          message: 'A scale starts at 0 or above: answers are typed digits.',
        });
      }
    }
    if (q.type === 'choice') {
      const choices = q.choices ?? [];
      if (choices.length < 2)
        problems.push({ path: `${path}.choices`, message: 'A choice needs at least two options.' });
      for (const [j, choice] of choices.entries()) {
        if (choice.trim() === '')
          problems.push({ path: `${path}.choices.${j}`, message: 'An option cannot be empty.' });
        checkForbidden(choice, `${path}.choices.${j}`);
      }
    }
  }
  return problems;
}

export interface QuestionSegments {
  questionId: string;
  /** SMS segments of the prompt as sent (text, answer hint and STOP line), per declared language. */
  segments: Partial<Record<Language, number>>;
}

/** What each question costs to send, so an admin can shorten the ones that spill into more segments. */
export function questionSegments(def: SurveyDefinition): QuestionSegments[] {
  return def.questions.map((q) => {
    const segments: Partial<Record<Language, number>> = {};
    for (const lang of def.languages)
      segments[lang] = countSegments(surveySmsText(questionPrompt(q, lang), lang)).segments;
    return { questionId: q.id, segments };
  });
}
