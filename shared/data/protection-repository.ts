// Protection requests, active measures and waivers in the CoordinationTable. The risk summary, justifications,
// decision reasons and waiver notes are personal data: sealed here on the way in, opened on the way out.

import {
  BusinessRuleError,
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
} from '../domain/errors.ts';
import {
  type ActiveMeasureRecord,
  legalBasisOf,
  type MeasureDecision,
  type MeasureEvent,
  type ProtectionRequestRecord,
  type ProtectionRequestStatus,
  type WaiverRecord,
} from '../domain/protection.ts';
import { allCaseItems, pageOfCaseItems } from './case-partition.ts';
import { getDocumentClient, tableNames } from './client.ts';
import { GetCommand } from './document-client.ts';
import { pageOfIndex } from './index-page.ts';
import { caseKeys, measureKeys, protectionKeys, waiverKeys } from './keys.ts';
import type { Page } from './pagination.ts';
import { getCipher } from './personal-data-cipher.ts';
import { type TransactItem, writeTransaction } from './transactions.ts';

type Stored = Record<string, unknown>;

const context = (caseId: string, field: string) => `case:${caseId}:${field}`;
const seal = async (caseId: string, field: string, value: string | undefined) =>
  value === undefined ? undefined : getCipher().encrypt(value, context(caseId, field));
const unseal = async (caseId: string, field: string, value: unknown) =>
  typeof value === 'string' ? getCipher().decrypt(value, context(caseId, field)) : undefined;

function queueKeys(record: ProtectionRequestRecord) {
  const sortKey = protectionKeys.queueSortKey(record.urgent, record.createdAt, record.id);
  return {
    ...protectionKeys.byUnit(record.prosecutorUnit, record.status, sortKey),
    ...protectionKeys.byCounty(record.county, record.status, sortKey),
  };
}

async function sealDecisions(caseId: string, requestId: string, decisions: MeasureDecision[]) {
  return Promise.all(
    decisions.map(async (d) => ({
      ...d,
      reason: await seal(caseId, `protection.${requestId}.reason.${d.measure}`, d.reason),
    })),
  );
}

async function unsealDecisions(caseId: string, requestId: string, decisions: Stored[]) {
  return Promise.all(
    decisions.map(async (d) => ({
      ...d,
      reason: await unseal(caseId, `protection.${requestId}.reason.${String(d['measure'])}`, d['reason']),
    })),
  ) as Promise<MeasureDecision[]>;
}

async function toRequestItem(record: ProtectionRequestRecord): Promise<Stored> {
  const { caseId, id } = record;
  return {
    ...protectionKeys.item(caseId, id),
    ...queueKeys(record),
    entity: 'protection_request',
    ...record,
    riskAssessment: {
      ...record.riskAssessment,
      summary: await seal(caseId, `protection.${id}.summary`, record.riskAssessment.summary),
    },
    measures: await Promise.all(
      record.measures.map(async (m) => ({
        type: m.type,
        justification: await seal(caseId, `protection.${id}.justification.${m.type}`, m.justification),
      })),
    ),
    decision: record.decision
      ? { ...record.decision, decisions: await sealDecisions(caseId, id, record.decision.decisions) }
      : undefined,
  };
}

