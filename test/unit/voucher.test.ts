import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/domain/errors.ts';
import {
  advanceVoucherCap,
  assertStepAllowed,
  assertWithinAdvanceCap,
  CreateVoucherRequestBody,
  decide,
  expire,
  fileVoucherRequest,
  hasLapsed,
  issue,
  issueTargetAt,
  redeem,
  VoucherDecisionBody,
  VoucherIssuedBody,
  type VoucherRecord,
  type VoucherStep,
} from '../../shared/domain/voucher.ts';

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

const CAP = advanceVoucherCap(4050);
const now = new Date('2026-11-21T09:00:00Z');
const ron = (amount: number) => ({ amount, currency: 'RON' as const });

function filed(
  overrides: Partial<Parameters<typeof fileVoucherRequest>[0]> = {},
  committed = 0,
): VoucherRecord {
  return fileVoucherRequest(
    {
      kind: 'advance_voucher',
      amountRequested: ron(1_500_000),
      filedAt: '2026-11-20',
      tribunal: 'Tribunalul Dolj',
      referredAt: '2026-11-21T08:00:00.000Z',
      uses: ['food'],
      documents: ['criminal_complaint'],
      ...overrides,
    },
    {
      id: 'V',
      caseId: 'C',
      county: 'DJ',
      by: 'coord',
      now,
      cap: CAP,
      capped: (overrides.kind ?? 'advance_voucher') === 'advance_voucher',
      committed,
    },
  );
}

const approved = () =>
  decide(
    filed(),
    {
      outcome: 'approved',
      amountGranted: ron(1_000_000),
      decidedAt: '2026-11-21T10:00:00.000Z',
      reference: 'D-1',
    },
    'coord',
    now,
    CAP,
  );

const issued = () =>
  issue(approved(), { issuedAt: '2026-11-23T10:00:00.000Z', distributor: 'Edenred' }, 'coord', now, 90);

describe('advanceVoucherCap', () => {
  it('is 5 minimum gross salaries, in bani', () => {
    expect(advanceVoucherCap(4050)).toBe(2_025_000);
  });
});

describe('filing', () => {
  it('refuses a voucher advance above the cap with 422 naming the cap', () => {
    const error = thrown(() => filed({ amountRequested: ron(CAP + 1) }));
    expect(error.status).toBe(422);
    expect(error.message).toContain('20250.00 RON');
    expect(error.errors[0]?.path).toBe('amountRequested.amount');
  });

  it('caps the sum of the case’s advances not rejected, not each request, and says what is left', () => {
    expect(filed({ amountRequested: ron(CAP - 1_500_000) }, 1_500_000).status).toBe('filed');
    const error = thrown(() => filed({ amountRequested: ron(CAP - 1_500_000 + 1) }, 1_500_000));
    expect(error.status).toBe(422);
    expect(error.errors[0]?.message).toContain(`${CAP - 1_500_000} bani`);
    expect(() => assertWithinAdvanceCap(CAP, 1, CAP, 'x')).toThrow();
  });

  it('refuses a referral in the future, naming referredAt', () => {
    const error = thrown(() => filed({ referredAt: '2026-11-22' }));
    expect(error.errors[0]?.path).toBe('referredAt');
  });

  it('accepts a voucher advance exactly at the cap, and a compensation above it', () => {
    expect(filed({ amountRequested: ron(CAP) }).status).toBe('filed');
    expect(filed({ kind: 'compensation', amountRequested: ron(CAP * 10) }).status).toBe('filed');
  });

  it('starts the history with the filing', () => {
    expect(filed().history).toEqual([
      expect.objectContaining({ step: 'filed', by: 'coord', filedAt: '2026-11-20' }),
    ]);
  });

  it('requires uses for a voucher advance but not for compensation', () => {
    const base = {
      kind: 'advance_voucher',
      amountRequested: ron(100),
      filedAt: '2026-11-20',
      tribunal: 'T',
      documents: ['criminal_complaint'],
    };
    const voucher = CreateVoucherRequestBody.safeParse(base);
    expect(voucher.error?.issues.map((i) => i.path.join('.'))).toEqual(['uses']);
    expect(CreateVoucherRequestBody.safeParse({ ...base, kind: 'compensation' }).success).toBe(true);
  });
});

