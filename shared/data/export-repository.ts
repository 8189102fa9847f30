// Reads the counter items the exports are built from: AGG# (survey), IND# (indicators), VAMT# (voucher
// amounts) of the InsightsTable, and the survey ids of the SURVEYS catalogue, each one partition read whole
// with Query. Never a RESP# response, never the CoordinationTable: an export costs the number of cells (and
// of surveys), not the number of responses or cases.

import type {
  AnswerValue,
  IndicatorCounter,
  SurveyCounter,
  VoucherAmount,
} from '../domain/export-shaping.ts';
import { getDocumentClient, tableNames } from './client.ts';
import { QueryCommand } from './document-client.ts';
import { indicatorKeys, surveyKeys } from './keys.ts';

/**
 * The partitions an export may read; anything else (RESP#, SESSION#, ...) is a programming error. SURVEYS, the
 * catalogue of survey ids, tells the indicators export which surveys' counters make up a period's survey counts.
 */
const COUNTER_PARTITION = /^((AGG|IND|VAMT)#|SURVEYS$)/;

export interface ReadCost {
  queries: number;
  items: number;
  capacityUnits: number;
}

export interface CounterRead<T> {
  items: T[];
  cost: ReadCost;
}

/** Tests pass a small page size to prove every page is read. */
export interface ReadOptions {
  pageSize?: number;
}

export async function readSurveyCounters(
  surveyId: string,
  wave: string,
  options: ReadOptions = {},
): Promise<CounterRead<SurveyCounter> & { answerValues: AnswerValue[] }> {
  const read = await readPartition(
    surveyKeys.counterPartition(surveyId, wave),
    ['sk', 'count', 'values'],
    options,
  );
  const valuesSk = surveyKeys.answerValues(surveyId, wave).sk;
  const answerValues: AnswerValue[] = [];
  for (const item of read.items) {
    if (item['sk'] !== valuesSk || !(item['values'] instanceof Set)) continue;
    for (const value of item['values'] as Set<unknown>) {
      const text = String(value);
      const hash = text.indexOf('#');
      if (hash > 0) answerValues.push({ question: text.slice(0, hash), answer: text.slice(hash + 1) });
    }
  }
  return {
    cost: read.cost,
    answerValues,
    items: read.items
      .filter((item) => item['sk'] !== valuesSk)
      .map((item) => ({ sk: String(item['sk']), count: Number(item['count']) })),
  };
}

/** The id of every survey (the catalogue partition, one small item per survey): nothing else of it. */
export async function readSurveyIds(options: ReadOptions = {}): Promise<CounterRead<string>> {
  const read = await readPartition(surveyKeys.cataloguePartition, ['sk'], options);
  return { cost: read.cost, items: read.items.map((item) => String(item['sk'])) };
}

export async function readIndicatorCounters(
  period: string,
  options: ReadOptions = {},
): Promise<CounterRead<IndicatorCounter>> {
  const read = await readPartition(
    indicatorKeys.partition(period),
    ['county', 'indicator', 'type', 'count'],
    options,
  );
  return {
    cost: read.cost,
    items: read.items.map((item) => ({
      county: String(item['county']),
      indicator: String(item['indicator']),
      type: typeof item['type'] === 'string' ? item['type'] : null,
      count: Number(item['count']),
    })),
  };
}

export async function readVoucherAmounts(
  period: string,
  options: ReadOptions = {},
): Promise<CounterRead<VoucherAmount>> {
  const read = await readPartition(
    indicatorKeys.voucherAmountPartition(period),
    ['county', 'amount'],
    options,
  );
  return {
    cost: read.cost,
    items: read.items.map((item) => ({ county: String(item['county']), amount: Number(item['amount']) })),
  };
}

async function readPartition(
  pk: string,
  attributes: string[],
  options: ReadOptions,
): Promise<CounterRead<Record<string, unknown>>> {
  if (!COUNTER_PARTITION.test(pk)) throw new Error(`exports read counter partitions only, not ${pk}`);
  const names: Record<string, string> = { '#pk': 'pk' };
  attributes.forEach((attribute, i) => {
    names[`#a${i}`] = attribute;
  });
  const items: Record<string, unknown>[] = [];
  const cost: ReadCost = { queries: 0, items: 0, capacityUnits: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await getDocumentClient().send(
      new QueryCommand({
        TableName: tableNames().insights,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '),
        ExclusiveStartKey: start,
        Limit: options.pageSize,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    items.push(...(page.Items ?? []));
    cost.queries += 1;
    cost.capacityUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  cost.items = items.length;
  return { items, cost };
}
