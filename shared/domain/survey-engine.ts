// The SMS survey conversation as a pure state machine: one inbound message and the stored session in,
// the next session, the reply and any completed anonymous response out. The caller does all I/O.

import { classifyInbound, NO_WORD, YES_WORD } from '../sms/keywords.ts';
import { type SmsKind, smsText, surveySmsText } from '../sms/templates.ts';
import type { Language } from './enums.ts';
import {
  answerHint,
  type CompletedAnswers,
  nonBlank,
  questionPrompt,
  questionText,
  SESSION_TTL_MS,
  type SurveyAnswer,
  type SurveyDefinition,
  type SurveyQuestion,
  type SurveySession,
} from './survey-definition.ts';

// The definition's types and checks live in survey-definition.ts; re-exported for the conversation's callers.
export * from './survey-definition.ts';

export interface StepInput {
  session: SurveySession | null;
  text: string;
  survey: SurveyDefinition | null;
  now: Date;
}

export interface StepResult {
  /** The session to store; `null` means delete it. */
  session: SurveySession | null;
  reply: string | null;
  completed?: CompletedAnswers;
  optOut?: boolean;
  optIn?: boolean;
}

export const TEXT_ANSWER_MAX_LENGTH = 160;

/** The language used when the session is gone and we cannot know the person's language. */
const FALLBACK_LANGUAGE: Language = 'ro';

export function step(input: StepInput): StepResult {
  const { now, survey } = input;
  const session = isLive(input.session, now) ? input.session : null;
  // An expired session still tells us the person's language for the one neutral reply.
  const language = input.session?.language ?? FALLBACK_LANGUAGE;
  const keyword = classifyInbound(input.text);

  // STOP, START and HELP win over any conversation state (DOMAIN.md "SMS words").
  if (keyword === 'stop') return { session: null, reply: text('opted_out', language), optOut: true };
  if (keyword === 'start') return { session, reply: text('opted_in', language), optIn: true };
  if (keyword === 'help') return { session, reply: text('help', language) };

  if (
    session === null ||
    survey === null ||
    survey.id !== session.surveyId ||
    survey.version !== session.version
  ) {
    return { session: null, reply: text('survey_closed', language) };
  }

  const touched: SurveySession = { ...session, updatedAt: now.toISOString() };
  if (session.state === 'awaiting_consent') return consent(touched, survey, keyword);
  return answer(touched, survey, input.text);
}

function consent(session: SurveySession, survey: SurveyDefinition, keyword: string | null): StepResult {
  if (keyword === 'yes') {
    return ask({ ...session, state: 'answering', questionIndex: 0, retried: false, answers: {} }, survey);
  }
  // A "no" stores nothing, not even that the person declined.
  if (keyword === 'no') return { session: null, reply: text('survey_thanks_default', session.language) };
  if (!session.retried) {
    const hint = `${YES_WORD[session.language]}/${NO_WORD[session.language]}`;
    return { session: { ...session, retried: true }, reply: hintText(session.language, hint) };
  }
  // Two replies that are neither yes nor no: the person is not taking part; answer nothing more.
  return { session: null, reply: null };
}

function answer(session: SurveySession, survey: SurveyDefinition, raw: string): StepResult {
  const question = survey.questions[session.questionIndex];
  if (question === undefined) return advance(session, survey);

  const parsed = parseAnswer(question, raw);
  if (parsed.ok) {
    return advance({ ...session, answers: { ...session.answers, [question.id]: parsed.value } }, survey);
  }
  if (!session.retried) {
    const retried = { ...session, retried: true };
    const hint = hintText(session.language, answerHint(question, session.language));
    return { session: retried, reply: `${questionText(question, session.language)}\n${hint}` };
  }
  // The second invalid answer skips the question rather than asking a third time.
  return advance({ ...session, answers: { ...session.answers, [question.id]: null } }, survey);
}

function advance(session: SurveySession, survey: SurveyDefinition): StepResult {
  const next = session.questionIndex + 1;
  if (next < survey.questions.length) return ask({ ...session, questionIndex: next, retried: false }, survey);

  // Keep only this survey's questions, in order, so a stale or tampered session adds no keys.
  const answers: Record<string, SurveyAnswer> = {};
  for (const q of survey.questions) answers[q.id] = session.answers[q.id] ?? null;
  return {
    session: null,
    // Only the person's own language: a default thanks they can read beats a custom one they cannot.
    reply: thanks(survey, session.language),
    completed: {
      surveyId: session.surveyId,
      version: session.version,
      wave: session.wave,
      strata: { ...session.strata },
      answers,
    },
  };
}

