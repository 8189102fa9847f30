// The audit log (admin).
import * as z from 'zod/mini';
import { ListQuery, Ulid } from '../../domain/common-schemas.ts';
import { AUDIT_ACTIONS, AuditListResponse } from '../responses/audit-responses.ts';
import { route } from '../route.ts';

export const AuditQuery = z.object({
  caseId: z.optional(Ulid),
  actor: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  from: z.optional(z.iso.datetime({ offset: true })),
  to: z.optional(z.iso.datetime({ offset: true })),
  /** Only this kind of access; a page may then hold fewer items than `limit`, and `nextCursor` goes on. */
  action: z.optional(z.enum(AUDIT_ACTIONS)),
  ...ListQuery,
});

export const auditRoutes = [
  route({
    id: 'listAudit',
    method: 'GET',
    path: '/audit',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['admin'] },
    summary: 'Who read or changed what, when, with the request id (by case, actor, action and period)',
    query: AuditQuery,
    response: AuditListResponse,
    successStatus: 200,
  }),
];
