// The private web reply (/r/<token>): the survey of one invitation as a page, answered in one submission and
// stored exactly as an SMS conversation's last answer is (survey-conversation.ts `completion`: the same
// response item, counters, indicator and session end), in one transaction that also spends the token.
// Unknown and expired links answer 404, spent ones 410, both with the same page that names nothing. The
// way out on the page opts the phone out as STOP does. Nothing here logs the token, the phone's hash or
// an answer.

import { looksLikeReplyToken, replyTokenHash } from '../data/reply-token.ts';
import { optOutPut } from '../data/sms-contact-repository.ts';
import {
  commitReply,
  findReply,
  findSession,
  findSurveyVersion,
  ReplyRaceError,
  replyExpired,
  type StoredSession,
  sessionEnd,
} from '../data/survey-repository.ts';
import * as clock from '../domain/clock.ts';
import {
  nonBlank,
  parseAnswer,
  questionText,
  SESSION_TTL_MS,
  type SurveyAnswer,
  type SurveyDefinition,
} from '../domain/survey-engine.ts';
import { logger } from '../logger.ts';
import { METRICS } from '../observability/metric-names.ts';
import { countMetric } from '../observability/metrics.ts';
import {
  fieldName,
  type ReplyError,
  type ReplyFormView,
  renderGonePage,
  renderReplyForm,
  renderReplyMessage,
  STOP_FIELD,
} from '../sms/reply-page.ts';
import { REPLY_PAGE_TEXTS } from '../sms/reply-page-texts.ts';
import { completion } from './survey-conversation.ts';

export interface ReplyPage {
  status: 200 | 404 | 410 | 422;
  html: string;
}

const gone = (status: 404 | 410): ReplyPage => ({ status, html: renderGonePage() });

interface OpenReply {
  tokenHash: string;
  phoneHash: string;
  stored: StoredSession;
  survey: SurveyDefinition;
}

/** The reply a token opens, or the status of the neutral page: 404 unknown or expired, 410 spent. */
async function open(token: string, now: Date): Promise<OpenReply | 404 | 410> {
  if (!looksLikeReplyToken(token)) return 404;
  const tokenHash = replyTokenHash(token);
  const reply = await findReply(tokenHash);
  if (!reply || replyExpired(reply, now)) return 404;
  if (reply.used || reply.phoneHash === undefined) return 410;
  const stored = await findSession(reply.phoneHash);
  // The session ended another way (declined or STOP by SMS, 72 hours without an answer): nothing to answer.
  if (!stored || stored.session.surveyId !== reply.surveyId || stored.session.wave !== reply.wave) return 404;
  if (now.getTime() - Date.parse(stored.session.updatedAt) > SESSION_TTL_MS) return 404;
  const survey = await findSurveyVersion(stored.session.surveyId, stored.session.version);
  if (!survey) return 404;
  return { tokenHash, phoneHash: reply.phoneHash, stored, survey };
}

function formView(reply: OpenReply): ReplyFormView {
  const { language } = reply.stored.session;
  const intro = nonBlank(reply.survey.intro[language]);
  return {
    language,
    ...(intro === undefined ? {} : { intro }),
    questions: reply.survey.questions.map((q) => ({
      type: q.type,
      text: questionText(q, language),
      ...(q.min === undefined ? {} : { min: q.min }),
      ...(q.max === undefined ? {} : { max: q.max }),
      ...(q.choices === undefined ? {} : { choices: q.choices }),
    })),
  };
}

export async function showReply(token: string, now = clock.now()): Promise<ReplyPage> {
  const reply = await open(token, now);
  if (typeof reply === 'number') return gone(reply);
  return { status: 200, html: renderReplyForm(formView(reply)) };
}

/** A form field as the URL-encoded parser hands it over: one value, or several when a name repeats. */
export type FormValue = string | string[] | undefined;

const single = (value: FormValue): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));

export async function submitReply(
  token: string,
  form: Record<string, FormValue>,
  now = clock.now(),
): Promise<ReplyPage> {
  const reply = await open(token, now);
  if (typeof reply === 'number') return gone(reply);
  const { language } = reply.stored.session;
  const texts = REPLY_PAGE_TEXTS[language];

  if (form[STOP_FIELD] !== undefined) {
    // As STOP by SMS: the phone is opted out of everything at once, the session goes without an answer.
    const stopped = await commit(reply, [
      optOutPut(reply.phoneHash, now),
      sessionEnd(reply.phoneHash, reply.stored),
    ]);
    return stopped ?? { status: 200, html: renderReplyMessage(language, texts.optedOut) };
  }

  const values: Record<string, string> = {};
  const answers: Record<string, SurveyAnswer> = {};
  const errors: ReplyError[] = [];
  for (const [index, question] of reply.survey.questions.entries()) {
    const raw = single(form[fieldName(index)]).trim();
    values[fieldName(index)] = raw;
    if (raw === '') {
      answers[question.id] = null;
      continue;
    }
    // The SMS engine's own reading of an answer: the page posts what a person would have texted.
    const parsed = parseAnswer(question, raw);
    if (parsed.ok) answers[question.id] = parsed.value;
    else errors.push({ question: index, message: texts.errorInvalid });
  }
  if (errors.length === 0 && Object.values(answers).every((answer) => answer === null)) {
    errors.push({ message: texts.errorNothing });
  }
  if (errors.length > 0)
    return { status: 422, html: renderReplyForm({ ...formView(reply), values, errors }) };

  const { session } = reply.stored;
  const effects = await completion(
    { phoneHash: reply.phoneHash },
    reply.stored,
    {
      surveyId: session.surveyId,
      version: session.version,
      wave: session.wave,
      strata: { ...session.strata },
      answers,
    },
    reply.survey.questions,
  );
  const stored = await commit(reply, effects);
  if (stored) return stored;
  countMetric(METRICS.surveyCompletions);
  logger.info('web reply stored', { questions: reply.survey.questions.length });
  const thanks = nonBlank(reply.survey.thanks[language]) ?? texts.thanks;
  return { status: 200, html: renderReplyMessage(language, thanks) };
}

/** Spends the token with the effects; a lost race (another submission, an SMS moving the session) is 410. */
async function commit(
  reply: OpenReply,
  effects: Parameters<typeof commitReply>[1],
): Promise<ReplyPage | undefined> {
  try {
    await commitReply(reply.tokenHash, effects);
    return undefined;
  } catch (error) {
    if (error instanceof ReplyRaceError) return gone(410);
    throw error;
  }
}
