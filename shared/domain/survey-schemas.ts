// The HTTP shapes of the survey context (API.md "Surveys"): definitions an admin posts, invitations a
// coordinator sends, and the stored definition as the API answers it. The conversation rules are survey-engine.ts.

import * as z from 'zod/mini';
import { ListQuery } from './common-schemas.ts';
import { LANGUAGES } from './enums.ts';
import { isValidPeriod } from './periods.ts';
import { REPLY_CHANNELS, type ReplyChannel } from './reply-channel.ts';
import type { QuestionSegments, SurveyDefinition } from './survey-definition.ts';

/** Survey ids end up in keys, counter partitions and export file names: no `#`, quotes or path characters. */
export const SurveyId = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'Must be a survey id'));

/**
 * A question id is the column of the exports and part of a counter key (`<stratum>#<question>#<answer>`):
 * lower-case, starting with a letter, so it can never be `_respondents` / `_invited` or carry a `#`.
 */
const QuestionId = z
  .string()
  .check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'Must be lower-case letters, digits, _'));

/**
 * A wave is a half-year (`2026-S2`): the exports and the indicators address survey counters by period,
 * so a free label could be answered but never exported. The wave is also the period of its indicators.
 */
export const Wave = z.string().check(z.refine(isValidPeriod, 'Must be a half-year like 2026-S2'));

/** One SMS of at most ~3 UCS-2 segments: a survey text longer than that is a letter, not a question. */
const SmsText = z.string().check(z.maxLength(200));
const LocalizedText = z.partialRecord(z.enum(LANGUAGES), SmsText);

/** A choice is answered by its number or its text, and its text is a counter key's last part. */
const Choice = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    z.maxLength(40),
    z.regex(/^[^#\n]*$/, 'Must not contain # or a line break'),
  );

const Question = z.strictObject({
  id: QuestionId,
  type: z.enum(['scale', 'yes_no', 'choice', 'text']),
  min: z.optional(z.number().check(z.int())),
  max: z.optional(z.number().check(z.int())),
  choices: z.optional(z.array(Choice).check(z.maxLength(9))),
  text: LocalizedText,
});

export const CreateSurveyBody = z.strictObject({
  id: SurveyId,
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  languages: z.array(z.enum(LANGUAGES)).check(
    z.minLength(1),
    z.maxLength(LANGUAGES.length),
    z.refine((langs) => new Set(langs).size === langs.length, 'Must not repeat a language'),
  ),
  intro: LocalizedText,
  questions: z.array(Question).check(z.minLength(1), z.maxLength(20)),
  thanks: LocalizedText,
});
export type CreateSurveyBody = z.infer<typeof CreateSurveyBody>;

export const SurveyParams = z.object({ surveyId: SurveyId });
export const GetSurveyQuery = z.object({
  version: z.optional(z.coerce.number().check(z.int(), z.gte(1))),
});
export const ListSurveysQuery = z.object({ ...ListQuery });

export const CreateInvitationBody = z.strictObject({
  surveyId: SurveyId,
  wave: z.optional(Wave),
  /** How the answers come back; absent, SURVEY_CHANNEL_DEFAULTS by the phone's country (reply-channel.ts). */
  channel: z.optional(z.enum(REPLY_CHANNELS)),
});
export type CreateInvitationBody = z.infer<typeof CreateInvitationBody>;

export const SKIP_REASONS = ['no_consent', 'minor', 'opted_out', 'already_invited'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** An invitation is queued in the outbox (the sender texts it later, outside quiet hours) or skipped. */
export type InvitationOutcome =
  | { status: 'queued'; wave: string; channel: ReplyChannel }
  | { status: 'skipped'; reason: SkipReason };

export const InvitationResponse = z.union([
  z.object({ status: z.literal('sent'), wave: z.string(), channel: z.optional(z.enum(REPLY_CHANNELS)) }),
  z.object({ status: z.literal('skipped'), reason: z.enum(SKIP_REASONS) }),
]);

/** A stored version of a definition. `createdAt` is the only time it carries: when the admin published it. */
export interface StoredSurvey extends SurveyDefinition {
  createdAt: string;
}

export interface SurveySummary {
  id: string;
  title: string;
  languages: string[];
  latestVersion: number;
}

export function surveyView(survey: StoredSurvey, segments: QuestionSegments[]) {
  return {
    id: survey.id,
    version: survey.version,
    title: survey.title,
    languages: survey.languages,
    intro: survey.intro,
    questions: survey.questions,
    thanks: survey.thanks,
    createdAt: survey.createdAt,
    segments,
  };
}
