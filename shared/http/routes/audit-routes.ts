// The audit log (admin).
import * as z from 'zod';
import { ListQuery, Ulid } from '../../domain/common-schemas.ts';
import { route } from '../route.ts';

export const AuditQuery = z.object({
  caseId: Ulid.optional(),
  actor: z.string().min(1).max(128).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  ...ListQuery,
});

export const auditRoutes = [
  route({
    id: 'listAudit',
    method: 'GET',
    path: '/audit',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['admin'], scoped: false },
    summary: 'Who read or changed what, when, with the request id',
    query: AuditQuery,
    successStatus: 200,
  }),
];
