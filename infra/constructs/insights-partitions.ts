// The InsightsTable's partitions as IAM `dynamodb:LeadingKeys` patterns, derived from the key builders of
// shared/data/keys.ts (keys are spelled there only): each function's grant names the partitions it may touch.
import { indicatorKeys, surveyKeys } from '../../shared/data/keys.ts';

/** A value no real key holds: where a builder puts it, the pattern has its wildcard. */
const HOLE = '\u0000';

/** `SESSION#\0` -> `SESSION#*`; a key without a variable part (`SURVEYS`) stays exact. */
function pattern(partitionKey: string): string {
  const at = partitionKey.indexOf(HOLE);
  return at < 0 ? partitionKey : `${partitionKey.slice(0, at)}*`;
}

export const INSIGHTS_PARTITIONS = {
  surveyDefinitions: pattern(surveyKeys.partition(HOLE)),
  surveyCatalogue: pattern(surveyKeys.cataloguePartition),
  sessions: pattern(surveyKeys.session(HOLE).pk),
  replies: pattern(surveyKeys.reply(HOLE).pk),
  optOuts: pattern(surveyKeys.optOut(HOLE).pk),
  phoneLanguages: pattern(surveyKeys.phoneLanguage(HOLE).pk),
  inboundSeen: pattern(surveyKeys.inboundSeen(HOLE).pk),
  responses: pattern(surveyKeys.response(HOLE, HOLE, HOLE).pk),
  surveyCounters: pattern(surveyKeys.counterPartition(HOLE, HOLE)),
  indicatorCounters: pattern(indicatorKeys.partition(HOLE)),
  voucherAmounts: pattern(indicatorKeys.voucherAmountPartition(HOLE)),
} as const;

export type InsightsPartition = keyof typeof INSIGHTS_PARTITIONS;

/** The patterns of the named partitions, in the order given. */
export function partitionPatterns(names: readonly InsightsPartition[]): string[] {
  return names.map((name) => INSIGHTS_PARTITIONS[name]);
}
