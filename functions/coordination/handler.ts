// Lambda entry of the coordination API: cases, hearings, protection, vouchers, invitations, surveys, audit.
import { createApiHandler } from '../../shared/http/api-handler.ts';
import { auditHandlers } from './audit-handlers.ts';
import { caseHandlers } from './case-handlers.ts';
import { hearingHandlers } from './hearing-handlers.ts';
import { protectionHandlers } from './protection-handlers.ts';
import { publicHandlers } from './public-handlers.ts';
import { surveyHandlers } from './survey-handlers.ts';
import { voucherHandlers } from './voucher-handlers.ts';

export const handler = createApiHandler('coordination', {
  ...publicHandlers,
  ...caseHandlers,
  ...hearingHandlers,
  ...protectionHandlers,
  ...voucherHandlers,
  ...surveyHandlers,
  ...auditHandlers,
});
