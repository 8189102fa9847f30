// Protection requests (individual risk assessment + requested measures), the prosecutor's decision on them, and
// each measure's life after it (review, lift, the court's order at trial): schemas, rules, dates. Pure: no I/O.
import * as z from 'zod/mini';
import { IsoDate, ListQuery, Reason, Ulid } from './common-schemas.ts';
import {
  MEASURE_ANCHORS,
  MEASURE_TYPES,
  type MeasureType,
  PROTECTION_STAGES,
  type ProtectionStage,
  RISK_AREAS,
  RISK_FACTORS,
  RISK_LEVELS,
  type RiskFactor,
  type RiskLevel,
  WITNESS_STATUSES,
} from './enums.ts';
import { BusinessRuleError, ConflictError } from './errors.ts';
import { localDateOf, plusDays } from './local-date.ts';

export const PROTECTION_REQUEST_STATUSES = ['pending', 'decided'] as const;
export type ProtectionRequestStatus = (typeof PROTECTION_REQUEST_STATUSES)[number];

/** A list whose entries must be distinct; the duplicate is named in the 400. */
function uniqueList<T extends z.ZodMiniType>(item: T, what: string) {
  return z.array(item).check(
    z.superRefine((values, ctx) => {
      const seen = new Set<unknown>();
      values.forEach((value, index) => {
        if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [index], message: `Duplicate ${what}` });
        seen.add(value);
      });
    }),
  );
}

const MeasureRequest = z.strictObject({
  type: z.enum(MEASURE_TYPES),
  justification: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
});

export const CreateProtectionRequestBody = z.strictObject({
  stage: z.enum(PROTECTION_STAGES),
  /** Absent: derived from the assessment (isUrgent); present: the coordinator's word wins either way. */
  urgent: z.optional(z.boolean()),
  riskAssessment: z.strictObject({
    factors: uniqueList(z.enum(RISK_FACTORS), 'factor').check(z.minLength(1)),
    level: z.enum(RISK_LEVELS),
    summary: z.string().check(z.trim(), z.minLength(1), z.maxLength(4000)),
    areas: z.optional(uniqueList(z.enum(RISK_AREAS), 'area')),
  }),
  measures: z.array(MeasureRequest).check(
    z.minLength(1),
    z.maxLength(MEASURE_TYPES.length),
    z.superRefine((measures, ctx) => {
      const seen = new Set<string>();
      measures.forEach((m, index) => {
        if (seen.has(m.type))
          ctx.addIssue({ code: 'custom', path: [index, 'type'], message: 'Duplicate measure type' });
        seen.add(m.type);
      });
    }),
  ),
});
export type CreateProtectionRequestBody = z.infer<typeof CreateProtectionRequestBody>;

const MeasureDecision = z.discriminatedUnion('outcome', [
  z.strictObject({
    measure: z.enum(MEASURE_TYPES),
    outcome: z.literal('confirmed'),
    reviewBy: z.optional(IsoDate),
    /** Optional on a confirmation: the ordinance's grounds, when the prosecutor wants them on record. */
    reason: z.optional(Reason),
  }),
  z.strictObject({
    measure: z.enum(MEASURE_TYPES),
    outcome: z.literal('modified'),
    modifiedTo: z.enum(MEASURE_TYPES),
    reason: Reason,
    reviewBy: z.optional(IsoDate),
  }),
  z.strictObject({
    measure: z.enum(MEASURE_TYPES),
    outcome: z.literal('rejected'),
    reason: Reason,
  }),
]);
export type MeasureDecision = z.infer<typeof MeasureDecision>;

/** A prosecutor's ordinance as it is written on paper: its number and its date. */
export const Ordinance = z.strictObject({
  number: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)),
  date: IsoDate,
});
export type Ordinance = z.infer<typeof Ordinance>;

