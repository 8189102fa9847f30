// The audit log, for admins.
import { listAudit } from '../../shared/data/audit-repository.ts';
import * as clock from '../../shared/domain/clock.ts';
import type { ApiResult, RequestOf } from '../../shared/http/route.ts';
import type { auditRoutes } from '../../shared/http/routes/audit-routes.ts';

type Req = RequestOf<typeof auditRoutes, 'listAudit'>;

export const auditHandlers = {
  listAudit: async (req: Req): Promise<ApiResult> => {
    const { from, to, ...rest } = req.query;
    const page = await listAudit({
      ...rest,
      from: from ? new Date(from).toISOString() : '2000-01-01T00:00:00.000Z',
      to: to ? new Date(to).toISOString() : clock.now().toISOString(),
    });
    return { status: 200, body: page };
  },
};
