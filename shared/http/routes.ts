// The route table: the only place routing is decided. Each route names the function that serves it (its
// `fn`) and belongs to one context (the group it is listed in here). The CDK stack builds API Gateway routes
// from the deployed entries, the local server routes with all of them, the coordination function loads a
// context's handlers by it, and the OpenAPI document and the authorization tests are derived from it.
// Each bounded context keeps its routes in routes/<context>-routes.ts; this file only groups them.
import type { RouteDefinition, RouteFunction } from './route.ts';
import { alertRoutes } from './routes/alert-routes.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { caseRoutes } from './routes/case-routes.ts';
import { exportRoutes } from './routes/export-routes.ts';
import { hearingRoutes } from './routes/hearing-routes.ts';
import { localRoutes } from './routes/local-routes.ts';
import { notificationRoutes } from './routes/notification-routes.ts';
import { placeRoutes } from './routes/place-routes.ts';
import { protectionRoutes } from './routes/protection-routes.ts';
import { publicRoutes } from './routes/public-routes.ts';
import { smsRoutes } from './routes/sms-routes.ts';
import { surveyRoutes } from './routes/survey-routes.ts';
import { voucherRoutes } from './routes/voucher-routes.ts';

/** Function -> context -> routes. A context is what the coordination function loads on its first request. */
export const routeTable = {
  coordination: {
    public: publicRoutes,
    cases: caseRoutes,
    hearings: hearingRoutes,
    places: placeRoutes,
    protection: protectionRoutes,
    vouchers: voucherRoutes,
    audit: auditRoutes,
    surveys: surveyRoutes,
    alerts: alertRoutes,
    notifications: notificationRoutes,
  },
  sms: { sms: smsRoutes },
  exports: { exports: exportRoutes },
  local: { local: localRoutes },
} satisfies Record<RouteFunction, Record<string, readonly RouteDefinition[]>>;

/** The contexts of one function: `ContextOf<'coordination'>` is 'public' | 'cases' | ... */
export type ContextOf<F extends RouteFunction> = keyof (typeof routeTable)[F] & string;
export type RouteContext = { [F in RouteFunction]: ContextOf<F> }[RouteFunction];

/** An entry of the table: the route with the context it is listed in. */
export interface TableRoute extends RouteDefinition {
  context: RouteContext;
}

export const routes: readonly TableRoute[] = Object.entries(routeTable).flatMap(([fn, contexts]) =>
  Object.entries(contexts as Record<string, readonly RouteDefinition[]>).flatMap(([context, list]) =>
    list.map((route) => {
      // A route listed under another function than the one it names would be served by neither.
      if (route.fn !== fn) throw new Error(`route ${route.id} names ${route.fn} but is listed under ${fn}`);
      return { ...route, context: context as RouteContext };
    }),
  ),
);