async function fromRequestItem(item: Stored): Promise<ProtectionRequestRecord> {
  const caseId = item['caseId'] as string;
  const id = item['id'] as string;
  const risk = item['riskAssessment'] as Stored;
  const decision = item['decision'] as Stored | undefined;
  return {
    id,
    caseId,
    county: item['county'] as string,
    prosecutorUnit: item['prosecutorUnit'] as string,
    status: item['status'] as ProtectionRequestStatus,
    stage: item['stage'] as ProtectionRequestRecord['stage'],
    urgent: item['urgent'] as boolean,
    riskAssessment: {
      factors: risk['factors'] as ProtectionRequestRecord['riskAssessment']['factors'],
      level: risk['level'] as ProtectionRequestRecord['riskAssessment']['level'],
      summary: (await unseal(caseId, `protection.${id}.summary`, risk['summary'])) ?? '',
      areas: risk['areas'] as ProtectionRequestRecord['riskAssessment']['areas'],
    },
    measures: await Promise.all(
      (item['measures'] as Stored[]).map(async (m) => ({
        type: m['type'] as ProtectionRequestRecord['measures'][number]['type'],
        justification:
          (await unseal(caseId, `protection.${id}.justification.${String(m['type'])}`, m['justification'])) ??
          '',
      })),
    ),
    createdAt: item['createdAt'] as string,
    createdBy: item['createdBy'] as string,
    updatedAt: item['updatedAt'] as string,
    version: item['version'] as number,
    decision: decision
      ? {
          decidedAt: decision['decidedAt'] as string,
          decidedBy: decision['decidedBy'] as string,
          witnessStatus: decision['witnessStatus'] as NonNullable<
            ProtectionRequestRecord['decision']
          >['witnessStatus'],
          decisions: await unsealDecisions(caseId, id, decision['decisions'] as Stored[]),
        }
      : undefined,
  };
}

/** Guards a write on a case: it must exist and be open (a closed file takes no new requests). */
function caseIsOpen(caseId: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableNames().coordination,
      Key: caseKeys.item(caseId),
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':open': 'open' },
    },
  };
}

const closedCase = () => new BusinessRuleError('The case is closed; it takes no new requests.');

/**
 * A new request, its indicator counters and the case-is-open guard: all or nothing. A request that changes
 * the case itself passes that change as `caseWrite` (guarded by the case's version, which it read open):
 * one transaction may not hold two operations on the case item. Its refusal, or that of an item of
 * `alongside`, is a race the caller retries (CaseChangedError).
 */