describe('the lifecycle', () => {
  const allowed: [VoucherRecord['status'], VoucherStep[]][] = [
    ['filed', ['decision']],
    ['approved', ['issued']],
    ['rejected', []],
    ['issued', ['redeemed', 'expired']],
    ['redeemed', []],
    ['expired', []],
  ];
  const steps: VoucherStep[] = ['decision', 'issued', 'redeemed', 'expired'];

  for (const [status, next] of allowed) {
    for (const step of steps) {
      const ok = next.includes(step);
      it(`${ok ? 'allows' : 'refuses with 409'} ${step} when ${status}`, () => {
        const run = () => assertStepAllowed({ status, kind: 'advance_voucher' }, step);
        if (ok) expect(run).not.toThrow();
        else expect(thrown(run).status).toBe(409);
      });
    }
  }

  it('refuses to issue an approved cash advance with 422: only a voucher advance is issued', () => {
    expect(
      thrown(() => assertStepAllowed({ status: 'approved', kind: 'advance_cash' }, 'issued')).status,
    ).toBe(422);
  });

  it('refuses to grant more than was requested, or more than the cap', () => {
    const more = thrown(() =>
      decide(
        filed({ amountRequested: ron(1000) }),
        {
          outcome: 'approved',
          amountGranted: ron(1001),
          decidedAt: '2026-11-21T10:00:00.000Z',
          reference: 'r',
        },
        'c',
        now,
        CAP,
      ),
    );
    expect(more.errors[0]?.path).toBe('amountGranted.amount');
    const lowerCap = thrown(() =>
      decide(
        filed(),
        {
          outcome: 'approved',
          amountGranted: ron(1_000_000),
          decidedAt: '2026-11-21T10:00:00.000Z',
          reference: 'r',
        },
        'c',
        now,
        500_000,
      ),
    );
    expect(lowerCap.status).toBe(422);
    expect(lowerCap.message).toContain('5000.00 RON');
  });

  it('measures the 72-hour target from the referral, not the decision (HG 541/2023 art. 1(2))', () => {
    const voucher = issued();
    // Referred 21 Nov 08:00Z, issued 23 Nov 10:00Z: 50 hours, though the decision was 48 hours before.
    expect(voucher).toMatchObject({ status: 'issued', hoursToIssue: 50, withinTarget: true, version: 3 });
    const late = issue(approved(), { issuedAt: '2026-11-24T08:30:00.000Z', distributor: 'X' }, 'c', now, 90);
    expect([late.hoursToIssue, late.withinTarget]).toEqual([72.5, false]);
  });

  it('counts a referral given as a day from its start and an issue given as a day to its end', () => {
    // Referred on 21 Nov (from 22:00Z on 20 Nov, Bucharest midnight), issued on 23 Nov (to 22:00Z on 23 Nov).
    const record = decide(
      filed({ referredAt: '2026-11-21' }),
      { outcome: 'approved', amountGranted: ron(1000), decidedAt: '2026-11-21', reference: 'D' },
      'c',
      now,
      CAP,
    );
    const voucher = issue(record, { issuedAt: '2026-11-23', distributor: 'X' }, 'c', now, 90);
    expect([voucher.hoursToIssue, voucher.withinTarget, voucher.issuedAt]).toEqual([72, true, '2026-11-23']);
  });

  it('leaves the target unknown without a referral date', () => {
    const record = decide(
      filed({ referredAt: undefined }),
      { outcome: 'approved', amountGranted: ron(1000), decidedAt: '2026-11-21', reference: 'D' },
      'c',
      now,
      CAP,
    );
    const voucher = issue(record, { issuedAt: '2026-11-23', distributor: 'X' }, 'c', now, 90);
    expect([voucher.hoursToIssue, voucher.withinTarget]).toEqual([undefined, undefined]);
  });

  it('ends a 90-day validity on day 90 counting the issue day', () => {
    // Issued 23 Nov 2026 (day 1): day 90 is 20 Feb 2027.
    expect(issued().validUntil).toBe('2027-02-20');
  });

  it('refuses a validUntil beyond the maximum with 422 and accepts one on the last day', () => {
    const error = thrown(() =>
      issue(
        approved(),
        { issuedAt: '2026-11-23T10:00:00.000Z', distributor: 'X', validUntil: '2027-02-21' },
        'c',
        now,
        90,
      ),
    );
    expect([error.status, error.errors[0]?.path]).toEqual([422, 'validUntil']);
    const last = issue(
      approved(),
      { issuedAt: '2026-11-23T10:00:00.000Z', distributor: 'X', validUntil: '2027-02-20' },
      'c',
      now,
      90,
    );
    expect(last.validUntil).toBe('2027-02-20');
  });

  it('accepts paper-step dates as a date or a date-time, keeping a date as given and an instant in UTC', () => {
    expect(VoucherIssuedBody.parse({ issuedAt: '2026-11-24', distributor: 'X' }).issuedAt).toBe('2026-11-24');
    expect(
      VoucherDecisionBody.parse({
        outcome: 'rejected',
        decidedAt: '2026-11-24T10:00:00+02:00',
        reference: 'r',
      }).decidedAt,
    ).toBe('2026-11-24T08:00:00.000Z');
    expect(VoucherIssuedBody.safeParse({ issuedAt: '2026-02-30', distributor: 'X' }).success).toBe(false);
  });

  it('compares a day with an instant by the Bucharest day: issued on the day of an evening decision', () => {
    const record = decide(
      filed(),
      {
        outcome: 'approved',
        amountGranted: ron(1000),
        decidedAt: '2026-11-21T20:00:00.000Z',
        reference: 'D',
      },
      'c',
      now,
      CAP,
    );
    // 20:00Z on 21 Nov is 22:00 in Bucharest, still 21 Nov: an issue dated 21 Nov is not before it.
    expect(issue(record, { issuedAt: '2026-11-21', distributor: 'X' }, 'c', now, 90).status).toBe('issued');
    expect(
      thrown(() => issue(record, { issuedAt: '2026-11-20', distributor: 'X' }, 'c', now, 90)).status,
    ).toBe(422);
  });

  it('appends each step to the history and never rewrites an earlier one', () => {
    const first = filed();
    const voucher = redeem(issued(), { redeemedAt: '2026-12-01T10:00:00.000Z' }, 'coord', now);
    expect(voucher.history.map((h) => h.step)).toEqual(['filed', 'decision', 'issued', 'redeemed']);
    expect(voucher.history[0]).toEqual(first.history[0]);
  });

  it('refuses redemption after the last valid day', () => {
    expect(redeem(issued(), { redeemedAt: '2027-02-20' }, 'c', now).status).toBe('redeemed');
    const error = thrown(() => redeem(issued(), { redeemedAt: '2027-02-21T10:00:00.000Z' }, 'c', now));
    expect(error.status).toBe(422);
  });

  it('expires only after the last valid day, in Bucharest time', () => {
    const voucher = issued();
    // 21:59Z on 20 Feb is 23:59 in Bucharest: still valid; 22:00Z is already 21 Feb there.
    expect(hasLapsed(voucher, new Date('2027-02-20T21:59:00Z'))).toBe(false);
    expect(hasLapsed(voucher, new Date('2027-02-20T22:00:00Z'))).toBe(true);
    expect(thrown(() => expire(voucher, 'job', new Date('2027-02-20T12:00:00Z'))).status).toBe(422);
    expect(expire(voucher, 'job', new Date('2027-02-21T12:00:00Z')).status).toBe('expired');
  });
});

describe('issueTargetAt (HG 541/2023 art. 1(2): issued within 72 hours of the referral)', () => {
  it('counts a referral given as a day from that day’s start in Bucharest', () => {
    // 20 Nov 2025 starts at 22:00 UTC on the 19th (EET, UTC+2).
    expect(issueTargetAt({ status: 'filed', referredAt: '2025-11-20' })).toBe('2025-11-22T22:00:00.000Z');
  });

  it('counts a referral given as an instant from that instant', () => {
    expect(issueTargetAt({ status: 'approved', referredAt: '2025-11-20T15:00:00Z' })).toBe(
      '2025-11-23T15:00:00.000Z',
    );
  });

  it('has no target without a referral, or once the request is issued or rejected', () => {
    expect(issueTargetAt({ status: 'filed' })).toBeUndefined();
    for (const status of ['rejected', 'issued', 'redeemed', 'expired'])
      expect(issueTargetAt({ status, referredAt: '2025-11-20' }), status).toBeUndefined();
  });
});
