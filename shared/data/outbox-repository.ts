// The transactional outbox in the CoordinationTable (pk CASE#, sk MESSAGE#): messages are written pending in the
// same transaction as the change that causes them; the sender moves each one with conditional writes only.
//
// Every transition is conditioned on `status` and `version`, so two senders (or a sender and a coordinator
// rescheduling) can never both act on one message: whoever loses the condition leaves it alone. The sparse
// gsi1 keys follow the status: OUTBOX#PENDING while pending (the due index), OUTBOX#SENDING while claimed
// (so a crashed sender's claims can be found), none once sent, failed or cancelled.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DELIVERY_RANK, type MailNotice, type OutboxMessage } from '../domain/outbox-message.ts';
import { allCaseItems } from './case-partition.ts';
import { getDocumentClient, tableNames } from './client.ts';
import { QueryCommand, UpdateCommand } from './document-client.ts';
import { mailKeys, messageKeys } from './keys.ts';
import { type TransactItem, writeTransaction } from './transactions.ts';

type Stored = Record<string, unknown>;

/**
 * A message as read from the table. It holds no recipient: the sender reads the number from the case at send
 * time, so a changed or erased phone is never texted from an old copy.
 */
export type StoredMessage = OutboxMessage;

export type NewOutboxMessage = Omit<
  OutboxMessage,
  'status' | 'attempts' | 'version' | 'updatedAt' | 'claimedAt' | 'sentAt' | 'providerId'
>;

/** An e-mail (channel email) is keyed MAIL#, in its case's partition or, about no case, in its scope's. */
const keyOf = (m: Pick<OutboxMessage, 'caseId' | 'id' | 'channel' | 'mail'>) =>
  m.channel === 'email' && m.mail
    ? mailKeys.item({ caseId: m.caseId, scope: m.mail.scope }, m.id)
    : messageKeys.item(m.caseId, m.id);

