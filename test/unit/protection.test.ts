import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/domain/errors.ts';
import {
  addMonths,
  applyDecision,
  assertDecisionComplete,
  CreateProtectionRequestBody,
  DecisionBody,
  isUrgent,
  type MeasureDecision,
  reviewDateFor,
} from '../../shared/domain/protection.ts';

/** The error a function throws, so a test fails when nothing is thrown. */
function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

describe('isUrgent', () => {
  it.each([
    ['high', ['threats_from_offender'], undefined, true],
    ['high', ['offender_at_large', 'minor'], undefined, true],
    ['high', ['minor', 'severe_trauma'], undefined, false],
    ['medium', ['threats_from_offender'], undefined, false],
    ['high', ['threats_from_offender'], false, false],
    ['low', ['other'], true, true],
  ] as const)('level %s with %j and explicit %s is urgent: %s', (level, factors, explicit, expected) => {
    expect(isUrgent(level, factors, explicit)).toBe(expected);
  });
});

describe('CreateProtectionRequestBody', () => {
  const valid = {
    stage: 'prosecution',
    riskAssessment: { factors: ['minor'], level: 'low', summary: 'text' },
    measures: [{ type: 'escort_travel', justification: 'why' }],
  };

  it('accepts a minimal request', () => {
    expect(CreateProtectionRequestBody.safeParse(valid).success).toBe(true);
  });

  it.each([
    ['no factors', { riskAssessment: { ...valid.riskAssessment, factors: [] } }, 'riskAssessment.factors'],
    [
      'a repeated factor',
      { riskAssessment: { ...valid.riskAssessment, factors: ['minor', 'minor'] } },
      'riskAssessment.factors.1',
    ],
    ['no measures', { measures: [] }, 'measures'],
    [
      'a repeated measure type',
      {
        measures: [
          { type: 'escort_travel', justification: 'a' },
          { type: 'escort_travel', justification: 'b' },
        ],
      },
      'measures.1.type',
    ],
    [
      'a measure without justification',
      { measures: [{ type: 'escort_travel' }] },
      'measures.0.justification',
    ],
  ])('refuses %s at %s', (_name, override, path) => {
    const result = CreateProtectionRequestBody.safeParse({ ...valid, ...override });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('DecisionBody', () => {
  it.each([
    ['rejected', { measure: 'escort_travel', outcome: 'rejected' }],
    ['modified', { measure: 'escort_travel', outcome: 'modified', modifiedTo: 'home_guard_or_temp_housing' }],
  ])('requires a reason when %s', (_outcome, decision) => {
    const result = DecisionBody.safeParse({ decisions: [decision] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('decisions.0.reason');
  });

  it('requires modifiedTo when modified', () => {
    const result = DecisionBody.safeParse({
      decisions: [{ measure: 'escort_travel', outcome: 'modified', reason: 'Housing is safer' }],
    });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('decisions.0.modifiedTo');
  });
});

describe('assertDecisionComplete', () => {
  const requested = ['escort_travel', 'remote_av_distorted'] as const;
  const confirm = (measure: MeasureDecision['measure']): MeasureDecision => ({
    measure,
    outcome: 'confirmed',
  });
  const reject = (measure: MeasureDecision['measure']): MeasureDecision => ({
    measure,
    outcome: 'rejected',
    reason: 'Not needed',
  });

  it('accepts each requested measure decided once', () => {
    expect(() =>
      assertDecisionComplete(
        requested,
        [confirm('escort_travel'), reject('remote_av_distorted')],
        'prosecution',
      ),
    ).not.toThrow();
  });

  it('refuses a decision that misses a requested measure, naming it', () => {
    const error = thrown(() => assertDecisionComplete(requested, [confirm('escort_travel')], 'prosecution'));
    expect(error.status).toBe(422);
    expect(error.message).toContain('remote_av_distorted');
  });

  it('refuses a decision on a measure that was not requested, naming it', () => {
    const error = thrown(() =>
      assertDecisionComplete(
        requested,
        [confirm('escort_travel'), reject('remote_av_distorted'), confirm('psychologist_present')],
        'prosecution',
      ),
    );
    expect(error.status).toBe(422);
    expect(error.message).toContain('psychologist_present');
    expect(error.errors[0]?.path).toBe('decisions.2.measure');
  });

  it('refuses a measure decided twice', () => {
    const error = thrown(() =>
      assertDecisionComplete(
        requested,
        [confirm('escort_travel'), reject('escort_travel'), reject('remote_av_distorted')],
        'prosecution',
      ),
    );
    expect(error.message).toContain('escort_travel is decided twice');
  });

  it('refuses two decisions that end in the same active measure', () => {
    const error = thrown(() =>
      assertDecisionComplete(
        requested,
        [
          confirm('escort_travel'),
          {
            measure: 'remote_av_distorted',
            outcome: 'modified',
            modifiedTo: 'escort_travel',
            reason: 'Safer',
          },
        ],
        'prosecution',
      ),
    );
    expect(error.status).toBe(422);
    expect(error.errors[0]?.path).toBe('decisions.1');
  });

  it('refuses a modification into closed_session_testimony during prosecution', () => {
    const error = thrown(() =>
      assertDecisionComplete(
        ['escort_travel'],
        [
          {
            measure: 'escort_travel',
            outcome: 'modified',
            modifiedTo: 'closed_session_testimony',
            reason: 'x y z',
          },
        ],
        'prosecution',
      ),
    );
    expect(error.status).toBe(422);
    expect(error.message).toContain('trial');
  });
});

describe('review dates', () => {
  it('adds calendar months, clamped to the end of a shorter month', () => {
    expect(addMonths('2026-12-31', 2)).toBe('2027-02-28');
    expect(addMonths('2026-03-15', 2)).toBe('2026-05-15');
  });

  it('defaults to two months after the decision during prosecution', () => {
    expect(reviewDateFor('prosecution', '2026-03-15', undefined, 0)).toBe('2026-05-15');
  });

  it('refuses a prosecution review date beyond two months', () => {
    const error = thrown(() => reviewDateFor('prosecution', '2026-03-15', '2026-05-16', 1));
    expect(error.status).toBe(422);
    expect(error.errors[0]?.path).toBe('decisions.1.reviewBy');
  });

  it('keeps a trial measure without a review date unless one is given', () => {
    expect(reviewDateFor('trial', '2026-03-15', undefined, 0)).toBeUndefined();
    expect(reviewDateFor('trial', '2026-03-15', '2027-01-01', 0)).toBe('2027-01-01');
  });

  it('refuses a review date before the decision day', () => {
    expect(thrown(() => reviewDateFor('trial', '2026-03-15', '2026-03-14', 0)).status).toBe(422);
  });
});

describe('applyDecision', () => {
  it('counts a modified measure as confirmed of its new type and a rejection once', () => {
    const { outcome } = applyDecision(
      {
        id: 'R',
        caseId: 'C',
        stage: 'prosecution',
        measures: [
          { type: 'escort_travel', justification: 'a' },
          { type: 'remote_av_distorted', justification: 'b' },
          { type: 'psychologist_present', justification: 'c' },
        ],
      },
      {
        decisions: [
          {
            measure: 'escort_travel',
            outcome: 'modified',
            modifiedTo: 'home_guard_or_temp_housing',
            reason: 'Safer',
          },
          { measure: 'remote_av_distorted', outcome: 'rejected', reason: 'No remote room' },
          { measure: 'psychologist_present', outcome: 'confirmed', reviewBy: '2026-04-01' },
        ],
        witnessStatus: 'vulnerable',
      },
      'pros',
      '2026-03-15T10:00:00.000Z',
      '2026-03-15',
    );
    expect(outcome.confirmedByType).toEqual({ home_guard_or_temp_housing: 1, psychologist_present: 1 });
    expect(outcome.rejected).toBe(1);
    expect(outcome.active.map((m) => [m.type, m.modifiedFrom, m.reviewBy, m.witnessStatus])).toEqual([
      ['home_guard_or_temp_housing', 'escort_travel', '2026-05-15', 'vulnerable'],
      ['psychologist_present', undefined, '2026-04-01', 'vulnerable'],
    ]);
  });
});
