// The case's side of the duress word and of its messages (issue 12, points 5 and 7): agreeing the word, a
// coordinator releasing what the word held, and the conversation with the case's phones, newest first.
import type { Principal } from '../auth/principal.ts';
import { getConfig } from '../config.ts';
import { pageOfCaseItems } from '../data/case-partition.ts';
import { caseReplacementOf, replaceCase } from '../data/case-repository.ts';
import { inboundBodyContext } from '../data/inbound-message-repository.ts';
import { messageKeys } from '../data/keys.ts';
import { fromStoredMessage, listCaseMessages, outboxRelease } from '../data/outbox-repository.ts';
import type { Page } from '../data/pagination.ts';
import { getCipher } from '../data/personal-data-cipher.ts';
import { duressWordHash } from '../data/phone-pointer-repository.ts';
import { writeTransaction } from '../data/transactions.ts';
import { type CaseRecord, periodMarks } from '../domain/case.ts';
import * as clock from '../domain/clock.ts';
import { normaliseWord } from '../domain/duress-word.ts';
import { BusinessRuleError, NotFoundError, PreconditionFailedError } from '../domain/errors.ts';
import { purposeOf, recipientFor } from '../domain/recipient.ts';
import { smsText } from '../sms/templates.ts';
import { readCase } from './case-service.ts';
import { phonePointerWrites } from './phone-pointers.ts';

/**
 * Agrees (or replaces) the case's duress word: sealed on the case, its keyed hash on every pointer of the
 * case's phones, in one transaction under the case's version. The word is never decrypted again.
 */
export async function setDuressWord(
  principal: Principal,
  caseId: string,
  word: string,
  now = clock.now(),
): Promise<CaseRecord> {
  const current = await readCase(principal, caseId);
  if (current.erasedAt) {
    throw new BusinessRuleError('The personal data of this case was erased; it cannot be written again.');
  }
  const normalised = normaliseWord(word);
  const next: CaseRecord = {
    ...current,
    duressWord: {
      sealed: await getCipher().encrypt(normalised, `case:${caseId}:duressWord`),
      hash: await duressWordHash(caseId, normalised),
    },
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
  await replaceCase(
    next,
    { version: current.version, marks: periodMarks(current) },
    await phonePointerWrites(current, next),
  );
  return next;
}

/**
 * Sends again what the duress word held: each held message back to pending at its own time (the sender drops
 * a reminder whose appointment has passed). If-Match on the case: the case gets a new version with it.
 */
export async function releaseHeldMessages(
  principal: Principal,
  caseId: string,
  expectedVersion: number,
  now = clock.now(),
): Promise<{ record: CaseRecord; released: number }> {
  const current = await readCase(principal, caseId);
  if (current.version !== expectedVersion) throw new PreconditionFailedError();
  const at = now.toISOString();
  const held = (await listCaseMessages(caseId)).filter((m) => m.status === 'held');
  const next: CaseRecord = { ...current, version: current.version + 1, updatedAt: at };
  // The case write first: a refused version is a 412; up to 99 messages ride with it, the rest in later calls.
  const releases = held.slice(0, 99).map((m) => outboxRelease(m, at));
  await writeTransaction(
    [await caseReplacementOf(next, { version: expectedVersion, marks: periodMarks(current) }), ...releases],
    (index, old) => {
      if (index !== 0) return new PreconditionFailedError();
      return old ? new PreconditionFailedError() : new NotFoundError('case');
    },
  );
  return { record: next, released: releases.length };
}

export interface CaseMessageView {
  id: string;
  direction: 'out' | 'in';
  kind: string;
  status: string;
  sendAt?: string;
  sentAt?: string;
  deliveredAt?: string;
  error?: string;
  hearingId?: string;
  body?: string;
}

/**
 * Every message to and from the case's phones, newest first. A coordinator also reads the text: what a phone
 * wrote (decrypted) and what was or will be sent (rendered as the sender renders it); the route audits it.
 */
export async function listMessagesOfCase(
  principal: Principal,
  caseId: string,
  query: { limit: number; cursor?: string },
  now = clock.now(),
): Promise<Page<CaseMessageView>> {
  const record = await readCase(principal, caseId);
  const withBody = principal.role === 'coordinator';
  return pageOfCaseItems(
    caseId,
    messageKeys.prefix,
    async (item) => {
      const inbound = item['direction'] === 'in';
      const view: CaseMessageView = inbound
        ? {
            id: item['id'] as string,
            direction: 'in',
            kind: item['kind'] as string,
            status: item['status'] as string,
            sentAt: item['sentAt'] as string | undefined,
          }
        : outboundView(item);
      if (withBody) view.body = inbound ? await inboundBody(item) : outboundBody(item, record, now);
      return view;
    },
    query.limit,
    query.cursor,
    true,
  );
}

function outboundView(item: Record<string, unknown>): CaseMessageView {
  const message = fromStoredMessage(item);
  const delivered = message.deliveryStatus === 'delivered' || message.deliveryStatus === 'read';
  return {
    id: message.id,
    direction: 'out',
    kind: message.kind,
    status: message.status,
    sendAt: message.sendAt,
    sentAt: message.sentAt,
    deliveredAt: delivered ? (item['deliveryUpdatedAt'] as string | undefined) : undefined,
    error: message.lastError ?? (item['deliveryError'] as string | undefined),
    hearingId: message.hearingId,
  };
}

async function inboundBody(item: Record<string, unknown>): Promise<string | undefined> {
  const sealed = item['body'];
  if (typeof sealed !== 'string') return undefined; // erased
  return getCipher().decrypt(sealed, inboundBodyContext(item['caseId'] as string, item['id'] as string));
}

/** The text as the sender renders it for today's recipient; none when it cannot be rendered (erased, unsafe). */
function outboundBody(item: Record<string, unknown>, record: CaseRecord, now: Date): string | undefined {
  const message = fromStoredMessage(item);
  if (record.erasedAt) return undefined;
  try {
    return smsText(message.kind, record.victim.language, message.params, {
      transliterate: getConfig().SMS_TRANSLITERATE,
      recipientPhone: recipientFor(purposeOf(message.kind), record, now).phone,
    }).body;
  } catch {
    return undefined;
  }
}
