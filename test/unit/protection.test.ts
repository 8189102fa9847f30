import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/domain/errors.ts';
import {
  type ActiveMeasureRecord,
  applyCourtDecision,
  applyDecision,
  applyReview,
  assertDecisionComplete,
  CourtDecisionBody,
  CreateProtectionRequestBody,
  DecisionBody,
  isUrgent,
  type MeasureDecision,
  ReviewBody,
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

describe('review dates (CPP art. 126(5): "at reasonable intervals")', () => {
  it('defaults to PROTECTION_REVIEW_DAYS after the decision during prosecution', () => {
    expect(reviewDateFor('prosecution', '2026-03-15', undefined, 'decisions.0.reviewBy', 60)).toBe(
      '2026-05-14',
    );
  });

  it('counts the default across a year end in calendar days', () => {
    expect(reviewDateFor('prosecution', '2026-12-31', undefined, 'x', 60)).toBe('2027-03-01');
  });

  it('keeps a prosecutor’s later review date: the interval is a reminder, not a cap', () => {
    expect(reviewDateFor('prosecution', '2026-03-15', '2026-09-30', 'decisions.1.reviewBy', 60)).toBe(
      '2026-09-30',
    );
  });

  it('keeps a trial measure without a review date unless one is given', () => {
    expect(reviewDateFor('trial', '2026-03-15', undefined, 'x', 60)).toBeUndefined();
    expect(reviewDateFor('trial', '2026-03-15', '2027-01-01', 'x', 60)).toBe('2027-01-01');
  });

  it('refuses a review date before the decision day, naming the field', () => {
    const error = thrown(() =>
      reviewDateFor('trial', '2026-03-15', '2026-03-14', 'decisions.1.reviewBy', 60),
    );
    expect(error.status).toBe(422);
    expect(error.errors[0]?.path).toBe('decisions.1.reviewBy');
  });
});

let ids = 0;
const nextId = () => {
  ids += 1;
  return `M${String(ids).padStart(25, '0')}`;
};
const ordinance = { number: '12/P/2026', date: '2026-03-14' };

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
        threatenedWitnessOrdinance: ordinance,
      },
      'pros',
      '2026-03-15T10:00:00.000Z',
      '2026-03-15',
      60,
      nextId,
    );
    expect(outcome.confirmedByType).toEqual({ home_guard_or_temp_housing: 1, psychologist_present: 1 });
    expect(outcome.rejected).toBe(1);
    expect(outcome.active.map((m) => [m.type, m.status, m.modifiedFrom, m.reviewBy, m.legalBasis])).toEqual([
      ['home_guard_or_temp_housing', 'active', 'escort_travel', '2026-05-14', 'CPP 126(1)(a), 127(a)'],
      ['psychologist_present', 'active', undefined, '2026-04-01', 'CPP 111(6)(b)'],
    ]);
    expect(outcome.active[0]?.threatenedWitnessOrdinance).toEqual(ordinance);
    expect(outcome.active[1]?.threatenedWitnessOrdinance).toBeUndefined();
  });

  it('refuses to confirm a CPP 126(1)(a)-(d) measure during prosecution without the threatened-witness ordinance', () => {
    const error = thrown(() =>
      applyDecision(
        {
          id: 'R',
          caseId: 'C',
          stage: 'prosecution',
          measures: [{ type: 'escort_travel', justification: 'a' }],
        },
        { decisions: [{ measure: 'escort_travel', outcome: 'confirmed' }] },
        'pros',
        '2026-03-15T10:00:00.000Z',
        '2026-03-15',
        60,
        nextId,
      ),
    );
    expect(error.status).toBe(422);
    expect(error.errors[0]?.path).toBe('threatenedWitnessOrdinance');
  });

  it('refuses a threatened-witness ordinance dated after the decision day', () => {
    const error = thrown(() =>
      applyDecision(
        {
          id: 'R',
          caseId: 'C',
          stage: 'prosecution',
          measures: [{ type: 'escort_travel', justification: 'a' }],
        },
        {
          decisions: [{ measure: 'escort_travel', outcome: 'confirmed' }],
          threatenedWitnessOrdinance: { number: '1', date: '2026-03-16' },
        },
        'pros',
        '2026-03-15T10:00:00.000Z',
        '2026-03-15',
        60,
        nextId,
      ),
    );
    expect(error.errors[0]?.path).toBe('threatenedWitnessOrdinance.date');
  });

  it('makes a trial-stage confirmation a proposal to the court that counts nothing yet', () => {
    const { outcome } = applyDecision(
      {
        id: 'R',
        caseId: 'C',
        stage: 'trial',
        measures: [{ type: 'closed_session_testimony', justification: 'a' }],
      },
      { decisions: [{ measure: 'closed_session_testimony', outcome: 'confirmed' }] },
      'pros',
      '2026-03-15T10:00:00.000Z',
      '2026-03-15',
      60,
      nextId,
    );
    expect(outcome.active.map((m) => [m.status, m.reviewBy])).toEqual([['proposed_to_court', undefined]]);
    expect(outcome.confirmedByType).toEqual({});
  });
});

