// What each operation answers, as zod schemas: the OpenAPI document states them and the e2e suites validate
// every response against that document, so a view that gains, loses or retypes a field shows up there.
import * as z from 'zod/mini';
import { listOf, Ulid } from '../domain/common-schemas.ts';
import {
  ACCOMMODATIONS,
  CASE_STATUSES,
  COUNTIES,
  DAMAGE_HEADS,
  HEARING_KINDS,
  HEARING_ROOMS,
  LANGUAGES,
  MEASURE_TYPES,
  PROCEEDINGS_STAGES,
  PROTECTION_STAGES,
  RISK_AREAS,
  RISK_FACTORS,
  RISK_LEVELS,
  ROLES,
  VOUCHER_DOCUMENTS,
  VOUCHER_KINDS,
  VOUCHER_STATUSES,
  VOUCHER_USES,
  WITNESS_STATUSES,
} from '../domain/enums.ts';
import { HEARING_STATUSES } from '../domain/hearing.ts';
import { MESSAGE_STATUSES } from '../domain/outbox-message.ts';
import { PROTECTION_REQUEST_STATUSES } from '../domain/protection.ts';

/** Responses carry instants in UTC (`...Z`) whatever offset the request used (API.md "Conventions"). */
const Instant = z.iso.datetime();
const LocalDate = z.iso.date();
const Version = z.number().check(z.int(), z.gte(1));
const MoneyOut = z.object({ amount: z.number().check(z.int(), z.nonnegative()), currency: z.literal('RON') });

const Person = z.object({ name: z.optional(z.string()), phone: z.optional(z.string()) });

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
    isMinor: z.boolean(),
    legalRepresentative: z.optional(Person),
  }),
  consents: z.object({ smsReminders: z.boolean(), feedbackSurveys: z.boolean() }),
  participatesInProceedings: z.boolean(),
  proceedingsStage: z.enum(PROCEEDINGS_STAGES),
  erasedAt: z.optional(Instant),
});

