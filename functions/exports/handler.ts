// Lambda entry of the analyst exports. It has no grant on the CoordinationTable: it reads counters only.
import { verifyBearer } from '../../shared/auth/jwt-verifier.ts';
import { createApiHandler, type RouteModule } from '../../shared/http/api-handler.ts';
import type { RouteDefinition } from '../../shared/http/route.ts';
import { exportRoutes } from '../../shared/http/routes/export-routes.ts';
import { exportHandlers } from './export-handlers.ts';

export const routeModule: RouteModule = {
  routes: exportRoutes as readonly RouteDefinition[],
  handlers: exportHandlers,
};

export const handler = createApiHandler('exports', routeModule.routes, () => routeModule.handlers, {
  bearer: verifyBearer,
});
