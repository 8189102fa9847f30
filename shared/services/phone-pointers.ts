// Keeps the phone pointers of a case true (keys.ts phonePointerKeys): the writes that go, in the case's own
// transaction, with its creation, a change of its phones, safe contact or duress word, and its erasure.
import { phoneHash } from '../data/phone-hash.ts';
import { type PhonePointer, phonePointerDelete, phonePointerPut } from '../data/phone-pointer-repository.ts';
import type { TransactItem } from '../data/transactions.ts';
import type { CaseRecord } from '../domain/case.ts';
import type { RecipientRole } from '../domain/recipient.ts';

/** Each phone of the case once, with the role it has; the victim's own first. */
function rolesOf(record: CaseRecord | undefined): [string, RecipientRole][] {
  if (!record || record.erasedAt) return [];
  const { victim } = record;
  const all: [string | undefined, RecipientRole][] = [
    [victim.phone, 'victim'],
    [victim.safeContact?.phone, 'safe_contact'],
    [victim.legalRepresentative?.phone, 'legal_representative'],
  ];
  const seen = new Map<string, RecipientRole>();
  for (const [phone, role] of all) if (phone && !seen.has(phone)) seen.set(phone, role);
  return [...seen];
}

async function pointersOf(record: CaseRecord | undefined): Promise<Map<string, PhonePointer>> {
  const out = new Map<string, PhonePointer>();
  if (!record) return out;
  for (const [phone, role] of rolesOf(record)) {
    const hash = await phoneHash(phone);
    out.set(hash, {
      phoneHash: hash,
      caseId: record.id,
      county: record.county,
      role,
      duressWordHash: record.duressWord?.hash,
    });
  }
  return out;
}

/**
 * The pointer writes that take a case from `before` to `after` (undefined: the case is new, or erased): a Put
 * for each pointer that is new or changed, a Delete for each phone the case no longer has. Only what changed.
 */
export async function phonePointerWrites(
  before: CaseRecord | undefined,
  after: CaseRecord | undefined,
): Promise<TransactItem[]> {
  const [old, now] = await Promise.all([pointersOf(before), pointersOf(after)]);
  const writes: TransactItem[] = [];
  for (const [hash, pointer] of now) {
    const was = old.get(hash);
    const same =
      was &&
      was.role === pointer.role &&
      was.duressWordHash === pointer.duressWordHash &&
      was.county === pointer.county;
    if (!same) writes.push(phonePointerPut(pointer));
  }
  const caseId = (before ?? after)?.id;
  if (caseId)
    for (const hash of old.keys()) if (!now.has(hash)) writes.push(phonePointerDelete(hash, caseId));
  return writes;
}
