// What the compensation and voucher routes answer (voucherView, with the history of its steps).
import * as z from 'zod/mini';
import { Ulid } from '../../domain/common-schemas.ts';
import {
  DAMAGE_HEADS,
  VOUCHER_DOCUMENTS,
  VOUCHER_KINDS,
  VOUCHER_STATUSES,
  VOUCHER_USES,
} from '../../domain/enums.ts';
import { Instant, LocalDate, Version } from './common.ts';

const MoneyOut = z.object({ amount: z.number().check(z.int(), z.nonnegative()), currency: z.literal('RON') });

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
  /** HG 541/2023 art. 1(2): the 72-hour target (hoursToIssue, withinTarget) is counted from it. */
  referredAt: z.optional(z.string()),
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
