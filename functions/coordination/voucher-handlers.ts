// Compensation and voucher requests: parse (done by the middleware) -> call shared/ -> respond.

import type { VoucherRecord } from '../../shared/domain/voucher.ts';
import { voucherView } from '../../shared/domain/voucher.ts';
import type { ApiResult, RequestOf } from '../../shared/http/route.ts';
import type { voucherRoutes } from '../../shared/http/routes/voucher-routes.ts';
import {
  fileVoucher,
  listAwaitingIssue,
  listVouchers,
  readVoucher,
  recordDecision,
  recordExpiry,
  recordIssue,
  recordRedemption,
} from '../../shared/services/voucher-service.ts';

type Req<Id extends (typeof voucherRoutes)[number]['id']> = RequestOf<typeof voucherRoutes, Id>;

const one = (record: VoucherRecord, status = 200): ApiResult => ({
  status,
  body: voucherView(record),
  version: record.version,
});

export const voucherHandlers = {
  createVoucherRequest: async (req: Req<'createVoucherRequest'>): Promise<ApiResult> => {
    const record = await fileVoucher(req.principal, req.params.caseId, req.body);
    return {
      ...one(record, 201),
      headers: { location: `/cases/${record.caseId}/voucher-requests/${record.id}` },
    };
  },
  listVouchersAwaitingIssue: async (req: Req<'listVouchersAwaitingIssue'>): Promise<ApiResult> => {
    const page = await listAwaitingIssue(req.principal, req.query.limit, req.query.cursor);
    return { status: 200, body: { items: page.items.map(voucherView), nextCursor: page.nextCursor } };
  },
  listVoucherRequests: async (req: Req<'listVoucherRequests'>): Promise<ApiResult> => {
    const page = await listVouchers(req.principal, req.params.caseId, req.query.limit, req.query.cursor);
    return { status: 200, body: { items: page.items.map(voucherView), nextCursor: page.nextCursor } };
  },
  getVoucherRequest: async (req: Req<'getVoucherRequest'>): Promise<ApiResult> =>
    one(await readVoucher(req.principal, req.params.caseId, req.params.requestId)),
  decideVoucherRequest: async (req: Req<'decideVoucherRequest'>): Promise<ApiResult> => {
    const { caseId, requestId } = req.params;
    return one(await recordDecision(req.principal, caseId, requestId, req.ifMatch, req.body));
  },
  issueVoucher: async (req: Req<'issueVoucher'>): Promise<ApiResult> => {
    const { caseId, requestId } = req.params;
    return one(await recordIssue(req.principal, caseId, requestId, req.ifMatch, req.body));
  },
  redeemVoucher: async (req: Req<'redeemVoucher'>): Promise<ApiResult> => {
    const { caseId, requestId } = req.params;
    return one(await recordRedemption(req.principal, caseId, requestId, req.ifMatch, req.body));
  },
  expireVoucher: async (req: Req<'expireVoucher'>): Promise<ApiResult> => {
    const { caseId, requestId } = req.params;
    return one(await recordExpiry(req.principal, caseId, requestId, req.ifMatch));
  },
};
