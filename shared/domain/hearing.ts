// Hearings and the support each one needs (API.md "Hearings"): schemas, the record, and the pure rules on
// overlap, on which outbox messages a change causes, and on which programme indicators an outcome moves.
import * as z from 'zod/mini';
import { MINUTE_MS } from './bucharest-time.ts';
import { IsoDateTime, ListQuery, Ulid } from './common-schemas.ts';
import { ACCOMMODATIONS, HEARING_KINDS, HEARING_ROOMS } from './enums.ts';

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
  room: z.enum(HEARING_ROOMS),
  accommodations: Accommodations,
  interpreterLanguage: z.optional(InterpreterLanguage),
  transportNeeded: z.boolean(),
  remindVictim: z.boolean(),
};

export const CreateHearingBody = z.strictObject({
  ...HearingFields,
  room: z._default(HearingFields.room, 'standard'),
  accommodations: z._default(HearingFields.accommodations, []),
  transportNeeded: z._default(HearingFields.transportNeeded, false),
  remindVictim: z._default(HearingFields.remindVictim, true),
});
export type CreateHearingBody = z.output<typeof CreateHearingBody>;

export const PatchHearingBody = z
  .partial(
    z.strictObject({
      ...HearingFields,
      // null removes an optional field.
      publicLocation: z.nullable(PublicLocation),
      interpreterLanguage: z.nullable(InterpreterLanguage),
    }),
  )
  .check(z.refine((body) => Object.keys(body).length > 0, 'Name at least one field to change'));
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
  publicLocation?: string;
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

/** Where reminders go: a minor's legal representative when one is recorded (DESIGN.md), else the victim. */
export function reminderRecipient(
  victim: { phone?: string; legalRepresentative?: { phone?: string } },
  minor: boolean,
): string | undefined {
  if (minor && victim.legalRepresentative?.phone) return victim.legalRepresentative.phone;
  return victim.phone;
}

/** Whether the victim is to hear about this hearing by SMS at all. */
export function remindersWanted(
  caseConsents: { smsReminders: boolean },
  hearing: Pick<HearingRecord, 'remindVictim' | 'status'>,
  recipient: string | undefined,
): boolean {
  return caseConsents.smsReminders && hearing.remindVictim && hearing.status === 'scheduled' && !!recipient;
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
