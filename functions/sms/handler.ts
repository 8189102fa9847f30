// Lambda entry of the Twilio webhooks: inbound replies (answered with TwiML) and delivery status callbacks.
import { createApiHandler, type RouteModule } from '../../shared/http/api-handler.ts';
import type { RouteDefinition } from '../../shared/http/route.ts';
import { smsRoutes } from '../../shared/http/routes/sms-routes.ts';
import { verifyTwilioSignature } from '../../shared/http/twilio-signature.ts';
import { smsHandlers } from './sms-handlers.ts';

export const routeModule: RouteModule = {
  routes: smsRoutes as readonly RouteDefinition[],
  handlers: smsHandlers,
};

export const handler = createApiHandler('sms', routeModule.routes, () => routeModule.handlers, {
  twilio: verifyTwilioSignature,
});
