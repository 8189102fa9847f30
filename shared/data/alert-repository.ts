// Alerts in the CoordinationTable, on their case's partition (pk CASE#, sk ALERT#): the text a person wrote is
// encrypted here, never stored in the InsightsTable. Open alerts carry two sparse index keys (their county's
// list and the admins' list), both sorted urgent first, then oldest; acknowledging removes them.

import { type AlertKind, type AlertRecord, isUrgent } from '../domain/alert.ts';
import { NotFoundError, PreconditionFailedError } from '../domain/errors.ts';
import { pageOfCaseItems } from './case-partition.ts';
import { getDocumentClient, tableNames } from './client.ts';
import { GetCommand, QueryCommand } from './document-client.ts';
import { pageOfIndex } from './index-page.ts';
import { alertKeys } from './keys.ts';
import type { Page } from './pagination.ts';
import { getCipher } from './personal-data-cipher.ts';
import { type TransactItem, writeTransaction } from './transactions.ts';

type Stored = Record<string, unknown>;

const context = (caseId: string, alertId: string, field: string) =>
  `case:${caseId}:alert:${alertId}:${field}`;

/** The attributes an alert item may have: the SMS webhook's PutItem grant is limited to these (infra). */
export const ALERT_ATTRIBUTES = [
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'entity',
  'id',
  'caseId',
  'county',
  'kind',
  'urgent',
  'status',
  'from',
  'text',
  'messageId',
  'createdAt',
  'version',
];

async function toItem(alert: AlertRecord): Promise<Stored> {
  const sortKey = alertKeys.queueSortKey(alert.urgent, alert.createdAt, alert.id);
  return {
    ...alertKeys.item(alert.caseId, alert.id),
    ...(alert.status === 'open'
      ? { ...alertKeys.openByCounty(alert.county, sortKey), ...alertKeys.openAll(sortKey) }
      : {}),
    entity: 'alert',
    id: alert.id,
    caseId: alert.caseId,
    county: alert.county,
    kind: alert.kind,
    urgent: alert.urgent,
    status: alert.status,
    from: alert.from,
    text:
      alert.text === undefined
        ? undefined
        : await getCipher().encrypt(alert.text, context(alert.caseId, alert.id, 'text')),
    messageId: alert.messageId,
    createdAt: alert.createdAt,
    version: alert.version,
  };
}

async function fromItem(item: Stored): Promise<AlertRecord> {
  const caseId = item['caseId'] as string;
  const id = item['id'] as string;
  const text = item['text'];
  const note = item['note'];
  return {
    id,
    caseId,
    county: item['county'] as string,
    kind: item['kind'] as AlertRecord['kind'],
    urgent: item['urgent'] as boolean,
    status: item['status'] as AlertRecord['status'],
    from: item['from'] as AlertRecord['from'],
    text: typeof text === 'string' ? await getCipher().decrypt(text, context(caseId, id, 'text')) : undefined,
    messageId: item['messageId'] as string | undefined,
    createdAt: item['createdAt'] as string,
    acknowledgedAt: item['acknowledgedAt'] as string | undefined,
    acknowledgedBy: item['acknowledgedBy'] as string | undefined,
    note: typeof note === 'string' ? await getCipher().decrypt(note, context(caseId, id, 'note')) : undefined,
    version: item['version'] as number,
  };
}

/** The Put of a new open alert, for the transaction of whatever raised it. */
export async function alertPut(alert: AlertRecord): Promise<TransactItem> {
  return {
    Put: {
      TableName: tableNames().coordination,
      Item: await toItem(alert),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function findAlert(caseId: string, alertId: string): Promise<AlertRecord | undefined> {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().coordination,
      Key: alertKeys.item(caseId, alertId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? fromItem(out.Item) : undefined;
}

/** The alerts of one case, oldest first. */
export function listAlertsOfCase(caseId: string, limit: number, cursor?: string): Promise<Page<AlertRecord>> {
  return pageOfCaseItems(caseId, alertKeys.prefix, fromItem, limit, cursor);
}

/** Open alerts of a county (gsi1) or of every county (gsi2): urgent first, then oldest. */
export async function listOpenAlerts(
  scope: { county: string } | 'all',
  limit: number,
  cursor?: string,
): Promise<Page<AlertRecord>> {
  const all = scope === 'all';
  return pageOfIndex({
    index: all ? 'gsi2' : 'gsi1',
    partition: all ? alertKeys.allOpenPartition : alertKeys.countyOpenPartition(scope.county),
    limit,
    cursor,
    fromItem,
  });
}

/**
 * When the oldest urgent alert nobody has acknowledged was raised, or undefined: the head of the open list
 * (urgent first, then oldest), read without its text. The sender measures it on each run (metrics).
 */
export async function oldestOpenUrgentAlertAt(): Promise<Date | undefined> {
  const out = await getDocumentClient().send(
    new QueryCommand({
      TableName: tableNames().coordination,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': alertKeys.allOpenPartition },
      ProjectionExpression: '#kind, createdAt',
      ExpressionAttributeNames: { '#kind': 'kind' },
      Limit: 1,
    }),
  );
  const head = out.Items?.[0];
  if (!head || !isUrgent(head['kind'] as AlertKind)) return undefined;
  return new Date(head['createdAt'] as string);
}

/** open -> acknowledged under the alert's version; the alert leaves the open lists. */
export async function acknowledgeAlertItem(
  alert: AlertRecord,
  expectedVersion: number,
  by: string,
  note: string | undefined,
  now: Date,
): Promise<AlertRecord> {
  const at = now.toISOString();
  const sealedNote =
    note === undefined ? undefined : await getCipher().encrypt(note, context(alert.caseId, alert.id, 'note'));
  await writeTransaction(
    [
      {
        Update: {
          TableName: tableNames().coordination,
          Key: alertKeys.item(alert.caseId, alert.id),
          UpdateExpression: `SET #status = :acknowledged, #version = :next, acknowledgedAt = :at, acknowledgedBy = :by${
            sealedNote ? ', note = :note' : ''
          } REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk`,
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: {
            ':acknowledged': 'acknowledged',
            ':next': expectedVersion + 1,
            ':expected': expectedVersion,
            ':at': at,
            ':by': by,
            ...(sealedNote ? { ':note': sealedNote } : {}),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ],
    (_index, old) => (old ? new PreconditionFailedError() : new NotFoundError('alert')),
  );
  return {
    ...alert,
    status: 'acknowledged',
    version: expectedVersion + 1,
    acknowledgedAt: at,
    acknowledgedBy: by,
    note,
  };
}
