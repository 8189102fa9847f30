// Lambda entry of the outbox sender. Invoked by the CoordinationTable stream (messages just written, sent at
// once when due) and by an EventBridge rule every 5 minutes (scheduled reminders, retries, crashed claims).
import type { Context, DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import * as clock from '../../shared/domain/clock.ts';
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
  const gateway = await outboundGateway();
  const now = clock.now();
  // The run stops claiming before Lambda's timeout could cut a send off between Twilio and "sent".
  const remainingMs = context ? () => context.getRemainingTimeInMillis() : undefined;
  const options = remainingMs ? { remainingMs } : {};
  if ('Records' in event) return sendInsertedMessages(event.Records, now, gateway, options);
  return sendDueMessages(now, gateway, options);
}
