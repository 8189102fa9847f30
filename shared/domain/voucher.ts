// Compensation requests and the voucher advance (Law 211/2004, HG 541/2023): the schemas, the cap, and the
// lifecycle as a pure state machine: filed -> approved | rejected; approved -> issued -> redeemed | expired.
import * as z from 'zod/mini';
import { zonedTimeToUtc } from './bucharest-time.ts';
import { IsoDate, IsoDateTime, ListQuery, Money, Ulid } from './common-schemas.ts';
import {
  DAMAGE_HEADS,
  VOUCHER_DOCUMENTS,
  VOUCHER_KINDS,
  VOUCHER_USES,
  type VoucherKind,
  type VoucherStatus,
} from './enums.ts';
import { BusinessRuleError, ConflictError } from './errors.ts';
import { localDateOf, plusDays } from './local-date.ts';

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

const FreeText = z.string().check(z.trim(), z.minLength(1), z.maxLength(120));

/**
 * A date written on paper (`2026-11-24`, kept as a date) or an instant with any offset (kept in UTC): the
 * commission's decision and the distributor's receipt often carry a day and no time.
 */
export const PaperDate = z.union([IsoDate, IsoDateTime]);

const isDay = (value: string) => value.length === 10;

/** The Bucharest day of a paper date. */
export function dayOf(value: string): string {
  return isDay(value) ? value : localDateOf(new Date(value));
}

/** The first instant of a paper date (a day starts at Bucharest midnight). */
function startOf(value: string): number {
  if (!isDay(value)) return Date.parse(value);
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return zonedTimeToUtc({ year, month, day, hour: 0, minute: 0 }).getTime();
}

/** The last instant of a paper date: a day given without a time is counted to its end. */
function endOf(value: string): number {
  return isDay(value) ? startOf(plusDays(value, 1)) : Date.parse(value);
}

/** Whether `later` is not before `earlier`: by day when either is only a day, by instant otherwise. */
export function notBefore(later: string, earlier: string): boolean {
  if (isDay(later) || isDay(earlier)) return dayOf(later) >= dayOf(earlier);
  return Date.parse(later) >= Date.parse(earlier);
}

export const CreateVoucherRequestBody = z
  .strictObject({
    kind: z.enum(VOUCHER_KINDS),
    amountRequested: Money,
    filedAt: IsoDate,
    /** The victim's referral to the tribunal's commission: the 72-hour target is counted from it (HG 541/2023 art. 1(2)). */
    referredAt: z.optional(PaperDate),
    tribunal: FreeText,
    uses: z.optional(uniqueList(z.enum(VOUCHER_USES), 'use').check(z.minLength(1))),
    documents: uniqueList(z.enum(VOUCHER_DOCUMENTS), 'document').check(z.minLength(1)),
    damageHeads: z.optional(uniqueList(z.enum(DAMAGE_HEADS), 'damage head').check(z.minLength(1))),
  })
  .check(
    z.superRefine((body, ctx) => {
      // HG 541/2023: a voucher advance is spent on named needs, so the request says which.
      if (body.kind === 'advance_voucher' && body.uses === undefined) {
        ctx.addIssue({ code: 'custom', path: ['uses'], message: 'Required for an advance_voucher' });
      }
    }),
  );
export type CreateVoucherRequestBody = z.infer<typeof CreateVoucherRequestBody>;

export const VoucherDecisionBody = z
  .strictObject({
    outcome: z.enum(['approved', 'rejected']),
    amountGranted: z.optional(Money),
    decidedAt: PaperDate,
    /** The commission's decision number. */
    reference: FreeText,
  })
  .check(
    z.superRefine((body, ctx) => {
      if (body.outcome === 'approved' && body.amountGranted === undefined) {
        ctx.addIssue({ code: 'custom', path: ['amountGranted'], message: 'Required when approved' });
      }
      if (body.outcome === 'rejected' && body.amountGranted !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['amountGranted'], message: 'A rejection grants nothing' });
      }
    }),
  );
export type VoucherDecisionBody = z.infer<typeof VoucherDecisionBody>;

export const VoucherIssuedBody = z.strictObject({
  issuedAt: PaperDate,
  distributor: FreeText,
  validUntil: z.optional(IsoDate),
});
export type VoucherIssuedBody = z.infer<typeof VoucherIssuedBody>;

