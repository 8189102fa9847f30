// Cases in the CoordinationTable. Personal fields are encrypted here, on the way in and out, so no other
// layer ever handles ciphertext and nothing personal reaches a key.

import { type CaseRecord, type ConsentEntry, periodMarks } from '../domain/case.ts';
import { NotFoundError, PreconditionFailedError } from '../domain/errors.ts';
import { allCaseItems } from './case-partition.ts';
import { getDocumentClient, tableNames } from './client.ts';
import { batchGetAll, GetCommand, PutCommand } from './document-client.ts';
import { pageOfIndex } from './index-page.ts';
import { caseKeys } from './keys.ts';
import type { Page } from './pagination.ts';
import { getCipher } from './personal-data-cipher.ts';
import { type TransactItem, writeTransaction } from './transactions.ts';

type Stored = Record<string, unknown>;

const context = (caseId: string, field: string) => `case:${caseId}:${field}`;

async function seal(caseId: string, field: string, value: string | undefined) {
  return value === undefined ? undefined : getCipher().encrypt(value, context(caseId, field));
}
async function unseal(caseId: string, field: string, value: unknown) {
  return typeof value === 'string' ? getCipher().decrypt(value, context(caseId, field)) : undefined;
}

export async function toItem(record: CaseRecord): Promise<Stored> {
  const { victim } = record;
  const rep = victim.legalRepresentative;
  return {
    ...caseKeys.item(record.id),
    ...caseKeys.byCounty(record.county, record.status, record.id),
    ...caseKeys.byUnit(record.prosecutorUnit, record.status, record.id),
    entity: 'case',
    id: record.id,
    status: record.status,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    closedAt: record.closedAt,
    closeReason: await seal(record.id, 'closeReason', record.closeReason),
    coordinator: record.coordinator,
    county: record.county,
    prosecutorUnit: record.prosecutorUnit,
    criminalCaseNumber: await seal(record.id, 'criminalCaseNumber', record.criminalCaseNumber || undefined),
    victim: {
      pseudonym: victim.pseudonym,
      fullName: await seal(record.id, 'fullName', victim.fullName),
      phone: await seal(record.id, 'phone', victim.phone),
      language: victim.language,
      birthYear: victim.birthYear,
      ageUncertainTreatAsMinor: victim.ageUncertainTreatAsMinor,
      nationality: victim.nationality,
      channel: victim.channel,
      legalRepresentative: rep
        ? {
            name: await seal(record.id, 'representativeName', rep.name),
            phone: await seal(record.id, 'representativePhone', rep.phone),
            safeToContact: rep.safeToContact,
            tiedToOffender: rep.tiedToOffender,
          }
        : undefined,
      safeContact: victim.safeContact
        ? {
            name: await seal(record.id, 'safeContactName', victim.safeContact.name),
            phone: await seal(record.id, 'safeContactPhone', victim.safeContact.phone),
            relation: await seal(record.id, 'safeContactRelation', victim.safeContact.relation),
          }
        : undefined,
    },
    consents: record.consents,
    consentHistory: record.consentHistory
      ? await sealConsentNotes(record.id, record.consentHistory)
      : undefined,
    participatesInProceedings: record.participatesInProceedings,
    proceedingsStage: record.proceedingsStage,
    erasedAt: record.erasedAt,
    countedPeriods: record.countedPeriods,
    participationCountedPeriods: record.participationCountedPeriods,
    periodMarks: periodMarks(record),
    duressWord: record.duressWord?.sealed,
    duressWordHash: record.duressWord?.hash,
  };
}

export async function fromItem(item: Stored): Promise<CaseRecord> {
  const id = item['id'] as string;
  const victim = item['victim'] as Stored;
  const rep = victim['legalRepresentative'] as Stored | undefined;
  return {
    id,
    status: item['status'] as CaseRecord['status'],
    version: item['version'] as number,
    createdAt: item['createdAt'] as string,
    updatedAt: item['updatedAt'] as string,
    closedAt: item['closedAt'] as string | undefined,
    closeReason: await unseal(id, 'closeReason', item['closeReason']),
    coordinator: item['coordinator'] as string,
    county: item['county'] as CaseRecord['county'],
    prosecutorUnit: item['prosecutorUnit'] as string,
    criminalCaseNumber: (await unseal(id, 'criminalCaseNumber', item['criminalCaseNumber'])) ?? '',
    victim: {
      pseudonym: victim['pseudonym'] as string,
      fullName: await unseal(id, 'fullName', victim['fullName']),
      phone: await unseal(id, 'phone', victim['phone']),
      language: victim['language'] as CaseRecord['victim']['language'],
      birthYear: victim['birthYear'] as number | undefined,
      ageUncertainTreatAsMinor: victim['ageUncertainTreatAsMinor'] as boolean | undefined,
      nationality: victim['nationality'] as string | undefined,
      ...(victim['channel'] === undefined ? {} : { channel: victim['channel'] as 'sms' | 'whatsapp' }),
      legalRepresentative: rep
        ? {
            name: await unseal(id, 'representativeName', rep['name']),
            phone: await unseal(id, 'representativePhone', rep['phone']),
            safeToContact: rep['safeToContact'] as boolean | undefined,
            tiedToOffender: rep['tiedToOffender'] as boolean | undefined,
          }
        : undefined,
      safeContact: await safeContactOf(id, victim['safeContact'] as Stored | undefined),
    },
    consents: item['consents'] as CaseRecord['consents'],
    consentHistory: item['consentHistory']
      ? await unsealConsentNotes(id, item['consentHistory'] as NonNullable<CaseRecord['consentHistory']>)
      : undefined,
    participatesInProceedings: item['participatesInProceedings'] as boolean,
    proceedingsStage: item['proceedingsStage'] as CaseRecord['proceedingsStage'],
    erasedAt: item['erasedAt'] as string | undefined,
    countedPeriods: item['countedPeriods'] as string[] | undefined,
    participationCountedPeriods: item['participationCountedPeriods'] as string[] | undefined,
    duressWord:
      typeof item['duressWord'] === 'string' && typeof item['duressWordHash'] === 'string'
        ? { sealed: item['duressWord'], hash: item['duressWordHash'] }
        : undefined,
  };
}

