// Voucher and compensation requests in the CoordinationTable. Free text (tribunal, the commission's reference,
// the distributor) is sealed, in the item and in its history. Issued vouchers carry the sparse VOUCHERS#ISSUED keys.

import {
  BusinessRuleError,
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
} from '../domain/errors.ts';
import { issueTargetAt, type VoucherHistoryEntry, type VoucherRecord } from '../domain/voucher.ts';
import { pageOfCaseItems } from './case-partition.ts';
import { getDocumentClient, tableNames } from './client.ts';
import { GetCommand, QueryCommand } from './document-client.ts';
import { pageOfIndex } from './index-page.ts';
import { caseKeys, voucherKeys } from './keys.ts';
import type { Page } from './pagination.ts';
import { getCipher } from './personal-data-cipher.ts';
import { type TransactItem, writeTransaction } from './transactions.ts';

type Stored = Record<string, unknown>;

const FREE_TEXT = ['tribunal', 'reference', 'distributor'] as const;

const context = (caseId: string, voucherId: string, field: string) =>
  `case:${caseId}:voucher.${voucherId}.${field}`;

async function sealText(record: { caseId: string; id: string }, source: Stored): Promise<Stored> {
  const out: Stored = { ...source };
  for (const field of FREE_TEXT) {
    const value = source[field];
    if (typeof value === 'string')
      out[field] = await getCipher().encrypt(value, context(record.caseId, record.id, field));
  }
  return out;
}

async function openText(caseId: string, voucherId: string, source: Stored): Promise<Stored> {
  const out: Stored = { ...source };
  for (const field of FREE_TEXT) {
    const value = source[field];
    if (typeof value === 'string')
      out[field] = await getCipher().decrypt(value, context(caseId, voucherId, field));
  }
  return out;
}

async function toItem(record: VoucherRecord): Promise<Stored> {
  const sealed = await sealText(record, { ...record });
  const targetAt = issueTargetAt(record);
  return {
    ...voucherKeys.item(record.caseId, record.id),
    ...(record.status === 'issued' && record.validUntil
      ? voucherKeys.issued(record.validUntil, record.caseId, record.id)
      : {}),
    ...(targetAt ? voucherKeys.awaitingIssue(record.county, targetAt, record.caseId, record.id) : {}),
    entity: 'voucher',
    ...sealed,
    history: await Promise.all(record.history.map((entry) => sealText(record, entry))),
  };
}

async function fromItem(item: Stored): Promise<VoucherRecord> {
  const caseId = item['caseId'] as string;
  const id = item['id'] as string;
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _g1pk,
    gsi1sk: _g1sk,
    gsi2pk: _gpk,
    gsi2sk: _gsk,
    entity: _entity,
    ...rest
  } = await openText(caseId, id, item);
  return {
    ...(rest as unknown as VoucherRecord),
    history: (await Promise.all(
      (item['history'] as Stored[]).map((entry) => openText(caseId, id, entry)),
    )) as VoucherHistoryEntry[],
  };
}

/**
 * Moves the case's sum of capped advances by `delta` bani. A positive move is a conditional ADD that refuses to
 * pass the cap, so two requests filed at once can never both fit in the room one of them leaves: one of the two
 * transactions is cancelled, whichever order DynamoDB serializes them in. A negative move (a rejection) frees room.
 */