export const DecisionBody = z.strictObject({
  decisions: z.array(MeasureDecision).check(z.minLength(1), z.maxLength(MEASURE_TYPES.length)),
  /** Recorded once for the whole decision: it describes the person, not a measure. */
  witnessStatus: z.optional(z.enum(WITNESS_STATUSES)),
  /**
   * The reasoned ordinance granting the threatened-witness status: the measures of CPP art. 126(1)(a)-(d) go
   * with that status during prosecution, so confirming one of them needs it (DOMAIN.md "Protection measures").
   */
  threatenedWitnessOrdinance: z.optional(Ordinance),
});
export type DecisionBody = z.infer<typeof DecisionBody>;

export const WaiverBody = z.strictObject({
  /** The measures waived; absent means every protection measure (CPP 113(3)). */
  measures: z.optional(uniqueList(z.enum(MEASURE_TYPES), 'measure').check(z.minLength(1))),
  signedOn: IsoDate,
  legalRepresentativePresent: z.boolean(),
  note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))),
});
export type WaiverBody = z.infer<typeof WaiverBody>;

export const REVIEW_OUTCOMES = ['maintained', 'modified', 'lifted'] as const;

/** A prosecutor's periodic review of a measure in force (CPP art. 126(5): "at reasonable intervals"). */
export const ReviewBody = z
  .strictObject({
    outcome: z.enum(REVIEW_OUTCOMES),
    reason: Reason,
    /** The reasoned ordinance that maintains, modifies or lifts the measure. */
    ordinance: Ordinance,
    /** Absent: PROTECTION_REVIEW_DAYS after the review day (a reminder, not a cap). */
    nextReviewBy: z.optional(IsoDate),
    modifiedTo: z.optional(z.enum(MEASURE_TYPES)),
    /** Needed only when modifying into a CPP 126(1)(a)-(d) measure and none is on record for the measure. */
    threatenedWitnessOrdinance: z.optional(Ordinance),
  })
  .check(
    z.superRefine((body, ctx) => {
      if (body.outcome === 'modified' && body.modifiedTo === undefined) {
        ctx.addIssue({ code: 'custom', path: ['modifiedTo'], message: 'Required when modified' });
      }
      if (body.outcome !== 'modified' && body.modifiedTo !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['modifiedTo'], message: 'Only with outcome modified' });
      }
      if (body.outcome === 'lifted' && body.nextReviewBy !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['nextReviewBy'], message: 'A lifted measure is not reviewed' });
      }
    }),
  );
export type ReviewBody = z.infer<typeof ReviewBody>;

/** The court's order on a measure the prosecutor proposed at trial (CPP art. 128: the court orders, in chambers). */
export const CourtDecisionBody = z.strictObject({
  court: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  date: IsoDate,
  outcome: z.enum(['ordered', 'refused']),
  /** The court's reference (the încheiere's number). */
  reference: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  /** Optional: the court reviews what it ordered; a date here only puts the measure on the due list. */
  reviewBy: z.optional(IsoDate),
});
export type CourtDecisionBody = z.infer<typeof CourtDecisionBody>;

export const ProtectionRequestParams = z.object({ caseId: Ulid, requestId: Ulid });
export const MeasureParams = z.object({ caseId: Ulid, measureId: Ulid });
export const ProtectionQueueQuery = z.object({
  status: z._default(z.enum(PROTECTION_REQUEST_STATUSES), 'pending'),
  ...ListQuery,
});
export const DueMeasuresQuery = z.object({ before: z.optional(IsoDate), ...ListQuery });

/** A protection request as the service holds it: personal fields decrypted. */
export interface ProtectionRequestRecord {
  id: string;
  caseId: string;
  county: string;
  prosecutorUnit: string;
  status: ProtectionRequestStatus;
  stage: ProtectionStage;
  urgent: boolean;
  riskAssessment: {
    factors: RiskFactor[];
    level: RiskLevel;
    summary: string;
    areas?: (typeof RISK_AREAS)[number][];
  };
  measures: { type: MeasureType; justification: string }[];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  version: number;
  decision?: {
    decidedAt: string;
    decidedBy: string;
    witnessStatus?: (typeof WITNESS_STATUSES)[number];
    decisions: MeasureDecision[];
  };
}

