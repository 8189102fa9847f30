// What the survey routes answer: a definition with its SMS segments, the catalogue.
import * as z from 'zod/mini';
import { listOf } from '../../domain/common-schemas.ts';
import { LANGUAGES } from '../../domain/enums.ts';
import { Instant, Version } from './common.ts';

const Localized = z.partialRecord(z.enum(LANGUAGES), z.string());

export const SurveyResponse = z.object({
  id: z.string(),
  version: Version,
  title: z.string(),
  languages: z.array(z.enum(LANGUAGES)),
  intro: Localized,
  questions: z.array(
    z.object({
      id: z.string(),
      type: z.enum(['scale', 'yes_no', 'choice', 'text']),
      min: z.optional(z.number().check(z.int())),
      max: z.optional(z.number().check(z.int())),
      choices: z.optional(z.array(z.string())),
      text: Localized,
    }),
  ),
  thanks: Localized,
  createdAt: Instant,
  /** SMS segments of each question's prompt, per language, so an admin can shorten the long ones. */
  segments: z.array(
    z.object({
      questionId: z.string(),
      segments: z.partialRecord(z.enum(LANGUAGES), z.number().check(z.int())),
    }),
  ),
});

export const SurveyListResponse = listOf(
  z.object({
    id: z.string(),
    title: z.string(),
    languages: z.array(z.enum(LANGUAGES)),
    latestVersion: Version,
  }),
);
