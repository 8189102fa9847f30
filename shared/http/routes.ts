// The route table: the single source of truth for the HTTP API. The CDK stack builds API Gateway routes from
// it, the local server routes with it, the OpenAPI document and the authorization tests are derived from it.
// Each bounded context keeps its routes in routes/<context>-routes.ts; this file only lists them.
import type { RouteDefinition } from './route.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { caseRoutes } from './routes/case-routes.ts';
import { publicRoutes } from './routes/public-routes.ts';

export const routes: readonly RouteDefinition[] = [
  ...publicRoutes,
  ...caseRoutes,
  ...auditRoutes,
] as RouteDefinition[];