export function advanceTotalMove(caseId: string, delta: number, cap: number): TransactItem {
  const base = {
    TableName: tableNames().coordination,
    Key: voucherKeys.advanceTotal(caseId),
    UpdateExpression: 'ADD #committed :delta SET #entity = :entity, #caseId = :caseId',
  };
  if (delta <= 0) {
    return {
      Update: {
        ...base,
        ExpressionAttributeNames: { '#committed': 'committed', '#entity': 'entity', '#caseId': 'caseId' },
        ExpressionAttributeValues: { ':delta': delta, ':entity': 'advance_total', ':caseId': caseId },
      },
    };
  }
  return {
    Update: {
      ...base,
      ConditionExpression: 'attribute_not_exists(#committed) OR #committed <= :room',
      ExpressionAttributeNames: { '#committed': 'committed', '#entity': 'entity', '#caseId': 'caseId' },
      ExpressionAttributeValues: {
        ':delta': delta,
        ':room': cap - delta,
        ':entity': 'advance_total',
        ':caseId': caseId,
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** What the case's capped advances not rejected already hold, in bani. */
export async function readAdvanceTotal(caseId: string): Promise<number> {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().coordination,
      Key: voucherKeys.advanceTotal(caseId),
      ConsistentRead: true,
    }),
  );
  return (out.Item?.['committed'] as number | undefined) ?? 0;
}

/** A new request with its counters, only on an open case. */
export async function insertVoucherRequest(
  record: VoucherRecord,
  alongside: TransactItem[],
  onCapRefused?: (committed: number) => Error,
): Promise<void> {
  const table = tableNames().coordination;
  await writeTransaction(
    [
      {
        Put: {
          TableName: table,
          Item: await toItem(record),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        ConditionCheck: {
          TableName: table,
          Key: caseKeys.item(record.caseId),
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open' },
        },
      },
      ...alongside,
    ],
    (index, old) => {
      if (index === 1) return new BusinessRuleError('The case is closed; it takes no new requests.');
      if (old?.['entity'] === 'advance_total' && onCapRefused) {
        return onCapRefused((old['committed'] as number | undefined) ?? 0);
      }
      return undefined;
    },
  );
}

export async function findVoucherRequest(
  caseId: string,
  voucherId: string,
): Promise<VoucherRecord | undefined> {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().coordination,
      Key: voucherKeys.item(caseId, voucherId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? fromItem(out.Item) : undefined;
}

export async function listVoucherRequests(
  caseId: string,
  limit: number,
  cursor?: string,
): Promise<Page<VoucherRecord>> {
  return pageOfCaseItems(caseId, voucherKeys.prefix, fromItem, limit, cursor);
}

/**
 * One step: the new state replaces the old only if it is still the version and status the step was computed
 * from. A changed status is a step out of order (409), a changed version alone a stale If-Match (412).
 */
export async function replaceVoucherRequest(
  next: VoucherRecord,
  expected: { version: number; status: string },
  alongside: TransactItem[] = [],
): Promise<void> {
  await writeTransaction(
    [
      {
        Put: {
          TableName: tableNames().coordination,
          Item: await toItem(next),
          ConditionExpression: '#version = :version AND #status = :status',
          ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
          ExpressionAttributeValues: { ':version': expected.version, ':status': expected.status },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      ...alongside,
    ],
    (index, old) => {
      if (index !== 0) return undefined;
      if (!old) return new NotFoundError('voucher request');
      return old['status'] !== expected.status
        ? new ConflictError(`The voucher request is now ${String(old['status'])}.`, { status: old['status'] })
        : new PreconditionFailedError();
    },
  );
}

/** Issued vouchers whose last valid day is before `today` (the sort key starts with validUntil), a page at a time. */
export async function listLapsedVouchers(
  today: string,
  cursor?: Record<string, unknown>,
): Promise<{ items: VoucherRecord[]; next?: Record<string, unknown> }> {
  const out = await getDocumentClient().send(
    new QueryCommand({
      TableName: tableNames().coordination,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :today',
      ExpressionAttributeValues: { ':pk': voucherKeys.issuedPartition, ':today': today },
      ExclusiveStartKey: cursor,
      Limit: 100,
    }),
  );
  return { items: await Promise.all((out.Items ?? []).map(fromItem)), next: out.LastEvaluatedKey };
}

/** A county's requests waiting for their issue, the nearest 72-hour target first (sparse gsi1). */
export async function listVouchersAwaitingIssue(
  county: string,
  limit: number,
  cursor?: string,
): Promise<Page<VoucherRecord>> {
  return pageOfIndex({
    index: 'gsi1',
    partition: voucherKeys.awaitingIssuePartition(county),
    limit,
    cursor,
    fromItem,
  });
}