type ConsentHistory = NonNullable<CaseRecord['consentHistory']>;

/** Each consent note sealed under its purpose and position (the position never changes: the history only grows). */
async function mapConsentNotes(
  history: ConsentHistory,
  map: (note: unknown, field: string) => Promise<string | undefined>,
): Promise<ConsentHistory> {
  const out: ConsentHistory = {};
  for (const [purpose, entries] of Object.entries(history) as [keyof ConsentHistory, ConsentEntry[]][]) {
    out[purpose] = await Promise.all(
      entries.map(async (entry, index) => {
        const note = await map(entry.note, `consent.${purpose}.${index}.note`);
        const { note: _note, ...rest } = entry;
        return note === undefined ? rest : { ...rest, note };
      }),
    );
  }
  return out;
}
const sealConsentNotes = (caseId: string, history: ConsentHistory) =>
  mapConsentNotes(history, (note, field) => seal(caseId, field, note as string | undefined));
const unsealConsentNotes = (caseId: string, history: ConsentHistory) =>
  mapConsentNotes(history, (note, field) => unseal(caseId, field, note));

/** Erasure leaves the object without its sealed fields: a safe contact without a phone is no contact. */
async function safeContactOf(caseId: string, stored: Stored | undefined) {
  const phone = stored ? await unseal(caseId, 'safeContactPhone', stored['phone']) : undefined;
  if (!stored || !phone) return undefined;
  return {
    name: (await unseal(caseId, 'safeContactName', stored['name'])) ?? '',
    phone,
    relation: (await unseal(caseId, 'safeContactRelation', stored['relation'])) ?? '',
  };
}

