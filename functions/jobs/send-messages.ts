// Lambda entry of the outbox sender. Invoked by the CoordinationTable stream (messages just written, sent at
// once when due) and by an EventBridge rule every 5 minutes (scheduled reminders, retries, crashed claims).
import type { Context, DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { TwilioNotConfiguredError } from '../../shared/data/secrets.ts';
import * as clock from '../../shared/domain/clock.ts';
import { logger } from '../../shared/logger.ts';
import {
  type SendOutcome,
  sendDueMessages,
  sendInsertedMessages,
} from '../../shared/services/message-sender.ts';
import { outboundGateway } from '../../shared/services/outbound-gateway.ts';

export async function handler(
  event: DynamoDBStreamEvent | ScheduledEvent,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<SendOutcome> {
  const gateway = await outboundGateway().catch((error: unknown) => {
    // The secret still holds the stack's placeholders: one clear error per run, the messages stay pending.
    // Throwing would retry the run twice and fill the failures queue every five minutes.
    if (!(error instanceof TwilioNotConfiguredError)) throw error;
    logger.error(error.message);
    return undefined;
  });
  if (!gateway) return { sent: 0, deferred: 0, failed: 0, skipped: 0 };
  const now = clock.now();
  // The run stops claiming before Lambda's timeout could cut a send off between Twilio and "sent".
  const remainingMs = context ? () => context.getRemainingTimeInMillis() : undefined;
  const options = remainingMs ? { remainingMs } : {};
  if ('Records' in event) return sendInsertedMessages(event.Records, now, gateway, options);
  return sendDueMessages(now, gateway, options);
}
