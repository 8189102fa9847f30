// Use cases of the coordination file: the rules of shared/domain applied to the repositories of shared/data.
import { ulid } from 'ulid';
import type { Principal } from '../auth/principal.ts';
import { eraseCaseChildren, findCase, insertCase, listCases, replaceCase } from '../data/case-repository.ts';
import { indicatorIncrement } from '../data/indicator-counters.ts';
import { decodeCursor, encodeCursor, type Page } from '../data/pagination.ts';
import type { TransactItem } from '../data/transactions.ts';
import {
  assertCanSeeCase,
  assertSafeToContactStated,
  type CaseRecord,
  type CreateCaseBody,
  type PatchCaseBody,
  periodCounts,
  periodMarks,
} from '../domain/case.ts';
import * as clock from '../domain/clock.ts';
import { COUNTIES, type County } from '../domain/enums.ts';
import { BusinessRuleError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { halfYearOf } from '../domain/periods.ts';
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
    participatesInProceedings: body.participatesInProceedings,
    proceedingsStage: body.proceedingsStage,
  };
  const counted = countIntoPeriod(record, now);
  await insertCase(counted.record, [
    ...counted.moves,
    ...(await phoneLanguageWrites(undefined, record)),
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

/**
 * An item filed under a case (a hearing, a protection or voucher request), if the principal may see it. The
 * item carries its case's county, which never changes, so a coordinator's or an admin's scope is checked on
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
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
  if (legalRepresentative !== undefined) assertSafeToContactStated(next.victim);
  const counted = countIntoPeriod(next, now);
  const moves = [
    ...counted.moves,
    ...(await phoneLanguageWrites(current, next)),
    ...(await phonePointerWrites(current, next)),
  ];
  await replaceCase(counted.record, { version: expectedVersion, marks: periodMarks(current) }, moves);
  return counted.record;
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
    erasedAt: at,
    duressWord: undefined,
    version: current.version + 1,
    updatedAt: at,
  };
  await eraseCaseChildren(caseId, now);
  // The phones' language goes with the phones: an erased case leaves nothing keyed by them.
  const forget = [
    ...(await phoneLanguageWrites(current, undefined)),
    ...(await phonePointerWrites(current, undefined)),
  ];
  await replaceCase(next, { version: current.version, marks: periodMarks(current) }, forget);
}

export async function listVisibleCases(
  principal: Principal,
  query: { status?: string; stage?: string; county?: string; unit?: string; limit: number; cursor?: string },
): Promise<Page<CaseRecord>> {
  const filter = { status: query.status, stage: query.stage };
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
