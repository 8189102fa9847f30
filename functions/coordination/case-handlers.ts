// Coordination files: parse (done by the middleware) -> authorize -> call shared/ -> respond.
import { caseView, noteView } from '../../shared/domain/case.ts';
import type { ApiResult, RequestOf } from '../../shared/http/route.ts';
import type { caseRoutes } from '../../shared/http/routes/case-routes.ts';
import {
  changeCase,
  closeCase,
  erasePersonalData,
  listVisibleCases,
  openCase,
  readCase,
  recordConsent,
  smsOptOutOf,
  transferCase,
} from '../../shared/services/case-service.ts';
import { addNote, listNotesOfCase } from '../../shared/services/note-service.ts';

type Req<Id extends (typeof caseRoutes)[number]['id']> = RequestOf<typeof caseRoutes, Id>;

export const caseHandlers = {
  createCase: async (req: Req<'createCase'>): Promise<ApiResult> => {
    const record = await openCase(req.principal, req.body);
    return {
      status: 201,
      body: caseView(record, req.principal),
      version: record.version,
      headers: { location: `/cases/${record.id}` },
      audit: { caseId: record.id },
    };
  },
  listCases: async (req: Req<'listCases'>): Promise<ApiResult> => {
    const page = await listVisibleCases(req.principal, req.query);
    return {
      status: 200,
      body: { items: page.items.map((c) => caseView(c, req.principal)), nextCursor: page.nextCursor },
    };
  },
  getCase: async (req: Req<'getCase'>): Promise<ApiResult> => {
    const record = await readCase(req.principal, req.params.caseId);
    const smsOptOut = await smsOptOutOf(record);
    return { status: 200, body: { ...caseView(record, req.principal), smsOptOut }, version: record.version };
  },
  revealPhone: async (req: Req<'revealPhone'>): Promise<ApiResult> => {
    const record = await readCase(req.principal, req.params.caseId);
    return { status: 200, body: { phone: record.victim.phone ?? null } };
  },
  patchCase: async (req: Req<'patchCase'>): Promise<ApiResult> => {
    const record = await changeCase(req.principal, req.params.caseId, req.ifMatch, req.body);
    return { status: 200, body: caseView(record, req.principal), version: record.version };
  },
  transferCase: async (req: Req<'transferCase'>): Promise<ApiResult> => {
    const record = await transferCase(req.principal, req.params.caseId, req.ifMatch, req.body);
    return { status: 200, body: caseView(record, req.principal), version: record.version };
  },
  recordConsent: async (req: Req<'recordConsent'>): Promise<ApiResult> => {
    const { caseId, purpose } = req.params;
    const record = await recordConsent(req.principal, caseId, purpose, req.ifMatch, req.body);
    return { status: 200, body: caseView(record, req.principal), version: record.version };
  },
  createNote: async (req: Req<'createNote'>): Promise<ApiResult> => {
    const record = await addNote(req.principal, req.params.caseId, req.body);
    return { status: 201, body: noteView(record), version: record.version };
  },
  listNotes: async (req: Req<'listNotes'>): Promise<ApiResult> => {
    const { limit, cursor } = req.query;
    const page = await listNotesOfCase(req.principal, req.params.caseId, limit, cursor);
    return { status: 200, body: { items: page.items.map(noteView), nextCursor: page.nextCursor } };
  },
  closeCase: async (req: Req<'closeCase'>): Promise<ApiResult> => {
    const record = await closeCase(req.principal, req.params.caseId, req.ifMatch, req.body.reason);
    return { status: 200, body: caseView(record, req.principal), version: record.version };
  },
  erasePersonalData: async (req: Req<'erasePersonalData'>): Promise<ApiResult> => {
    await erasePersonalData(req.principal, req.params.caseId);
    return { status: 204, audit: { reason: req.body.reason } };
  },
};
