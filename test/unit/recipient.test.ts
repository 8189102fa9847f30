import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../shared/domain/case.ts';
import { possibleRecipientPhones, purposeOf, recipientFor } from '../../shared/domain/recipient.ts';

const NOW = new Date('2026-12-01T10:00:00Z');
const VICTIM = '+40722000001';
const REPRESENTATIVE = '+40722000002';
const SHELTER = '+40722000003';

type Victim = CaseRecord['victim'];

function aVictim(overrides: Partial<Victim> = {}): { victim: Victim } {
  return { victim: { pseudonym: 'V-1', language: 'ro', phone: VICTIM, birthYear: 1995, ...overrides } };
}

const aMinor = (overrides: Partial<Victim> = {}) => aVictim({ birthYear: 2014, ...overrides });
const safeRepresentative = { phone: REPRESENTATIVE, safeToContact: true };
const shelterWorker = { name: 'Maria', phone: SHELTER, relation: 'shelter worker' };

describe('recipientFor', () => {
  describe('an adult victim', () => {
    it('is texted on their own phone about hearings and surveys', () => {
      expect(recipientFor('hearing', aVictim(), NOW)).toEqual({ role: 'victim', phone: VICTIM });
      expect(recipientFor('survey', aVictim(), NOW)).toEqual({ role: 'victim', phone: VICTIM });
    });

    it('is texted even when a representative is recorded: only minors are reached through one', () => {
      const adult = aVictim({ legalRepresentative: safeRepresentative, safeContact: shelterWorker });
      expect(recipientFor('hearing', adult, NOW).phone).toBe(VICTIM);
    });

    it('names nobody, with no_phone, when the victim has no number', () => {
      expect(recipientFor('hearing', aVictim({ phone: undefined }), NOW)).toEqual({
        role: null,
        reason: 'no_phone',
      });
    });
  });

  describe('a minor', () => {
    it('is reached through the legal representative recorded as safe to contact', () => {
      const minor = aMinor({ legalRepresentative: safeRepresentative, safeContact: shelterWorker });
      expect(recipientFor('hearing', minor, NOW)).toEqual({
        role: 'legal_representative',
        phone: REPRESENTATIVE,
      });
    });

    it('is reached through the safe contact when the representative is not safe to contact', () => {
      const minor = aMinor({
        legalRepresentative: { phone: REPRESENTATIVE, safeToContact: false },
        safeContact: shelterWorker,
      });
      expect(recipientFor('hearing', minor, NOW)).toEqual({ role: 'safe_contact', phone: SHELTER });
    });

    it('treats a representative without the flag (an older record) as not safe', () => {
      const minor = aMinor({ legalRepresentative: { phone: REPRESENTATIVE }, safeContact: shelterWorker });
      expect(recipientFor('hearing', minor, NOW).role).toBe('safe_contact');
    });

    it('is reached through the safe contact when a safe representative has no phone', () => {
      const minor = aMinor({ legalRepresentative: { safeToContact: true }, safeContact: shelterWorker });
      expect(recipientFor('hearing', minor, NOW).role).toBe('safe_contact');
    });

    it('is reached through the safe contact when there is no representative', () => {
      expect(recipientFor('hearing', aMinor({ safeContact: shelterWorker }), NOW).phone).toBe(SHELTER);
    });

    it('is texted by nobody, never on their own phone, when nobody safe is recorded', () => {
      const minor = aMinor({ legalRepresentative: { phone: REPRESENTATIVE, safeToContact: false } });
      expect(recipientFor('hearing', minor, NOW)).toEqual({ role: null, reason: 'no_safe_recipient' });
      expect(recipientFor('hearing', aMinor(), NOW)).toEqual({ role: null, reason: 'no_safe_recipient' });
    });

    it('is never sent a survey, not even through a safe representative', () => {
      const minor = aMinor({ legalRepresentative: safeRepresentative, safeContact: shelterWorker });
      expect(recipientFor('survey', minor, NOW)).toEqual({ role: null, reason: 'minor' });
    });

    it('includes a person of uncertain age the coordinator marked as a minor (CPP art. 113(6))', () => {
      const uncertain = aVictim({ birthYear: undefined, ageUncertainTreatAsMinor: true });
      expect(recipientFor('hearing', uncertain, NOW)).toEqual({ role: null, reason: 'no_safe_recipient' });
    });

    it('becomes their own recipient once surely 18, by the clock passed in', () => {
      const turning = aVictim({ birthYear: 2008, legalRepresentative: safeRepresentative });
      expect(recipientFor('hearing', turning, new Date('2025-06-01T00:00:00Z')).role).toBe(
        'legal_representative',
      );
      expect(recipientFor('hearing', turning, new Date('2027-06-01T00:00:00Z')).role).toBe('victim');
    });
  });

  it('maps every outbox kind to its purpose', () => {
    expect(purposeOf('reminder')).toBe('hearing');
    expect(purposeOf('change_notice')).toBe('hearing');
    expect(purposeOf('cancellation_notice')).toBe('hearing');
    expect(purposeOf('survey_invitation')).toBe('survey');
    expect(purposeOf('survey_hint')).toBe('survey');
  });

  it('lists the phones the rule could name, for one opt-out read', () => {
    const minor = aMinor({ legalRepresentative: safeRepresentative });
    expect(possibleRecipientPhones(minor, NOW)).toEqual([REPRESENTATIVE]);
    expect(possibleRecipientPhones(aVictim(), NOW)).toEqual([VICTIM]);
    expect(possibleRecipientPhones(aMinor(), NOW)).toEqual([]);
  });
});
