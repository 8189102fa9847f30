// The audit log: one append-only item per read or write of personal data. The functions' role can Put and
// Query this table, never Update or Delete, so the trail cannot be rewritten by the code it watches.

import { ulid } from 'ulid';
import * as clock from '../domain/clock.ts';
import { ValidationError } from '../domain/errors.ts';
import { getDocumentClient, tableNames } from './client.ts';
import { PutCommand, QueryCommand } from './document-client.ts';
import { auditKeys } from './keys.ts';
import { assertStartKey, decodeCursor, encodeCursor, type Page } from './pagination.ts';

export interface AuditEvent {
  id: string;
  at: string;
  actor: string;
  role: string;
  action: string;
  entity: string;
  caseId?: string;
  route: string;
  requestId: string;
  status: number;
  reason?: string;
}

export async function recordAudit(event: Omit<AuditEvent, 'id' | 'at'>, now = clock.now()): Promise<void> {
  const id = ulid();
  const at = now.toISOString();
  await getDocumentClient().send(
    new PutCommand({
      TableName: tableNames().audit,
      Item: {
        ...auditKeys.item(event.caseId, at, id),
        ...auditKeys.byActor(event.actor, at, id),
        ...auditKeys.byDay(at, id),
        entityType: 'audit',
        id,
        at,
        ...event,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export interface AuditQuery {
  caseId?: string;
  actor?: string;
  from: string;
  to: string;
  /** Applied after the key condition: the page is read by `limit`, then filtered. */
  action?: string;
  limit: number;
  cursor?: string;
}

/** By case, else by actor, else by day (from `to` backwards, one day partition per page at most). */
export async function listAudit(query: AuditQuery): Promise<Page<AuditEvent>> {
  const range = { ':from': query.from, ':to': `${query.to}~` };
  const filter = query.action
    ? {
        FilterExpression: '#action = :action',
        ExpressionAttributeNames: { '#action': 'action' },
      }
    : {};
  const values = (base: Record<string, unknown>) =>
    query.action ? { ...base, ':action': query.action } : base;
  let index: string | undefined;
  let partition: { name: string; value: string };
  if (query.caseId) partition = { name: 'pk', value: auditKeys.casePartition(query.caseId) };
  else if (query.actor) {
    index = 'gsi1';
    partition = { name: 'gsi1pk', value: auditKeys.actorPartition(query.actor) };
  } else {
    index = 'gsi2';
    const cursor = query.cursor
      ? decodeCursor<{ day: string; key?: Record<string, unknown> }>(query.cursor)
      : undefined;
    if (cursor) assertDayCursor(cursor);
    const day = cursor?.day ?? query.to.slice(0, 10);
    const out = await getDocumentClient().send(
      new QueryCommand({
        TableName: tableNames().audit,
        IndexName: index,
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
        ExpressionAttributeValues: values({ ':pk': auditKeys.dayPartition(day), ...range }),
        ...filter,
        ExclusiveStartKey: cursor?.key,
        ScanIndexForward: false,
        Limit: query.limit,
      }),
    );
    const previousDay = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const next = out.LastEvaluatedKey
      ? { day, key: out.LastEvaluatedKey }
      : previousDay >= query.from.slice(0, 10)
        ? { day: previousDay }
        : undefined;
    return { items: (out.Items ?? []).map(toEvent), nextCursor: next ? encodeCursor(next) : null };
  }
  const keyName = index ? 'gsi1sk' : 'sk';
  const out = await getDocumentClient().send(
    new QueryCommand({
      TableName: tableNames().audit,
      IndexName: index,
      KeyConditionExpression: `${partition.name} = :pk AND ${keyName} BETWEEN :from AND :to`,
      ExpressionAttributeValues: values({ ':pk': partition.value, ...range }),
      ...filter,
      ExclusiveStartKey: query.cursor ? decodeCursor(query.cursor, partition) : undefined,
      ScanIndexForward: false,
      Limit: query.limit,
    }),
  );
  return {
    items: (out.Items ?? []).map(toEvent),
    nextCursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : null,
  };
}

function toEvent(item: Record<string, unknown>): AuditEvent {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, entityType: _e, ...event } = item;
  return event as unknown as AuditEvent;
}

/** A day cursor names a real day and, mid-day, a start key of that day's partition: anything else is a 400. */
function assertDayCursor(cursor: { day: unknown; key?: unknown }): void {
  const day = cursor.day;
  const time =
    typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
  const real = !Number.isNaN(time) && new Date(time).toISOString().startsWith(day as string);
  const key = cursor.key;
  if (!real || (key !== undefined && (typeof key !== 'object' || key === null))) {
    throw new ValidationError([{ path: 'cursor', message: 'Invalid cursor' }]);
  }
  if (key)
    assertStartKey(key as Record<string, unknown>, {
      name: 'gsi2pk',
      value: auditKeys.dayPartition(day as string),
    });
}
