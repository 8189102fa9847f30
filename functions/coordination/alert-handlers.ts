// Alerts, the duress word and a case's messages: parse (done by the middleware) -> authorize -> call shared/.
import { alertView } from '../../shared/domain/alert.ts';
import type { ApiResult, RequestOf } from '../../shared/http/route.ts';
import type { alertRoutes } from '../../shared/http/routes/alert-routes.ts';
import { acknowledgeAlert, listAlerts, listCaseAlerts } from '../../shared/services/alert-service.ts';
import {
  listMessagesOfCase,
  releaseHeldMessages,
  setDuressWord,
} from '../../shared/services/case-messages-service.ts';

type Req<Id extends (typeof alertRoutes)[number]['id']> = RequestOf<typeof alertRoutes, Id>;

export const alertHandlers = {
  listAlerts: async (req: Req<'listAlerts'>): Promise<ApiResult> => {
    const page = await listAlerts(req.principal, req.query);
    return { status: 200, body: { items: page.items.map(alertView), nextCursor: page.nextCursor } };
  },
  listCaseAlerts: async (req: Req<'listCaseAlerts'>): Promise<ApiResult> => {
    const page = await listCaseAlerts(req.principal, req.params.caseId, req.query);
    return { status: 200, body: { items: page.items.map(alertView), nextCursor: page.nextCursor } };
  },
  acknowledgeAlert: async (req: Req<'acknowledgeAlert'>): Promise<ApiResult> => {
    const { caseId, alertId } = req.params;
    const alert = await acknowledgeAlert(req.principal, caseId, alertId, req.ifMatch, req.body.note);
    return { status: 200, body: alertView(alert), version: alert.version };
  },
  setDuressWord: async (req: Req<'setDuressWord'>): Promise<ApiResult> => {
    // No ETag: a 204 names no resource body; the client reads the case again for its new version.
    await setDuressWord(req.principal, req.params.caseId, req.body.word);
    return { status: 204 };
  },
  releaseMessages: async (req: Req<'releaseMessages'>): Promise<ApiResult> => {
    const { record, released } = await releaseHeldMessages(req.principal, req.params.caseId, req.ifMatch);
    return { status: 200, body: { released, version: record.version }, version: record.version };
  },
  listCaseMessages: async (req: Req<'listCaseMessages'>): Promise<ApiResult> => {
    const page = await listMessagesOfCase(req.principal, req.params.caseId, req.query);
    return { status: 200, body: page };
  },
};
