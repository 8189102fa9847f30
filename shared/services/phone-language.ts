// Which language the automatic SMS replies use for a phone: the language of the case the phone belongs to,
// kept next to the opt-out list by hmac(phone) whenever a case's phones or language change (the webhook
// never reads a case). Without a case or a survey session, a phone gets Romanian.

import { phoneHash } from '../data/phone-hash.ts';
import { phoneLanguageDelete, phoneLanguagePut } from '../data/sms-contact-repository.ts';
import { findSessionAndPhoneLanguage } from '../data/survey-repository.ts';
import type { TransactItem } from '../data/transactions.ts';
import type { CaseRecord } from '../domain/case.ts';
import type { Language } from '../domain/enums.ts';

/** The language of a phone nobody told us about: the service's own. */
export const UNKNOWN_PHONE_LANGUAGE: Language = 'ro';

/** Every phone a case's messages may go to, each once. */
function casePhones(record: CaseRecord | undefined): string[] {
  if (!record) return [];
  const victim = record.victim;
  const phones = [victim.phone, victim.legalRepresentative?.phone, victim.safeContact?.phone];
  return [...new Set(phones.filter((p): p is string => typeof p === 'string' && p !== ''))];
}

async function hashes(record: CaseRecord | undefined): Promise<Set<string>> {
  return new Set(await Promise.all(casePhones(record).map(phoneHash)));
}

/**
 * The writes that keep the phones' language true when a case goes from `before` to `after` (undefined: the
 * case is new, or its personal data erased): committed in the case's own transaction. Only what changed.
 */
export async function phoneLanguageWrites(
  before: CaseRecord | undefined,
  after: CaseRecord | undefined,
): Promise<TransactItem[]> {
  const [old, now] = await Promise.all([hashes(before), hashes(after)]);
  const languageChanged = before?.victim.language !== after?.victim.language;
  const writes: TransactItem[] = [];
  for (const hash of now) {
    if (after && (languageChanged || !old.has(hash)))
      writes.push(phoneLanguagePut(hash, after.victim.language));
  }
  for (const hash of old) if (!now.has(hash)) writes.push(phoneLanguageDelete(hash));
  return writes;
}

/** The language to answer a phone in: its survey session's first (the conversation under way), then its case's. */
export async function replyLanguageFor(hash: string): Promise<Language> {
  const { stored, phoneLanguage } = await findSessionAndPhoneLanguage(hash);
  return stored?.session.language ?? phoneLanguage ?? UNKNOWN_PHONE_LANGUAGE;
}
