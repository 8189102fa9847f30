import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/domain/errors.ts';
import {
  advanceVoucherCap,
  assertStepAllowed,
  CreateVoucherRequestBody,
  decide,
  expire,
  fileVoucherRequest,
  hasLapsed,
  issue,
  redeem,
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

function filed(overrides: Partial<Parameters<typeof fileVoucherRequest>[0]> = {}): VoucherRecord {
  return fileVoucherRequest(
    {
      kind: 'advance_voucher',
      amountRequested: ron(1_500_000),
      filedAt: '2026-11-20',
      tribunal: 'Tribunalul Dolj',
      uses: ['food'],
      documents: ['criminal_complaint'],
      ...overrides,
    },
    { id: 'V', caseId: 'C', county: 'DJ', by: 'coord', now, cap: CAP },
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

  it('records hours from approval to issue against the 72-hour target, and 90 days of validity', () => {
    const voucher = issued();
    expect(voucher).toMatchObject({
      status: 'issued',
      hoursToIssue: 48,
      withinTarget: true,
      validUntil: '2027-02-21',
      version: 3,
    });
    const late = issue(approved(), { issuedAt: '2026-11-24T10:30:00.000Z', distributor: 'X' }, 'c', now, 90);
    expect([late.hoursToIssue, late.withinTarget]).toEqual([72.5, false]);
  });

  it('appends each step to the history and never rewrites an earlier one', () => {
    const first = filed();
    const voucher = redeem(issued(), { redeemedAt: '2026-12-01T10:00:00.000Z' }, 'coord', now);
    expect(voucher.history.map((h) => h.step)).toEqual(['filed', 'decision', 'issued', 'redeemed']);
    expect(voucher.history[0]).toEqual(first.history[0]);
  });

  it('refuses redemption after the last valid day', () => {
    const error = thrown(() => redeem(issued(), { redeemedAt: '2027-02-22T10:00:00.000Z' }, 'c', now));
    expect(error.status).toBe(422);
  });

  it('expires only after the last valid day, in Bucharest time', () => {
    const voucher = issued();
    // 21:59Z on 21 Feb is 23:59 in Bucharest: still valid; 22:00Z is already 22 Feb there.
    expect(hasLapsed(voucher, new Date('2027-02-21T21:59:00Z'))).toBe(false);
    expect(hasLapsed(voucher, new Date('2027-02-21T22:00:00Z'))).toBe(true);
    expect(thrown(() => expire(voucher, 'job', new Date('2027-02-21T12:00:00Z'))).status).toBe(422);
    expect(expire(voucher, 'job', new Date('2027-02-22T12:00:00Z')).status).toBe('expired');
  });
});
