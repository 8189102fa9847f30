// Reading the items of one kind filed under a case (sk prefix HEARING#, VOUCHER#, MESSAGE#...): a page for
// the list endpoints, or every item for the small sets a use case needs whole. Always consistent reads.
import { getDocumentClient, tableNames } from './client.ts';
import { type NativeItem, QueryCommand } from './document-client.ts';
import { caseKeys } from './keys.ts';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';

function queryPrefix(
  caseId: string,
  prefix: string,
  limit?: number,
  start?: NativeItem,
  newestFirst = false,
) {
  return getDocumentClient().send(
    new QueryCommand({
      TableName: tableNames().coordination,
      // begins_with refuses an empty operand: no prefix means the whole partition.
      KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
      ExpressionAttributeValues: prefix
        ? { ':pk': caseKeys.partition(caseId), ':prefix': prefix }
        : { ':pk': caseKeys.partition(caseId) },
      ExclusiveStartKey: start,
      Limit: limit,
      ConsistentRead: true,
      // Item ids are ULIDs: the sort key order is the order they were created in.
      ScanIndexForward: !newestFirst,
    }),
  );
}

/** One page of a list endpoint; the cursor must point into this case's partition. */
export async function pageOfCaseItems<T>(
  caseId: string,
  prefix: string,
  map: (item: NativeItem) => T | Promise<T>,
  limit?: number,
  cursor?: string,
  newestFirst = false,
): Promise<Page<T>> {
  const start = cursor ? decodeCursor(cursor, { name: 'pk', value: caseKeys.partition(caseId) }) : undefined;
  const out = await queryPrefix(caseId, prefix, limit, start, newestFirst);
  return {
    items: await Promise.all((out.Items ?? []).map(map)),
    nextCursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : null,
  };
}

/** Every item of the kind (an empty prefix: everything under the case), following pages to the end. */
export async function allCaseItems(caseId: string, prefix: string): Promise<NativeItem[]> {
  const items: NativeItem[] = [];
  let start: NativeItem | undefined;
  do {
    const out = await queryPrefix(caseId, prefix, undefined, start);
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
