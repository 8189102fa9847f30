// Lambda entry of the coordination API: cases, hearings, protection, vouchers, surveys, audit. Each context's
// routes, schemas and services load on its first request, so a cold start pays for one context, not seven.
import { verifyBearer } from '../../shared/auth/jwt-verifier.ts';
import { createApiHandler, type RouteModule } from '../../shared/http/api-handler.ts';
import type { RouteDefinition } from '../../shared/http/route.ts';

const asRoutes = (routes: readonly unknown[]) => routes as readonly RouteDefinition[];

export const contexts = {
  public: async (): Promise<RouteModule> => {
    const [{ publicRoutes }, { publicHandlers }] = await Promise.all([
      import('../../shared/http/routes/public-routes.ts'),
      import('./public-handlers.ts'),
    ]);
    return { routes: asRoutes(publicRoutes), handlers: publicHandlers };
  },
  cases: async (): Promise<RouteModule> => {
    const [{ caseRoutes }, { caseHandlers }] = await Promise.all([
      import('../../shared/http/routes/case-routes.ts'),
      import('./case-handlers.ts'),
    ]);
    return { routes: asRoutes(caseRoutes), handlers: caseHandlers };
  },
  hearings: async (): Promise<RouteModule> => {
    const [{ hearingRoutes }, { hearingHandlers }] = await Promise.all([
      import('../../shared/http/routes/hearing-routes.ts'),
      import('./hearing-handlers.ts'),
    ]);
    return { routes: asRoutes(hearingRoutes), handlers: hearingHandlers };
  },
  protection: async (): Promise<RouteModule> => {
    const [{ protectionRoutes }, { protectionHandlers }] = await Promise.all([
      import('../../shared/http/routes/protection-routes.ts'),
      import('./protection-handlers.ts'),
    ]);
    return { routes: asRoutes(protectionRoutes), handlers: protectionHandlers };
  },
  vouchers: async (): Promise<RouteModule> => {
    const [{ voucherRoutes }, { voucherHandlers }] = await Promise.all([
      import('../../shared/http/routes/voucher-routes.ts'),
      import('./voucher-handlers.ts'),
    ]);
    return { routes: asRoutes(voucherRoutes), handlers: voucherHandlers };
  },
  surveys: async (): Promise<RouteModule> => {
    const [{ surveyRoutes }, { surveyHandlers }] = await Promise.all([
      import('../../shared/http/routes/survey-routes.ts'),
      import('./survey-handlers.ts'),
    ]);
    return { routes: asRoutes(surveyRoutes), handlers: surveyHandlers };
  },
  places: async (): Promise<RouteModule> => {
    const [{ placeRoutes }, { placeHandlers }] = await Promise.all([
      import('../../shared/http/routes/place-routes.ts'),
      import('./place-handlers.ts'),
    ]);
    return { routes: asRoutes(placeRoutes), handlers: placeHandlers };
  },
  audit: async (): Promise<RouteModule> => {
    const [{ auditRoutes }, { auditHandlers }] = await Promise.all([
      import('../../shared/http/routes/audit-routes.ts'),
      import('./audit-handlers.ts'),
    ]);
    return { routes: asRoutes(auditRoutes), handlers: auditHandlers };
  },
};

export type CoordinationContext = keyof typeof contexts;

/** The context a route key belongs to, from its path (a test checks every route lands in its own context). */
export function contextOf(routeKey: string): CoordinationContext {
  const path = routeKey.slice(routeKey.indexOf(' ') + 1);
  if (path === '/health' || path === '/openapi.json') return 'public';
  if (path.startsWith('/audit')) return 'audit';
  if (path.startsWith('/places')) return 'places';
  if (path.startsWith('/surveys') || path.includes('/survey-invitations')) return 'surveys';
  if (path.startsWith('/hearings') || path.includes('/hearings')) return 'hearings';
  if (path.startsWith('/protection-') || path.includes('/protection-')) return 'protection';
  if (path.includes('/voucher-requests')) return 'vouchers';
  return 'cases';
}

const loaded = new Map<CoordinationContext, Promise<RouteModule>>();

function load(context: CoordinationContext): Promise<RouteModule> {
  let module = loaded.get(context);
  if (!module) {
    module = contexts[context]();
    module.catch(() => loaded.delete(context));
    loaded.set(context, module);
  }
  return module;
}

export const handler = createApiHandler('coordination', (routeKey) => load(contextOf(routeKey)), {
  bearer: verifyBearer,
});
