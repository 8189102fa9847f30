// Who may be invited to a survey, and with which coarse strata (DESIGN.md "Privacy and safety rules"):
// only with the survey consent, never a minor, and the strata never carry a birth year or anything finer.
import type { CaseRecord } from './case.ts';
import { BusinessRuleError } from './errors.ts';
import { ageBand } from './periods.ts';
import { recipientFor } from './recipient.ts';
import type { SurveyDefinition, SurveyStrata } from './survey-definition.ts';
import type { SkipReason } from './survey-schemas.ts';

export type InvitationDecision =
  | { invite: true; strata: SurveyStrata; phone: string }
  | { invite: false; reason: SkipReason };

/**
 * The checks that need only the case; opted_out and already_invited are conditions of the write itself,
 * so a STOP or a second coordinator racing this one cannot slip between a read and the write.
 */
export function invitationDecision(
  record: CaseRecord,
  survey: SurveyDefinition,
  now: Date,
): InvitationDecision {
  if (!record.consents.feedbackSurveys || record.erasedAt) return { invite: false, reason: 'no_consent' };
  // The one recipient rule (recipient.ts): a survey goes to an adult victim's own phone, never about a minor.
  const recipient = recipientFor('survey', record, now);
  if (recipient.role === null && recipient.reason === 'minor') return { invite: false, reason: 'minor' };
  const phone = recipient.phone;
  if (!phone) {
    throw new BusinessRuleError('The case has no phone number to send the survey to.', [
      { path: 'victim.phone', message: 'Required to invite to a survey' },
    ]);
  }
  const language = record.victim.language;
  if (!survey.languages.includes(language)) {
    // Questions in a language the person may not read would make the answers meaningless.
    throw new BusinessRuleError(`The survey is not available in the victim's language (${language}).`, [
      { path: 'surveyId', message: `Declares ${survey.languages.join(', ')}` },
    ]);
  }
  const birthYear = record.victim.birthYear;
  return {
    invite: true,
    phone,
    strata: {
      county: record.county,
      language,
      stage: record.proceedingsStage,
      ageBand: birthYear === undefined ? 'unknown' : (ageBand(birthYear, now) ?? 'unknown'),
    },
  };
}
