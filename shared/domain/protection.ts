// Protection requests (individual risk assessment + requested measures) and the prosecutor's decision on them:
// the schemas, the urgency rule, the completeness of a decision and the review dates it sets. Pure: no I/O.
import * as z from 'zod/mini';
import { IsoDate, ListQuery, Reason, Ulid } from './common-schemas.ts';
import {
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
import { BusinessRuleError } from './errors.ts';

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

export const DecisionBody = z.strictObject({
  decisions: z.array(MeasureDecision).check(z.minLength(1), z.maxLength(MEASURE_TYPES.length)),
  /** Recorded once for the whole decision: it describes the person, not a measure. */
  witnessStatus: z.optional(z.enum(WITNESS_STATUSES)),
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

export const ProtectionRequestParams = z.object({ caseId: Ulid, requestId: Ulid });
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

/** A measure in force on a case: one per type, the latest decision about that type wins. */
export interface ActiveMeasureRecord {
  caseId: string;
  type: MeasureType;
  county: string;
  prosecutorUnit: string;
  stage: ProtectionStage;
  outcome: 'confirmed' | 'modified';
  /** The requested type that the prosecutor replaced with this one. */
  modifiedFrom?: MeasureType;
  reason?: string;
  reviewBy?: string;
  requestId: string;
  decidedAt: string;
  decidedBy: string;
  witnessStatus?: (typeof WITNESS_STATUSES)[number];
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

/** 'YYYY-MM-DD' plus whole calendar months, clamped to the month's last day (31 Dec + 2 months = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** During prosecution the prosecutor re-checks the measures periodically, at most every two months (CPP 126). */
export const PROSECUTION_REVIEW_MONTHS = 2;

/**
 * The review date of a confirmed or modified measure. At the prosecution stage it defaults to, and may not
 * exceed, two months after the decision; at trial the court reviews, so it is kept only when the prosecutor gives one.
 * A review date before the decision day is refused.
 */
export function reviewDateFor(
  stage: ProtectionStage,
  decisionDay: string,
  given: string | undefined,
  index: number,
): string | undefined {
  const path = `decisions.${index}.reviewBy`;
  if (given !== undefined && given < decisionDay) {
    throw new BusinessRuleError('A review date cannot be in the past.', [
      { path, message: `Must be ${decisionDay} or later` },
    ]);
  }
  if (stage !== 'prosecution') return given;
  const latest = addMonths(decisionDay, PROSECUTION_REVIEW_MONTHS);
  if (given !== undefined && given > latest) {
    throw new BusinessRuleError('During prosecution measures are reviewed at least every two months.', [
      { path, message: `Must be ${latest} or earlier` },
    ]);
  }
  return given ?? latest;
}

/** What a decision makes of a request: the active measures and the indicator moves it causes. */
export interface DecisionOutcome {
  active: Omit<ActiveMeasureRecord, 'version' | 'county' | 'prosecutorUnit'>[];
  /** protection_measures_confirmed by type: a modified measure counts as confirmed of its modifiedTo type. */
  confirmedByType: Partial<Record<MeasureType, number>>;
  rejected: number;
}

export function applyDecision(
  request: Pick<ProtectionRequestRecord, 'id' | 'caseId' | 'stage' | 'measures'>,
  body: DecisionBody,
  decidedBy: string,
  decidedAt: string,
  decisionDay: string,
): { outcome: DecisionOutcome; decisions: MeasureDecision[] } {
  assertDecisionComplete(
    request.measures.map((m) => m.type),
    body.decisions,
    request.stage,
  );
  const outcome: DecisionOutcome = { active: [], confirmedByType: {}, rejected: 0 };
  const decisions = body.decisions.map((d, index): MeasureDecision => {
    if (d.outcome === 'rejected') {
      outcome.rejected += 1;
      return d;
    }
    const reviewBy = reviewDateFor(request.stage, decisionDay, d.reviewBy, index);
    const type = d.outcome === 'modified' ? d.modifiedTo : d.measure;
    outcome.confirmedByType[type] = (outcome.confirmedByType[type] ?? 0) + 1;
    outcome.active.push({
      caseId: request.caseId,
      type,
      stage: request.stage,
      outcome: d.outcome,
      modifiedFrom: d.outcome === 'modified' ? d.measure : undefined,
      reason: d.reason,
      reviewBy,
      requestId: request.id,
      decidedAt,
      decidedBy,
      witnessStatus: body.witnessStatus,
    });
    return { ...d, reviewBy } as MeasureDecision;
  });
  return { outcome, decisions };
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

export function activeMeasureView(record: ActiveMeasureRecord) {
  return {
    type: record.type,
    stage: record.stage,
    outcome: record.outcome,
    modifiedFrom: record.modifiedFrom,
    reason: record.reason,
    reviewBy: record.reviewBy ?? null,
    requestId: record.requestId,
    decidedAt: record.decidedAt,
    decidedBy: record.decidedBy,
    witnessStatus: record.witnessStatus,
  };
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
