// What the audit route answers.
import * as z from 'zod/mini';
import { listOf, Ulid } from '../../domain/common-schemas.ts';
import { ROLES } from '../../domain/enums.ts';
import { Instant } from './common.ts';

/** What an audit item records was done; the list can be filtered by it. */
export const AUDIT_ACTIONS = ['read', 'list', 'create', 'update', 'delete'] as const;

export const AuditListResponse = listOf(
  z.object({
    id: Ulid,
    at: Instant,
    actor: z.string(),
    role: z.enum(ROLES),
    action: z.enum(AUDIT_ACTIONS),
    entity: z.string(),
    caseId: z.optional(Ulid),
    route: z.string(),
    requestId: z.string(),
    status: z.number().check(z.int()),
    reason: z.optional(z.string()),
  }),
);
