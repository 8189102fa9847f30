// The victims of one criminal case: pointer items under the keyed hash of the criminal case number, written in
// the same transaction as the case, so `GET /cases?criminalCaseNumber=` is one Query, never a scan of a scope.
import { createHmac } from 'node:crypto';
import { getDocumentClient, tableNames } from './client.ts';
import { QueryCommand } from './document-client.ts';
import { criminalCaseKeys } from './keys.ts';
import { getPepper } from './secrets.ts';
import type { TransactItem } from './transactions.ts';

/** `1234/D/P/2025` and ` 1234/d/p/2025 ` are one case number; the prefix keeps this hash apart from phones'. */
export async function criminalCaseHash(number: string): Promise<string> {
  return createHmac('sha256', await getPepper())
    .update(`criminal-case:${number.replace(/\s+/g, '').toUpperCase()}`)
    .digest('base64url');
}

export async function criminalCasePointerPut(record: {
  id: string;
  criminalCaseNumber: string;
  county: string;
  prosecutorUnit: string;
}): Promise<TransactItem[]> {
  if (!record.criminalCaseNumber) return [];
  return [
    {
      Put: {
        TableName: tableNames().coordination,
        Item: {
          ...criminalCaseKeys.pointer(await criminalCaseHash(record.criminalCaseNumber), record.id),
          entity: 'criminal_case_pointer',
          caseId: record.id,
          county: record.county,
          prosecutorUnit: record.prosecutorUnit,
        },
      },
    },
  ];
}

export async function criminalCasePointerDelete(record: {
  id: string;
  criminalCaseNumber: string;
}): Promise<TransactItem[]> {
  if (!record.criminalCaseNumber) return [];
  return [
    {
      Delete: {
        TableName: tableNames().coordination,
        Key: criminalCaseKeys.pointer(await criminalCaseHash(record.criminalCaseNumber), record.id),
      },
    },
  ];
}

/** The pointers of one criminal case number: case ids with their county and unit, for the caller's scope. */
export async function listCriminalCasePointers(
  number: string,
): Promise<{ caseId: string; county: string; prosecutorUnit: string }[]> {
  const partition = criminalCaseKeys.partition(await criminalCaseHash(number));
  const pointers: { caseId: string; county: string; prosecutorUnit: string }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await getDocumentClient().send(
      new QueryCommand({
        TableName: tableNames().coordination,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of out.Items ?? []) {
      pointers.push({
        caseId: item['caseId'] as string,
        county: item['county'] as string,
        prosecutorUnit: item['prosecutorUnit'] as string,
      });
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return pointers;
}
