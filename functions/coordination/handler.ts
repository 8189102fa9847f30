// Lambda entry of the coordination API: cases, hearings, protection, vouchers, invitations, surveys, audit.
import { createApiHandler } from '../../shared/http/api-handler.ts';
import { auditHandlers } from './audit-handlers.ts';
import { caseHandlers } from './case-handlers.ts';
import { publicHandlers } from './public-handlers.ts';

export const handler = createApiHandler('coordination', {
  ...publicHandlers,
  ...caseHandlers,
  ...auditHandlers,
});
