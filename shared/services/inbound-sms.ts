// An SMS a person sent us (Twilio /sms/inbound), answered synchronously: STOP and its equivalents opt the
// number out at once, START resumes, HELP (and "cancel" in any language) gets the neutral help text; anything
// else goes to the conversation seam below, where the survey engine plugs in. A phone of a case (found by its
// pointer) is answered by a person: its duress word, help, or any message outside a survey raises an alert
// on the case and the reply says someone will call (case-contact.ts). Every reply is in the language
// known for the phone (phone-language.ts), never one guessed from the word sent. Each MessageSid is answered
// once; a replay gets the same reply.
import { getConfig } from '../config.ts';
import { isOutboxHold } from '../data/outbox-repository.ts';
import { phoneHash } from '../data/phone-hash.ts';
import { findPhonePointers, type PhonePointer } from '../data/phone-pointer-repository.ts';
import {
  answeredReply,
  InboundAlreadyAnsweredError,
  InboundEffectsConflictError,
  optOutDelete,
  optOutPut,
  recordInboundAnswer,
  surveySessionDelete,
} from '../data/sms-contact-repository.ts';
import { completesSurvey, findSessionAndPhoneLanguage } from '../data/survey-repository.ts';
import type { TransactItem } from '../data/transactions.ts';
import type { AlertKind } from '../domain/alert.ts';
import * as clock from '../domain/clock.ts';
import type { Language } from '../domain/enums.ts';
import { logger } from '../logger.ts';
import { METRICS } from '../observability/metric-names.ts';
import { countMetric } from '../observability/metrics.ts';
import { type KeywordReplyKind, keywordReply } from '../sms/keyword-replies.ts';
import { classifyInbound, type InboundKeyword } from '../sms/keywords.ts';
import { caseContactWrites, duressCases, duressWrites } from './case-contact.ts';
import { replyLanguageFor, UNKNOWN_PHONE_LANGUAGE } from './phone-language.ts';
import { surveyTurn } from './survey-conversation.ts';

export interface InboundSms {
  /** E.164 or `whatsapp:+40...`; only its hmac is ever stored. */
  from: string;
  body: string;
  messageSid: string;
}

/** The reply (null: answer nothing) and the writes that go with it, committed with the MessageSid record. */
export interface InboundAnswer {
  reply: string | null;
  effects: TransactItem[];
  /** What the message was, for the metrics (a closed word, never the text). */
  counted?: { class: 'keyword' | 'survey' | 'alert'; alerts?: { kind: AlertKind; count: number } };
}

function text(kind: KeywordReplyKind, language: Language): string {
  return keywordReply(kind, language, getConfig().SMS_TRANSLITERATE);
}

export interface Conversation {
  phoneHash: string;
  body: string;
  /** yes/no when the whole message is one of those words; null otherwise. */
  keyword: Extract<InboundKeyword, 'yes' | 'no'> | null;
  now: Date;
}

/**
 * THE SEAM for the SMS survey (shared/domain/survey-engine.ts `step`): read SESSION#<phoneHash>, step the
 * engine with the body, and return its reply with the session / response / counter writes as `effects`
 * (they commit atomically with the MessageSid record). With no survey session, the neutral "this number
 * does not read replies" text, which says nothing about why the person was ever messaged.
 */
export async function converse(
  conversation: Conversation,
  read?: Awaited<ReturnType<typeof findSessionAndPhoneLanguage>>,
): Promise<InboundAnswer> {
  const { phoneHash: hash, body, now } = conversation;
  return surveyTurn({ phoneHash: hash, body, now, read });
}

