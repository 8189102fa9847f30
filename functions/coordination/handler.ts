// Lambda entry of the coordination API: cases, hearings, protection, vouchers, surveys, audit. The route table
// (imported whole: it decides which context a route belongs to, so every context's request schemas are built
// at import) routes; a context's handlers and the services, repositories and SDK clients behind them load on
// its first request, so a cold start pays for one context's services, not seven.
import { verifyBearer } from '../../shared/auth/jwt-verifier.ts';
import { createApiHandler, type HandlerMap } from '../../shared/http/api-handler.ts';
import { type ContextOf, routes, type TableRoute } from '../../shared/http/routes.ts';

export type CoordinationContext = ContextOf<'coordination'>;

/** One loader per context of the route table; a context without one is a compile error. */
export const contextHandlers: Record<CoordinationContext, () => Promise<HandlerMap>> = {
  public: async () => (await import('./public-handlers.ts')).publicHandlers,
  cases: async () => (await import('./case-handlers.ts')).caseHandlers,
  hearings: async () => (await import('./hearing-handlers.ts')).hearingHandlers,
  protection: async () => ({
    ...(await import('./protection-handlers.ts')).protectionHandlers,
    ...(await import('./measure-handlers.ts')).measureHandlers,
  }),
  vouchers: async () => (await import('./voucher-handlers.ts')).voucherHandlers,
  surveys: async () => (await import('./survey-handlers.ts')).surveyHandlers,
  places: async () => (await import('./place-handlers.ts')).placeHandlers,
  audit: async () => (await import('./audit-handlers.ts')).auditHandlers,
  alerts: async () => (await import('./alert-handlers.ts')).alertHandlers,
  notifications: async () => (await import('./notification-handlers.ts')).notificationHandlers,
};

const loaded = new Map<CoordinationContext, Promise<HandlerMap>>();

/** Loads a context once; a failed import is forgotten, so the next request tries again. */
function load(context: CoordinationContext): Promise<HandlerMap> {
  let handlers = loaded.get(context);
  if (!handlers) {
    handlers = contextHandlers[context]();
    handlers.catch(() => loaded.delete(context));
    loaded.set(context, handlers);
  }
  return handlers;
}

export const handler = createApiHandler(
  'coordination',
  routes,
  (route: TableRoute) => load(route.context as CoordinationContext),
  { bearer: verifyBearer },
);