const Reminder = z.object({
  id: Ulid,
  kind: z.enum([
    'reminder',
    'change_notice',
    'cancellation_notice',
    'survey_invitation',
    'survey_hint',
    'survey_thanks_default',
  ]),
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
  room: z.enum(HEARING_ROOMS),
  accommodations: z.array(z.enum(ACCOMMODATIONS)),
  interpreterLanguage: z.optional(z.string()),
  transportNeeded: z.boolean(),
  remindVictim: z.boolean(),
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

const Measure = z.enum(MEASURE_TYPES as unknown as [string, ...string[]]);

const MeasureDecisionOut = z.object({
  measure: Measure,
  outcome: z.enum(['confirmed', 'modified', 'rejected']),
  modifiedTo: z.optional(Measure),
  reviewBy: z.optional(LocalDate),
  reason: z.optional(z.string()),
});

export const ProtectionRequestResponse = z.object({
  id: Ulid,
  caseId: Ulid,
  status: z.enum(PROTECTION_REQUEST_STATUSES),
  stage: z.enum(PROTECTION_STAGES),
  urgent: z.boolean(),
  riskAssessment: z.object({
    factors: z.array(z.enum(RISK_FACTORS)),
    level: z.enum(RISK_LEVELS),
    summary: z.string(),
    areas: z.optional(z.array(z.enum(RISK_AREAS))),
  }),
  measures: z.array(z.object({ type: Measure, justification: z.string() })),
  createdAt: Instant,
  createdBy: z.string(),
  updatedAt: Instant,
  version: Version,
  decision: z.nullable(
    z.object({
      decidedAt: Instant,
      decidedBy: z.string(),
      witnessStatus: z.optional(z.enum(WITNESS_STATUSES)),
      decisions: z.array(MeasureDecisionOut),
    }),
  ),
});

/** A queue entry: enough to triage, no free text. */
export const ProtectionQueueItem = z.object({
  caseId: Ulid,
  requestId: Ulid,
  status: z.enum(PROTECTION_REQUEST_STATUSES),
  urgent: z.boolean(),
  level: z.enum(RISK_LEVELS),
  stage: z.enum(PROTECTION_STAGES),
  createdAt: Instant,
  measures: z.array(Measure),
});

const activeMeasureShape = {
  type: Measure,
  stage: z.enum(PROTECTION_STAGES),
  outcome: z.enum(['confirmed', 'modified']),
  modifiedFrom: z.optional(Measure),
  reason: z.optional(z.string()),
  reviewBy: z.nullable(LocalDate),
  requestId: Ulid,
  decidedAt: Instant,
  decidedBy: z.string(),
  witnessStatus: z.optional(z.enum(WITNESS_STATUSES)),
};

export const WaiverResponse = z.object({
  id: Ulid,
  /** null: every protection measure is waived (CPP 113(3)). */
  measures: z.nullable(z.array(Measure)),
  signedOn: LocalDate,
  legalRepresentativePresent: z.boolean(),
  note: z.optional(z.string()),
  recordedAt: Instant,
  recordedBy: z.string(),
  version: Version,
});

/** The case's protection at a glance: one page, so `nextCursor` is always null. */
export const CaseProtectionMeasuresResponse = z.object({
  items: z.array(z.object(activeMeasureShape)),
  rejected: z.array(
    z.object({
      requestId: Ulid,
      measure: Measure,
      reason: z.optional(z.string()),
      decidedAt: z.optional(Instant),
      decidedBy: z.optional(z.string()),
    }),
  ),
  waivers: z.array(WaiverResponse),
  nextCursor: z.null(),
});

/** Measures due for review: no reasons (free text) in a unit-wide list. */
export const MeasuresDueResponse = listOf(
  z.object({ caseId: Ulid, ...activeMeasureShape, reason: z.optional(z.never()) }),
);

/** One recorded step; the step's own details (dates, reference, amounts) travel with it. */
const VoucherHistoryEntry = z.looseObject({
  step: z.string(),
  at: Instant,
  by: z.string(),
});

export const VoucherResponse = z.object({
  id: Ulid,
  caseId: Ulid,
  kind: z.enum(VOUCHER_KINDS),
  status: z.enum(VOUCHER_STATUSES),
  amountRequested: MoneyOut,
  filedAt: z.string(),
  tribunal: z.string(),
  uses: z.optional(z.array(z.enum(VOUCHER_USES))),
  documents: z.array(z.enum(VOUCHER_DOCUMENTS)),
  damageHeads: z.optional(z.array(z.enum(DAMAGE_HEADS))),
  amountGranted: z.optional(MoneyOut),
  decidedAt: z.optional(z.string()),
  reference: z.optional(z.string()),
  issuedAt: z.optional(z.string()),
  distributor: z.optional(z.string()),
  validUntil: z.optional(LocalDate),
  hoursToIssue: z.optional(z.number()),
  withinTarget: z.optional(z.boolean()),
  redeemedAt: z.optional(z.string()),
  expiredAt: z.optional(z.string()),
  history: z.array(VoucherHistoryEntry),
  createdAt: Instant,
  createdBy: z.string(),
  updatedAt: Instant,
  version: Version,
});

const Localized = z.partialRecord(z.enum(LANGUAGES), z.string());

export const SurveyResponse = z.object({
  id: z.string(),
  version: Version,
  title: z.string(),
  languages: z.array(z.enum(LANGUAGES)),
  intro: Localized,
  questions: z.array(
    z.object({
      id: z.string(),
      type: z.enum(['scale', 'yes_no', 'choice', 'text']),
      min: z.optional(z.number().check(z.int())),
      max: z.optional(z.number().check(z.int())),
      choices: z.optional(z.array(z.string())),
      text: Localized,
    }),
  ),
  thanks: Localized,
  createdAt: Instant,
  /** SMS segments of each question's prompt, per language, so an admin can shorten the long ones. */
  segments: z.array(
    z.object({
      questionId: z.string(),
      segments: z.partialRecord(z.enum(LANGUAGES), z.number().check(z.int())),
    }),
  ),
});

export const SurveyListResponse = listOf(
  z.object({
    id: z.string(),
    title: z.string(),
    languages: z.array(z.enum(LANGUAGES)),
    latestVersion: Version,
  }),
);

export const AuditListResponse = listOf(
  z.object({
    id: Ulid,
    at: Instant,
    actor: z.string(),
    role: z.enum(ROLES),
    action: z.enum(['read', 'list', 'create', 'update', 'delete']),
    entity: z.string(),
    caseId: z.optional(Ulid),
    route: z.string(),
    requestId: z.string(),
    status: z.number().check(z.int()),
    reason: z.optional(z.string()),
  }),
);

/** The document at GET /openapi.json: stated as an object, its own schema is the OpenAPI 3.1 one. */
export const OpenApiDocument = z.looseObject({ openapi: z.string(), info: z.looseObject({}) });
