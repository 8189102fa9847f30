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
  participatesInProceedings: z.boolean(),
  proceedingsStage: z.enum(PROCEEDINGS_STAGES),
  erasedAt: z.optional(Instant),
});
