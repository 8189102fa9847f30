// The SMS survey conversation behind /sms/inbound (plugged into inbound-sms.ts `converse`): load the session
// by hmac(phone), step the pure engine, and return the reply with the writes it causes as transaction items,
// which the webhook commits atomically with the MessageSid record (so a Twilio replay applies nothing twice).
import { getConfig } from '../config.ts';
import { indicatorIncrement } from '../data/indicator-counters.ts';
import {
  findSessionAndPhoneLanguage,
  findSurveyVersion,
  responsePut,
  type StoredSession,
  sessionEnd,
  sessionReplace,
  surveyCounterIncrements,
} from '../data/survey-repository.ts';
import type { TransactItem } from '../data/transactions.ts';
import type { Language } from '../domain/enums.ts';
import { type CompletedAnswers, introduced, type StepResult, step } from '../domain/survey-engine.ts';
import { smsText } from '../sms/templates.ts';
import { toGsm7 } from '../sms/transliterate.ts';
import { UNKNOWN_PHONE_LANGUAGE } from './phone-language.ts';

/** The pseudo-question of the AGG# partition that counts respondents per stratum (keys.ts). */
const RESPONDENTS = '_respondents';

export interface SurveyTurn {
  phoneHash: string;
  body: string;
  now: Date;
  /** The session and phone language, when the caller read them already (one round trip, not two). */
  read?: Awaited<ReturnType<typeof findSessionAndPhoneLanguage>>;
}

export interface SurveyTurnResult {
  reply: string | null;
  effects: TransactItem[];
}

/**
 * One inbound message of a (possible) survey conversation. STOP/START/HELP never reach this: the webhook
 * answers them first and deletes the session on STOP. Every write is conditioned on the session's `seq`
 * as read here, so two messages of one session racing each other cannot both apply to the same question:
 * the loser's transaction fails and the webhook runs this again over the session the winner wrote.
 */
export async function surveyTurn(turn: SurveyTurn): Promise<SurveyTurnResult> {
  const { stored, phoneLanguage } = turn.read ?? (await findSessionAndPhoneLanguage(turn.phoneHash));
  // No survey under way: the neutral reply, in the language of the phone's case (Romanian for a stranger).
  if (!stored) return { reply: sms(neutral(phoneLanguage ?? UNKNOWN_PHONE_LANGUAGE)), effects: [] };

  const survey = await findSurveyVersion(stored.session.surveyId, stored.session.version);
  const result = step({ session: stored.session, text: turn.body, survey: survey ?? null, now: turn.now });
  const effects = await effectsOf(turn, stored, result, survey?.questions);
  return { reply: withIntro(result, stored, survey?.intro), effects };
}

function neutral(language: Language): string {
  return smsText('survey_closed', language).body;
}

async function effectsOf(
  turn: SurveyTurn,
  stored: StoredSession,
  result: StepResult,
  questions: { id: string; type: string }[] = [],
): Promise<TransactItem[]> {
  if (result.completed) return completion(turn, stored, result.completed, questions);
  // A declined invitation, an expired session, a survey gone, STOP: the session goes with its partial answers.
  if (result.session === null) return [sessionEnd(turn.phoneHash, stored)];
  if (result.session === stored.session) return [];
  return [sessionReplace(turn.phoneHash, result.session, stored)];
}

/**
 * The anonymous response, written with the session's deletion and every counter it moves: the response keeps
 * its wave and answers only (no strata, no time, no case, no phone, no MessageSid); the strata move the
 * counters of the published tables, one per dimension. The web reply (web-reply.ts) stores through here too,
 * so an answer counts the same whichever way it came.
 */
export async function completion(
  turn: Pick<SurveyTurn, 'phoneHash'>,
  stored: StoredSession,
  completed: CompletedAnswers,
  questions: { id: string; type: string }[],
): Promise<TransactItem[]> {
  const { surveyId, wave, strata } = completed;
  const textQuestions = new Set(questions.filter((q) => q.type === 'text').map((q) => q.id));
  const counters: TransactItem[] = [];
  for (const [question, answer] of Object.entries(completed.answers)) {
    if (answer === null || textQuestions.has(question)) continue;
    counters.push(...surveyCounterIncrements(surveyId, wave, strata, question, counterValue(answer)));
  }
  return [
    sessionEnd(turn.phoneHash, stored),
    await responsePut({
      surveyId,
      version: completed.version,
      wave,
      answers: completed.answers,
      textQuestions,
    }),
    ...surveyCounterIncrements(surveyId, wave, strata, RESPONDENTS, '_'),
    ...counters,
    indicatorIncrement({ period: wave, county: strata.county, indicator: 'survey_responses' }),
  ];
}

/** How an answer is spelled in a counter key: numbers as digits, yes/no as `yes`/`no`, choices as written. */
export function counterValue(answer: string | number | boolean): string {
  if (typeof answer === 'boolean') return answer ? 'yes' : 'no';
  return String(answer);
}

/** The survey's own intro greets the person once, with the first question, when they say yes. */
function withIntro(
  result: StepResult,
  stored: StoredSession,
  intro: Partial<Record<Language, string>> | undefined,
): string | null {
  const consented = stored.session.state === 'awaiting_consent' && result.session?.state === 'answering';
  const reply =
    consented && result.reply ? introduced(intro?.[stored.session.language], result.reply) : result.reply;
  return reply === null ? null : sms(reply);
}

/** The same transliteration switch the templates obey (GSM-7 fits 160 characters a segment). */
function sms(text: string): string {
  return getConfig().SMS_TRANSLITERATE ? toGsm7(text) : text;
}
