import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../shared/domain/case.ts';
import { BusinessRuleError } from '../../shared/domain/errors.ts';
import type { SurveyDefinition } from '../../shared/domain/survey-engine.ts';
import { invitationDecision } from '../../shared/domain/survey-invitation.ts';

const now = new Date('2026-09-15T10:00:00Z');

function aRecord(
  overrides: Partial<CaseRecord> = {},
  victim: Partial<CaseRecord['victim']> = {},
): CaseRecord {
  return {
    id: '01JABCDEFGHJKMNPQRSTVWXYZ0',
    status: 'open',
    version: 3,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    coordinator: 'coord-dj',
    county: 'DJ',
    prosecutorUnit: 'DIICOT-CRAIOVA',
    criminalCaseNumber: '1/D/P/2026',
    victim: { pseudonym: 'V-1', phone: '+40722123456', language: 'ro', birthYear: 1995, ...victim },
    consents: { smsReminders: true, feedbackSurveys: true },
    participatesInProceedings: true,
    proceedingsStage: 'preliminary_chamber',
    ...overrides,
  };
}

const survey = { languages: ['ro', 'uk'] } as unknown as SurveyDefinition;

describe('invitationDecision', () => {
  it('invites with coarse strata only: county, language, stage, age band', () => {
    expect(invitationDecision(aRecord(), survey, now)).toEqual({
      invite: true,
      phone: '+40722123456',
      strata: { county: 'DJ', language: 'ro', stage: 'preliminary_chamber', ageBand: '26-35' },
    });
  });

  it('gives the age band "unknown" without a birth year', () => {
    const decision = invitationDecision(aRecord({}, { birthYear: undefined }), survey, now);
    expect(decision).toMatchObject({ invite: true, strata: { ageBand: 'unknown' } });
  });

  it('skips without the survey consent before looking at anything else', () => {
    const record = aRecord({ consents: { smsReminders: true, feedbackSurveys: false } }, { birthYear: 2015 });
    expect(invitationDecision(record, survey, now)).toEqual({ invite: false, reason: 'no_consent' });
  });

  it('skips a person who may still be 17 this year, and one marked as of uncertain age', () => {
    expect(invitationDecision(aRecord({}, { birthYear: 2008 }), survey, now)).toEqual({
      invite: false,
      reason: 'minor',
    });
    const marked = aRecord({}, { birthYear: 1990, ageUncertainTreatAsMinor: true });
    expect(invitationDecision(marked, survey, now)).toEqual({ invite: false, reason: 'minor' });
  });

  it('refuses with 422 a victim without a phone or in a language the survey does not declare', () => {
    expect(() => invitationDecision(aRecord({}, { phone: undefined }), survey, now)).toThrow(
      BusinessRuleError,
    );
    expect(() => invitationDecision(aRecord({}, { language: 'hu' }), survey, now)).toThrow(/language \(hu\)/);
  });
});
