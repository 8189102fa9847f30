// Multi-item writes go through here: one TransactWriteItems, and a refused condition mapped to the error the
// caller names for that item (412 for a stale version, 409 for a step out of order, ...).
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { getDocumentClient } from './client.ts';
import { TransactWriteCommand, type TransactWriteCommandInput } from './document-client.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** What to throw when item `index`'s condition fails; `old` is the item as it was, if it existed. */
export type ConditionFailure = (index: number, old: Record<string, unknown> | undefined) => Error | undefined;

export async function writeTransaction(
  items: TransactItem[],
  onConditionFailed?: ConditionFailure,
): Promise<void> {
  try {
    await getDocumentClient().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (error instanceof TransactionCanceledException && onConditionFailed) {
      const reasons = error.CancellationReasons ?? [];
      for (const [index, reason] of reasons.entries()) {
        if (reason.Code === 'ConditionalCheckFailed') {
          const old = reason.Item ? unmarshall(reason.Item as never) : undefined;
          const mapped = onConditionFailed(index, old);
          if (mapped) throw mapped;
        }
      }
    }
    throw error;
  }
}
