// Phone pointers (keys.ts phonePointerKeys): which cases a phone belongs to, by hmac(phone), with the role the
// phone has on the case, the case's county (for the alert lists) and the keyed hash of the case's duress word.
// Nothing personal: no phone, no name, no word. They are the only CoordinationTable items the SMS webhook may
// read (IAM dynamodb:LeadingKeys PHONE#*), so it can find a case without reading one.
import { createHmac } from 'node:crypto';
import { normaliseWord } from '../domain/duress-word.ts';
import type { RecipientRole } from '../domain/recipient.ts';
import { getDocumentClient, tableNames } from './client.ts';
import { QueryCommand } from './document-client.ts';
import { phonePointerKeys } from './keys.ts';
import { getPepper } from './secrets.ts';
import type { TransactItem } from './transactions.ts';

export interface PhonePointer {
  phoneHash: string;
  caseId: string;
  county: string;
  role: RecipientRole;
  /** hmac(pepper, case id + normalised duress word); absent when no word was agreed. */
  duressWordHash?: string;
}

/** The most cases one phone is looked up in (a shelter worker may be the safe contact of several victims). */
export const MAX_CASES_PER_PHONE = 10;

/**
 * The keyed hash of a duress word for one case: the webhook compares the words of a message with it, and
 * without the pepper nobody can test guesses against it. The case id keeps equal words of two cases apart.
 */
export async function duressWordHash(caseId: string, word: string): Promise<string> {
  return createHmac('sha256', await getPepper())
    .update(`duress:${caseId}:${normaliseWord(word)}`)
    .digest('base64url');
}

export function phonePointerPut(pointer: PhonePointer): TransactItem {
  return {
    Put: {
      TableName: tableNames().coordination,
      Item: {
        ...phonePointerKeys.item(pointer.phoneHash, pointer.caseId),
        entity: 'phone_pointer',
        caseId: pointer.caseId,
        county: pointer.county,
        role: pointer.role,
        duressWordHash: pointer.duressWordHash,
      },
    },
  };
}

export function phonePointerDelete(phoneHash: string, caseId: string): TransactItem {
  return { Delete: { TableName: tableNames().coordination, Key: phonePointerKeys.item(phoneHash, caseId) } };
}

/** The cases of a phone: one Query of its PHONE# partition (the only read the SMS webhook makes of this table). */
export async function findPhonePointers(phoneHash: string): Promise<PhonePointer[]> {
  const out = await getDocumentClient().send(
    new QueryCommand({
      TableName: tableNames().coordination,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': phonePointerKeys.partition(phoneHash) },
      Limit: MAX_CASES_PER_PHONE,
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((item) => ({
    phoneHash,
    caseId: item['caseId'] as string,
    county: item['county'] as string,
    role: item['role'] as RecipientRole,
    duressWordHash: item['duressWordHash'] as string | undefined,
  }));
}
