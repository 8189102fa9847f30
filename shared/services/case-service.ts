// Use cases of the coordination file: the rules of shared/domain applied to the repositories of shared/data.
import { ulid } from 'ulid';
import type { Principal } from '../auth/principal.ts';
import {
  caseReplacementOf,
  eraseCaseChildren,
  findCase,
  findCases,
  insertCase,
  listCases,
  replaceCase,
} from '../data/case-repository.ts';
import { writeTransfer } from '../data/case-transfer.ts';
import {
  criminalCaseHash,
  criminalCasePointerDelete,
  criminalCasePointerPut,
  listCriminalCasePointers,
} from '../data/criminal-case-index.ts';
import { indicatorIncrement } from '../data/indicator-counters.ts';
import { listCaseMessages, outboxCancellation } from '../data/outbox-repository.ts';
import { decodeCursor, encodeCursor, type Page } from '../data/pagination.ts';
import { phoneHash } from '../data/phone-hash.ts';
import { optOutWeeks } from '../data/sms-contact-repository.ts';
import type { TransactItem } from '../data/transactions.ts';
import {
  assertCanSeeCase,
  assertSafeToContactStated,
  type CaseRecord,
  CONSENT_PURPOSES,
  type ConsentBody,
  type ConsentEntry,
  type ConsentPurpose,
  type CreateCaseBody,
  canSeeCase,
  initialConsentHistory,
  type PatchCaseBody,
  periodCounts,
  periodMarks,
  type TransferCaseBody,
} from '../domain/case.ts';
import * as clock from '../domain/clock.ts';
import { COUNTIES, type County } from '../domain/enums.ts';
import {
  BusinessRuleError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../domain/errors.ts';
import { halfYearOf } from '../domain/periods.ts';
import { purposeOf } from '../domain/recipient.ts';
import { phoneLanguageWrites } from './phone-language.ts';
import { phonePointerWrites } from './phone-pointers.ts';

export async function openCase(
  principal: Principal,
  body: CreateCaseBody,
  now = clock.now(),
): Promise<CaseRecord> {
  if (body.county !== principal.county) {
    throw new ForbiddenError('A coordinator opens cases in their own county only.');
  }
  const at = now.toISOString();
  assertSafeToContactStated(body.victim);
  const record: CaseRecord = {
    id: ulid(now.getTime()),
    status: 'open',
    version: 1,
    createdAt: at,
    updatedAt: at,
    coordinator: principal.sub,
    county: body.county,
    prosecutorUnit: body.prosecutorUnit,
    criminalCaseNumber: body.criminalCaseNumber,
    victim: body.victim,
    consents: body.consents,
    consentHistory: initialConsentHistory(body.consents, principal.sub, at),
    participatesInProceedings: body.participatesInProceedings,
    proceedingsStage: body.proceedingsStage,
  };
  const counted = countIntoPeriod(record, now);
  await insertCase(counted.record, [
    ...counted.moves,
    ...(await phoneLanguageWrites(undefined, record)),
    ...(await criminalCasePointerPut(record)),
    ...(await phonePointerWrites(undefined, record)),
  ]);
  return counted.record;
}

/** The person indicators this write moves, and the record that remembers they moved (see periodCounts). */
export function countIntoPeriod(
  record: CaseRecord,
  now: Date,
): { record: CaseRecord; moves: TransactItem[] } {
  const period = halfYearOf(now);
  const counted = periodCounts(record, period);
  return {
    record: counted.record,
    moves: counted.indicators.map((indicator) =>
      indicatorIncrement({ period, county: record.county, indicator }),
    ),
  };
}

/** The case if the principal may see it; otherwise 404, exactly as if it did not exist. */
export async function readCase(principal: Principal, caseId: string): Promise<CaseRecord> {
  return assertCanSeeCase(principal, await findCase(caseId));
}

/** Whose phone on a case: the same names a hearing's `reminderRecipient` uses. */
export type CasePhoneHolder = 'victim' | 'legal_representative' | 'safe_contact';

/**
 * A STOP sent from one of the case's phones, or null. The webhook records a STOP by hmac(phone) only, never on
 * a case, so without this the case would go on showing `consents.smsReminders: true` while nothing reaches the
 * victim: the coordinator must see it to phone instead. `since` is the ISO week (2027-W10): the opt-out list
 * keeps no finer time next to a phone's hash.
 */
export interface SmsOptOut {
  since: string;
  recipients: CasePhoneHolder[];
}

export async function smsOptOutOf(record: CaseRecord): Promise<SmsOptOut | null> {
  const { victim } = record;
  const phones: [CasePhoneHolder, string | undefined][] = [
    ['victim', victim.phone],
    ['legal_representative', victim.legalRepresentative?.phone],
    ['safe_contact', victim.safeContact?.phone],
  ];
  const held = await Promise.all(
    phones.flatMap(([holder, phone]) =>
      phone ? [phoneHash(phone).then((hash) => [holder, hash] as const)] : [],
    ),
  );
  if (held.length === 0) return null;
  const weeks = await optOutWeeks(held.map(([, hash]) => hash));
  const stopped = held.filter(([, hash]) => weeks.has(hash));
  if (stopped.length === 0) return null;
  const since = stopped.map(([, hash]) => weeks.get(hash) as string).sort()[0] as string;
  return { since, recipients: stopped.map(([holder]) => holder) };
}

/**
 * An item filed under a case (a hearing, a protection or voucher request), if the principal may see it. The
 * item carries its case's county, which only a transfer changes (with every item, in one transaction), so a coordinator's or an admin's scope is checked on
 * the item, without reading the case. A prosecutor's is checked on the case: a case can move to another unit
 * (PATCH prosecutorUnit) while its items keep the unit they were filed under. A missing item reads the case
 * too, so a missing or foreign case and a missing item answer exactly as when the case is read first.
 */
export async function visibleCaseItem<T extends { county: string }>(
  principal: Principal,
  caseId: string,
  item: T | undefined,
  what: string,
): Promise<T> {
  if (item && principal.role !== 'prosecutor') {
    const inScope =
      principal.role === 'admin' || (principal.role === 'coordinator' && principal.county === item.county);
    if (!inScope) throw new NotFoundError('case');
    return item;
  }
  await readCase(principal, caseId);
  if (!item) throw new NotFoundError(what);
  return item;
}

export async function changeCase(
  principal: Principal,
  caseId: string,
  expectedVersion: number,
  patch: PatchCaseBody,
  now = clock.now(),
): Promise<CaseRecord> {
  const current = await readCase(principal, caseId);
  const personal = patch.victim;
  if (
    current.erasedAt &&
    (personal?.fullName || personal?.phone || personal?.legalRepresentative || personal?.safeContact)
  ) {
    throw new BusinessRuleError('The personal data of this case was erased; it cannot be written again.');
  }
  const { legalRepresentative, safeContact, ...victimPatch } = patch.victim ?? {};
  const next: CaseRecord = {
    ...current,
    ...(patch.criminalCaseNumber !== undefined ? { criminalCaseNumber: patch.criminalCaseNumber } : {}),
    ...(patch.prosecutorUnit !== undefined ? { prosecutorUnit: patch.prosecutorUnit } : {}),
    ...(patch.participatesInProceedings !== undefined
      ? { participatesInProceedings: patch.participatesInProceedings }
      : {}),
    ...(patch.proceedingsStage !== undefined ? { proceedingsStage: patch.proceedingsStage } : {}),
    victim: {
      ...current.victim,
      ...victimPatch,
      legalRepresentative:
        legalRepresentative !== undefined
          ? mergedRepresentative(current.victim.legalRepresentative, legalRepresentative)
          : current.victim.legalRepresentative,
      safeContact: safeContact === null ? undefined : (safeContact ?? current.victim.safeContact),
    },
    consents: { ...current.consents, ...(patch.consents ?? {}) },
    consentHistory: withPatchedConsents(current, patch.consents, principal.sub, now.toISOString()),
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
  if (legalRepresentative !== undefined) assertSafeToContactStated(next.victim);
  const counted = countIntoPeriod(next, now);
  const moves = [
    ...counted.moves,
    ...(await phoneLanguageWrites(current, next)),
    ...(await criminalCasePointerMoves(current, next)),
    ...(await phonePointerWrites(current, next)),
  ];
  await replaceCase(counted.record, { version: expectedVersion, marks: periodMarks(current) }, moves);
  return counted.record;
}

/** A consent changed by PATCH is recorded as oral consent by the caller, so the history stays whole. */
function withPatchedConsents(
  current: CaseRecord,
  patch: Partial<CaseRecord['consents']> | undefined,
  by: string,
  at: string,
): CaseRecord['consentHistory'] {
  const history = { ...(current.consentHistory ?? {}) };
  for (const purpose of CONSENT_PURPOSES) {
    const given = patch?.[purpose];
    if (given === undefined || given === current.consents[purpose]) continue;
    history[purpose] = [...(history[purpose] ?? []), { given, at, method: 'oral', recordedBy: by }];
  }
  return history;
}

/**
 * PUT /cases/{caseId}/consents/{purpose}: appends to the purpose's history and sets its current state. A
 * withdrawal cancels, in the same transaction, every pending message of that purpose, so none leaves after it.
 */
export async function recordConsent(
  principal: Principal,
  caseId: string,
  purpose: ConsentPurpose,
  expectedVersion: number,
  body: ConsentBody,
  now = clock.now(),
): Promise<CaseRecord> {
  const current = await readCase(principal, caseId);
  if (current.version !== expectedVersion) throw new PreconditionFailedError();
  if (current.erasedAt && body.note) {
    throw new BusinessRuleError('The personal data of this case was erased; it cannot be written again.');
  }
  const at = now.toISOString();
  const entry: ConsentEntry = {
    given: body.given,
    at,
    method: body.method,
    recordedBy: principal.sub,
    note: body.note,
  };
  const next: CaseRecord = {
    ...current,
    consents: { ...current.consents, [purpose]: body.given },
    consentHistory: {
      ...(current.consentHistory ?? {}),
      [purpose]: [...(current.consentHistory?.[purpose] ?? []), entry],
    },
    version: current.version + 1,
    updatedAt: at,
  };
  const messagePurpose = purpose === 'smsReminders' ? 'hearing' : 'survey';
  const cancellations = body.given
    ? []
    : (await listCaseMessages(caseId))
        .filter((m) => m.status === 'pending' && purposeOf(m.kind) === messagePurpose)
        .map((m) => outboxCancellation(m, at, 'consent_withdrawn'));
  await replaceCase(next, { version: expectedVersion, marks: periodMarks(current) }, cancellations);
  return next;
}

/** The criminal-case pointer follows the case's number and unit; an unchanged one is not rewritten. */
async function criminalCasePointerMoves(current: CaseRecord, next: CaseRecord): Promise<TransactItem[]> {
  const sameNumber =
    (await pointerHashOf(current.criminalCaseNumber)) === (await pointerHashOf(next.criminalCaseNumber));
  if (sameNumber && current.prosecutorUnit === next.prosecutorUnit && current.county === next.county)
    return [];
  return [
    ...(sameNumber ? [] : await criminalCasePointerDelete(current)),
    ...(await criminalCasePointerPut(next)),
  ];
}

const pointerHashOf = async (number: string) => (number ? criminalCaseHash(number) : undefined);

/**
 * A case moves to another county, coordinator or prosecutor unit (a victim moves to a shelter elsewhere): the
 * coordinator of its county or an admin moves it, with every index entry and pending queue item filed under it,
 * in one transaction. A move to another county names the coordinator who takes it over.
 */
export async function transferCase(
  principal: Principal,
  caseId: string,
  expectedVersion: number,
  body: TransferCaseBody,
  now = clock.now(),
): Promise<CaseRecord> {
  const current = await readCase(principal, caseId);
  if (current.version !== expectedVersion) throw new PreconditionFailedError();
  const to = {
    county: body.county ?? current.county,
    coordinator: body.coordinator ?? current.coordinator,
    prosecutorUnit: body.prosecutorUnit ?? current.prosecutorUnit,
  };
  if (to.county !== current.county && body.coordinator === undefined) {
    throw new BusinessRuleError('A case moving to another county needs the coordinator who takes it over.', [
      { path: 'coordinator', message: 'Required when the county changes' },
    ]);
  }
  const at = now.toISOString();
  const next: CaseRecord = { ...current, ...to, version: current.version + 1, updatedAt: at };
  const from = {
    county: current.county,
    coordinator: current.coordinator,
    prosecutorUnit: current.prosecutorUnit,
  };
  await writeTransfer(
    next,
    await caseReplacementOf(next, { version: expectedVersion, marks: periodMarks(current) }),
    from,
    to,
    await pointerHashOf(current.criminalCaseNumber),
  );
  return next;
}

type Representative = NonNullable<CaseRecord['victim']['legalRepresentative']>;

/** A new phone is a new person: the offender tie recorded for the previous one does not follow them. */
function mergedRepresentative(current: Representative | undefined, patch: Partial<Representative>) {
  const samePerson = patch.phone === undefined || patch.phone === current?.phone;
  const { tiedToOffender, ...kept } = current ?? {};
  return { ...kept, ...(samePerson && tiedToOffender ? { tiedToOffender } : {}), ...patch };
}

export async function closeCase(
  principal: Principal,
  caseId: string,
  expectedVersion: number,
  reason: string,
  now = clock.now(),
): Promise<CaseRecord> {
  const current = await readCase(principal, caseId);
  if (current.status === 'closed') throw new BusinessRuleError('The case is already closed.');
  // It was open in this period until now: count it before it closes, if nothing else did.
  const counted = countIntoPeriod(current, now);
  const at = now.toISOString();
  const next: CaseRecord = {
    ...counted.record,
    status: 'closed',
    closedAt: at,
    closeReason: reason,
    version: current.version + 1,
    updatedAt: at,
  };
  await replaceCase(next, { version: expectedVersion, marks: periodMarks(current) }, counted.moves);
  return next;
}

/**
 * Erasure: names, phones and free text go, from the case and from everything filed under it; the pseudonym
 * and the facts that indicators need stay. Pending messages are cancelled.
 */
export async function erasePersonalData(
  principal: Principal,
  caseId: string,
  now = clock.now(),
): Promise<void> {
  const current = await readCase(principal, caseId);
  const at = now.toISOString();
  const next: CaseRecord = {
    ...current,
    closeReason: undefined,
    criminalCaseNumber: '',
    victim: {
      pseudonym: current.victim.pseudonym,
      language: current.victim.language,
      birthYear: current.victim.birthYear,
      ageUncertainTreatAsMinor: current.victim.ageUncertainTreatAsMinor,
      nationality: current.victim.nationality,
    },
    consents: { smsReminders: false, feedbackSurveys: false },
    // The history stays (it shows what was consented to, and when); its free-text notes go.
    consentHistory: Object.fromEntries(
      Object.entries(current.consentHistory ?? {}).map(([purpose, entries]) => [
        purpose,
        entries.map(({ note: _note, ...entry }) => entry),
      ]),
    ),
    erasedAt: at,
    duressWord: undefined,
    version: current.version + 1,
    updatedAt: at,
  };
  await eraseCaseChildren(caseId, now);
  // The phones' language goes with the phones, the criminal-case pointer with the number: an erased case
  // leaves nothing keyed by either.
  const forget = [
    ...(await phoneLanguageWrites(current, undefined)),
    ...(await criminalCasePointerDelete(current)),
    ...(await phonePointerWrites(current, undefined)),
  ];
  await replaceCase(next, { version: current.version, marks: periodMarks(current) }, forget);
}

export async function listVisibleCases(
  principal: Principal,
  query: {
    criminalCaseNumber?: string;
    status?: string;
    stage?: string;
    county?: string;
    unit?: string;
    limit: number;
    cursor?: string;
  },
): Promise<Page<CaseRecord>> {
  const filter = { status: query.status, stage: query.stage };
  if (query.criminalCaseNumber !== undefined)
    return listVictimsOf(principal, query.criminalCaseNumber, query);
  if (principal.role === 'coordinator') {
    return listCases({ county: principal.county as string }, filter, query.limit, query.cursor);
  }
  if (principal.role === 'prosecutor') {
    return listCases({ unit: principal.unit as string }, filter, query.limit, query.cursor);
  }
  if (query.unit) return listCases({ unit: query.unit }, filter, query.limit, query.cursor);
  if (query.county) return listCases({ county: query.county }, filter, query.limit, query.cursor);
  return listAllCases(filter, query.limit, query.cursor);
}

/**
 * Every victim of one criminal case within the caller's scope (a criminal case has a handful of victims: one
 * page). The pointers carry the scope, so cases elsewhere are never even read.
 */
async function listVictimsOf(
  principal: Principal,
  criminalCaseNumber: string,
  query: { status?: string; stage?: string; county?: string; unit?: string; limit: number },
): Promise<Page<CaseRecord>> {
  const inScope = (await listCriminalCasePointers(criminalCaseNumber)).filter((p) => {
    if (principal.role === 'coordinator') return p.county === principal.county;
    if (principal.role === 'prosecutor') return p.prosecutorUnit === principal.unit;
    return (!query.county || p.county === query.county) && (!query.unit || p.prosecutorUnit === query.unit);
  });
  const cases = await findCases(inScope.map((p) => p.caseId));
  const items = [...cases.values()]
    .filter(
      (c) =>
        (!query.status || c.status === query.status) && (!query.stage || c.proceedingsStage === query.stage),
    )
    .filter((c) => canSeeCase(principal, c))
    .sort((a, b) => a.id.localeCompare(b.id))
    .slice(0, query.limit);
  return { items, nextCursor: null };
}

/** Admin, all cases: the county partitions one after another (42 of them), never a scan. */
async function listAllCases(
  filter: { status?: string; stage?: string },
  limit: number,
  cursor?: string,
): Promise<Page<CaseRecord>> {
  let position = cursor
    ? decodeCursor<{ county: string; inner?: string }>(cursor)
    : { county: COUNTIES[0] as string };
  let index = COUNTIES.indexOf(position.county as County);
  if (index < 0 || (position.inner !== undefined && typeof position.inner !== 'string')) {
    throw new ValidationError([{ path: 'cursor', message: 'Invalid cursor' }]);
  }
  const items: CaseRecord[] = [];
  while (index < COUNTIES.length && items.length < limit) {
    const county = COUNTIES[index] as County;
    const page = await listCases({ county }, filter, limit - items.length, position.inner);
    items.push(...page.items);
    if (page.nextCursor) {
      position = { county, inner: page.nextCursor };
      continue;
    }
    index += 1;
    position = { county: COUNTIES[index] ?? '' };
  }
  const more = index < COUNTIES.length;
  return { items, nextCursor: more ? encodeCursor(position) : null };
}
