// Protection requests (filed, listed, decided, queued): parse (done by the middleware) -> call shared/ ->
// respond. The measures they create are answered by measure-handlers.ts.
import { protectionQueueView, protectionRequestView } from '../../shared/domain/protection.ts';
import type { ApiResult, RequestOf } from '../../shared/http/route.ts';
import type { protectionRoutes } from '../../shared/http/routes/protection-routes.ts';
import {
  decideProtectionRequest,
  fileProtectionRequest,
  listProtectionQueueFor,
  listProtectionRequestsOfCase,
  readProtectionRequest,
} from '../../shared/services/protection-service.ts';

export type Req<Id extends (typeof protectionRoutes)[number]['id']> = RequestOf<typeof protectionRoutes, Id>;

export const protectionHandlers = {
  createProtectionRequest: async (req: Req<'createProtectionRequest'>): Promise<ApiResult> => {
    const record = await fileProtectionRequest(req.principal, req.params.caseId, req.body);
    return {
      status: 201,
      body: protectionRequestView(record),
      version: record.version,
      headers: { location: `/cases/${record.caseId}/protection-requests/${record.id}` },
    };
  },
  listCaseProtectionRequests: async (req: Req<'listCaseProtectionRequests'>): Promise<ApiResult> => {
    const { caseId } = req.params;
    const page = await listProtectionRequestsOfCase(req.principal, caseId, req.query.limit, req.query.cursor);
    return {
      status: 200,
      body: { items: page.items.map(protectionRequestView), nextCursor: page.nextCursor },
    };
  },
  getProtectionRequest: async (req: Req<'getProtectionRequest'>): Promise<ApiResult> => {
    const { caseId, requestId } = req.params;
    const record = await readProtectionRequest(req.principal, caseId, requestId);
    return { status: 200, body: protectionRequestView(record), version: record.version };
  },
  decideProtectionRequest: async (req: Req<'decideProtectionRequest'>): Promise<ApiResult> => {
    const { caseId, requestId } = req.params;
    const record = await decideProtectionRequest(req.principal, caseId, requestId, req.ifMatch, req.body);
    return { status: 200, body: protectionRequestView(record), version: record.version };
  },
  listProtectionQueue: async (req: Req<'listProtectionQueue'>): Promise<ApiResult> => {
    const { status, limit, cursor } = req.query;
    const page = await listProtectionQueueFor(req.principal, status, limit, cursor);
    return { status: 200, body: { items: page.items.map(protectionQueueView), nextCursor: page.nextCursor } };
  },
};