function aMeasure(overrides: Partial<ActiveMeasureRecord> = {}): ActiveMeasureRecord {
  return {
    id: nextId(),
    caseId: 'C',
    type: 'escort_travel',
    status: 'active',
    legalBasis: 'CPP 126(1)(b), 127(b)',
    county: 'DJ',
    prosecutorUnit: 'U',
    stage: 'prosecution',
    outcome: 'confirmed',
    reviewBy: '2026-05-14',
    requestId: 'R',
    decidedAt: '2026-03-15T10:00:00.000Z',
    decidedBy: 'pros',
    threatenedWitnessOrdinance: ordinance,
    history: [{ event: 'confirmed', at: '2026-03-15T10:00:00.000Z', by: 'pros', nextReviewBy: '2026-05-14' }],
    version: 1,
    ...overrides,
  };
}

const reviewCtx = {
  by: 'pros2',
  at: '2026-05-10T09:00:00.000Z',
  today: '2026-05-10',
  reviewDays: 60,
  newId: nextId,
};
const review = (body: Record<string, unknown>) =>
  ReviewBody.parse({
    reason: 'Threats continue',
    ordinance: { number: '40/P', date: '2026-05-10' },
    ...body,
  });

describe('applyReview', () => {
  it('maintains a measure with the next review PROTECTION_REVIEW_DAYS later and records the ordinance', () => {
    const { reviewed, replacement } = applyReview(aMeasure(), review({ outcome: 'maintained' }), reviewCtx);
    expect(replacement).toBeUndefined();
    expect([reviewed.status, reviewed.reviewBy, reviewed.version]).toEqual(['active', '2026-07-09', 2]);
    expect(reviewed.history.at(-1)).toMatchObject({
      event: 'maintained',
      ordinance: { number: '40/P', date: '2026-05-10' },
      nextReviewBy: '2026-07-09',
    });
  });

  it('lifts a measure: it ends, keeps its history and leaves the due list', () => {
    const { reviewed } = applyReview(aMeasure(), review({ outcome: 'lifted' }), reviewCtx);
    expect([reviewed.status, reviewed.reviewBy, reviewed.endedAt]).toEqual([
      'lifted',
      undefined,
      '2026-05-10T09:00:00.000Z',
    ]);
    expect(reviewed.history.map((e) => e.event)).toEqual(['confirmed', 'lifted']);
  });

  it('modifies a measure into a new one in force that carries the threatened-witness ordinance over', () => {
    const { reviewed, replacement } = applyReview(
      aMeasure(),
      review({ outcome: 'modified', modifiedTo: 'home_guard_or_temp_housing' }),
      reviewCtx,
    );
    expect([reviewed.status, reviewed.replacedBy]).toEqual(['replaced', replacement?.id]);
    expect(replacement).toMatchObject({
      type: 'home_guard_or_temp_housing',
      status: 'active',
      modifiedFrom: 'escort_travel',
      legalBasis: 'CPP 126(1)(a), 127(a)',
      threatenedWitnessOrdinance: ordinance,
      reviewBy: '2026-07-09',
    });
  });

  it('needs a threatened-witness ordinance to modify into a CPP 126(1)(a)-(d) measure when none is on record', () => {
    const error = thrown(() =>
      applyReview(
        aMeasure({ type: 'psychologist_present', threatenedWitnessOrdinance: undefined }),
        review({ outcome: 'modified', modifiedTo: 'pseudonym_identity' }),
        reviewCtx,
      ),
    );
    expect(error.errors[0]?.path).toBe('threatenedWitnessOrdinance');
  });

  it('answers 409 for a measure no longer in force', () => {
    expect(
      thrown(() => applyReview(aMeasure({ status: 'lifted' }), review({ outcome: 'maintained' }), reviewCtx))
        .status,
    ).toBe(409);
  });

  it('refuses with 422 to review a court-ordered trial measure', () => {
    expect(
      thrown(() => applyReview(aMeasure({ stage: 'trial' }), review({ outcome: 'maintained' }), reviewCtx))
        .status,
    ).toBe(422);
  });

  it('refuses an ordinance dated in the future', () => {
    const error = thrown(() =>
      applyReview(
        aMeasure(),
        review({ outcome: 'lifted', ordinance: { number: '1', date: '2026-05-11' } }),
        reviewCtx,
      ),
    );
    expect(error.errors[0]?.path).toBe('ordinance.date');
  });

  it('asks for modifiedTo with a modification and for nothing else without one', () => {
    expect(ReviewBody.safeParse({ outcome: 'modified', reason: 'abc', ordinance }).success).toBe(false);
    const lifted = ReviewBody.safeParse({
      outcome: 'lifted',
      reason: 'abc',
      ordinance,
      modifiedTo: 'escort_travel',
    });
    expect(lifted.error?.issues[0]?.path).toEqual(['modifiedTo']);
  });
});

