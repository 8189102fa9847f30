// Use cases of compensation and the voucher advance: the coordinator files a request and records each step
// the commission and the distributor take; the indicators move in the same transaction as the step.
import { ulid } from 'ulid';
import type { Principal } from '../auth/principal.ts';
import { getConfig } from '../config.ts';
import { indicatorIncrement, voucherAmountRecord } from '../data/indicator-counters.ts';
import type { Page } from '../data/pagination.ts';
import type { TransactItem } from '../data/transactions.ts';
import {
  advanceTotalMove,
  findVoucherRequest,
  insertVoucherRequest,
  listVoucherRequests,
  listVouchersAwaitingIssue,
  readAdvanceTotal,
  replaceVoucherRequest,
} from '../data/voucher-repository.ts';
import * as clock from '../domain/clock.ts';
import type { VoucherKind } from '../domain/enums.ts';
import { BusinessRuleError, ConflictError, PreconditionFailedError } from '../domain/errors.ts';
import { halfYearOf } from '../domain/periods.ts';
import {
  advanceVoucherCap,
  assertStepAllowed,
  assertWithinAdvanceCap,
  type CreateVoucherRequestBody,
  decide,
  expire,
  fileVoucherRequest,
  issue,
  redeem,
  type VoucherDecisionBody,
  type VoucherIssuedBody,
  type VoucherRecord,
  type VoucherRedeemedBody,
  type VoucherStep,
} from '../domain/voucher.ts';
import { readCase, visibleCaseItem } from './case-service.ts';

const cap = () => advanceVoucherCap(getConfig().MIN_GROSS_SALARY_RON);
const isCapped = (kind: VoucherKind) => (getConfig().ADVANCE_CAP_KINDS as string[]).includes(kind);

export async function fileVoucher(
  principal: Principal,
  caseId: string,
  body: CreateVoucherRequestBody,
  now = clock.now(),
): Promise<VoucherRecord> {
  const file = await readCase(principal, caseId);
  if (file.status !== 'open') throw new BusinessRuleError('The case is closed; it takes no new requests.');
  const capped = isCapped(body.kind);
  const limit = cap();
  const record = fileVoucherRequest(body, {
    id: ulid(now.getTime()),
    caseId,
    county: file.county,
    by: principal.sub,
    now,
    cap: limit,
    capped,
    committed: capped ? await readAdvanceTotal(caseId) : 0,
  });
  const amount = record.amountRequested.amount;
  await insertVoucherRequest(
    record,
    [
      indicatorIncrement({
        period: halfYearOf(now),
        county: file.county,
        indicator: 'voucher_requests_filed',
      }),
      ...(capped ? [advanceTotalMove(caseId, amount, limit)] : []),
    ],
    // Another request took the room between the read and the write: the same 422, with what is left now.
    (committed) => {
      try {
        assertWithinAdvanceCap(committed, amount, limit, 'amountRequested.amount');
      } catch (error) {
        return error as Error;
      }
      return new ConflictError('The case’s advances changed while this was saved; try again.');
    },
  );
  return record;
}

export async function readVoucher(
  principal: Principal,
  caseId: string,
  voucherId: string,
): Promise<VoucherRecord> {
  return visibleCaseItem(principal, caseId, await findVoucherRequest(caseId, voucherId), 'voucher request');
}

export async function listVouchers(
  principal: Principal,
  caseId: string,
  limit: number,
  cursor?: string,
): Promise<Page<VoucherRecord>> {
  await readCase(principal, caseId);
  return listVoucherRequests(caseId, limit, cursor);
}

/** The coordinator's county's requests waiting for their issue, the nearest 72-hour target first. */
export function listAwaitingIssue(
  principal: Principal,
  limit: number,
  cursor?: string,
): Promise<Page<VoucherRecord>> {
  return listVouchersAwaitingIssue(principal.county as string, limit, cursor);
}

/** Reads, checks the step is next (409 before 412: an out-of-order step is wrong whatever the ETag), applies it. */
async function step(
  principal: Principal,
  caseId: string,
  voucherId: string,
  expectedVersion: number,
  name: VoucherStep,
  apply: (current: VoucherRecord) => VoucherRecord,
  counters: (next: VoucherRecord) => TransactItem[] = () => [],
): Promise<VoucherRecord> {
  const current = await readVoucher(principal, caseId, voucherId);
  assertStepAllowed(current, name);
  if (current.version !== expectedVersion) throw new PreconditionFailedError();
  const next = apply(current);
  await replaceVoucherRequest(next, { version: expectedVersion, status: current.status }, counters(next));
  return next;
}

export async function recordDecision(
  principal: Principal,
  caseId: string,
  voucherId: string,
  expectedVersion: number,
  body: VoucherDecisionBody,
  now = clock.now(),
): Promise<VoucherRecord> {
  return step(
    principal,
    caseId,
    voucherId,
    expectedVersion,
    'decision',
    (current) => decide(current, body, principal.sub, now, cap()),
    (next) => {
      // A rejected request no longer holds room under the cap (the sum counts requests not rejected).
      if (next.status === 'rejected') {
        return isCapped(next.kind)
          ? [advanceTotalMove(next.caseId, -next.amountRequested.amount, cap())]
          : [];
      }
      if (next.status !== 'approved' || !next.amountGranted) return [];
      // Counted in the period the approval is recorded, like every other indicator (a backdated entry does
      // not reopen a period that may already be exported).
      const period = halfYearOf(now);
      const amount = next.amountGranted.amount;
      return [
        indicatorIncrement({ period, county: next.county, indicator: 'voucher_requests_approved' }),
        indicatorIncrement({
          period,
          county: next.county,
          indicator: 'voucher_amount_granted_total',
          by: amount,
        }),
        voucherAmountRecord(period, next.county, amount),
      ];
    },
  );
}

export async function recordIssue(
  principal: Principal,
  caseId: string,
  voucherId: string,
  expectedVersion: number,
  body: VoucherIssuedBody,
  now = clock.now(),
): Promise<VoucherRecord> {
  const validity = getConfig().VOUCHER_VALIDITY_DAYS;
  return step(principal, caseId, voucherId, expectedVersion, 'issued', (current) =>
    issue(current, body, principal.sub, now, validity),
  );
}

export async function recordRedemption(
  principal: Principal,
  caseId: string,
  voucherId: string,
  expectedVersion: number,
  body: VoucherRedeemedBody,
  now = clock.now(),
): Promise<VoucherRecord> {
  return step(principal, caseId, voucherId, expectedVersion, 'redeemed', (current) =>
    redeem(current, body, principal.sub, now),
  );
}

export async function recordExpiry(
  principal: Principal,
  caseId: string,
  voucherId: string,
  expectedVersion: number,
  now = clock.now(),
): Promise<VoucherRecord> {
  return step(principal, caseId, voucherId, expectedVersion, 'expired', (current) =>
    expire(current, principal.sub, now),
  );
}