export const VoucherRedeemedBody = z.strictObject({ redeemedAt: PaperDate });
export type VoucherRedeemedBody = z.infer<typeof VoucherRedeemedBody>;

export const VoucherParams = z.object({ caseId: Ulid, requestId: Ulid });
export const VoucherListQuery = z.object(ListQuery);

export type VoucherStep = 'filed' | 'decision' | 'issued' | 'redeemed' | 'expired';

export interface VoucherHistoryEntry {
  step: VoucherStep;
  /** When the step was recorded (the step's own date is among the details). */
  at: string;
  /** Who recorded it: a coordinator's sub, or `system` for the expiry job. */
  by: string;
  [detail: string]: unknown;
}

/** A voucher request as the service holds it: free text decrypted. */
export interface VoucherRecord {
  id: string;
  caseId: string;
  county: string;
  kind: VoucherKind;
  status: VoucherStatus;
  amountRequested: Money;
  filedAt: string;
  referredAt?: string;
  tribunal: string;
  uses?: (typeof VOUCHER_USES)[number][];
  documents: (typeof VOUCHER_DOCUMENTS)[number][];
  damageHeads?: (typeof DAMAGE_HEADS)[number][];
  amountGranted?: Money;
  decidedAt?: string;
  reference?: string;
  issuedAt?: string;
  distributor?: string;
  validUntil?: string;
  hoursToIssue?: number;
  withinTarget?: boolean;
  redeemedAt?: string;
  expiredAt?: string;
  history: VoucherHistoryEntry[];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  version: number;
}

/** HG 541/2023 art. 1(2): from the victim's referral (`referredAt`) to the voucher's issue within 72 hours. */
export const ISSUE_TARGET_HOURS = 72;

/**
 * The instant by which a referred request should be issued, or undefined when it is not waiting for its issue
 * (no referral date, already issued, rejected, redeemed or expired). A target already past is still returned: the
 * request is overdue, not done. A referral given as a day counts from that day's start, as `hoursFromReferral`
 * counts it.
 */
export function issueTargetAt(record: {
  status: string;
  referredAt?: string | undefined;
}): string | undefined {
  if (record.referredAt === undefined) return undefined;
  if (record.status !== 'filed' && record.status !== 'approved') return undefined;
  return new Date(startOf(record.referredAt) + ISSUE_TARGET_HOURS * 3_600_000).toISOString();
}

/**
 * The advance cap holds for the sum of a victim's advance requests that are not rejected (DOMAIN.md, HG 541/2023),
 * not for each request: `committed` is what the case's other such requests already hold. Checked here for the
 * message; the repository's conditional write is what makes two concurrent requests unable to both pass.
 */
export function assertWithinAdvanceCap(committed: number, amount: number, cap: number, path: string): void {
  if (committed + amount > cap) {
    const room = Math.max(0, cap - committed);
    throw new BusinessRuleError(
      `The advances of a case are capped together at 5 x the minimum gross salary: ${formatRon(cap)}; ` +
        `${formatRon(room)} (${room} bani) is left.`,
      [{ path, message: `Must be at most ${room} bani (${formatRon(room)})` }],
    );
  }
}

/** The voucher advance cap in bani: 5 x the minimum gross monthly salary (lei). */
export function advanceVoucherCap(minGrossSalaryRon: number): number {
  return 5 * minGrossSalaryRon * 100;
}

export function formatRon(bani: number): string {
  return `${(bani / 100).toFixed(2)} RON`;
}

function assertWithinCap(kind: VoucherKind, amount: number, cap: number, path: string): void {
  if (kind === 'advance_voucher' && amount > cap) {
    throw new BusinessRuleError(
      `A voucher advance is capped at 5 x the minimum gross salary: ${formatRon(cap)} (${cap} bani).`,
      [{ path, message: `Must be at most ${cap} bani (${formatRon(cap)})` }],
    );
  }
}

/** Which step each status accepts next; anything else is a step out of order (409). */
const NEXT: Record<VoucherStatus, readonly VoucherStep[]> = {
  filed: ['decision'],
  approved: ['issued'],
  rejected: [],
  issued: ['redeemed', 'expired'],
  redeemed: [],
  expired: [],
};