/** A new case and whatever must move with it (indicator counters), all or nothing. */
export async function insertCase(record: CaseRecord, alongside: TransactItem[] = []): Promise<void> {
  await writeTransaction([
    {
      Put: {
        TableName: tableNames().coordination,
        Item: await toItem(record),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...alongside,
  ]);
}

/** Several cases in one round trip per hundred (the sender reads the cases of a page of due messages). */
export async function findCases(caseIds: readonly string[]): Promise<Map<string, CaseRecord>> {
  const items = await batchGetAll(getDocumentClient(), tableNames().coordination, caseIds.map(caseKeys.item));
  const records = await Promise.all(items.map(fromItem));
  return new Map(records.map((record) => [record.id, record]));
}

export async function findCase(caseId: string): Promise<CaseRecord | undefined> {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().coordination,
      Key: caseKeys.item(caseId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? fromItem(out.Item) : undefined;
}

/**
 * The write half of optimistic concurrency: replaces the case only if nobody changed it since it was read.
 * `marks` guards the period counts the daily job adds without a new version (see markCountedIntoPeriod).
 */
export function caseReplacement(item: Stored, expected: { version: number; marks: number }): TransactItem {
  return {
    Put: {
      TableName: tableNames().coordination,
      Item: item,
      ConditionExpression: 'attribute_exists(pk) AND #version = :expected AND #marks = :marks',
      ExpressionAttributeNames: { '#version': 'version', '#marks': 'periodMarks' },
      ExpressionAttributeValues: { ':expected': expected.version, ':marks': expected.marks },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** The replacement of a case, ready for a transaction that changes the case with other items. */
export async function caseReplacementOf(
  record: CaseRecord,
  expected: { version: number; marks: number },
): Promise<TransactItem> {
  return caseReplacement(await toItem(record), expected);
}

/** The version guard alone, for writes to other items of the case that must not race a change of the case. */
export function caseVersionCheck(caseId: string, expectedVersion: number): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableNames().coordination,
      Key: caseKeys.item(caseId),
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': expectedVersion },
    },
  };
}

export async function replaceCase(
  record: CaseRecord,
  expected: { version: number; marks: number },
  alongside: TransactItem[] = [],
) {
  await writeTransaction([caseReplacement(await toItem(record), expected), ...alongside], (index, old) => {
    if (index !== 0) return undefined;
    return old ? new PreconditionFailedError() : new NotFoundError('case');
  });
}

/**
 * The daily job's write: records the periods a case was just counted in, together with the counters, without
 * a new version (nothing a person sees changed, so nobody's If-Match should go stale). Refused if the case
 * changed since it was read; a case write that raced it is refused in turn by its `periodMarks` guard.
 */
export async function markCountedIntoPeriod(
  read: CaseRecord,
  counted: CaseRecord,
  alongside: TransactItem[],
): Promise<void> {
  await writeTransaction(
    [
      {
        Update: {
          TableName: tableNames().coordination,
          Key: caseKeys.item(read.id),
          UpdateExpression: 'SET #counted = :counted, #participation = :participation, #marks = :newMarks',
          ConditionExpression: '#version = :version AND #marks = :marks',
          ExpressionAttributeNames: {
            '#counted': 'countedPeriods',
            '#participation': 'participationCountedPeriods',
            '#marks': 'periodMarks',
            '#version': 'version',
          },
          ExpressionAttributeValues: {
            ':counted': counted.countedPeriods ?? [],
            ':participation': counted.participationCountedPeriods ?? [],
            ':newMarks': periodMarks(counted),
            ':version': read.version,
            ':marks': periodMarks(read),
          },
        },
      },
      ...alongside,
    ],
    (index) => (index === 0 ? new PreconditionFailedError() : undefined),
  );
}

export type CaseScope = { county: string } | { unit: string };

export async function listCases(
  scope: CaseScope,
  filter: { status?: string; stage?: string },
  limit: number,
  cursor?: string,
): Promise<Page<CaseRecord>> {
  const byCounty = 'county' in scope;
  return pageOfIndex({
    index: byCounty ? 'gsi1' : 'gsi2',
    partition: byCounty ? caseKeys.countyPartition(scope.county) : caseKeys.unitPartition(scope.unit),
    sortKey: {
      condition: 'begins_with(#sk, :prefix)',
      values: { ':prefix': caseKeys.statusPrefix(filter.status) },
    },
    filter: filter.stage
      ? { expression: 'proceedingsStage = :stage', values: { ':stage': filter.stage } }
      : undefined,
    limit,
    cursor,
    fromItem,
  });
}

/** Removes every encrypted value (names, phones, free text) from a stored item, however deep. */
export function withoutEncryptedFields(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith('enc1:') ? undefined : value;
  if (Array.isArray(value)) return value.map(withoutEncryptedFields).filter((v) => v !== undefined);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const kept = withoutEncryptedFields(inner);
      if (kept !== undefined) out[key] = kept;
    }
    return out;
  }
  return value;
}

/**
 * Erasure of everything personal held under a case other than the case item itself (hearing notes,
 * risk summaries, outbox phones, voucher free text...): encrypted values are dropped, pending messages are
 * cancelled (they have no recipient any more). Each item is rewritten under its own version condition;
 * an item that changed meanwhile is read and scrubbed again.
 */
export async function eraseCaseChildren(caseId: string, now: Date): Promise<number> {
  let scrubbed = 0;
  for (const item of await allCaseItems(caseId, '')) {
    if (item['sk'] === 'CASE') continue;
    if (await scrubItem(item, now)) scrubbed += 1;
  }
  return scrubbed;
}

async function scrubItem(item: Stored, now: Date, attempt = 0): Promise<boolean> {
  const next = withoutEncryptedFields(item) as Stored;
  if (next['entity'] === 'message' && (next['status'] === 'pending' || next['status'] === 'held')) {
    next['status'] = 'cancelled';
    next['lastError'] = 'erased';
    delete next['gsi1pk'];
    delete next['gsi1sk'];
  }
  if (JSON.stringify(next) === JSON.stringify(item)) return false;
  const version = typeof item['version'] === 'number' ? item['version'] : undefined;
  if (version !== undefined) next['version'] = version + 1;
  next['updatedAt'] = now.toISOString();
  try {
    await getDocumentClient().send(
      new PutCommand({
        TableName: tableNames().coordination,
        Item: next,
        ConditionExpression: version === undefined ? 'attribute_exists(pk)' : '#version = :version',
        ExpressionAttributeNames: version === undefined ? undefined : { '#version': 'version' },
        ExpressionAttributeValues: version === undefined ? undefined : { ':version': version },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException' || attempt > 2) throw error;
    const fresh = await getDocumentClient().send(
      new GetCommand({
        TableName: tableNames().coordination,
        Key: { pk: item['pk'], sk: item['sk'] },
        ConsistentRead: true,
      }),
    );
    return fresh.Item ? scrubItem(fresh.Item, now, attempt + 1) : false;
  }
}
