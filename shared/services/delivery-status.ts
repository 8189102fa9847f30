// Twilio's delivery callbacks (/sms/status): the message is named by the caseId and messageId the sender put
// in the callback URL (covered by the signature), so a callback costs one conditional write and no lookup.
import { recordDeliveryStatus } from '../data/outbox-repository.ts';
import * as clock from '../domain/clock.ts';
import { logger } from '../logger.ts';

export async function recordDelivery(
  target: { caseId?: string; messageId?: string },
  callback: { MessageSid: string; MessageStatus: string; ErrorCode?: string },
  now = clock.now(),
): Promise<void> {
  // A callback without our ids (a Messaging Service's default callback) concerns nothing we track.
  if (!target.caseId || !target.messageId) return;
  const changed = await recordDeliveryStatus(
    target.caseId,
    target.messageId,
    callback.MessageSid,
    callback.MessageStatus,
    callback.ErrorCode,
    now,
  );
  logger.info('sms delivery status', {
    messageId: target.messageId,
    status: callback.MessageStatus,
    changed,
  });
}
