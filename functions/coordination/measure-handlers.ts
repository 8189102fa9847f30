// Protection measures (in force, due for review, reviewed, decided by a court) and waivers: parse (done by the
// middleware) -> call shared/ -> respond.
import { activeMeasureView, measureSummaryView, waiverView } from '../../shared/domain/protection.ts';
import type { ApiResult } from '../../shared/http/route.ts';
import {
  listMeasuresDue,
  readCaseProtection,
  readMeasure,
  recordCourtDecision,
  recordWaiver,
  reviewMeasure,
} from '../../shared/services/protection-service.ts';
import type { Req } from './protection-handlers.ts';

export const measureHandlers = {
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