async function answer(inbound: InboundSms, hash: string, now: Date): Promise<InboundAnswer> {
  const keyword = classifyInbound(inbound.body);
  // The cases this phone belongs to (none for a stranger): one Query of its phone pointers.
  const pointers = await findPhonePointers(hash);
  const { body } = inbound;
  // The duress word comes first, whatever else the message is (a survey answer included): the reply is the
  // one any help request from this phone gets, so nothing on the phone shows that anything happened.
  const duress = await duressCases(pointers, body);
  if (duress.length > 0) {
    return {
      reply: text('call_back', await replyLanguageFor(hash)),
      effects: await duressWrites(pointers, duress, body, now),
      counted: { class: 'alert', alerts: { kind: 'duress', count: duress.length } },
    };
  }
  switch (keyword) {
    case 'stop':
      // Every later message to this phone stops at once: the sender checks OPTOUT# before each send.
      return {
        reply: text('opted_out', await replyLanguageFor(hash)),
        effects: [
          optOutPut(hash, now),
          surveySessionDelete(hash),
          ...(await caseContactWrites(pointers, 'stop', body, now)),
        ],
        counted: { class: 'keyword' },
      };
    case 'start':
      return {
        reply: text('opted_in', await replyLanguageFor(hash)),
        effects: [optOutDelete(hash), ...(await caseContactWrites(pointers, 'start', body, now))],
        counted: { class: 'keyword' },
      };
    case 'help':
      // A person asks for help: for a phone of a case, an alert and a call; for a stranger, the help text.
      if (pointers.length > 0) return callBack(await replyLanguageFor(hash), pointers, 'help', body, now);
      return {
        reply: text('help', await replyLanguageFor(hash)),
        effects: [],
        counted: { class: 'keyword' },
      };
    default: {
      if (pointers.length === 0) return surveyAnswer(converse({ phoneHash: hash, body, keyword, now }));
      // A phone of a case: a survey under way goes on (its answers never touch the case); otherwise a person.
      const read = await findSessionAndPhoneLanguage(hash);
      if (read.stored) return surveyAnswer(converse({ phoneHash: hash, body, keyword, now }, read));
      return callBack(read.phoneLanguage ?? UNKNOWN_PHONE_LANGUAGE, pointers, 'message', body, now);
    }
  }
}

async function surveyAnswer(answer: Promise<InboundAnswer>): Promise<InboundAnswer> {
  return { ...(await answer), counted: { class: 'survey' } };
}

/** Counted once the answer is committed: a replay or a lost race counts nothing. */
function countInbound(answer: InboundAnswer): void {
  if (!answer.counted) return;
  countMetric(METRICS.inboundMessages, { class: answer.counted.class });
  if (answer.counted.alerts) {
    countMetric(METRICS.alertsRaised, { kind: answer.counted.alerts.kind }, answer.counted.alerts.count);
  }
  if (answer.effects.some(completesSurvey)) countMetric(METRICS.surveyCompletions);
  const held = answer.effects.filter(isOutboxHold).length;
  if (held > 0) countMetric(METRICS.messagesHeld, {}, held);
}

/** A known phone wrote to us outside a survey: an alert on each of its cases, and "someone will call". */
async function callBack(
  language: Language,
  pointers: PhonePointer[],
  kind: 'help' | 'message',
  body: string,
  now: Date,
): Promise<InboundAnswer> {
  return {
    reply: text('call_back', language),
    effects: await caseContactWrites(pointers, kind, body, now),
    counted: { class: 'alert', alerts: { kind, count: pointers.length } },
  };
}

export async function handleInbound(
  inbound: InboundSms,
  now = clock.now(),
  retries = 1,
): Promise<{ reply: string | null }> {
  // No read of MSG# first: a replay is answered, and its effects refused with the MessageSid's conditional
  // write (all or nothing), which hands back the stored reply. Answering only reads, so nothing happens twice.
  const hash = await phoneHash(inbound.from);
  const answered = await answer(inbound, hash, now);
  const { reply, effects } = answered;
  try {
    await recordInboundAnswer(inbound.messageSid, reply, effects, now);
  } catch (error) {
    // Another message of the same person moved the survey session first: answer once more over the session
    // as it is now, so concurrent answers each apply once, in the order they commit.
    if (error instanceof InboundEffectsConflictError && retries > 0) {
      return handleInbound(inbound, now, retries - 1);
    }
    if (!(error instanceof InboundAlreadyAnsweredError)) throw error;
    // A Twilio retry, or the same message delivered twice at once and the other delivery won: answer as the
    // first answer did.
    return error.answered ?? (await answeredReply(inbound.messageSid)) ?? { reply };
  }
  // No MessageSid, phone or answer here: with the line's own time, Twilio's record of that SID would tie a
  // survey answer to the phone that sent it.
  logger.info('inbound sms answered', { effects: effects.length });
  countInbound(answered);
  return { reply };
}
