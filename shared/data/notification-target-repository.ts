// The notification addresses of a scope (NOTIFY#<scope> / TARGETS), versioned like every item, and listed on
// gsi1 NOTIFY#TARGETS so the daily digest finds the units that want one without a Scan.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { NotificationTargets } from '../domain/notification-targets.ts';
import type { NotifyScope } from '../domain/outbox-message.ts';
import { getDocumentClient, tableNames } from './client.ts';
import { GetCommand, PutCommand, QueryCommand } from './document-client.ts';
import { notifyKeys } from './keys.ts';

export async function findTargets(scope: NotifyScope): Promise<NotificationTargets | undefined> {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().coordination,
      Key: notifyKeys.targets(scope),
      ConsistentRead: true,
    }),
  );
  const item = out.Item;
  if (!item) return undefined;
  return {
    scope,
    emails: (item['emails'] as string[] | undefined) ?? [],
    version: item['version'] as number,
    updatedAt: item['updatedAt'] as string | undefined,
    updatedBy: item['updatedBy'] as string | undefined,
  };
}

/** Writes the list if its version is still `expected` (0: none yet); false when someone changed it first. */
export async function putTargets(
  next: NotificationTargets & { updatedAt: string; updatedBy: string },
  expected: number,
) {
  try {
    await getDocumentClient().send(
      new PutCommand({
        TableName: tableNames().coordination,
        Item: {
          ...notifyKeys.targets(next.scope),
          ...notifyKeys.listed(next.scope),
          entity: 'notification_targets',
          scope: next.scope,
          emails: next.emails,
          version: next.version,
          updatedAt: next.updatedAt,
          updatedBy: next.updatedBy,
        },
        ConditionExpression: expected === 0 ? 'attribute_not_exists(pk)' : '#version = :expected',
        ...(expected === 0
          ? {}
          : {
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': expected },
            }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Every scope with a list, of one kind (`unit:` for the digest); a handful of items, paged through. */
export async function listTargetScopes(prefix: 'unit:' | 'county:'): Promise<NotifyScope[]> {
  const scopes: NotifyScope[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await getDocumentClient().send(
      new QueryCommand({
        TableName: tableNames().coordination,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: { ':pk': notifyKeys.listPartition, ':prefix': prefix },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) scopes.push(item['gsi1sk'] as NotifyScope);
    start = out.LastEvaluatedKey;
  } while (start);
  return scopes;
}
