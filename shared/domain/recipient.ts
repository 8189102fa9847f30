// Who may receive a message about a case (DOMAIN.md "Who may receive a message"), written once: hearing
// scheduling, survey invitations and the sender at send time all ask recipientFor, so no path can disagree.
import type { CaseRecord } from './case.ts';
import { victimIsMinor } from './case.ts';
import * as clock from './clock.ts';
import type { OutboxKind } from './outbox-message.ts';

/** What a message is about: appointments (reminders, notices) or a feedback survey. */
export type MessagePurpose = 'hearing' | 'survey';

export const RECIPIENT_ROLES = ['victim', 'legal_representative', 'safe_contact'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

/**
 * Why nobody is to be texted: `minor` (surveys are never sent to minors), `no_safe_recipient` (a minor whose
 * representative is absent or not safe to contact, and no safe contact), `no_phone` (the person the rule
 * names has no number on file).
 */
export const NO_RECIPIENT_REASONS = ['minor', 'no_safe_recipient', 'no_phone'] as const;
export type NoRecipientReason = (typeof NO_RECIPIENT_REASONS)[number];

export type Recipient =
  | { role: RecipientRole; phone: string }
  | { role: null; phone?: undefined; reason: NoRecipientReason };

type VictimContacts = Pick<
  CaseRecord['victim'],
  'phone' | 'birthYear' | 'ageUncertainTreatAsMinor' | 'legalRepresentative' | 'safeContact'
>;

const nobody = (reason: NoRecipientReason): Recipient => ({ role: null, reason });

/**
 * The one rule. Adult: the victim's own phone. Minor: the legal representative only when recorded as safe to
 * contact (anything but an explicit `true` is unsafe: a record from before the flag existed, or one a
 * family_ties_to_offender assessment turned off), else the safe contact, else nobody, and the coordinator
 * phones instead. Surveys never go to a minor, nor to anyone on a minor's behalf.
 */
export function recipientFor(
  purpose: MessagePurpose,
  record: { victim: VictimContacts },
  now: Date = clock.now(),
): Recipient {
  const { victim } = record;
  if (!victimIsMinor(victim as CaseRecord['victim'], now)) {
    return victim.phone ? { role: 'victim', phone: victim.phone } : nobody('no_phone');
  }
  if (purpose === 'survey') return nobody('minor');
  const representative = victim.legalRepresentative;
  if (representative?.safeToContact === true && representative.phone) {
    return { role: 'legal_representative', phone: representative.phone };
  }
  if (victim.safeContact?.phone) return { role: 'safe_contact', phone: victim.safeContact.phone };
  return nobody('no_safe_recipient');
}

/** The purpose an outbox message serves, from its template kind. */
export function purposeOf(kind: OutboxKind): MessagePurpose {
  return kind.startsWith('survey_') ? 'survey' : 'hearing';
}

/** Every phone the rule could name for the case now, for reading their opt-outs in one batch. */
export function possibleRecipientPhones(record: { victim: VictimContacts }, now: Date): string[] {
  const phones = (['hearing', 'survey'] as const)
    .map((purpose) => recipientFor(purpose, record, now).phone)
    .filter((phone): phone is string => phone !== undefined);
  return [...new Set(phones)];
}
