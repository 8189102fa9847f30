// Moving a case to another county, coordinator or prosecutor unit: the case and every item filed under it that
// carries the old scope in an index key or attribute is rewritten in one transaction, so no index (a county's
// queue, a unit's due list, a coordinator's calendar) ever shows the case in two places or none.

import type { CaseRecord } from '../domain/case.ts';
import { BusinessRuleError, PreconditionFailedError } from '../domain/errors.ts';
import { allCaseItems } from './case-partition.ts';
import { tableNames } from './client.ts';
import { criminalCaseKeys, hearingKeys } from './keys.ts';
import { type TransactItem, writeTransaction } from './transactions.ts';

type Stored = Record<string, unknown>;
export interface Scope {
  county: string;
  coordinator: string;
  prosecutorUnit: string;
}

/** DynamoDB's limit on one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

/**
 * An index partition key under the new scope. Keys follow one convention (keys.ts): `COUNTY#<county>...`,
 * `UNIT#<unit>...`, `COORD#<sub>#...`, so an item kind added later moves without this module knowing it.
 */
function movedPartition(value: unknown, from: Scope, to: Scope): unknown {
  if (typeof value !== 'string') return value;
  const swaps: [string, string][] = [
    [`COUNTY#${from.county}`, `COUNTY#${to.county}`],
    [`UNIT#${from.prosecutorUnit}`, `UNIT#${to.prosecutorUnit}`],
    [`COORD#${from.coordinator}#`, `COORD#${to.coordinator}#`],
  ];
  for (const [old, next] of swaps) {
    if (value === old || value.startsWith(`${old}#`) || (old.endsWith('#') && value.startsWith(old))) {
      return next + value.slice(old.length);
    }
  }
  return value;
}

/** An item of the case as it reads after the move, or undefined when nothing of it changes. */
export function movedItem(item: Stored, from: Scope, to: Scope): Stored | undefined {
  const next: Stored = { ...item };
  for (const key of ['gsi1pk', 'gsi2pk']) if (key in next) next[key] = movedPartition(next[key], from, to);
  if (next['county'] === from.county) next['county'] = to.county;
  if (next['prosecutorUnit'] === from.prosecutorUnit) next['prosecutorUnit'] = to.prosecutorUnit;
  // Hearings follow the case's current coordinator (their calendar and their conflict check), whoever booked them.
  if (next['entity'] === 'hearing' && from.coordinator !== to.coordinator) {
    next['coordinator'] = to.coordinator;
    if (typeof next['gsi1pk'] === 'string' && next['gsi1pk'].startsWith('COORD#')) {
      next['gsi1pk'] = hearingKeys.coordinatorPartition(to.coordinator);
    }
  }
  if (JSON.stringify(next) === JSON.stringify(item)) return undefined;
  if (typeof item['version'] === 'number') next['version'] = item['version'] + 1;
  return next;
}

/** Each moved item, written only over the version it was read at. */
function guardedPut(item: Stored): TransactItem {
  const version = item['version'];
  const hasVersion = typeof version === 'number';
  return {
    Put: {
      TableName: tableNames().coordination,
      Item: item,
      ConditionExpression: hasVersion ? '#version = :read' : 'attribute_exists(pk)',
      ExpressionAttributeNames: hasVersion ? { '#version': 'version' } : undefined,
      ExpressionAttributeValues: hasVersion ? { ':read': version - 1 } : undefined,
    },
  };
}

/**
 * The move in one transaction: `caseWrite` (the case, version-checked) and every child item that changes,
 * plus the criminal-case pointer's scope. Any item changed meanwhile cancels it all: 412, read and try again.
 */
export async function writeTransfer(
  record: CaseRecord,
  caseWrite: TransactItem,
  from: Scope,
  to: Scope,
  pointerHash: string | undefined,
  alongside: TransactItem[] = [],
): Promise<number> {
  const children = (await allCaseItems(record.id, ''))
    .filter((item) => item['sk'] !== 'CASE')
    .map((item) => movedItem(item, from, to))
    .filter((item): item is Stored => item !== undefined);
  const pointer: TransactItem[] = pointerHash
    ? [
        {
          Put: {
            TableName: tableNames().coordination,
            Item: {
              ...criminalCaseKeys.pointer(pointerHash, record.id),
              entity: 'criminal_case_pointer',
              caseId: record.id,
              county: to.county,
              prosecutorUnit: to.prosecutorUnit,
            },
          },
        },
      ]
    : [];
  const items = [caseWrite, ...children.map(guardedPut), ...pointer, ...alongside];
  if (items.length > MAX_TRANSACTION_ITEMS) {
    throw new BusinessRuleError(
      `The case holds too many items to move in one transaction (${items.length}, at most ${MAX_TRANSACTION_ITEMS}).`,
    );
  }
  await writeTransaction(items, (index) =>
    index <= children.length ? new PreconditionFailedError() : undefined,
  );
  return children.length;
}
