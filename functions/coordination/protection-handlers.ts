// Protection requests and measures: parse (done by the middleware) -> call shared/ -> respond.
import {
  activeMeasureView,
  measureSummaryView,
  protectionQueueView,
  protectionRequestView,
  waiverView,
} from '../../shared/domain/protection.ts';
import type { ApiResult, RequestOf } from '../../shared/http/route.ts';
import type { protectionRoutes } from '../../shared/http/routes/protection-routes.ts';
import {
  decideProtectionRequest,
  fileProtectionRequest,
  listMeasuresDue,
  listProtectionQueueFor,
  listProtectionRequestsOfCase,
  readCaseProtection,
  readMeasure,
  readProtectionRequest,
  recordCourtDecision,
  recordWaiver,
  reviewMeasure,
} from '../../shared/services/protection-service.ts';

type Req<Id extends (typeof protectionRoutes)[number]['id']> = RequestOf<typeof protectionRoutes, Id>;

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
  listCaseProtectionMeasures: async (req: Req<'listCaseProtectionMeasures'>): Promise<ApiResult> => {
    const { active, proposed, ended, rejected, waivers } = await readCaseProtection(
      req.principal,
      req.params.caseId,
    );
    return {
      status: 200,
      body: {
        items: active.map(activeMeasureView),
        proposedToCourt: proposed.map(activeMeasureView),
        ended: ended.map(activeMeasureView),
        rejected,
        waivers: waivers.map(waiverView),
        nextCursor: null,
      },
    };
  },
  listMeasuresDue: async (req: Req<'listMeasuresDue'>): Promise<ApiResult> => {
    const { before, limit, cursor } = req.query;
    const page = await listMeasuresDue(req.principal, before, limit, cursor);
    const items = page.items.map((m) => ({ caseId: m.caseId, ...measureSummaryView(m) }));
    return { status: 200, body: { items, nextCursor: page.nextCursor } };
  },
  getProtectionMeasure: async (req: Req<'getProtectionMeasure'>): Promise<ApiResult> => {
    const record = await readMeasure(req.principal, req.params.caseId, req.params.measureId);
    return { status: 200, body: activeMeasureView(record), version: record.version };
  },
  reviewProtectionMeasure: async (req: Req<'reviewProtectionMeasure'>): Promise<ApiResult> => {
    const { caseId, measureId } = req.params;
    const { reviewed, replacement } = await reviewMeasure(
      req.principal,
      caseId,
      measureId,
      req.ifMatch,
      req.body,
    );
    const body = {
      ...activeMeasureView(reviewed),
      replacement: replacement && activeMeasureView(replacement),
    };
    return { status: 200, body, version: reviewed.version };
  },
  recordCourtDecision: async (req: Req<'recordCourtDecision'>): Promise<ApiResult> => {
    const { caseId, measureId } = req.params;
    const record = await recordCourtDecision(req.principal, caseId, measureId, req.ifMatch, req.body);
    return { status: 200, body: activeMeasureView(record), version: record.version };
  },
  createProtectionWaiver: async (req: Req<'createProtectionWaiver'>): Promise<ApiResult> => {
    const record = await recordWaiver(req.principal, req.params.caseId, req.body);
    return { status: 201, body: waiverView(record), version: record.version };
  },
};
