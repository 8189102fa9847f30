// What the protection routes answer: requests, the queue, active measures, waivers.
import * as z from 'zod/mini';
import { listOf, Ulid } from '../../domain/common-schemas.ts';
import {
  MEASURE_TYPES,
  PROTECTION_STAGES,
  RISK_AREAS,
  RISK_FACTORS,
  RISK_LEVELS,
  WITNESS_STATUSES,
} from '../../domain/enums.ts';
import { MEASURE_EVENTS, MEASURE_STATUSES, PROTECTION_REQUEST_STATUSES } from '../../domain/protection.ts';
import { Instant, LocalDate, Version } from './common.ts';

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

const OrdinanceOut = z.object({ number: z.string(), date: LocalDate });
const CourtOut = z.object({ court: z.string(), date: LocalDate, reference: z.string() });

/** A measure without free text: what a unit-wide list may show. */
const measureSummaryShape = {
  id: Ulid,
  type: Measure,
  status: z.enum(MEASURE_STATUSES),
  /** The measure's legal anchor (DOMAIN.md), e.g. "CPP 126(1)(b), 127(b)". */
  legalBasis: z.string(),
  stage: z.enum(PROTECTION_STAGES),
  outcome: z.enum(['confirmed', 'modified']),
  modifiedFrom: z.optional(Measure),
  reviewBy: z.nullable(LocalDate),
  requestId: Ulid,
  decidedAt: Instant,
  decidedBy: z.string(),
  witnessStatus: z.optional(z.enum(WITNESS_STATUSES)),
  threatenedWitnessOrdinance: z.optional(OrdinanceOut),
  court: z.optional(z.object({ ...CourtOut.shape, outcome: z.enum(['ordered', 'refused']) })),
  endedAt: z.optional(Instant),
  replacedBy: z.optional(Ulid),
  version: Version,
};

const activeMeasureShape = {
  ...measureSummaryShape,
  reason: z.optional(z.string()),
  history: z.array(
    z.object({
      event: z.enum(MEASURE_EVENTS),
      at: Instant,
      by: z.string(),
      reason: z.optional(z.string()),
      ordinance: z.optional(OrdinanceOut),
      nextReviewBy: z.optional(LocalDate),
      modifiedTo: z.optional(Measure),
      replacedBy: z.optional(Ulid),
      court: z.optional(CourtOut),
    }),
  ),
};

/** One measure with its whole history (review, court decision). */
export const MeasureResponse = z.object({
  ...activeMeasureShape,
  /** After a review that modified the measure: the measure now in force in its place. */
  replacement: z.optional(z.object(activeMeasureShape)),
});

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
  /** In force. */
  items: z.array(z.object(activeMeasureShape)),
  /** Trial stage: proposed by the prosecutor, awaiting the court's order. */
  proposedToCourt: z.array(z.object(activeMeasureShape)),
  /** Lifted, replaced or refused: kept with their history. */
  ended: z.array(z.object(activeMeasureShape)),
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
  z.object({ caseId: Ulid, ...measureSummaryShape, reason: z.optional(z.never()) }),
);
