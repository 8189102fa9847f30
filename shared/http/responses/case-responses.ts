// What the case routes answer (caseView).
import * as z from 'zod/mini';
import { Ulid } from '../../domain/common-schemas.ts';
import { CASE_STATUSES, COUNTIES, LANGUAGES, PROCEEDINGS_STAGES } from '../../domain/enums.ts';
import { Instant, Version } from './common.ts';

const Person = z.object({ name: z.optional(z.string()), phone: z.optional(z.string()) });

/** A minor's representative: texted only while `safeToContact`; `tiedToOffender` keeps it false for good. */
const LegalRepresentative = z.extend(Person, {
  safeToContact: z.optional(z.boolean()),
  tiedToOffender: z.optional(z.boolean()),
});

/** Who is texted instead of an unsafe representative (a shelter worker, say). */
const SafeContact = z.extend(Person, { relation: z.optional(z.string()) });

/** `caseView`: a prosecutor reads phones masked (`+40 7** *** 456`), so `phone` is not always E.164. */
const ConsentHistory = z.array(
  z.object({
    given: z.boolean(),
    at: Instant,
    method: z.enum(['written', 'oral']),
    recordedBy: z.string(),
    note: z.optional(z.string()),
  }),
);

export const CaseResponse = z.object({
  id: Ulid,
  status: z.enum(CASE_STATUSES),
  version: Version,
  createdAt: Instant,
  updatedAt: Instant,
  closedAt: z.optional(Instant),
  coordinator: z.string(),
  county: z.enum(COUNTIES),
  prosecutorUnit: z.string(),
  criminalCaseNumber: z.string(),
  victim: z.object({
    pseudonym: z.string(),
    fullName: z.optional(z.string()),
    phone: z.optional(z.string()),
    language: z.enum(LANGUAGES),
    birthYear: z.optional(z.number().check(z.int())),
    ageUncertainTreatAsMinor: z.optional(z.boolean()),
    nationality: z.optional(z.string()),
    channel: z.optional(z.enum(['sms', 'whatsapp'])),
    isMinor: z.boolean(),
    legalRepresentative: z.optional(LegalRepresentative),
    safeContact: z.optional(SafeContact),
  }),
  consents: z.object({ smsReminders: z.boolean(), feedbackSurveys: z.boolean() }),
  consentHistory: z.object({ smsReminders: ConsentHistory, feedbackSurveys: ConsentHistory }),
  participatesInProceedings: z.boolean(),
  proceedingsStage: z.enum(PROCEEDINGS_STAGES),
  erasedAt: z.optional(Instant),
  /**
   * GET /cases/{caseId} only: a STOP from one of the case's phones (null: none). `since` is the ISO week of the
   * STOP; `consents` stay as recorded, and no SMS reaches an opted-out phone until it sends START.
   */
  smsOptOut: z.optional(
    z.nullable(
      z.object({
        since: z.string().check(z.regex(/^\d{4}-W\d{2}$/)),
        recipients: z.array(z.enum(['victim', 'legal_representative', 'safe_contact'])),
      }),
    ),
  ),
  /** A duress word was agreed (PUT /cases/{caseId}/duress-word); the word itself is never returned. */
  duressWordSet: z.boolean(),
});

/** A note on a case; `text` is null once the case's personal data is erased. */
export const NoteResponse = z.object({
  id: z.string(),
  text: z.nullable(z.string()),
  createdAt: Instant,
  createdBy: z.string(),
  version: Version,
});

/** The victim's phone on its own (POST /cases/{caseId}/phone): null when the case has none. */
export const PhoneResponse = z.object({ phone: z.nullable(z.string()) });