describe('applyCourtDecision (CPP art. 128)', () => {
  const proposed = () => aMeasure({ stage: 'trial', status: 'proposed_to_court', reviewBy: undefined });
  const ctx = { by: 'coord', at: '2026-04-02T08:00:00.000Z', today: '2026-04-02' };
  const court = (outcome: string, extra = {}) =>
    CourtDecisionBody.parse({
      court: 'Tribunalul Dolj',
      date: '2026-04-01',
      outcome,
      reference: 'Înch. 5/2026',
      ...extra,
    });

  it('puts an ordered measure in force with the court and its reference', () => {
    const next = applyCourtDecision(proposed(), court('ordered'), ctx);
    expect([next.status, next.court?.reference, next.history.at(-1)?.event]).toEqual([
      'active',
      'Înch. 5/2026',
      'ordered',
    ]);
  });

  it('ends a refused measure', () => {
    const next = applyCourtDecision(proposed(), court('refused'), ctx);
    expect([next.status, next.endedAt]).toEqual(['refused', ctx.at]);
  });

  it('answers 409 for a measure that is not awaiting the court', () => {
    expect(thrown(() => applyCourtDecision(aMeasure(), court('ordered'), ctx)).status).toBe(409);
  });

  it('refuses a decision dated before the proposal or in the future', () => {
    expect(
      thrown(() => applyCourtDecision(proposed(), court('ordered', { date: '2026-03-14' }), ctx)).errors[0]
        ?.path,
    ).toBe('date');
    expect(
      thrown(() => applyCourtDecision(proposed(), court('ordered', { date: '2026-04-03' }), ctx)).status,
    ).toBe(422);
  });
});
