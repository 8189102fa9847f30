// Hearings and the support each one needs (API.md "Hearings"): schemas, the record, and the pure rules on
// overlap, on which outbox messages a change causes, and on which programme indicators an outcome moves.
import * as z from 'zod/mini';
import { MINUTE_MS } from './bucharest-time.ts';
import type { CaseRecord } from './case.ts';
import { IsoDateTime, ListQuery, Ulid } from './common-schemas.ts';
import { ACCOMMODATIONS, HEARING_KINDS, HEARING_ROOMS } from './enums.ts';
import { type NoRecipientReason, type RecipientRole, recipientFor } from './recipient.ts';

export const HEARING_STATUSES = ['scheduled', 'cancelled', 'completed'] as const;
export type HearingStatus = (typeof HEARING_STATUSES)[number];

export const MIN_DURATION_MINUTES = 15;
/** Also the look-back of the overlap query: no hearing that began earlier than this can still be running. */
export const MAX_DURATION_MINUTES = 720;
/** The SMS templates' segment budget is written for this length (shared/sms/templates.ts). */
export const PUBLIC_LOCATION_MAX = 40;

// Interpreters are found for languages the SMS templates do not cover (Arabic, Vietnamese, Romani...), so
// any ISO 639-1 or 639-3 code is accepted here, unlike the victim's SMS language.
const InterpreterLanguage = z
  .string()
  .check(z.regex(/^[a-z]{2,3}$/, 'Must be an ISO 639 language code, like uk or ar'));

const PublicLocation = z.pipe(
  z.pipe(
    z.string(),
    z.transform((s: string) => s.replace(/[\s\p{Cc}]+/gu, ' ').trim()),
  ),
  z.string().check(z.minLength(1), z.maxLength(PUBLIC_LOCATION_MAX)),
);

const Accommodations = z.array(z.enum(ACCOMMODATIONS)).check(
  z.maxLength(ACCOMMODATIONS.length),
  z.refine((list) => new Set(list).size === list.length, 'Name each accommodation once'),
);

const HearingFields = {
  startsAt: IsoDateTime,
  durationMinutes: z.number().check(z.int(), z.gte(MIN_DURATION_MINUTES), z.lte(MAX_DURATION_MINUTES)),
  kind: z.enum(HEARING_KINDS),
  /** The only text that may ever appear in an SMS; checked against the forbidden words by the service. */
  publicLocation: z.optional(PublicLocation),
  /** A meeting point of the county (POST /places) instead of free text: the coordinator meets the victim there. */
  placeId: z.optional(Ulid),
  room: z.enum(HEARING_ROOMS),
  accommodations: Accommodations,
  interpreterLanguage: z.optional(InterpreterLanguage),
  transportNeeded: z.boolean(),
  remindVictim: z.boolean(),
};

const onePlace = z.refine(
  (body: unknown) => {
    const { publicLocation, placeId } = body as { publicLocation?: unknown; placeId?: unknown };
    return publicLocation == null || placeId == null;
  },
  { message: 'Name either a placeId or a publicLocation, not both', path: ['placeId'] },
);

export const CreateHearingBody = z
  .strictObject({
    ...HearingFields,
    room: z._default(HearingFields.room, 'standard'),
    accommodations: z._default(HearingFields.accommodations, []),
    transportNeeded: z._default(HearingFields.transportNeeded, false),
    remindVictim: z._default(HearingFields.remindVictim, true),
  })
  .check(onePlace);
export type CreateHearingBody = z.output<typeof CreateHearingBody>;

export const PatchHearingBody = z
  .partial(
    z.strictObject({
      ...HearingFields,
      // null removes an optional field.
      publicLocation: z.nullable(PublicLocation),
      placeId: z.nullable(Ulid),
      interpreterLanguage: z.nullable(InterpreterLanguage),
    }),
  )
  .check(
    z.refine((body) => Object.keys(body).length > 0, 'Name at least one field to change'),
    onePlace,
  );
export type PatchHearingBody = z.output<typeof PatchHearingBody>;

export const OutcomeBody = z.strictObject({
  attended: z.boolean(),
  heardInSpecialRoom: z.boolean(),
  heardRemotely: z.boolean(),
  /** Personal data: stored encrypted. */
  notes: z.optional(z.string().check(z.trim(), z.maxLength(4000))),
});
export type OutcomeBody = z.output<typeof OutcomeBody>;

const stringBool = z.pipe(
  z.enum(['true', 'false']),
  z.transform((v: 'true' | 'false') => v === 'true'),
);
export const ConflictQuery = z.object({ allowConflict: z._default(stringBool, false) });

export const HearingParams = z.object({ caseId: Ulid, hearingId: Ulid });

export const CalendarQuery = z
  .object({
    from: z.optional(IsoDateTime),
    to: z.optional(IsoDateTime),
    ...ListQuery,
  })
  .check(z.refine((q) => !q.from || !q.to || q.from < q.to, { message: 'Must be after from', path: ['to'] }));

