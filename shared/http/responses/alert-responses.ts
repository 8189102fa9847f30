// What the alert, duress-word and case-message routes answer (issue 12, points 5-7).
import * as z from 'zod/mini';
import { ALERT_KINDS, ALERT_STATUSES } from '../../domain/alert.ts';
import { Ulid } from '../../domain/common-schemas.ts';
import { COUNTIES } from '../../domain/enums.ts';
import { MESSAGE_STATUSES, OUTBOX_KINDS } from '../../domain/outbox-message.ts';
import { RECIPIENT_ROLES } from '../../domain/recipient.ts';
import { Instant, Version } from './common.ts';

export const AlertResponse = z.object({
  id: Ulid,
  caseId: Ulid,
  county: z.enum(COUNTIES),
  kind: z.enum(ALERT_KINDS),
  urgent: z.boolean(),
  status: z.enum(ALERT_STATUSES),
  /** Who wrote, by role on the case; absent for delivery_failed. */
  from: z.optional(z.enum(RECIPIENT_ROLES)),
  /** What the person wrote; absent for delivery_failed. */
  text: z.optional(z.string()),
  messageId: z.optional(Ulid),
  createdAt: Instant,
  acknowledgedAt: z.optional(Instant),
  acknowledgedBy: z.optional(z.string()),
  note: z.optional(z.string()),
  version: Version,
});

export const ReleaseResponse = z.object({
  /** How many held messages went back to pending. */
  released: z.number().check(z.int(), z.nonnegative()),
  /** The case's new version (its ETag): the release changed it. */
  version: Version,
});

const INBOUND_KINDS = ['duress', 'help', 'message', 'stop', 'start'] as const;

export const CaseMessageResponse = z.object({
  id: Ulid,
  direction: z.enum(['out', 'in']),
  kind: z.enum([...OUTBOX_KINDS, ...INBOUND_KINDS]),
  /** An outbox status, or `received` for what a phone wrote. */
  status: z.enum([...MESSAGE_STATUSES, 'received']),
  sendAt: z.optional(Instant),
  sentAt: z.optional(Instant),
  deliveredAt: z.optional(Instant),
  /** A provider or rule code (21211, opted_out), never a text. */
  error: z.optional(z.string()),
  hearingId: z.optional(Ulid),
  /** Coordinators only: the text as sent or received. */
  body: z.optional(z.string()),
});