/** The Put of a new pending message, for the transaction of the change that causes it. */
export async function outboxMessagePut(message: NewOutboxMessage): Promise<TransactItem> {
  return {
    Put: {
      TableName: tableNames().coordination,
      Item: {
        ...keyOf(message),
        ...messageKeys.pending(message.sendAt, message.id),
        entity: 'message',
        id: message.id,
        caseId: message.caseId,
        hearingId: message.hearingId,
        kind: message.kind,
        recipient: message.recipient,
        language: message.language,
        channel: message.channel,
        params: message.params,
        mail: message.mail,
        status: 'pending',
        sendAt: message.sendAt,
        attempts: 0,
        version: 1,
        createdAt: message.createdAt,
        updatedAt: message.createdAt,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Cancels a pending message in a transaction; fails the transaction if a sender claimed it meanwhile. */
export function outboxCancellation(message: StoredMessage, nowIso: string, reason: string): TransactItem {
  return {
    Update: {
      TableName: tableNames().coordination,
      Key: keyOf(message),
      UpdateExpression:
        'SET #status = :cancelled, #version = :next, updatedAt = :now, lastError = :reason REMOVE gsi1pk, gsi1sk',
      // A held message (duress word) is cancelled like a pending one: released later, it would be out of date.
      ConditionExpression: '(#status = :pending OR #status = :held) AND #version = :expected',
      ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: {
        ':cancelled': 'cancelled',
        ':pending': 'pending',
        ':held': 'held',
        ':expected': message.version,
        ':next': message.version + 1,
        ':now': nowIso,
        ':reason': reason,
      },
    },
  };
}

/** The message as outboxCancellation leaves it, for a caller that answers without reading it again. */
export function cancelledMessage(message: StoredMessage, nowIso: string, reason: string): StoredMessage {
  return {
    ...message,
    status: 'cancelled',
    version: message.version + 1,
    updatedAt: nowIso,
    lastError: reason,
  };
}

export function fromStoredMessage(item: Stored): StoredMessage {
  return {
    id: item['id'] as string,
    // An e-mail about no case (the daily digest) has none: '' says so without a second shape of message.
    caseId: (item['caseId'] as string | undefined) ?? '',
    hearingId: item['hearingId'] as string | undefined,
    kind: item['kind'] as OutboxMessage['kind'],
    recipient: item['recipient'] as OutboxMessage['recipient'],
    language: item['language'] as OutboxMessage['language'],
    ...(item['channel'] === undefined ? {} : { channel: item['channel'] as OutboxMessage['channel'] }),
    params: (item['params'] as OutboxMessage['params'] | undefined) ?? {},
    status: item['status'] as OutboxMessage['status'],
    sendAt: item['sendAt'] as string,
    attempts: (item['attempts'] as number | undefined) ?? 0,
    version: item['version'] as number,
    createdAt: item['createdAt'] as string,
    updatedAt: item['updatedAt'] as string,
    claimedAt: item['claimedAt'] as string | undefined,
    sentAt: item['sentAt'] as string | undefined,
    providerId: item['providerId'] as string | undefined,
    deliveryStatus: item['deliveryStatus'] as string | undefined,
    lastError: item['lastError'] as string | undefined,
    ...(item['mail'] === undefined ? {} : { mail: item['mail'] as OutboxMessage['mail'] }),
  };
}

/**
 * The attributes of a new e-mail outbox item (outboxMessagePut of a mail): the SMS webhook, which raises
 * urgent alerts, may Put these on a case and no more (infra, beside SMS_CASE_PUT_ATTRIBUTES).
 */
export const MAIL_PUT_ATTRIBUTES = ['channel', 'mail', 'sendAt', 'attempts', 'updatedAt'];

/** What a new e-mail carries: its kind, its scope and count, and the case it is about (none for a digest). */
export interface NewMailMessage {
  id: string;
  caseId?: string;
  mail: MailNotice;
  /** Sent at once unless said otherwise: quiet hours are for phones, not for a unit's inbox. */
  sendAt: string;
  createdAt: string;
}

/**
 * The Put of a pending e-mail, for the transaction of its cause. Only the attributes of MAIL_PUT_ATTRIBUTES and
 * ALERT_ATTRIBUTES: the SMS webhook writes it beside an urgent alert under an attribute-fenced grant.
 */
export function mailMessagePut(message: NewMailMessage): TransactItem {
  return {
    Put: {
      TableName: tableNames().coordination,
      Item: {
        ...mailKeys.item({ caseId: message.caseId, scope: message.mail.scope }, message.id),
        ...messageKeys.pending(message.sendAt, message.id),
        entity: 'message',
        id: message.id,
        ...(message.caseId ? { caseId: message.caseId } : {}),
        kind: message.mail.kind,
        channel: 'email',
        mail: message.mail,
        status: 'pending',
        sendAt: message.sendAt,
        attempts: 0,
        version: 1,
        createdAt: message.createdAt,
        updatedAt: message.createdAt,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The e-mails written about a case (oldest first): tests and the case's history read them. */
export async function listCaseMails(caseId: string): Promise<StoredMessage[]> {
  return (await allCaseItems(caseId, mailKeys.prefix)).map(fromStoredMessage);
}

/** The attributes the duress hold writes: the SMS webhook's UpdateItem grant names these only (infra). */
export const HOLD_ATTRIBUTES = ['status', 'version', 'updatedAt', 'heldAt', 'gsi1pk', 'gsi1sk'];
/** The attributes the duress hold reads of a case's messages: the webhook's Query grant projects these only. */
export const HOLD_READ_ATTRIBUTES = ['status', 'version'];

/**
 * The pending messages of a case, by key alone: a projection of pk, sk, status and version and nothing else
 * (the SMS webhook's grant on CASE# partitions allows no other attribute), for the duress hold.
 */
export async function pendingMessageKeys(caseId: string): Promise<{ caseId: string; id: string }[]> {
  const found: { caseId: string; id: string }[] = [];
  let start: Stored | undefined;
  do {
    const out = await getDocumentClient().send(
      new QueryCommand({
        TableName: tableNames().coordination,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ProjectionExpression: '#pk, #sk, #status, #version',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: { ':pk': messageKeys.item(caseId, '').pk, ':prefix': messageKeys.prefix },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of out.Items ?? []) {
      if (item['status'] !== 'pending') continue;
      found.push({ caseId, id: String(item['sk']).slice(messageKeys.prefix.length) });
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return found;
}

/**
 * pending -> held, for the duress transaction: out of the due index, and a new version, so a sender that read
 * it pending loses its claim. Conditioned on the status only: a message a sender claimed meanwhile fails the
 * transaction, which the webhook answers again over the messages as they are then.
 */
export function outboxHold(message: { caseId: string; id: string }, nowIso: string): TransactItem {
  return {
    Update: {
      TableName: tableNames().coordination,
      Key: keyOf(message),
      UpdateExpression:
        'SET #status = :held, heldAt = :now, updatedAt = :now REMOVE gsi1pk, gsi1sk ADD #version :one',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: { ':held': 'held', ':pending': 'pending', ':now': nowIso, ':one': 1 },
    },
  };
}

/** Whether a transaction item is outboxHold's (metrics count the messages a duress word held). */
export function isOutboxHold(item: TransactItem): boolean {
  return (
    item.Update?.ExpressionAttributeValues?.[':held'] === 'held' &&
    item.Update.ConditionExpression === '#status = :pending'
  );
}

/** held -> pending at its own send time: the sweep sends it (or drops it, if it is too late to matter). */
export function outboxRelease(message: StoredMessage, nowIso: string): TransactItem {
  return {
    Update: {
      TableName: tableNames().coordination,
      Key: keyOf(message),
      UpdateExpression:
        'SET #status = :pending, #version = :next, updatedAt = :now, gsi1pk = :gpk, gsi1sk = :gsk',
      ConditionExpression: '#status = :held AND #version = :expected',
      ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: {
        ':pending': 'pending',
        ':held': 'held',
        ':expected': message.version,
        ':next': message.version + 1,
        ':now': nowIso,
        ':gpk': messageKeys.pending(message.sendAt, message.id).gsi1pk,
        ':gsk': messageKeys.pending(message.sendAt, message.id).gsi1sk,
      },
    },
  };
}

/** All messages of a case (a handful per hearing), oldest first; recipients stay sealed. */
export async function listCaseMessages(caseId: string): Promise<StoredMessage[]> {
  return (await allCaseItems(caseId, messageKeys.prefix)).map(fromStoredMessage);
}

export interface IndexPage {
  items: StoredMessage[];
  next?: Stored;
}

async function queryIndex(
  partition: string,
  upper: string,
  limit: number,
  start?: Stored,
): Promise<IndexPage> {
  const out = await getDocumentClient().send(
    new QueryCommand({
      TableName: tableNames().coordination,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :upper',
      ExpressionAttributeValues: { ':pk': partition, ':upper': upper },
      Limit: limit,
      ExclusiveStartKey: start,
    }),
  );
  return { items: (out.Items ?? []).map(fromStoredMessage), next: out.LastEvaluatedKey };
}

/** Pending messages with sendAt <= now, oldest first: a range of the sparse due index, so the cost follows the due count. */
export function listDueMessages(now: Date, limit: number, start?: Stored): Promise<IndexPage> {
  // '~' sorts after every ULID character, so the whole minute of `now` is included.
  return queryIndex(messageKeys.pendingPartition, `${now.toISOString()}#~`, limit, start);
}

/** Messages claimed before `claimedBefore` and never finished: their sender crashed or timed out. */
export function listStaleClaims(claimedBefore: Date, limit: number, start?: Stored): Promise<IndexPage> {
  return queryIndex(messageKeys.sendingPartition, `${claimedBefore.toISOString()}#~`, limit, start);
}

/**
 * The conditional update that moves a message from one status to the next: only from `fromStatus` at the version
 * it was read at, bumping the version, setting `set` and the due-index keys (or removing them). Sent alone by
 * `transition`, or as one item of a transaction (a failure with its alert).
 */
function transitionUpdate(
  message: Pick<StoredMessage, 'caseId' | 'id' | 'version' | 'channel' | 'mail'>,
  fromStatus: OutboxMessage['status'],
  set: Record<string, unknown>,
  gsi: { gsi1pk: string; gsi1sk: string } | 'remove',
  extraCondition?: { expression: string; values: Record<string, unknown> },
) {
  const names: Record<string, string> = { '#status': 'status', '#version': 'version' };
  const values: Record<string, unknown> = {
    ':from': fromStatus,
    ':expected': message.version,
    ':next': message.version + 1,
    ...(extraCondition?.values ?? {}),
  };
  const assignments = ['#version = :next'];
  const all = gsi === 'remove' ? set : { ...set, ...gsi };
  for (const [index, [name, value]] of Object.entries(all).entries()) {
    names[`#a${index}`] = name;
    values[`:a${index}`] = value;
    assignments.push(`#a${index} = :a${index}`);
  }
  return {
    TableName: tableNames().coordination,
    Key: keyOf(message),
    UpdateExpression: `SET ${assignments.join(', ')}${gsi === 'remove' ? ' REMOVE gsi1pk, gsi1sk' : ''}`,
    ConditionExpression: `#status = :from AND #version = :expected${
      extraCondition ? ` AND ${extraCondition.expression}` : ''
    }`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** Conditional update of one message; undefined when someone else changed it first (the expected outcome of a race). */
async function transition(
  message: Pick<StoredMessage, 'caseId' | 'id' | 'version' | 'channel' | 'mail'>,
  fromStatus: OutboxMessage['status'],
  set: Record<string, unknown>,
  gsi: { gsi1pk: string; gsi1sk: string } | 'remove',
  extraCondition?: { expression: string; values: Record<string, unknown> },
): Promise<Stored | undefined> {
  try {
    const out = await getDocumentClient().send(
      new UpdateCommand({
        ...transitionUpdate(message, fromStatus, set, gsi, extraCondition),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return out.Attributes;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** pending -> sending; the one write that makes exactly-once possible. Returns the claimed message or undefined. */
export async function claimMessage(message: StoredMessage, now: Date): Promise<StoredMessage | undefined> {
  const at = now.toISOString();
  const claimed = await transition(
    message,
    'pending',
    { status: 'sending', claimedAt: at, updatedAt: at },
    messageKeys.sending(at, message.id),
  );
  return claimed ? fromStoredMessage(claimed) : undefined;
}

/** pending -> pending at a later time (quiet hours), without a claim. */
export async function deferMessage(message: StoredMessage, sendAt: Date, now: Date): Promise<boolean> {
  const at = sendAt.toISOString();
  const moved = await transition(
    message,
    'pending',
    { sendAt: at, updatedAt: now.toISOString() },
    messageKeys.pending(at, message.id),
  );
  return moved !== undefined;
}

export async function markSent(
  message: StoredMessage,
  sent: { providerId: string; encoding: string; segments: number },
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const done = await transition(
    message,
    'sending',
    {
      status: 'sent',
      sentAt: at,
      updatedAt: at,
      providerId: sent.providerId,
      encoding: sent.encoding,
      segments: sent.segments,
      attempts: message.attempts + 1,
    },
    'remove',
  );
  return done !== undefined;
}

/** sending -> pending at `sendAt` after a transient failure (or a crashed sender), one attempt more. */
export async function retryLater(
  message: StoredMessage,
  sendAt: Date,
  code: string,
  now: Date,
  fromStatus: 'sending' = 'sending',
): Promise<boolean> {
  const at = sendAt.toISOString();
  const moved = await transition(
    message,
    fromStatus,
    {
      status: 'pending',
      sendAt: at,
      attempts: message.attempts + 1,
      lastError: code,
      updatedAt: now.toISOString(),
    },
    messageKeys.pending(at, message.id),
  );
  return moved !== undefined;
}

/**
 * sending -> failed with the delivery_failed alert that tells the coordinator, in one transaction: the
 * alert exists exactly when the message failed. False when someone else moved the message first.
 */
export async function markFailedWithAlert(
  message: StoredMessage,
  code: string,
  now: Date,
  alert: TransactItem,
  alongside: TransactItem[] = [],
): Promise<boolean> {
  try {
    await writeTransaction(
      [
        { Update: transitionUpdate(message, 'sending', failedFields(message, code, now), 'remove') },
        alert,
        ...alongside,
      ],
      (index) => (index === 0 ? new MessageMovedError() : undefined),
    );
    return true;
  } catch (error) {
    if (error instanceof MessageMovedError) return false;
    throw error;
  }
}

class MessageMovedError extends Error {}

/** sending -> failed: visible to the coordinator on the hearing, never dropped silently. */
export async function markFailed(message: StoredMessage, code: string, now: Date): Promise<boolean> {
  return (await transition(message, 'sending', failedFields(message, code, now), 'remove')) !== undefined;
}

/** What a failure records: the attempt it was, the provider's or the rule's code, when. */
function failedFields(message: StoredMessage, code: string, now: Date): Record<string, unknown> {
  return { status: 'failed', attempts: message.attempts + 1, lastError: code, updatedAt: now.toISOString() };
}

/** sending -> cancelled: consent withdrawn, the number opted out, or too late to be useful. */
export async function cancelClaimed(message: StoredMessage, reason: string, now: Date): Promise<boolean> {
  const done = await transition(
    message,
    'sending',
    { status: 'cancelled', lastError: reason, updatedAt: now.toISOString() },
    'remove',
  );
  return done !== undefined;
}

/**
 * Twilio's delivery callback, idempotent and order-proof: the state only moves to a higher rank, and only for
 * the message the provider id names. Not versioned on purpose: the sender's own transitions condition on
 * `version`, and a callback arriving between its send and its "sent" write must not make that write fail.
 */
export async function recordDeliveryStatus(
  caseId: string,
  messageId: string,
  providerId: string,
  deliveryStatus: string,
  errorCode: string | undefined,
  now: Date,
): Promise<boolean> {
  const rank = DELIVERY_RANK[deliveryStatus] ?? 0;
  try {
    await getDocumentClient().send(
      new UpdateCommand({
        TableName: tableNames().coordination,
        Key: messageKeys.item(caseId, messageId),
        UpdateExpression: `SET deliveryStatus = :status, deliveryRank = :rank, deliveryUpdatedAt = :now${
          errorCode ? ', deliveryError = :error' : ''
        }`,
        ConditionExpression:
          'entity = :message AND (attribute_not_exists(providerId) OR providerId = :sid) AND ' +
          '(attribute_not_exists(deliveryRank) OR deliveryRank < :rank)',
        ExpressionAttributeValues: {
          ':status': deliveryStatus,
          ':rank': rank,
          ':now': now.toISOString(),
          ':message': 'message',
          ':sid': providerId,
          ...(errorCode ? { ':error': errorCode } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** The pending messages a stream batch inserted (DynamoDB JSON images), without any read of the table. */
export function insertedPendingMessages(
  records: readonly { eventName?: string; dynamodb?: { NewImage?: unknown } }[],
): StoredMessage[] {
  const out: StoredMessage[] = [];
  for (const record of records) {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
    const item = unmarshall(record.dynamodb.NewImage as never) as Stored;
    if (item['entity'] === 'message' && item['status'] === 'pending') out.push(fromStoredMessage(item));
  }
  return out;
}
