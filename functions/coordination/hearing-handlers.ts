// Hearings: parse (done by the middleware) -> authorize -> call shared/ -> respond.
import type { ApiResult, RequestOf } from '../../shared/http/route.ts';
import type { hearingRoutes } from '../../shared/http/routes/hearing-routes.ts';
import {
  cancelHearing,
  changeHearing,
  getHearing,
  hearingCalendar,
  hearingCalendarIcs,
  hearingView,
  listHearingsOfCase,
  recordOutcome,
  scheduleHearing,
} from '../../shared/services/hearing-service.ts';

type Req<Id extends (typeof hearingRoutes)[number]['id']> = RequestOf<typeof hearingRoutes, Id>;

export const hearingHandlers = {
  createHearing: async (req: Req<'createHearing'>): Promise<ApiResult> => {
    const { hearing, reminders, recipient } = await scheduleHearing(
      req.principal,
      req.params.caseId,
      req.body,
      req.query,
    );
    return {
      status: 201,
      body: hearingView(hearing, req.principal, reminders, recipient),
      version: hearing.version,
      headers: { location: `/cases/${hearing.caseId}/hearings/${hearing.id}` },
    };
  },
  listCaseHearings: async (req: Req<'listCaseHearings'>): Promise<ApiResult> => {
    const page = await listHearingsOfCase(req.principal, req.params.caseId, req.query);
    return {
      status: 200,
      body: {
        items: page.items.map((h) => hearingView(h.hearing, req.principal, h.reminders, h.recipient)),
        nextCursor: page.nextCursor,
      },
    };
  },
  getHearing: async (req: Req<'getHearing'>): Promise<ApiResult> => {
    const { hearing, reminders, recipient } = await getHearing(
      req.principal,
      req.params.caseId,
      req.params.hearingId,
    );
    return {
      status: 200,
      body: hearingView(hearing, req.principal, reminders, recipient),
      version: hearing.version,
    };
  },
  patchHearing: async (req: Req<'patchHearing'>): Promise<ApiResult> => {
    const { caseId, hearingId } = req.params;
    const { hearing, reminders, recipient } = await changeHearing(
      req.principal,
      caseId,
      hearingId,
      req.ifMatch,
      req.body,
      req.query,
    );
    return {
      status: 200,
      body: hearingView(hearing, req.principal, reminders, recipient),
      version: hearing.version,
    };
  },
  cancelHearing: async (req: Req<'cancelHearing'>): Promise<ApiResult> => {
    const { caseId, hearingId } = req.params;
    const { hearing, reminders, recipient } = await cancelHearing(
      req.principal,
      caseId,
      hearingId,
      req.ifMatch,
    );
    return {
      status: 200,
      body: hearingView(hearing, req.principal, reminders, recipient),
      version: hearing.version,
    };
  },
  recordHearingOutcome: async (req: Req<'recordHearingOutcome'>): Promise<ApiResult> => {
    const { caseId, hearingId } = req.params;
    const { hearing, reminders, recipient } = await recordOutcome(
      req.principal,
      caseId,
      hearingId,
      req.ifMatch,
      req.body,
    );
    return {
      status: 200,
      body: hearingView(hearing, req.principal, reminders, recipient),
      version: hearing.version,
    };
  },
  hearingCalendar: async (req: Req<'hearingCalendar'>): Promise<ApiResult> => {
    const page = await hearingCalendar(req.principal, req.query);
    return {
      status: 200,
      body: { items: page.items.map((h) => hearingView(h, req.principal)), nextCursor: page.nextCursor },
    };
  },
  hearingCalendarIcs: async (req: Req<'hearingCalendarIcs'>): Promise<ApiResult> => {
    const text = await hearingCalendarIcs(req.principal, req.query);
    return { status: 200, text, contentType: 'text/calendar; charset=utf-8' };
  },
};
