// Programme indicator counters (InsightsTable IND#/VAMT#), moved in the same transaction as the coordination
// write that causes them, so the exports read counters only and never the CoordinationTable.
import { randomUUID } from 'node:crypto';
import { tableNames } from './client.ts';
import { indicatorKeys } from './keys.ts';
import type { TransactItem } from './transactions.ts';

/** Every attribute an indicator counter update names: the daily job's IAM grant is limited to these. */
export const INDICATOR_COUNTER_ATTRIBUTES = ['count', 'indicator', 'county', 'type'];

export interface IndicatorMove {
  period: string;
  county: string;
  indicator: string;
  type?: string;
  by?: number;
}

export function indicatorIncrement(move: IndicatorMove): TransactItem {
  return {
    Update: {
      TableName: tableNames().insights,
      Key: indicatorKeys.counter(move.period, move.county, move.indicator, move.type),
      UpdateExpression: 'ADD #count :by SET #indicator = :indicator, #county = :county, #type = :type',
      ExpressionAttributeNames: {
        '#count': 'count',
        '#indicator': 'indicator',
        '#county': 'county',
        '#type': 'type',
      },
      ExpressionAttributeValues: {
        ':by': move.by ?? 1,
        ':indicator': move.indicator,
        ':county': move.county,
        ':type': move.type ?? null,
      },
    },
  };
}

/** One granted voucher amount, for the median: the county and the amount, nothing that points to a case
 * or a time (a random UUID, not a ULID, which would carry the moment of the grant). */
export function voucherAmountRecord(period: string, county: string, amount: number): TransactItem {
  return {
    Put: {
      TableName: tableNames().insights,
      Item: { ...indicatorKeys.voucherAmount(period, randomUUID()), county, amount },
    },
  };
}