export async function insertProtectionRequest(
  record: ProtectionRequestRecord,
  alongside: TransactItem[],
  caseWrite?: TransactItem,
): Promise<void> {
  await writeTransaction(
    [
      {
        Put: {
          TableName: tableNames().coordination,
          Item: await toRequestItem(record),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      caseWrite ?? caseIsOpen(record.caseId),
      ...alongside,
    ],
    (index) => {
      if (index === 1 && !caseWrite) return closedCase();
      return index >= 1 && caseWrite ? new CaseChangedError() : undefined;
    },
  );
}

/** The case, or a message written alongside it, changed between the read and the write. */
export class CaseChangedError extends Error {}

export async function findProtectionRequest(
  caseId: string,
  requestId: string,
): Promise<ProtectionRequestRecord | undefined> {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().coordination,
      Key: protectionKeys.item(caseId, requestId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? fromRequestItem(out.Item) : undefined;
}

/** A case's requests, oldest first (ULIDs sort by time). */
export async function listCaseProtectionRequests(
  caseId: string,
  limit?: number,
  cursor?: string,
): Promise<Page<ProtectionRequestRecord>> {
  return pageOfCaseItems(caseId, protectionKeys.prefix, fromRequestItem, limit, cursor);
}

export type QueueScope = { unit: string } | { county: string };

/** The queue of a unit (gsi2) or county (gsi1) in one status: the sort key puts urgent first, then oldest. */
export async function listProtectionQueue(
  scope: QueueScope,
  status: ProtectionRequestStatus,
  limit: number,
  cursor?: string,
): Promise<Page<ProtectionRequestRecord>> {
  const byUnit = 'unit' in scope;
  return pageOfIndex({
    index: byUnit ? 'gsi2' : 'gsi1',
    partition: byUnit
      ? protectionKeys.unitPartition(scope.unit, status)
      : protectionKeys.countyPartition(scope.county, status),
    limit,
    cursor,
    fromItem: fromRequestItem,
  });
}

async function toMeasureItem(record: ActiveMeasureRecord): Promise<Stored> {
  const { caseId, id } = record;
  return {
    ...measureKeys.item(caseId, id),
    // Sparse: only a measure in force with a review date is on the due list (trial: the court reviews).
    ...(record.status === 'active' && record.reviewBy
      ? measureKeys.byUnitReview(record.prosecutorUnit, record.reviewBy, caseId, record.type)
      : {}),
    entity: 'protection_measure',
    ...record,
    reason: await seal(caseId, `measure.${id}.reason`, record.reason),
    history: await Promise.all(
      record.history.map(async (e, index) => ({
        ...e,
        reason: await seal(caseId, `measure.${id}.history.${index}.reason`, e.reason),
      })),
    ),
  };
}

async function fromMeasureItem(item: Stored): Promise<ActiveMeasureRecord> {
  const caseId = item['caseId'] as string;
  const type = item['type'] as ActiveMeasureRecord['type'];
  // Legacy items (keyed by type, before measures had ids) sealed their reason under the type: it stands in.
  const id = (item['id'] as string | undefined) ?? type;
  return {
    id,
    caseId,
    type,
    // Items written before measures had a life (keyed by type, no status) were all in force.
    status: (item['status'] as ActiveMeasureRecord['status'] | undefined) ?? 'active',
    legalBasis: (item['legalBasis'] as string | undefined) ?? legalBasisOf(type),
    county: item['county'] as string,
    prosecutorUnit: item['prosecutorUnit'] as string,
    stage: item['stage'] as ActiveMeasureRecord['stage'],
    outcome: item['outcome'] as ActiveMeasureRecord['outcome'],
    modifiedFrom: item['modifiedFrom'] as ActiveMeasureRecord['modifiedFrom'],
    reason: await unseal(caseId, `measure.${id}.reason`, item['reason']),
    reviewBy: item['reviewBy'] as string | undefined,
    requestId: item['requestId'] as string,
    decidedAt: item['decidedAt'] as string,
    decidedBy: item['decidedBy'] as string,
    witnessStatus: item['witnessStatus'] as ActiveMeasureRecord['witnessStatus'],
    threatenedWitnessOrdinance: item[
      'threatenedWitnessOrdinance'
    ] as ActiveMeasureRecord['threatenedWitnessOrdinance'],
    court: item['court'] as ActiveMeasureRecord['court'],
    endedAt: item['endedAt'] as string | undefined,
    replacedBy: item['replacedBy'] as string | undefined,
    history: await Promise.all(
      ((item['history'] as Stored[] | undefined) ?? []).map(async (e, index) => ({
        ...(e as unknown as MeasureEvent),
        reason: await unseal(caseId, `measure.${id}.history.${index}.reason`, e['reason']),
      })),
    ),
    version: item['version'] as number,
  };
}

/** Every measure of a case, whatever its status (a case holds a handful): one small query. */
export async function listCaseMeasures(caseId: string): Promise<ActiveMeasureRecord[]> {
  return Promise.all((await allCaseItems(caseId, measureKeys.prefix)).map(fromMeasureItem));
}

/** The measures in force on a case: at most one per type. */
export async function listActiveMeasures(caseId: string): Promise<ActiveMeasureRecord[]> {
  return (await listCaseMeasures(caseId)).filter((m) => m.status === 'active');
}

export async function findMeasure(
  caseId: string,
  measureId: string,
): Promise<ActiveMeasureRecord | undefined> {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().coordination,
      Key: measureKeys.item(caseId, measureId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? fromMeasureItem(out.Item) : undefined;
}

/** A measure written new (previousVersion absent) or over the version it was read at. */
export interface MeasureWrite {
  record: ActiveMeasureRecord;
  previousVersion?: number;
}

async function measurePut(table: string, { record, previousVersion }: MeasureWrite): Promise<TransactItem> {
  return {
    Put: {
      TableName: table,
      Item: await toMeasureItem(record),
      ConditionExpression:
        previousVersion === undefined ? 'attribute_not_exists(pk)' : '#version = :previous',
      ExpressionAttributeNames: previousVersion === undefined ? undefined : { '#version': 'version' },
      ExpressionAttributeValues: previousVersion === undefined ? undefined : { ':previous': previousVersion },
    },
  };
}

/**
 * The decision, in one transaction: the request moves from pending to decided (its queue keys with it), each
 * resulting measure is written, a measure of the same type it takes over from ends as replaced
 * (version-checked), and the counters move. A request that is no longer pending is 409; one whose version moved is 412.
 */
export async function writeDecision(
  request: ProtectionRequestRecord,
  expectedVersion: number,
  measures: MeasureWrite[],
  alongside: TransactItem[],
): Promise<void> {
  const table = tableNames().coordination;
  const measurePuts = await Promise.all(measures.map((m) => measurePut(table, m)));
  await writeTransaction(
    [
      {
        Put: {
          TableName: table,
          Item: await toRequestItem(request),
          ConditionExpression: '#version = :expected AND #status = :pending',
          ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
          ExpressionAttributeValues: { ':expected': expectedVersion, ':pending': 'pending' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      ...measurePuts,
      ...alongside,
    ],
    (index, old) => {
      if (index === 0) {
        if (!old) return new NotFoundError('protection request');
        return old['status'] !== 'pending'
          ? new ConflictError('The request is already decided.', { status: old['status'] })
          : new PreconditionFailedError();
      }
      // Another decision changed the case's measures between our read and our write: re-read and retry.
      if (index <= measurePuts.length) return new PreconditionFailedError();
      return undefined;
    },
  );
}

/**
 * A review or a court decision: the measures it changes or creates and the counters it moves, all or nothing.
 * The first write is the measure the client named (its If-Match): any refused measure write is 412.
 */
export async function writeMeasureChange(measures: MeasureWrite[], alongside: TransactItem[]): Promise<void> {
  const table = tableNames().coordination;
  const puts = await Promise.all(measures.map((m) => measurePut(table, m)));
  await writeTransaction([...puts, ...alongside], (index) =>
    index < puts.length ? new PreconditionFailedError() : undefined,
  );
}

/** A unit's measures whose review date is before `before`, soonest first. */
export async function listDueMeasures(
  unit: string,
  before: string,
  limit: number,
  cursor?: string,
): Promise<Page<ActiveMeasureRecord>> {
  return pageOfIndex({
    index: 'gsi2',
    partition: measureKeys.unitPartition(unit),
    sortKey: { condition: '#sk < :before', values: { ':before': before } },
    limit,
    cursor,
    fromItem: fromMeasureItem,
  });
}

export async function insertWaiver(record: WaiverRecord): Promise<void> {
  await writeTransaction(
    [
      {
        Put: {
          TableName: tableNames().coordination,
          Item: {
            ...waiverKeys.item(record.caseId, record.id),
            entity: 'protection_waiver',
            ...record,
            note: await seal(record.caseId, `waiver.${record.id}.note`, record.note),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      caseIsOpen(record.caseId),
    ],
    (index) => (index === 1 ? closedCase() : undefined),
  );
}

export async function listWaivers(caseId: string): Promise<WaiverRecord[]> {
  return Promise.all(
    (await allCaseItems(caseId, waiverKeys.prefix)).map(async (item) => ({
      id: item['id'] as string,
      caseId,
      measures: item['measures'] as WaiverRecord['measures'],
      signedOn: item['signedOn'] as string,
      legalRepresentativePresent: item['legalRepresentativePresent'] as boolean,
      note: await unseal(caseId, `waiver.${String(item['id'])}.note`, item['note']),
      recordedAt: item['recordedAt'] as string,
      recordedBy: item['recordedBy'] as string,
      version: item['version'] as number,
    })),
  );
}
