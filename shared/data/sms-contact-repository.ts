// What the service knows about a phone, in the InsightsTable and only by hmac(phone): whether it opted out
// (STOP), the language its messages are written in, and which inbound messages were already answered
// (idempotency on Twilio's MessageSid).
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Language } from '../domain/enums.ts';
import { isoWeekOf, weekCeil } from '../domain/periods.ts';
import { getDocumentClient, tableNames } from './client.ts';
import { batchGetAll, GetCommand } from './document-client.ts';
import { surveyKeys } from './keys.ts';
import { type TransactItem, writeTransaction } from './transactions.ts';

/** How long an answered MessageSid is remembered: Twilio retries for far less. */
const INBOUND_SEEN_DAYS = 7;

/** Which of these phones (by hmac) opted out: one round trip per hundred. */
export async function optedOutAmong(phoneHashes: readonly string[]): Promise<Set<string>> {
  const keys = [...new Set(phoneHashes)].map(surveyKeys.optOut);
  const items = await batchGetAll(getDocumentClient(), tableNames().insights, keys, 'pk');
  const prefix = surveyKeys.optOut('').pk;
  return new Set(items.map((item) => String(item['pk']).slice(prefix.length)));
}

/** The ISO week each of these phones (by hmac) opted out in; absent ones did not. One round trip per hundred. */
export async function optOutWeeks(phoneHashes: readonly string[]): Promise<Map<string, string>> {
  const keys = [...new Set(phoneHashes)].map(surveyKeys.optOut);
  if (keys.length === 0) return new Map();
  const items = await batchGetAll(getDocumentClient(), tableNames().insights, keys, 'pk, week');
  const prefix = surveyKeys.optOut('').pk;
  return new Map(items.map((item) => [String(item['pk']).slice(prefix.length), String(item['week'])]));
}

export async function isOptedOut(phoneHash: string): Promise<boolean> {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().insights,
      Key: surveyKeys.optOut(phoneHash),
      ConsistentRead: true,
      ProjectionExpression: 'pk',
    }),
  );
  return out.Item !== undefined;
}

export function optOutPut(phoneHash: string, now: Date): TransactItem {
  return {
    Put: {
      TableName: tableNames().insights,
      // The week, not the instant: the InsightsTable keeps no time finer than a week next to a phone's hash.
      Item: { ...surveyKeys.optOut(phoneHash), entity: 'optout', week: isoWeekOf(now) },
    },
  };
}

export function optOutDelete(phoneHash: string): TransactItem {
  return { Delete: { TableName: tableNames().insights, Key: surveyKeys.optOut(phoneHash) } };
}

/**
 * The language of a case's phone (the victim's, the representative's): written with the case by the
 * coordination API, read by the webhook, which never reads a case. The language alone: no case id, no time.
 */
export function phoneLanguagePut(phoneHash: string, language: Language): TransactItem {
  return {
    Put: {
      TableName: tableNames().insights,
      Item: { ...surveyKeys.phoneLanguage(phoneHash), entity: 'phone_language', language },
    },
  };
}

export function phoneLanguageDelete(phoneHash: string): TransactItem {
  return { Delete: { TableName: tableNames().insights, Key: surveyKeys.phoneLanguage(phoneHash) } };
}

/** STOP ends a survey in progress too: its partial answers go with it. */
export function surveySessionDelete(phoneHash: string): TransactItem {
  return { Delete: { TableName: tableNames().insights, Key: surveyKeys.session(phoneHash) } };
}

/** The reply already given to this MessageSid, or undefined when it was never answered. */
export async function answeredReply(messageSid: string): Promise<{ reply: string | null } | undefined> {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().insights,
      Key: surveyKeys.inboundSeen(messageSid),
      ConsistentRead: true,
    }),
  );
  if (!out.Item) return undefined;
  return { reply: (out.Item['reply'] as string | null | undefined) ?? null };
}

export class InboundAlreadyAnsweredError extends Error {
  /** The reply stored with the MessageSid, as the refused write returned it (absent if it did not). */
  readonly answered: { reply: string | null } | undefined;

  constructor(old?: Record<string, unknown>) {
    super('This MessageSid was answered already (a retried or doubled webhook).');
    this.name = 'InboundAlreadyAnsweredError';
    this.answered = old ? { reply: (old['reply'] as string | null | undefined) ?? null } : undefined;
  }
}

/** An effect's condition failed (another message of the same person moved the survey session first). */
export class InboundEffectsConflictError extends Error {
  constructor() {
    super('The state this answer was computed from changed before it was written.');
    this.name = 'InboundEffectsConflictError';
  }
}

/**
 * The answer to one inbound message and its effects, all or nothing: the MSG# item is written only if absent,
 * so a Twilio retry racing the first delivery cannot apply the effects twice. The reply text is stored (it is
 * one of the neutral templates, never personal) so a replay answers exactly the same.
 */
export async function recordInboundAnswer(
  messageSid: string,
  reply: string | null,
  effects: TransactItem[],
  now: Date,
): Promise<void> {
  // At least the days a Twilio retry can take, rounded up to a week like every time in the InsightsTable.
  const expiresAt = weekCeil(Math.floor(now.getTime() / 1000) + INBOUND_SEEN_DAYS * 86_400);
  const write = writeTransaction(
    [
      {
        Put: {
          TableName: tableNames().insights,
          Item: {
            ...surveyKeys.inboundSeen(messageSid),
            entity: 'inbound',
            reply,
            // No `at`: the TTL is the only time this item needs (InsightsTable: no time finer than a week).
            expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          // A replay learns the stored reply from the refused write itself, with no read before every answer.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      ...effects,
    ],
    (index, old) => (index === 0 ? new InboundAlreadyAnsweredError(old) : new InboundEffectsConflictError()),
  );
  try {
    await write;
  } catch (error) {
    // Two transactions on one session at the same instant: DynamoDB cancels one as a conflict, not a
    // failed condition; for the caller both mean "read again and retry".
    const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
    if (reasons.some((r) => r.Code === 'TransactionConflict')) throw new InboundEffectsConflictError();
    throw error;
  }
}
