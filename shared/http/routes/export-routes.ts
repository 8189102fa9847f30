// Analyst exports (API.md "Exports"): counters only, disclosure-controlled, JSON or CSV. Served by the
// `exports` function, which has no grant on the CoordinationTable.
import * as z from 'zod/mini';
import { CSV_DIALECTS } from '../../domain/csv-dialect.ts';
import { FEEDBACK_DIMENSIONS, type FeedbackDimension } from '../../domain/export-shaping.ts';
import { isValidPeriod } from '../../domain/periods.ts';
import { route } from '../route.ts';

const exportRoles = ['analyst', 'admin'] as const;

const Period = z.string().check(z.refine(isValidPeriod, 'Must be a half-year like 2026-S1'));
/** Survey ids end up in counter keys and a file name: no `#`, quotes or path characters. */
const SurveyId = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'Must be a survey id'));
const Format = z._default(z.enum(['json', 'csv']), 'json');
/** Asked of JSON, a dialect is refused rather than ignored: the caller expected a CSV. */
const Dialect = z.optional(
  z
    .enum(CSV_DIALECTS)
    .check(
      z.describe(
        'With format=csv: rfc4180 (default; `,` and a decimal point) or excel-ro (`;` and a decimal comma, for ' +
          'Excel set to Romanian). Every CSV starts with a UTF-8 BOM; an empty value is suppressed (its ' +
          '`suppressed` column says true), `n/a` is a value that does not apply or cannot be computed.',
      ),
    ),
);
const dialectNeedsCsv = { message: 'Only with format=csv', path: ['dialect'] };

/** `county,language` -> the dimensions in canonical order; `none` groups nothing (one national group). */
const dimension = `(?:${FEEDBACK_DIMENSIONS.join('|')})`;
const FeedbackGroupBy = z.pipe(
  // The pattern states the values in the OpenAPI document; the transform adds what a pattern cannot say.
  z._default(
    z
      .string()
      .check(
        z.regex(
          new RegExp(`^(?:none|\\s*${dimension}\\s*(?:,\\s*${dimension}\\s*)*)$`),
          `Must be none or distinct values among ${FEEDBACK_DIMENSIONS.join(', ')}`,
        ),
      ),
    'county',
  ),
  z.transform((value: string, ctx): FeedbackDimension[] => {
    if (value === 'none') return [];
    const parts = value.split(',').map((p) => p.trim());
    const unknown = parts.filter((p) => !(FEEDBACK_DIMENSIONS as readonly string[]).includes(p));
    if (unknown.length > 0 || new Set(parts).size !== parts.length) {
      // zod/mini's transform context has no addIssue: the issue is pushed as classic zod's addIssue would.
      ctx.issues.push({
        code: 'custom',
        message: `Must be none or distinct values among ${FEEDBACK_DIMENSIONS.join(', ')}`,
        input: value,
      });
      return z.NEVER;
    }
    return FEEDBACK_DIMENSIONS.filter((d) => parts.includes(d));
  }),
);

export const FeedbackExportQuery = z
  .object({
    surveyId: SurveyId,
    wave: Period,
    groupBy: FeedbackGroupBy,
    format: Format,
    dialect: Dialect,
  })
  .check(z.refine((q) => !q.dialect || q.format === 'csv', dialectNeedsCsv));

export const IndicatorsExportQuery = z
  .object({
    period: Period,
    groupBy: z._default(z.enum(['county', 'none']), 'county'),
    /** The survey whose `safe` answers give share_feeling_safe for this period (its wave); null without it. */
    surveyId: z.optional(SurveyId),
    format: Format,
    dialect: Dialect,
  })
  .check(z.refine((q) => !q.dialect || q.format === 'csv', dialectNeedsCsv));

const Count = z.nullable(z.number().check(z.int(), z.nonnegative()));

export const FeedbackExportResponse = z.object({
  surveyId: z.string(),
  wave: z.string(),
  k: z.number().check(z.int()),
  groups: z.array(
    z.object({
      stratum: z.record(z.string(), z.string()),
      suppressed: z.boolean(),
      respondents: Count,
      questions: z.nullable(z.record(z.string(), z.record(z.string(), Count))),
    }),
  ),
  total: z.object({ respondents: Count, invited: Count, responseRate: z.nullable(z.number()) }),
});

const IndicatorGroup = z.object({
  stratum: z.object({ county: z.optional(z.string()) }),
  suppressed: z.boolean(),
  suppressedIndicators: z.array(z.string()),
  indicators: z.record(z.string(), z.nullable(z.number())),
});

export const IndicatorsExportResponse = z.object({
  period: z.string(),
  k: z.number().check(z.int()),
  groupBy: z.enum(['county', 'none']),
  surveyId: z.nullable(z.string()),
  groups: z.array(IndicatorGroup),
  national: IndicatorGroup,
});

export const exportRoutes = [
  route({
    id: 'exportFeedback',
    method: 'GET',
    path: '/exports/feedback',
    fn: 'exports',
    access: { kind: 'roles', roles: exportRoles },
    summary: 'Survey answers by stratum, small groups and answer counts suppressed (JSON or CSV)',
    query: FeedbackExportQuery,
    response: FeedbackExportResponse,
    successStatus: 200,
    // A groupBy outside the published tables (county x language would difference them).
    otherErrorStatuses: [422],
    produces: 'text/csv',
  }),
  route({
    id: 'exportIndicators',
    method: 'GET',
    path: '/exports/indicators',
    fn: 'exports',
    access: { kind: 'roles', roles: exportRoles },
    summary: 'Programme indicators of a half-year by county and national, suppressed (JSON or CSV)',
    query: IndicatorsExportQuery,
    response: IndicatorsExportResponse,
    successStatus: 200,
    produces: 'text/csv',
  }),
];
