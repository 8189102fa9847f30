// The analyst exports: read the counter partitions, shape and suppress them (shared/domain/export-shaping.ts).
// k comes from configuration (SUPPRESSION_K, never below 3). Exports hold no personal data, so they are not
// audited; the log line carries the cost in counts only.
import { getConfig } from '../config.ts';
import {
  type ReadCost,
  readIndicatorCounters,
  readSurveyCounters,
  readSurveyIds,
  readVoucherAmounts,
} from '../data/export-repository.ts';
import { assertValidK } from '../domain/disclosure-control.ts';
import {
  assertPublishedGrouping,
  type FeedbackDimension,
  type FeedbackExport,
  type IndicatorGrouping,
  type IndicatorsExport,
  type ParsedSurveyCounter,
  parseSurveyCounter,
  type SurveyCounter,
  shapeFeedback,
  shapeIndicators,
} from '../domain/export-shaping.ts';
import { logger } from '../logger.ts';

function suppressionK(): number {
  const k = getConfig().SUPPRESSION_K;
  assertValidK(k);
  return k;
}

function parseAll(counters: SurveyCounter[]): ParsedSurveyCounter[] {
  const parsed = counters.map(parseSurveyCounter).filter((c) => c !== undefined);
  if (parsed.length < counters.length) {
    logger.warn('export skipped malformed survey counters', { skipped: counters.length - parsed.length });
  }
  return parsed;
}

function logCost(exportName: string, costs: ReadCost[], cells: number): void {
  logger.info('export', {
    export: exportName,
    queries: costs.reduce((n, c) => n + c.queries, 0),
    items: costs.reduce((n, c) => n + c.items, 0),
    capacityUnits: costs.reduce((n, c) => n + c.capacityUnits, 0),
    cells,
  });
}

export async function feedbackExport(query: {
  surveyId: string;
  wave: string;
  groupBy: readonly FeedbackDimension[];
}): Promise<FeedbackExport> {
  assertPublishedGrouping(query.groupBy);
  const read = await readSurveyCounters(query.surveyId, query.wave);
  const result = shapeFeedback({
    ...query,
    k: suppressionK(),
    counters: parseAll(read.items),
    answerValues: read.answerValues,
  });
  logCost('feedback', [read.cost], result.groups.length);
  return result;
}

export async function indicatorsExport(query: {
  period: string;
  groupBy: IndicatorGrouping;
  surveyId?: string | undefined;
}): Promise<IndicatorsExport> {
  const [counters, amounts, surveyIds] = await Promise.all([
    readIndicatorCounters(query.period),
    readVoucherAmounts(query.period),
    readSurveyIds(),
  ]);
  // survey_invitations and survey_responses are summed from the feedback tables of every survey of the
  // period (the wave is the period), suppressed jointly with them (export-shaping.ts, README "Publishable
  // tables"): one partition per survey, read one at a time so a long catalogue does not burst the table.
  // The survey named for share_feeling_safe is read once, whether or not the catalogue lists it.
  const ids = [...new Set([...surveyIds.items, ...(query.surveyId ? [query.surveyId] : [])])];
  const reads = new Map<string, Awaited<ReturnType<typeof readSurveyCounters>>>();
  for (const id of ids) reads.set(id, await readSurveyCounters(id, query.period));
  const survey = query.surveyId ? reads.get(query.surveyId) : undefined;
  const periodReads = surveyIds.items.map((id) => reads.get(id)).filter((read) => read !== undefined);
  const result = shapeIndicators({
    period: query.period,
    k: suppressionK(),
    groupBy: query.groupBy,
    surveyId: query.surveyId ?? null,
    counters: counters.items,
    amounts: amounts.items,
    surveyCounters: survey ? parseAll(survey.items) : null,
    surveyAnswerValues: survey?.answerValues ?? [],
    periodSurveys: periodReads.map((read) => ({
      counters: parseAll(read.items),
      answerValues: read.answerValues,
    })),
  });
  const costs = [
    counters.cost,
    amounts.cost,
    surveyIds.cost,
    ...[...reads.values()].map((read) => read.cost),
  ];
  logCost('indicators', costs, result.groups.length + 1);
  return result;
}