export function assertStepAllowed(record: Pick<VoucherRecord, 'status' | 'kind'>, step: VoucherStep): void {
  if (!NEXT[record.status].includes(step)) {
    throw new ConflictError(`A voucher request that is ${record.status} cannot be ${step} now.`, {
      currentStatus: record.status,
      allowedSteps: NEXT[record.status],
    });
  }
  // Only the advance paid as a voucher has a voucher to issue; cash and compensation end at the decision.
  if (step === 'issued' && record.kind !== 'advance_voucher') {
    throw new BusinessRuleError(`A ${record.kind} request is paid, not issued as a voucher.`);
  }
}

export function fileVoucherRequest(
  input: CreateVoucherRequestBody,
  meta: {
    id: string;
    caseId: string;
    county: string;
    by: string;
    now: Date;
    cap: number;
    /** Whether this kind adds up under the cap (ADVANCE_CAP_KINDS), and what the case's others already hold. */
    capped: boolean;
    committed: number;
  },
): VoucherRecord {
  if (meta.capped) {
    assertWithinAdvanceCap(meta.committed, input.amountRequested.amount, meta.cap, 'amountRequested.amount');
  }
  const today = localDateOf(meta.now);
  if (input.filedAt > today) {
    throw new BusinessRuleError('A request cannot be filed in the future.', [
      { path: 'filedAt', message: `Must be ${today} or earlier` },
    ]);
  }
  if (input.referredAt !== undefined && !notBefore(meta.now.toISOString(), input.referredAt)) {
    throw new BusinessRuleError('A referral cannot be in the future.', [
      { path: 'referredAt', message: `Must be ${today} or earlier` },
    ]);
  }
  const at = meta.now.toISOString();
  return {
    id: meta.id,
    caseId: meta.caseId,
    county: meta.county,
    kind: input.kind,
    status: 'filed',
    amountRequested: input.amountRequested,
    filedAt: input.filedAt,
    referredAt: input.referredAt,
    tribunal: input.tribunal,
    uses: input.uses,
    documents: input.documents,
    damageHeads: input.damageHeads,
    history: [
      {
        step: 'filed',
        at,
        by: meta.by,
        filedAt: input.filedAt,
        referredAt: input.referredAt,
        amountRequested: input.amountRequested,
      },
    ],
    createdAt: at,
    createdBy: meta.by,
    updatedAt: at,
    version: 1,
  };
}

function advance(
  record: VoucherRecord,
  changes: Partial<VoucherRecord>,
  entry: VoucherHistoryEntry,
): VoucherRecord {
  return {
    ...record,
    ...changes,
    history: [...record.history, entry],
    updatedAt: entry.at,
    version: record.version + 1,
  };
}

export function decide(
  record: VoucherRecord,
  body: VoucherDecisionBody,
  by: string,
  now: Date,
  cap: number,
): VoucherRecord {
  assertStepAllowed(record, 'decision');
  if (dayOf(body.decidedAt) < record.filedAt) {
    throw new BusinessRuleError('The decision cannot predate the filing.', [
      { path: 'decidedAt', message: `Must be on or after ${record.filedAt}` },
    ]);
  }
  const granted = body.amountGranted;
  if (body.outcome === 'approved' && granted) {
    if (granted.amount <= 0) {
      throw new BusinessRuleError('An approval grants a positive amount.', [
        { path: 'amountGranted.amount', message: 'Must be more than 0' },
      ]);
    }
    if (granted.amount > record.amountRequested.amount) {
      throw new BusinessRuleError('The amount granted cannot exceed the amount requested.', [
        { path: 'amountGranted.amount', message: `Must be at most ${record.amountRequested.amount} bani` },
      ]);
    }
    assertWithinCap(record.kind, granted.amount, cap, 'amountGranted.amount');
  }
  return advance(
    record,
    {
      status: body.outcome,
      amountGranted: granted,
      decidedAt: body.decidedAt,
      reference: body.reference,
    },
    {
      step: 'decision',
      at: now.toISOString(),
      by,
      outcome: body.outcome,
      amountGranted: granted,
      decidedAt: body.decidedAt,
      reference: body.reference,
    },
  );
}

/**
 * The voucher's last valid day: `validityDays` counting the issue day (90 days issued on 1 March end on 29 May).
 * A later `validUntil` than that is refused; an earlier one (a distributor's shorter validity) stands.
 */
