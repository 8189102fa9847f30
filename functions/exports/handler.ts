// Lambda entry of the analyst exports. It has no grant on the CoordinationTable: it reads counters only.
import { createApiHandler } from '../../shared/http/api-handler.ts';
import { exportHandlers } from './export-handlers.ts';

export const handler = createApiHandler('exports', {
  ...exportHandlers,
});