/** A hearing as the service holds it: notes already decrypted. */
export interface HearingRecord {
  id: string;
  caseId: string;
  /** Denormalised from the case so calendars never read the case: the pseudonym only, never a name. */
  pseudonym: string;
  county: string;
  prosecutorUnit: string;
  /** Whose calendar it is in: the coordinator who scheduled it. */
  coordinator: string;
  startsAt: string;
  durationMinutes: number;
  kind: (typeof HEARING_KINDS)[number];
  /** The text an SMS may show: free text, or the name of the meeting point `placeId` names. */
  publicLocation?: string;
  placeId?: string;
  room: (typeof HEARING_ROOMS)[number];
  accommodations: (typeof ACCOMMODATIONS)[number][];
  interpreterLanguage?: string;
  transportNeeded: boolean;
  remindVictim: boolean;
  status: HearingStatus;
  version: number;
  /**
   * The calendar feed's SEQUENCE: revisions that move or cancel it (see calendarSequence), not every write.
   * Absent on hearings written before the feed kept it, which read as 0.
   */
  sequence?: number;
  createdAt: string;
  updatedAt: string;
  cancelledAt?: string;
  outcome?: {
    attended: boolean;
    heardInSpecialRoom: boolean;
    heardRemotely: boolean;
    notes?: string;
    recordedAt: string;
  };
}

export function endsAt(hearing: Pick<HearingRecord, 'startsAt' | 'durationMinutes'>): string {
  return new Date(new Date(hearing.startsAt).getTime() + hearing.durationMinutes * MINUTE_MS).toISOString();
}

/**
 * The SEQUENCE (RFC 5545 §3.8.7.4) after a change: one more when the time, the length, the place or the status
 * changes, as a subscribed calendar must show it; unchanged for notes, support needs or outcomes. A
 * cancellation counts too: clients keep the copy with the highest SEQUENCE and may ignore a STATUS:CANCELLED
 * that does not raise it.
 */
export function calendarSequence(
  current: Pick<HearingRecord, 'sequence' | 'startsAt' | 'durationMinutes' | 'publicLocation' | 'status'>,
  next: Pick<HearingRecord, 'startsAt' | 'durationMinutes' | 'publicLocation' | 'status'>,
): number {
  const revised =
    next.startsAt !== current.startsAt ||
    next.durationMinutes !== current.durationMinutes ||
    next.publicLocation !== current.publicLocation ||
    (next.status === 'cancelled') !== (current.status === 'cancelled');
  const sequence = current.sequence ?? 0;
  return revised ? sequence + 1 : sequence;
}

/**
 * The start times a hearing overlapping [startsAt, startsAt + duration) can have: from MAX_DURATION before
 * its start (a longer hearing cannot exist) up to, not including, its end. The calendar index is queried
 * on this range, then `overlaps` decides.
 */
export function overlapQueryRange(startsAt: string, durationMinutes: number): { from: string; to: string } {
  const start = new Date(startsAt).getTime();
  return {
    from: new Date(start - MAX_DURATION_MINUTES * MINUTE_MS).toISOString(),
    to: new Date(start + durationMinutes * MINUTE_MS).toISOString(),
  };
}

export function overlaps(
  a: Pick<HearingRecord, 'startsAt' | 'durationMinutes'>,
  b: Pick<HearingRecord, 'startsAt' | 'durationMinutes'>,
): boolean {
  return a.startsAt < endsAt(b) && b.startsAt < endsAt(a);
}

/** Why a hearing texts nobody: asked not to, no consent, or the recipient rule names nobody (recipient.ts). */
export type NoReminderReason = 'reminders_off' | 'no_consent' | NoRecipientReason;

/**
 * Who hears about this hearing by SMS, as the hearing shows it: a role (never the number), or null with the
 * reason, so the coordinator knows to phone instead.
 */
export type ReminderRecipient =
  | { role: RecipientRole; phone: string }
  | { role: null; phone?: undefined; reason: NoReminderReason };

export function reminderRecipientOf(
  caseRecord: Pick<CaseRecord, 'consents' | 'victim'>,
  hearing: Pick<HearingRecord, 'remindVictim'>,
  now: Date,
): ReminderRecipient {
  if (!hearing.remindVictim) return { role: null, reason: 'reminders_off' };
  if (!caseRecord.consents.smsReminders) return { role: null, reason: 'no_consent' };
  return recipientFor('hearing', caseRecord, now);
}

/** Interpreting for a person who is not a Romanian national (indicator foreign_victims_with_interpreter). */
export function interpreterForForeignNational(
  hearing: Pick<HearingRecord, 'interpreterLanguage' | 'accommodations'>,
  nationality: string | undefined,
): boolean {
  const interpreted = !!hearing.interpreterLanguage || hearing.accommodations.includes('interpreter');
  return interpreted && nationality !== undefined && nationality !== 'RO';
}

/** The per-hearing indicators an outcome moves; a hearing the victim did not attend supported no one. */
export function outcomeIndicators(
  outcome: Pick<OutcomeBody, 'attended' | 'heardInSpecialRoom' | 'heardRemotely'>,
): ('hearings_supported' | 'hearings_in_special_room' | 'hearings_remote')[] {
  if (!outcome.attended) return [];
  return [
    'hearings_supported' as const,
    ...(outcome.heardInSpecialRoom ? (['hearings_in_special_room'] as const) : []),
    ...(outcome.heardRemotely ? (['hearings_remote'] as const) : []),
  ];
}
