// Bulk data for the benchmark, written straight to DynamoDB Local with BatchWriteItem (25 items a request,
// several requests in flight), in the item formats of the repositories that own them.
import { BatchWriteCommand, type DocumentClient } from '../../shared/data/document-client.ts';

type Item = Record<string, unknown>;

export async function batchPut(
  client: DocumentClient,
  table: string,
  items: readonly Item[],
  inFlight = 8,
): Promise<void> {
  const chunks: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let next = 0;
  const lanes = Array.from({ length: Math.min(inFlight, chunks.length) }, async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++] as Item[];
      let pending: Item[] = chunk;
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt > 10) throw new Error('BatchWriteItem kept returning unprocessed items');
        const out = await client.send(
          new BatchWriteCommand({
            RequestItems: { [table]: pending.map((Item) => ({ PutRequest: { Item } })) },
          }),
        );
        pending = (out.UnprocessedItems?.[table] ?? []).map((r) => r.PutRequest?.Item as Item);
      }
    }
  });
  await Promise.all(lanes);
}

/** Median of a list of numbers (the list is not changed). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The value at quantile q (0..1) of an ascending list, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}
