// An SMS a person sent us (Twilio /sms/inbound), answered synchronously: STOP and its equivalents opt the
// number out at once, START resumes, HELP (and "cancel" in any language) gets the neutral help text; anything
// else goes to the conversation seam below, where the survey engine plugs in. Every reply is in the language
// known for the phone (phone-language.ts), never one guessed from the word sent. Each MessageSid is answered
// once; a replay gets the same reply.
import { getConfig } from '../config.ts';
import { phoneHash } from '../data/phone-hash.ts';
import {
  answeredReply,
  InboundAlreadyAnsweredError,
  InboundEffectsConflictError,
  optOutDelete,
  optOutPut,
  recordInboundAnswer,
  surveySessionDelete,
} from '../data/sms-contact-repository.ts';
import type { TransactItem } from '../data/transactions.ts';
import * as clock from '../domain/clock.ts';
import type { Language } from '../domain/enums.ts';
import { logger } from '../logger.ts';
import { type KeywordReplyKind, keywordReply } from '../sms/keyword-replies.ts';
import { classifyInbound, type InboundKeyword } from '../sms/keywords.ts';
import { replyLanguageFor } from './phone-language.ts';
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
export async function converse(conversation: Conversation): Promise<InboundAnswer> {
  const { phoneHash: hash, body, now } = conversation;
  return surveyTurn({ phoneHash: hash, body, now });
}

async function answer(inbound: InboundSms, hash: string, now: Date): Promise<InboundAnswer> {
  const keyword = classifyInbound(inbound.body);
  switch (keyword) {
    case 'stop':
      // Every later message to this phone stops at once: the sender checks OPTOUT# before each send.
      return {
        reply: text('opted_out', await replyLanguageFor(hash)),
        effects: [optOutPut(hash, now), surveySessionDelete(hash)],
      };
    case 'start':
      return { reply: text('opted_in', await replyLanguageFor(hash)), effects: [optOutDelete(hash)] };
    case 'help':
      return { reply: text('help', await replyLanguageFor(hash)), effects: [] };
    default:
      return converse({ phoneHash: hash, body: inbound.body, keyword, now });
  }
}

export async function handleInbound(
  inbound: InboundSms,
  now = clock.now(),
  retries = 1,
): Promise<{ reply: string | null }> {
  // No read of MSG# first: a replay is answered, and its effects refused with the MessageSid's conditional
  // write (all or nothing), which hands back the stored reply. Answering only reads, so nothing happens twice.
  const hash = await phoneHash(inbound.from);
  const { reply, effects } = await answer(inbound, hash, now);
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
  return { reply };
}
