// A person behind every reply (issue 12, points 5 and 6): what an inbound SMS from a phone that belongs to a
// case does to that case. The webhook finds the cases through the phone pointers alone (it reads no case):
// - the duress word (from the victim's or the safe contact's phone): every pending message of the case is
//   held and an urgent alert raised, in the transaction of the answer; the reply is the ordinary help reply;
// - a help word, or anything written outside a survey: an alert, and a reply that someone will call;
// - STOP / START: answered as for anyone, and kept on the case so the coordinator sees the conversation.
// Survey answers never come here: they stay anonymous.
import { ulid } from 'ulid';
import { alertPut } from '../data/alert-repository.ts';
import { type InboundKind, inboundMessagePut } from '../data/inbound-message-repository.ts';
import { mailMessagePut, outboxHold, pendingMessageKeys } from '../data/outbox-repository.ts';
import { duressWordHash, type PhonePointer } from '../data/phone-pointer-repository.ts';
import type { TransactItem } from '../data/transactions.ts';
import type { AlertKind } from '../domain/alert.ts';
import { isUrgent, mailsCountyAtOnce } from '../domain/alert.ts';
import { wordsOf } from '../domain/duress-word.ts';
import { countyScope } from '../domain/notification-targets.ts';

/** A transaction holds at most 100 items; the MessageSid record and the alert items take the rest. */
const MAX_HELD_PER_MESSAGE = 80;

/** The cases (among the phone's) whose duress word the message contains, as a word; only victim and safe contact. */
export async function duressCases(pointers: readonly PhonePointer[], body: string): Promise<PhonePointer[]> {
  const candidates = pointers.filter(
    (p) => p.duressWordHash !== undefined && (p.role === 'victim' || p.role === 'safe_contact'),
  );
  if (candidates.length === 0) return [];
  const words = wordsOf(body).filter((w) => w.length <= 20);
  const matched: PhonePointer[] = [];
  for (const pointer of candidates) {
    const hashes = await Promise.all(words.map((w) => duressWordHash(pointer.caseId, w)));
    if (hashes.includes(pointer.duressWordHash as string)) matched.push(pointer);
  }
  return matched;
}

/** The inbound message kept on the case, with the alert it raised (none for STOP / START). */
async function recordOnCase(
  pointer: PhonePointer,
  kind: InboundKind,
  body: string,
  now: Date,
): Promise<TransactItem[]> {
  const at = now.toISOString();
  const messageId = ulid(now.getTime());
  const alertKind: AlertKind | undefined = kind === 'stop' || kind === 'start' ? undefined : kind;
  const alertId = alertKind ? ulid(now.getTime()) : undefined;
  const writes = [
    await inboundMessagePut({
      id: messageId,
      caseId: pointer.caseId,
      kind,
      from: pointer.role,
      body,
      receivedAt: at,
      alertId,
    }),
  ];
  if (alertKind && alertId) {
    writes.push(
      await alertPut({
        id: alertId,
        caseId: pointer.caseId,
        county: pointer.county,
        kind: alertKind,
        urgent: isUrgent(alertKind),
        status: 'open',
        from: pointer.role,
        text: body,
        messageId,
        createdAt: at,
        version: 1,
      }),
    );
    // An urgent alert (duress, help) tells the county's coordinators by e-mail at once. The webhook cannot read
    // their addresses: it writes one item naming the county, and the sender reads the addresses when it sends.
    if (mailsCountyAtOnce(alertKind)) {
      writes.push(
        mailMessagePut({
          id: ulid(now.getTime()),
          caseId: pointer.caseId,
          mail: { kind: 'urgent_alert', scope: countyScope(pointer.county), count: 1 },
          sendAt: at,
          createdAt: at,
        }),
      );
    }
  }
  return writes;
}

/** The writes of a message from a known phone: kept on each of its cases, with an alert where one is due. */
export async function caseContactWrites(
  pointers: readonly PhonePointer[],
  kind: InboundKind,
  body: string,
  now: Date,
): Promise<TransactItem[]> {
  return (await Promise.all(pointers.map((p) => recordOnCase(p, kind, body, now)))).flat();
}

/**
 * The duress transaction's writes for the matched cases: every pending message held, an urgent alert, the
 * message kept. The phone's other cases (a shelter worker's) get an ordinary help alert: they asked for help.
 */
export async function duressWrites(
  pointers: readonly PhonePointer[],
  matched: readonly PhonePointer[],
  body: string,
  now: Date,
): Promise<TransactItem[]> {
  const at = now.toISOString();
  const writes: TransactItem[] = [];
  for (const pointer of pointers) {
    const isDuress = matched.some((m) => m.caseId === pointer.caseId);
    writes.push(...(await recordOnCase(pointer, isDuress ? 'duress' : 'help', body, now)));
    if (!isDuress) continue;
    const pending = await pendingMessageKeys(pointer.caseId);
    for (const message of pending.slice(0, MAX_HELD_PER_MESSAGE)) writes.push(outboxHold(message, at));
  }
  return writes;
}
