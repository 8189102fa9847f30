// A coordinator's notes on a case (pk CASE#, sk NOTE#): the text is personal data, sealed here on the way in and
// opened on the way out; erasure drops it with every other encrypted value under the case (eraseCaseChildren).

import type { NoteRecord } from '../domain/case.ts';
import { BusinessRuleError } from '../domain/errors.ts';
import { pageOfCaseItems } from './case-partition.ts';
import { tableNames } from './client.ts';
import { caseKeys, noteKeys } from './keys.ts';
import type { Page } from './pagination.ts';
import { getCipher } from './personal-data-cipher.ts';
import { writeTransaction } from './transactions.ts';

const field = (caseId: string, noteId: string) => `case:${caseId}:note.${noteId}.text`;

/** A new note, only on a case that exists and whose personal data was not erased. */
export async function insertNote(record: NoteRecord): Promise<void> {
  const table = tableNames().coordination;
  await writeTransaction(
    [
      {
        Put: {
          TableName: table,
          Item: {
            ...noteKeys.item(record.caseId, record.id),
            entity: 'note',
            ...record,
            text:
              record.text === undefined
                ? undefined
                : await getCipher().encrypt(record.text, field(record.caseId, record.id)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        ConditionCheck: {
          TableName: table,
          Key: caseKeys.item(record.caseId),
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(erasedAt)',
        },
      },
    ],
    (index) =>
      index === 1
        ? new BusinessRuleError('The personal data of this case was erased; it takes no new notes.')
        : undefined,
  );
}

export async function listNotes(caseId: string, limit: number, cursor?: string): Promise<Page<NoteRecord>> {
  return pageOfCaseItems(
    caseId,
    noteKeys.prefix,
    async (item) => ({
      id: item['id'] as string,
      caseId,
      county: item['county'] as string,
      text:
        typeof item['text'] === 'string'
          ? await getCipher().decrypt(item['text'], field(caseId, item['id'] as string))
          : undefined,
      createdAt: item['createdAt'] as string,
      createdBy: item['createdBy'] as string,
      version: item['version'] as number,
    }),
    limit,
    cursor,
  );
}