export function validityOf(issuedDay: string, given: string | undefined, validityDays: number): string {
  const latest = plusDays(issuedDay, validityDays - 1);
  if (given !== undefined && given > latest) {
    throw new BusinessRuleError(`A voucher is valid ${validityDays} days counting the issue day.`, [
      { path: 'validUntil', message: `Must be ${latest} or earlier` },
    ]);
  }
  if (given !== undefined && given < issuedDay) {
    throw new BusinessRuleError('A voucher cannot expire before it is issued.', [
      { path: 'validUntil', message: `Must be on or after ${issuedDay}` },
    ]);
  }
  return given ?? latest;
}

/**
 * Hours from the referral to the issue (HG 541/2023 art. 1(2)), counted against the victim: a referral given as
 * a day counts from its start, an issue given as a day to its end. Unknown without a referral date.
 */
export function hoursFromReferral(referredAt: string | undefined, issuedAt: string): number | undefined {
  if (referredAt === undefined) return undefined;
  return (endOf(issuedAt) - startOf(referredAt)) / 3_600_000;
}

export function issue(
  record: VoucherRecord,
  body: VoucherIssuedBody,
  by: string,
  now: Date,
  validityDays: number,
): VoucherRecord {
  assertStepAllowed(record, 'issued');
  const decidedAt = record.decidedAt as string;
  if (!notBefore(body.issuedAt, decidedAt)) {
    throw new BusinessRuleError('A voucher cannot be issued before it was approved.', [
      { path: 'issuedAt', message: `Must be on or after ${decidedAt}` },
    ]);
  }
  const validUntil = validityOf(dayOf(body.issuedAt), body.validUntil, validityDays);
  const hours = hoursFromReferral(record.referredAt, body.issuedAt);
  const hoursToIssue = hours === undefined ? undefined : Math.round(hours * 10) / 10;
  const withinTarget = hours === undefined ? undefined : hours <= ISSUE_TARGET_HOURS;
  return advance(
    record,
    {
      status: 'issued',
      issuedAt: body.issuedAt,
      distributor: body.distributor,
      validUntil,
      hoursToIssue,
      withinTarget,
    },
    {
      step: 'issued',
      at: now.toISOString(),
      by,
      issuedAt: body.issuedAt,
      distributor: body.distributor,
      validUntil,
      hoursToIssue,
      withinTarget,
    },
  );
}

export function redeem(
  record: VoucherRecord,
  body: VoucherRedeemedBody,
  by: string,
  now: Date,
): VoucherRecord {
  assertStepAllowed(record, 'redeemed');
  const issuedAt = record.issuedAt as string;
  const validUntil = record.validUntil as string;
  if (!notBefore(body.redeemedAt, issuedAt)) {
    throw new BusinessRuleError('A voucher cannot be redeemed before it was issued.', [
      { path: 'redeemedAt', message: `Must be on or after ${issuedAt}` },
    ]);
  }
  if (dayOf(body.redeemedAt) > validUntil) {
    throw new BusinessRuleError(`The voucher was valid until ${validUntil}.`, [
      { path: 'redeemedAt', message: `Must be on or before ${validUntil}` },
    ]);
  }
  return advance(
    record,
    { status: 'redeemed', redeemedAt: body.redeemedAt },
    { step: 'redeemed', at: now.toISOString(), by, redeemedAt: body.redeemedAt },
  );
}

/** Whether a voucher's validity has run out on `now`'s Bucharest date (valid through validUntil inclusive). */
export function hasLapsed(record: Pick<VoucherRecord, 'validUntil'>, now: Date): boolean {
  return record.validUntil !== undefined && record.validUntil < localDateOf(now);
}

/** Expiry, by a coordinator or the daily job: only once the last valid day has passed. */
export function expire(record: VoucherRecord, by: string, now: Date): VoucherRecord {
  assertStepAllowed(record, 'expired');
  if (!hasLapsed(record, now)) {
    throw new BusinessRuleError(
      `The voucher is valid until ${record.validUntil}; it expires after that day.`,
    );
  }
  const at = now.toISOString();
  return advance(record, { status: 'expired', expiredAt: at }, { step: 'expired', at, by, expiredAt: at });
}

export function voucherView(record: VoucherRecord) {
  const { county: _county, ...view } = record;
  return view;
}
