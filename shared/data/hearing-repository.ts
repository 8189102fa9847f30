// Hearings in the CoordinationTable (pk CASE#, sk HEARING#), in two calendars: the coordinator's (gsi1) for
// their own view and the overlap check, the prosecutor unit's (gsi2). Outcome notes are encrypted here.

import { NotFoundError, PreconditionFailedError } from '../domain/errors.ts';
import type { HearingRecord } from '../domain/hearing.ts';
import { pageOfCaseItems } from './case-partition.ts';
import { getDocumentClient, tableNames } from './client.ts';
import { GetCommand, QueryCommand } from './document-client.ts';
import { pageOfIndex } from './index-page.ts';
import { hearingKeys, markerKeys } from './keys.ts';
import type { Page } from './pagination.ts';
import { getCipher } from './personal-data-cipher.ts';
import type { TransactItem } from './transactions.ts';

type Stored = Record<string, unknown>;

const notesContext = (caseId: string, hearingId: string) => `case:${caseId}:hearing:${hearingId}:notes`;

export async function toHearingItem(record: HearingRecord): Promise<Stored> {
  const { outcome } = record;
  return {
    ...hearingKeys.item(record.caseId, record.id),
    ...hearingKeys.byCoordinator(record.coordinator, record.startsAt, record.id),
    ...hearingKeys.byUnit(record.prosecutorUnit, record.startsAt, record.id),
    entity: 'hearing',
    ...record,
    outcome: outcome
      ? {
          ...outcome,
          notes:
            outcome.notes === undefined
              ? undefined
              : await getCipher().encrypt(outcome.notes, notesContext(record.caseId, record.id)),
        }
      : undefined,
  };
}

/** `withNotes` false keeps calendars and lists from decrypting what they do not show. */
export async function fromHearingItem(item: Stored, withNotes = true): Promise<HearingRecord> {
  const outcome = item['outcome'] as (HearingRecord['outcome'] & { notes?: string }) | undefined;
  const caseId = item['caseId'] as string;
  const id = item['id'] as string;
  return {
    id,
    caseId,
    pseudonym: item['pseudonym'] as string,
    county: item['county'] as string,
    prosecutorUnit: item['prosecutorUnit'] as string,
    coordinator: item['coordinator'] as string,
    startsAt: item['startsAt'] as string,
    durationMinutes: item['durationMinutes'] as number,
    kind: item['kind'] as HearingRecord['kind'],
    publicLocation: item['publicLocation'] as string | undefined,
    room: item['room'] as HearingRecord['room'],
    accommodations: (item['accommodations'] as HearingRecord['accommodations'] | undefined) ?? [],
    interpreterLanguage: item['interpreterLanguage'] as string | undefined,
    transportNeeded: item['transportNeeded'] as boolean,
    remindVictim: item['remindVictim'] as boolean,
    status: item['status'] as HearingRecord['status'],
    version: item['version'] as number,
    // Hearings written before the calendar kept a SEQUENCE have had no revision counted: 0.
    sequence: (item['sequence'] as number | undefined) ?? 0,
    createdAt: item['createdAt'] as string,
    updatedAt: item['updatedAt'] as string,
    cancelledAt: item['cancelledAt'] as string | undefined,
    outcome: outcome
      ? {
          attended: outcome.attended,
          heardInSpecialRoom: outcome.heardInSpecialRoom,
          heardRemotely: outcome.heardRemotely,
          recordedAt: outcome.recordedAt,
          notes:
            withNotes && typeof outcome.notes === 'string'
              ? await getCipher().decrypt(outcome.notes, notesContext(caseId, id))
              : undefined,
        }
      : undefined,
  };
}

export async function findHearing(caseId: string, hearingId: string): Promise<HearingRecord | undefined> {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().coordination,
      Key: hearingKeys.item(caseId, hearingId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? fromHearingItem(out.Item) : undefined;
}

export async function hearingInsert(record: HearingRecord): Promise<TransactItem> {
  return {
    Put: {
      TableName: tableNames().coordination,
      Item: await toHearingItem(record),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Replaces the hearing only if it is still at `expectedVersion` (412 otherwise, through hearingFailure). */
export async function hearingReplacement(
  record: HearingRecord,
  expectedVersion: number,
): Promise<TransactItem> {
  return {
    Put: {
      TableName: tableNames().coordination,
      Item: await toHearingItem(record),
      ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': expectedVersion },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** The error for a refused hearing replacement: gone -> 404, changed -> 412. */
export function hearingFailure(old: Record<string, unknown> | undefined): Error {
  return old ? new PreconditionFailedError() : new NotFoundError('hearing');
}

export async function listCaseHearings(
  caseId: string,
  limit: number,
  cursor?: string,
): Promise<Page<HearingRecord>> {
  return pageOfCaseItems(caseId, hearingKeys.prefix, (item) => fromHearingItem(item, false), limit, cursor);
}

export type CalendarScope = { coordinator: string } | { unit: string };

/** Hearings of one calendar starting in [from, to), by start time: a range of one index partition. */
export async function listCalendar(
  scope: CalendarScope,
  from: string,
  to: string,
  limit: number,
  cursor?: string,
): Promise<Page<HearingRecord>> {
  const byCoordinator = 'coordinator' in scope;
  return pageOfIndex({
    index: byCoordinator ? 'gsi1' : 'gsi2',
    partition: byCoordinator
      ? hearingKeys.coordinatorPartition(scope.coordinator)
      : hearingKeys.unitPartition(scope.unit),
    // '#' sorts before every ULID character: hearings starting exactly at `to` are excluded.
    sortKey: { condition: '#sk BETWEEN :from AND :to', values: { ':from': from, ':to': `${to}#` } },
    limit,
    cursor,
    fromItem: (item) => fromHearingItem(item, false),
  });
}

/**
 * The coordinator's non-cancelled hearings starting in [from, to): the overlap check's candidates, read from
 * the calendar index (a range query, never a scan). Cancelled ones are filtered by the index read itself.
 */
export async function listCoordinatorHearingsStarting(
  coordinator: string,
  from: string,
  to: string,
): Promise<HearingRecord[]> {
  const items: Stored[] = [];
  let start: Stored | undefined;
  do {
    const out = await getDocumentClient().send(
      new QueryCommand({
        TableName: tableNames().coordination,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
        FilterExpression: '#status <> :cancelled',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': hearingKeys.coordinatorPartition(coordinator),
          ':from': from,
          ':to': `${to}#`,
          ':cancelled': 'cancelled',
        },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return Promise.all(items.map((item) => fromHearingItem(item, false)));
}

export async function hasMarker(caseId: string, indicator: string, period: string): Promise<boolean> {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().coordination,
      Key: markerKeys.countedOnce(caseId, indicator, period),
      ConsistentRead: true,
      ProjectionExpression: 'pk',
    }),
  );
  return out.Item !== undefined;
}

/** The marker of a person counted once in a period, written only if absent (in the counter's transaction). */
export function markerInsert(
  caseId: string,
  indicator: string,
  period: string,
  nowIso: string,
): TransactItem {
  return {
    Put: {
      TableName: tableNames().coordination,
      Item: {
        ...markerKeys.countedOnce(caseId, indicator, period),
        entity: 'marker',
        version: 1,
        at: nowIso,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
