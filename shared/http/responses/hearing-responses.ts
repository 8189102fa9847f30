// What the hearing routes answer (hearingView, with reminders where one hearing is read).
import * as z from 'zod/mini';
import { Ulid } from '../../domain/common-schemas.ts';
import { ACCOMMODATIONS, HEARING_KINDS, HEARING_ROOMS } from '../../domain/enums.ts';
import { HEARING_STATUSES } from '../../domain/hearing.ts';
import { MESSAGE_STATUSES, OUTBOX_KINDS } from '../../domain/outbox-message.ts';
import { NO_RECIPIENT_REASONS, RECIPIENT_ROLES } from '../../domain/recipient.ts';
import { Instant, Version } from './common.ts';

const Reminder = z.object({
  id: Ulid,
  kind: z.enum(OUTBOX_KINDS),
  sendAt: Instant,
  status: z.enum(MESSAGE_STATUSES),
  attempts: z.number().check(z.int(), z.nonnegative()),
  sentAt: z.optional(Instant),
  /** Twilio's last reported state (`delivered`, `undelivered`, ...). */
  deliveryStatus: z.optional(z.string()),
  error: z.optional(z.string()),
});

/** `hearingView`; `reminders` only where the operation reads them (one hearing, not a list). */
export const HearingResponse = z.object({
  id: Ulid,
  caseId: Ulid,
  pseudonym: z.string(),
  coordinator: z.string(),
  prosecutorUnit: z.string(),
  status: z.enum(HEARING_STATUSES),
  version: Version,
  startsAt: Instant,
  endsAt: Instant,
  durationMinutes: z.number().check(z.int()),
  kind: z.enum(HEARING_KINDS),
  publicLocation: z.optional(z.string()),
  /** A meeting point of the county (GET /places), when the hearing names one instead of free text. */
  placeId: z.optional(Ulid),
  room: z.enum(HEARING_ROOMS),
  accommodations: z.array(z.enum(ACCOMMODATIONS)),
  interpreterLanguage: z.optional(z.string()),
  transportNeeded: z.boolean(),
  remindVictim: z.boolean(),
  /** Who the reminders go to (a role, never the number), or null when nobody may be texted. */
  reminderRecipient: z.optional(z.nullable(z.enum(RECIPIENT_ROLES))),
  /** Why nobody is texted: the coordinator phones instead. */
  reminderRecipientReason: z.optional(
    z.enum(['reminders_off', 'no_consent', ...NO_RECIPIENT_REASONS] as const),
  ),
  createdAt: Instant,
  updatedAt: Instant,
  cancelledAt: z.optional(Instant),
  outcome: z.optional(
    z.object({
      attended: z.boolean(),
      heardInSpecialRoom: z.boolean(),
      heardRemotely: z.boolean(),
      /** Coordinators and admins only. */
      notes: z.optional(z.string()),
      recordedAt: Instant,
    }),
  ),
  reminders: z.optional(z.array(Reminder)),
});
