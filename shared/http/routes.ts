// The route table: the single source of truth for the HTTP API. The CDK stack builds API Gateway routes from
// it, the local server routes with it, the OpenAPI document and the authorization tests are derived from it.
// Each bounded context keeps its routes in routes/<context>-routes.ts; this file only lists them.
import type { RouteDefinition } from './route.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { caseRoutes } from './routes/case-routes.ts';
import { exportRoutes } from './routes/export-routes.ts';
import { hearingRoutes } from './routes/hearing-routes.ts';
import { placeRoutes } from './routes/place-routes.ts';
import { protectionRoutes } from './routes/protection-routes.ts';
import { publicRoutes } from './routes/public-routes.ts';
import { smsRoutes } from './routes/sms-routes.ts';
import { surveyRoutes } from './routes/survey-routes.ts';
import { voucherRoutes } from './routes/voucher-routes.ts';

export const routes: readonly RouteDefinition[] = [
  ...publicRoutes,
  ...caseRoutes,
  ...hearingRoutes,
  ...placeRoutes,
  ...protectionRoutes,
  ...voucherRoutes,
  ...auditRoutes,
  ...surveyRoutes,
  ...smsRoutes,
  ...exportRoutes,
] as RouteDefinition[];
