// Lambda entry of the Twilio webhooks: inbound replies (answered with TwiML) and delivery status callbacks.
import { createApiHandler } from '../../shared/http/api-handler.ts';
import { smsHandlers } from './sms-handlers.ts';

export const handler = createApiHandler('sms', { ...smsHandlers });
