// Twilio's delivery callbacks (/sms/status): the message is named by the sealed token the sender put in the
// callback URL (covered by the signature), so a callback costs one conditional write and no lookup.
import { type MessageRef, openMessageRef } from '../data/message-token.ts';
import { recordDeliveryStatus } from '../data/outbox-repository.ts';
import * as clock from '../domain/clock.ts';
import { logger } from '../logger.ts';

export async function recordDelivery(
  target: { m?: string; caseId?: string; messageId?: string },
  callback: { MessageSid: string; MessageStatus: string; ErrorCode?: string },
  now = clock.now(),
): Promise<void> {
  // A callback without our token (a Messaging Service's default callback) concerns nothing we track.
  const ref = target.m ? await openMessageRef(target.m) : legacyRef(target);
  if (!ref) return;
  const changed = await recordDeliveryStatus(
    ref.caseId,
    ref.messageId,
    callback.MessageSid,
    callback.MessageStatus,
    callback.ErrorCode,
    now,
  );
  logger.info('sms delivery status', {
    messageId: ref.messageId,
    status: callback.MessageStatus,
    changed,
  });
}

/** The clear ids of callback URLs written before the token, for messages still in flight at the change. */
function legacyRef(target: { caseId?: string; messageId?: string }): MessageRef | undefined {
  return target.caseId && target.messageId
    ? { caseId: target.caseId, messageId: target.messageId }
    : undefined;
}
