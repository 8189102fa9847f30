// A page of one partition of a CoordinationTable index (gsi1, gsi2): the Query, a cursor checked against the
// partition the caller may read (pagination.ts), and the items mapped. Every list by county, unit or
// coordinator reads this way, so a cursor can never lead a list out of its partition.
import { getDocumentClient, tableNames } from './client.ts';
import { QueryCommand } from './document-client.ts';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';

type Stored = Record<string, unknown>;

export interface IndexPageQuery<T> {
  index: 'gsi1' | 'gsi2';
  partition: string;
  /** A condition on the index's sort key, naming it `#sk` (for example `#sk < :before`), and its values. */
  sortKey?: { condition: string; values: Stored };
  /** A filter on the items read (it does not lower what a page costs), and its values. */
  filter?: { expression: string; values: Stored };
  limit: number;
  cursor?: string | undefined;
  fromItem: (item: Stored) => T | Promise<T>;
}

export async function pageOfIndex<T>(query: IndexPageQuery<T>): Promise<Page<T>> {
  const pkName = `${query.index}pk`;
  const out = await getDocumentClient().send(
    new QueryCommand({
      TableName: tableNames().coordination,
      IndexName: query.index,
      KeyConditionExpression: query.sortKey ? `#pk = :pk AND ${query.sortKey.condition}` : '#pk = :pk',
      FilterExpression: query.filter?.expression,
      ExpressionAttributeNames: { '#pk': pkName, ...(query.sortKey ? { '#sk': `${query.index}sk` } : {}) },
      ExpressionAttributeValues: {
        ':pk': query.partition,
        ...query.sortKey?.values,
        ...query.filter?.values,
      },
      ExclusiveStartKey: query.cursor
        ? decodeCursor(query.cursor, { name: pkName, value: query.partition })
        : undefined,
      Limit: query.limit,
    }),
  );
  return {
    items: await Promise.all((out.Items ?? []).map(query.fromItem)),
    nextCursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : null,
  };
}
