// Lambda entry of the coordination API: cases, hearings, protection, vouchers, invitations, surveys, audit.
import { verifyBearer } from '../../shared/auth/jwt-verifier.ts';
import { createApiHandler } from '../../shared/http/api-handler.ts';
import type { RouteDefinition } from '../../shared/http/route.ts';
import { auditRoutes } from '../../shared/http/routes/audit-routes.ts';
import { caseRoutes } from '../../shared/http/routes/case-routes.ts';
import { hearingRoutes } from '../../shared/http/routes/hearing-routes.ts';
import { protectionRoutes } from '../../shared/http/routes/protection-routes.ts';
import { publicRoutes } from '../../shared/http/routes/public-routes.ts';
import { surveyRoutes } from '../../shared/http/routes/survey-routes.ts';
import { voucherRoutes } from '../../shared/http/routes/voucher-routes.ts';
import { auditHandlers } from './audit-handlers.ts';
import { caseHandlers } from './case-handlers.ts';
import { hearingHandlers } from './hearing-handlers.ts';
import { protectionHandlers } from './protection-handlers.ts';
import { publicHandlers } from './public-handlers.ts';
import { surveyHandlers } from './survey-handlers.ts';
import { voucherHandlers } from './voucher-handlers.ts';

export const functionRoutes: readonly RouteDefinition[] = [
  ...publicRoutes,
  ...caseRoutes,
  ...hearingRoutes,
  ...protectionRoutes,
  ...voucherRoutes,
  ...surveyRoutes,
  ...auditRoutes,
] as RouteDefinition[];

export const handler = createApiHandler(
  'coordination',
  functionRoutes,
  {
    ...publicHandlers,
    ...caseHandlers,
    ...hearingHandlers,
    ...protectionHandlers,
    ...voucherHandlers,
    ...surveyHandlers,
    ...auditHandlers,
  },
  { bearer: verifyBearer },
);