function ask(session: SurveySession, survey: SurveyDefinition): StepResult {
  const question = survey.questions[session.questionIndex];
  if (question === undefined) return advance(session, survey);
  return { session, reply: questionSms(question, session.language) };
}

/** A question as sent: with its answer hint and the STOP line, since the person may want out at any question. */
export function questionSms(question: SurveyQuestion, language: Language): string {
  return surveySmsText(questionPrompt(question, language), language);
}

/** The survey's own intro greets the person once, with the first question, when they say yes. */
export function introduced(intro: string | undefined, firstQuestion: string): string {
  const text = intro?.trim();
  return text ? `${text}\n${firstQuestion}` : firstQuestion;
}

export function thanks(survey: SurveyDefinition, language: Language): string {
  const custom = nonBlank(survey.thanks[language]);
  return custom === undefined ? text('survey_thanks_default', language) : surveySmsText(custom, language);
}

function isLive(session: SurveySession | null, now: Date): session is SurveySession {
  if (session === null) return false;
  const updated = Date.parse(session.updatedAt);
  // An unreadable timestamp counts as expired: losing a partial answer beats keeping a session forever.
  return Number.isFinite(updated) && now.getTime() - updated <= SESSION_TTL_MS;
}

export type ParsedAnswer = { ok: true; value: SurveyAnswer } | { ok: false };

/** How one answer text is read for one question; invalid answers are re-asked, then skipped. */
export function parseAnswer(question: SurveyQuestion, raw: string): ParsedAnswer {
  const trimmed = raw.normalize('NFC').trim();
  // "4." and "2!" are how people type a number; a sign or a decimal point is not stripped.
  const number = /^([0-9]{1,6})[.!]*$/.exec(trimmed)?.[1];
  switch (question.type) {
    case 'scale': {
      if (number === undefined) return { ok: false };
      const value = Number(number);
      const min = question.min ?? 1;
      const max = question.max ?? 5;
      return value >= min && value <= max ? { ok: true, value } : { ok: false };
    }
    case 'yes_no': {
      // classifyInbound knows the yes and no words of every supported language, Latin spellings too.
      const kind = classifyInbound(trimmed);
      if (kind === 'yes') return { ok: true, value: true };
      if (kind === 'no') return { ok: true, value: false };
      return { ok: false };
    }
    case 'choice': {
      const choices = question.choices ?? [];
      if (number !== undefined) {
        const chosen = choices[Number(number) - 1];
        return chosen === undefined ? { ok: false } : { ok: true, value: chosen };
      }
      const lower = trimmed.toLocaleLowerCase();
      const chosen = choices.find((c) => c.normalize('NFC').trim().toLocaleLowerCase() === lower);
      return chosen === undefined || lower === '' ? { ok: false } : { ok: true, value: chosen };
    }
    case 'text': {
      if (trimmed === '') return { ok: false };
      // Cut by code point so an emoji is never split into half a surrogate pair.
      const cleaned = Array.from(redactContacts(trimmed)).slice(0, TEXT_ANSWER_MAX_LENGTH).join('').trim();
      // A message that was only a phone number or an address is an answer with nothing to keep.
      return { ok: true, value: cleaned === '' ? null : cleaned };
    }
  }
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
// Seven or more digits, allowing the separators people type in numbers (+40 722 123 456, 0722-123-456).
const PHONE = /\+?\d(?:[\s().\-/]*\d){6,}/g;

/** Answers are anonymous by construction: a phone number or e-mail typed into free text is dropped. */
export function redactContacts(text: string): string {
  return text.replace(EMAIL, ' ').replace(PHONE, ' ').replace(/\s+/g, ' ').trim();
}

function text(kind: SmsKind, language: Language): string {
  return smsText(kind, language).body;
}

function hintText(language: Language, hint: string): string {
  try {
    return smsText('survey_hint', language, { hint }).body;
  } catch {
    // smsText refuses a hint carrying a forbidden word (an option validation should have caught):
    // the plain "not understood" still works, and a reply must never fail.
    return smsText('survey_hint', language).body;
  }
}