/**
 * Where a measure stands: `active` (in force), `proposed_to_court` (trial stage: the prosecutor asked the court,
 * CPP art. 128), and the ends that keep their history: `lifted` (by review), `replaced` (a review modified it
 * into another measure, or a later decision put a newer measure of the same type in force), `refused` (by the court).
 */
export const MEASURE_STATUSES = ['active', 'proposed_to_court', 'lifted', 'replaced', 'refused'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

export const MEASURE_EVENTS = [
  'confirmed',
  'modified',
  'proposed_to_court',
  'ordered',
  'refused',
  'maintained',
  'lifted',
  'replaced',
] as const;

/** One step of a measure's life, as recorded; `reason` is free text (sealed at rest). */
export interface MeasureEvent {
  event: (typeof MEASURE_EVENTS)[number];
  at: string;
  by: string;
  reason?: string;
  ordinance?: Ordinance;
  nextReviewBy?: string;
  modifiedTo?: MeasureType;
  replacedBy?: string;
  court?: { court: string; date: string; reference: string };
}

/** A measure on a case through its whole life; at most one active measure of each type per case. */
export interface ActiveMeasureRecord {
  /** The measureId of the routes. */
  id: string;
  caseId: string;
  type: MeasureType;
  status: MeasureStatus;
  /** The measure's legal anchor (DOMAIN.md), recorded with it. */
  legalBasis: string;
  county: string;
  prosecutorUnit: string;
  stage: ProtectionStage;
  outcome: 'confirmed' | 'modified';
  /** The requested (or reviewed) type that the prosecutor replaced with this one. */
  modifiedFrom?: MeasureType;
  reason?: string;
  reviewBy?: string;
  requestId: string;
  decidedAt: string;
  decidedBy: string;
  witnessStatus?: (typeof WITNESS_STATUSES)[number];
  threatenedWitnessOrdinance?: Ordinance;
  /** The court's order at trial. */
  court?: { court: string; date: string; reference: string; outcome: 'ordered' | 'refused' };
  endedAt?: string;
  replacedBy?: string;
  history: MeasureEvent[];
  version: number;
}

export interface WaiverRecord {
  id: string;
  caseId: string;
  measures?: MeasureType[];
  signedOn: string;
  legalRepresentativePresent: boolean;
  note?: string;
  recordedAt: string;
  recordedBy: string;
  version: number;
}

/** Factors that, with a high level, put the victim in danger now (DOMAIN.md "Individual risk assessment"). */
const URGENT_FACTORS: readonly RiskFactor[] = ['threats_from_offender', 'offender_at_large'];

/** High risk with threats or the offender at large is urgent, unless the coordinator explicitly says otherwise. */
export function isUrgent(level: RiskLevel, factors: readonly RiskFactor[], explicit?: boolean): boolean {
  if (explicit !== undefined) return explicit;
  return level === 'high' && factors.some((f) => URGENT_FACTORS.includes(f));
}

/** closed_session_testimony is ordered by the court (CPP 127(c)): it cannot be asked for during prosecution. */
export function assertMeasuresFitStage(
  stage: ProtectionStage,
  types: readonly MeasureType[],
  path = 'measures',
) {
  const index = types.indexOf('closed_session_testimony');
  if (stage !== 'trial' && index >= 0) {
    throw new BusinessRuleError('closed_session_testimony can only be requested at the trial stage.', [
      { path: `${path}.${index}`, message: 'closed_session_testimony is trial only (CPP 127(c))' },
    ]);
  }
}

/**
 * Each requested measure decided exactly once, nothing else decided, and no two decisions ending in the same
 * active measure (a `modifiedTo` that is also confirmed would be written twice: reject one of them instead).
 */
export function assertDecisionComplete(
  requested: readonly MeasureType[],
  decisions: readonly MeasureDecision[],
  stage: ProtectionStage,
): void {
  const decided = new Set<MeasureType>();
  decisions.forEach((d, index) => {
    if (!requested.includes(d.measure)) {
      throw new BusinessRuleError(`${d.measure} was not requested, so it cannot be decided.`, [
        { path: `decisions.${index}.measure`, message: `${d.measure} was not requested` },
      ]);
    }
    if (decided.has(d.measure)) {
      throw new BusinessRuleError(`${d.measure} is decided twice.`, [
        { path: `decisions.${index}.measure`, message: `${d.measure} is decided twice` },
      ]);
    }
    decided.add(d.measure);
  });
  const missing = requested.filter((type) => !decided.has(type));
  if (missing.length > 0) {
    throw new BusinessRuleError(`Every requested measure needs a decision; missing: ${missing.join(', ')}.`, [
      ...missing.map((type) => ({ path: 'decisions', message: `${type} is not decided` })),
    ]);
  }
  const resulting = new Map<MeasureType, number>();
  decisions.forEach((d, index) => {
    if (d.outcome === 'rejected') return;
    const type = d.outcome === 'modified' ? d.modifiedTo : d.measure;
    if (d.outcome === 'modified' && d.modifiedTo === d.measure) {
      throw new BusinessRuleError(`${d.measure} is modified into itself; confirm it instead.`, [
        { path: `decisions.${index}.modifiedTo`, message: 'Must differ from measure' },
      ]);
    }
    if (resulting.has(type)) {
      throw new BusinessRuleError(`Two decisions end in the same measure ${type}; reject one of them.`, [
        { path: `decisions.${index}`, message: `${type} results from another decision too` },
      ]);
    }
    resulting.set(type, index);
  });
  assertMeasuresFitStage(stage, [...resulting.keys()], 'decisions');
}

/** The measures that go with the threatened-witness status during prosecution: CPP art. 126(1)(a)-(d). */
export const THREATENED_WITNESS_MEASURES: readonly MeasureType[] = [
  'home_guard_or_temp_housing',
  'escort_travel',
  'pseudonym_identity',
  'remote_av_distorted',
];

export function legalBasisOf(type: MeasureType): string {
  return MEASURE_ANCHORS[type];
}

/**
 * The review date of a measure put in force. During prosecution the prosecutor reviews "at reasonable
 * intervals" (CPP art. 126(5)): the default is `reviewDays` (configuration PROTECTION_REVIEW_DAYS) after the
 * decision, a reminder and not a cap, so a later date given by the prosecutor stands. At trial the court
 * reviews, so a date is kept only when one is given. A date before the decision day is refused.
 */
export function reviewDateFor(
  stage: ProtectionStage,
  decisionDay: string,
  given: string | undefined,
  path: string,
  reviewDays: number,
): string | undefined {
  if (given !== undefined && given < decisionDay) {
    throw new BusinessRuleError('A review date cannot be in the past.', [
      { path, message: `Must be ${decisionDay} or later` },
    ]);
  }
  if (stage !== 'prosecution') return given;
  return given ?? plusDays(decisionDay, reviewDays);
}

/** An ordinance is dated on or before the day it is recorded. */
function assertOrdinanceDated(ordinance: Ordinance | undefined, today: string, path: string): void {
  if (ordinance && ordinance.date > today) {
    throw new BusinessRuleError('An ordinance cannot be dated in the future.', [
      { path: `${path}.date`, message: `Must be ${today} or earlier` },
    ]);
  }
}

/** During prosecution, a CPP 126(1)(a)-(d) measure needs the threatened-witness ordinance to be put in force. */
function assertThreatenedWitnessOrdinance(
  stage: ProtectionStage,
  type: MeasureType,
  ordinance: Ordinance | undefined,
  path: string,
): void {
  if (stage === 'prosecution' && THREATENED_WITNESS_MEASURES.includes(type) && !ordinance) {
    throw new BusinessRuleError(
      `${type} goes with the threatened-witness status (CPP art. 126(1)(a)-(d)): give the ordinance granting it.`,
      [{ path, message: 'Required for a CPP 126(1)(a)-(d) measure: { number, date }' }],
    );
  }
}

/** A measure as a decision or review creates it, before the repository gives it its case's scope and version. */
export type NewMeasure = Omit<ActiveMeasureRecord, 'version' | 'county' | 'prosecutorUnit'>;

/** What a decision makes of a request: the measures it creates and the indicator moves it causes. */
export interface DecisionOutcome {
  /** Active (prosecution) or proposed_to_court (trial) measures. */
  active: NewMeasure[];
  /**
   * protection_measures_confirmed by type, counted when a measure becomes active, whoever orders it: here
   * only at prosecution (a trial-stage measure counts when the court orders it). A modified measure counts
   * as its modifiedTo type.
   */
  confirmedByType: Partial<Record<MeasureType, number>>;
  rejected: number;
}

export function applyDecision(
  request: Pick<ProtectionRequestRecord, 'id' | 'caseId' | 'stage' | 'measures'>,
  body: DecisionBody,
  decidedBy: string,
  decidedAt: string,
  decisionDay: string,
  reviewDays: number,
  newId: () => string,
): { outcome: DecisionOutcome; decisions: MeasureDecision[] } {
  assertDecisionComplete(
    request.measures.map((m) => m.type),
    body.decisions,
    request.stage,
  );
  assertOrdinanceDated(body.threatenedWitnessOrdinance, decisionDay, 'threatenedWitnessOrdinance');
  const outcome: DecisionOutcome = { active: [], confirmedByType: {}, rejected: 0 };
  const atTrial = request.stage === 'trial';
  const decisions = body.decisions.map((d, index): MeasureDecision => {
    if (d.outcome === 'rejected') {
      outcome.rejected += 1;
      return d;
    }
    const type = d.outcome === 'modified' ? d.modifiedTo : d.measure;
    assertThreatenedWitnessOrdinance(
      request.stage,
      type,
      body.threatenedWitnessOrdinance,
      'threatenedWitnessOrdinance',
    );
    const reviewBy = reviewDateFor(
      request.stage,
      decisionDay,
      d.reviewBy,
      `decisions.${index}.reviewBy`,
      reviewDays,
    );
    if (!atTrial) outcome.confirmedByType[type] = (outcome.confirmedByType[type] ?? 0) + 1;
    outcome.active.push({
      id: newId(),
      caseId: request.caseId,
      type,
      status: atTrial ? 'proposed_to_court' : 'active',
      legalBasis: legalBasisOf(type),
      stage: request.stage,
      outcome: d.outcome,
      modifiedFrom: d.outcome === 'modified' ? d.measure : undefined,
      reason: d.reason,
      reviewBy,
      requestId: request.id,
      decidedAt,
      decidedBy,
      witnessStatus: body.witnessStatus,
      threatenedWitnessOrdinance: THREATENED_WITNESS_MEASURES.includes(type)
        ? body.threatenedWitnessOrdinance
        : undefined,
      history: [
        {
          event: atTrial ? 'proposed_to_court' : d.outcome,
          at: decidedAt,
          by: decidedBy,
          reason: d.reason,
          nextReviewBy: reviewBy,
        },
      ],
    });
    return { ...d, reviewBy } as MeasureDecision;
  });
  return { outcome, decisions };
}

/** A measure that a newer one of its type takes over from: it ends, its history says by which. */
export function replaceMeasure(
  measure: ActiveMeasureRecord,
  replacedBy: string,
  by: string,
  at: string,
): ActiveMeasureRecord {
  return {
    ...measure,
    status: 'replaced',
    endedAt: at,
    replacedBy,
    history: [...measure.history, { event: 'replaced', at, by, replacedBy }],
    version: measure.version + 1,
  };
}

/**
 * A review by reasoned ordinance (DOMAIN.md: a measure is reviewed, maintained or modified, or lifted). Only a
 * measure in force during prosecution is reviewed by the prosecutor; at trial the court reviews what it ordered.
 * `modified` ends this measure and puts `modifiedTo` in force in its place, with its own history.
 */
export function applyReview(
  measure: ActiveMeasureRecord,
  body: ReviewBody,
  ctx: { by: string; at: string; today: string; reviewDays: number; newId: () => string },
): { reviewed: ActiveMeasureRecord; replacement?: NewMeasure } {
  if (measure.status !== 'active') {
    throw new ConflictError(`The measure is ${measure.status}; only a measure in force is reviewed.`, {
      currentStatus: measure.status,
    });
  }
  if (measure.stage !== 'prosecution') {
    throw new BusinessRuleError(
      'A measure ordered by the court at trial is reviewed by the court; record its order instead.',
    );
  }
  assertOrdinanceDated(body.ordinance, ctx.today, 'ordinance');
  assertOrdinanceDated(body.threatenedWitnessOrdinance, ctx.today, 'threatenedWitnessOrdinance');
  const { by, at } = ctx;
  const ordinance = body.ordinance;
  if (body.outcome === 'maintained') {
    const nextReviewBy = reviewDateFor(
      'prosecution',
      ctx.today,
      body.nextReviewBy,
      'nextReviewBy',
      ctx.reviewDays,
    );
    return {
      reviewed: {
        ...measure,
        reviewBy: nextReviewBy,
        history: [
          ...measure.history,
          { event: 'maintained', at, by, reason: body.reason, ordinance, nextReviewBy },
        ],
        version: measure.version + 1,
      },
    };
  }
  if (body.outcome === 'lifted') {
    return {
      reviewed: {
        ...measure,
        status: 'lifted',
        reviewBy: undefined,
        endedAt: at,
        history: [...measure.history, { event: 'lifted', at, by, reason: body.reason, ordinance }],
        version: measure.version + 1,
      },
    };
  }
  const type = body.modifiedTo as MeasureType;
  if (type === measure.type) {
    throw new BusinessRuleError(`${type} is modified into itself; maintain it instead.`, [
      { path: 'modifiedTo', message: 'Must differ from the measure’s type' },
    ]);
  }
  assertMeasuresFitStage('prosecution', [type], 'modifiedTo');
  const twOrdinance = body.threatenedWitnessOrdinance ?? measure.threatenedWitnessOrdinance;
  assertThreatenedWitnessOrdinance('prosecution', type, twOrdinance, 'threatenedWitnessOrdinance');
  const nextReviewBy = reviewDateFor(
    'prosecution',
    ctx.today,
    body.nextReviewBy,
    'nextReviewBy',
    ctx.reviewDays,
  );
  const replacement: NewMeasure = {
    id: ctx.newId(),
    caseId: measure.caseId,
    type,
    status: 'active',
    legalBasis: legalBasisOf(type),
    stage: 'prosecution',
    outcome: 'modified',
    modifiedFrom: measure.type,
    reason: body.reason,
    reviewBy: nextReviewBy,
    requestId: measure.requestId,
    decidedAt: at,
    decidedBy: by,
    witnessStatus: measure.witnessStatus,
    threatenedWitnessOrdinance: THREATENED_WITNESS_MEASURES.includes(type) ? twOrdinance : undefined,
    history: [{ event: 'modified', at, by, reason: body.reason, ordinance, nextReviewBy }],
  };
  return {
    reviewed: {
      ...measure,
      status: 'replaced',
      reviewBy: undefined,
      endedAt: at,
      replacedBy: replacement.id,
      history: [
        ...measure.history,
        {
          event: 'modified',
          at,
          by,
          reason: body.reason,
          ordinance,
          modifiedTo: type,
          replacedBy: replacement.id,
        },
      ],
      version: measure.version + 1,
    },
    replacement,
  };
}

/** The court's order on a proposed measure: `ordered` puts it in force, `refused` ends it (CPP art. 128). */
export function applyCourtDecision(
  measure: ActiveMeasureRecord,
  body: CourtDecisionBody,
  ctx: { by: string; at: string; today: string },
): ActiveMeasureRecord {
  if (measure.status !== 'proposed_to_court') {
    throw new ConflictError(`The measure is ${measure.status}; only a proposed measure awaits the court.`, {
      currentStatus: measure.status,
    });
  }
  if (body.date > ctx.today) {
    throw new BusinessRuleError('A court decision cannot be dated in the future.', [
      { path: 'date', message: `Must be ${ctx.today} or earlier` },
    ]);
  }
  const proposedOn = localDateOf(new Date(measure.decidedAt));
  if (body.date < proposedOn) {
    throw new BusinessRuleError('The court cannot decide before the measure was proposed to it.', [
      { path: 'date', message: `Must be ${proposedOn} or later` },
    ]);
  }
  const reviewBy = reviewDateFor('trial', body.date, body.reviewBy, 'reviewBy', 0);
  const court = { court: body.court, date: body.date, reference: body.reference };
  const ordered = body.outcome === 'ordered';
  return {
    ...measure,
    status: ordered ? 'active' : 'refused',
    court: { ...court, outcome: body.outcome },
    reviewBy: ordered ? reviewBy : undefined,
    endedAt: ordered ? undefined : ctx.at,
    history: [
      ...measure.history,
      {
        event: ordered ? 'ordered' : 'refused',
        at: ctx.at,
        by: ctx.by,
        court,
        nextReviewBy: ordered ? reviewBy : undefined,
      },
    ],
    version: measure.version + 1,
  };
}

/** The full request, for the coordinator of the county and the prosecutor of the unit. */
export function protectionRequestView(record: ProtectionRequestRecord) {
  return {
    id: record.id,
    caseId: record.caseId,
    status: record.status,
    stage: record.stage,
    urgent: record.urgent,
    riskAssessment: record.riskAssessment,
    measures: record.measures,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    updatedAt: record.updatedAt,
    version: record.version,
    decision: record.decision ?? null,
  };
}

/** A queue entry: enough to triage, no free text (the summary stays behind GET of the request). */
export function protectionQueueView(record: ProtectionRequestRecord) {
  return {
    caseId: record.caseId,
    requestId: record.id,
    status: record.status,
    urgent: record.urgent,
    level: record.riskAssessment.level,
    stage: record.stage,
    createdAt: record.createdAt,
    measures: record.measures.map((m) => m.type),
  };
}

/** A measure without its history or reasons: what a unit-wide list may show. */
export function measureSummaryView(record: ActiveMeasureRecord) {
  return {
    id: record.id,
    type: record.type,
    status: record.status,
    legalBasis: record.legalBasis,
    stage: record.stage,
    outcome: record.outcome,
    modifiedFrom: record.modifiedFrom,
    reviewBy: record.reviewBy ?? null,
    requestId: record.requestId,
    decidedAt: record.decidedAt,
    decidedBy: record.decidedBy,
    witnessStatus: record.witnessStatus,
    threatenedWitnessOrdinance: record.threatenedWitnessOrdinance,
    court: record.court,
    endedAt: record.endedAt,
    replacedBy: record.replacedBy,
    version: record.version,
  };
}

export function activeMeasureView(record: ActiveMeasureRecord) {
  return { ...measureSummaryView(record), reason: record.reason, history: record.history };
}

/** The rejections a case's decided requests hold, newest decision first. */
export function rejectionsOf(requests: readonly ProtectionRequestRecord[]) {
  return requests
    .filter((r) => r.decision)
    .sort((a, b) => (b.decision?.decidedAt ?? '').localeCompare(a.decision?.decidedAt ?? ''))
    .flatMap((r) =>
      (r.decision?.decisions ?? [])
        .filter((d) => d.outcome === 'rejected')
        .map((d) => ({
          requestId: r.id,
          measure: d.measure,
          reason: d.reason,
          decidedAt: r.decision?.decidedAt,
          decidedBy: r.decision?.decidedBy,
        })),
    );
}

export function waiverView(record: WaiverRecord) {
  return {
    id: record.id,
    measures: record.measures ?? null,
    signedOn: record.signedOn,
    legalRepresentativePresent: record.legalRepresentativePresent,
    note: record.note,
    recordedAt: record.recordedAt,
    recordedBy: record.recordedBy,
    version: record.version,
  };
}
