// Lambda entry of the Twilio webhooks: inbound replies (answered with TwiML) and delivery status callbacks.

import { createApiHandler } from '../../shared/http/api-handler.ts';
import type { RouteDefinition } from '../../shared/http/route.ts';
import { smsRoutes } from '../../shared/http/routes/sms-routes.ts';
import { verifyTwilioSignature } from '../../shared/http/twilio-signature.ts';
import { smsHandlers } from './sms-handlers.ts';

export const functionRoutes: readonly RouteDefinition[] = smsRoutes as RouteDefinition[];

export const handler = createApiHandler(
  'sms',
  functionRoutes,
  { ...smsHandlers },
  { twilio: verifyTwilioSignature },
);
