// Lambda entry of the analyst exports. It has no grant on the CoordinationTable: it reads counters only.
import { verifyBearer } from '../../shared/auth/jwt-verifier.ts';
import { createApiHandler } from '../../shared/http/api-handler.ts';
import type { RouteDefinition } from '../../shared/http/route.ts';
import { exportRoutes } from '../../shared/http/routes/export-routes.ts';
import { exportHandlers } from './export-handlers.ts';

export const functionRoutes: readonly RouteDefinition[] = exportRoutes as RouteDefinition[];

export const handler = createApiHandler(
  'exports',
  functionRoutes,
  { ...exportHandlers },
  { bearer: verifyBearer },
);
