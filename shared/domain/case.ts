// The coordination file (a case): its schemas, the derived facts (isMinor) and what each role may see of it.

import * as z from 'zod/mini';
import type { Principal } from '../auth/principal.ts';
import * as clock from './clock.ts';
import { CaseParams, E164, ListQuery, Reason, Ulid } from './common-schemas.ts';
import { CASE_STATUSES, COUNTIES, LANGUAGES, PROCEEDINGS_STAGES } from './enums.ts';
import { BusinessRuleError, NotFoundError } from './errors.ts';
import { MESSAGE_CHANNELS, type MessageChannel } from './outbox-message.ts';
import { isMinor } from './periods.ts';

const currentYear = () => clock.now().getUTCFullYear();

const LegalRepresentative = z.strictObject({
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  phone: z.optional(E164),
  /**
   * Required whenever a representative is given (a 422 from assertSafeToContactStated otherwise, since it is
   * a decision the coordinator must make, not a format): only `true` lets SMS about a minor go to them.
   */
  safeToContact: z.optional(z.boolean()),
});

/** Someone a minor can safely be reached through when the representative cannot (a shelter worker, a foster carer). */
const SafeContact = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  phone: E164,
  relation: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
});

const VictimInput = z.strictObject({
  pseudonym: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
  fullName: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  phone: z.optional(E164),
  language: z.enum(LANGUAGES),
  birthYear: z.optional(
    z.number().check(
      z.int(),
      z.gte(1900),
      z.refine((y) => y <= currentYear(), 'Must not be in the future'),
    ),
  ),
  /** CPP art. 113(6): a person of uncertain age is treated as a minor when the coordinator says so. */
  ageUncertainTreatAsMinor: z.optional(z.boolean()),
  nationality: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/, 'Must be an ISO 3166-1 alpha-2 code'))),
  /** How messages reach the victim's phone: SMS (default) or WhatsApp (business-initiated ones by template). */
  channel: z.optional(z.enum(MESSAGE_CHANNELS)),
  legalRepresentative: z.optional(LegalRepresentative),
  /** Personal data, encrypted like the victim's own phone and name. */
  safeContact: z.optional(SafeContact),
});

export const Consents = z.strictObject({ smsReminders: z.boolean(), feedbackSurveys: z.boolean() });
export const ProsecutorUnit = z
  .string()
  .check(z.regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'Must be a unit id like DIICOT-CRAIOVA'));

export const CreateCaseBody = z.strictObject({
  criminalCaseNumber: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)),
  county: z.enum(COUNTIES),
  prosecutorUnit: ProsecutorUnit,
  victim: VictimInput,
  consents: Consents,
  participatesInProceedings: z.boolean(),
  proceedingsStage: z.enum(PROCEEDINGS_STAGES),
});
export type CreateCaseBody = z.infer<typeof CreateCaseBody>;

export const PatchCaseBody = z
  .partial(
    z.strictObject({
      criminalCaseNumber: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)),
      prosecutorUnit: ProsecutorUnit,
      // null removes the safe contact.
      victim: z.partial(z.extend(VictimInput, { safeContact: z.nullable(SafeContact) })),
      consents: z.partial(Consents),
      participatesInProceedings: z.boolean(),
      proceedingsStage: z.enum(PROCEEDINGS_STAGES),
    }),
  )
  .check(z.refine((body) => Object.keys(body).length > 0, 'Name at least one field to change'));
export type PatchCaseBody = z.infer<typeof PatchCaseBody>;

export const CloseCaseBody = z.strictObject({ reason: Reason });

/** A coordinator's note on a case: free text, personal data (encrypted at rest, scrubbed by erasure). */
export const NoteBody = z.strictObject({
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(4000)),
});
export type NoteBody = z.infer<typeof NoteBody>;
export const NoteListQuery = z.object(ListQuery);

export interface NoteRecord {
  id: string;
  caseId: string;
  county: string;
  /** Absent once the case's personal data is erased. */
  text?: string;
  createdAt: string;
  createdBy: string;
  version: number;
}

export function noteView(record: NoteRecord) {
  return {
    id: record.id,
    text: record.text ?? null,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    version: record.version,
  };
}

/** What a victim may consent to, each with its own history. */
export const CONSENT_PURPOSES = ['smsReminders', 'feedbackSurveys'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const CONSENT_METHODS = ['written', 'oral'] as const;

/** One consent given or withdrawn, as it can be shown later: when, how, who recorded it. */
export interface ConsentEntry {
  given: boolean;
  at: string;
  method: (typeof CONSENT_METHODS)[number];
  recordedBy: string;
  /** Free text (sealed at rest). */
  note?: string;
}

export const ConsentParams = z.object({ caseId: Ulid, purpose: z.enum(CONSENT_PURPOSES) });
export const ConsentBody = z.strictObject({
  given: z.boolean(),
  method: z.enum(CONSENT_METHODS),
  note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000))),
});
export type ConsentBody = z.infer<typeof ConsentBody>;

/** The history a case starts with: the booleans given on creation count as oral consent recorded by the caller. */
export function initialConsentHistory(
  consents: { smsReminders: boolean; feedbackSurveys: boolean },
  by: string,
  at: string,
): Record<ConsentPurpose, ConsentEntry[]> {
  return {
    smsReminders: [{ given: consents.smsReminders, at, method: 'oral', recordedBy: by }],
    feedbackSurveys: [{ given: consents.feedbackSurveys, at, method: 'oral', recordedBy: by }],
  };
}

/** A case that moves (a victim moves to a shelter elsewhere, the case to another unit): any of the three. */
export const TransferCaseBody = z
  .strictObject({
    county: z.optional(z.enum(COUNTIES)),
    /** The `sub` of the coordinator who takes the case over. */
    coordinator: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(128))),
    prosecutorUnit: z.optional(ProsecutorUnit),
  })
  .check(
    z.refine(
      (body) => Object.keys(body).length > 0,
      'Name at least one of county, coordinator, prosecutorUnit',
    ),
  );
export type TransferCaseBody = z.infer<typeof TransferCaseBody>;
export const ErasureBody = z.strictObject({ reason: Reason });
export const ListCasesQuery = z.object({
  /** Every victim of one criminal case within the caller's scope (matched by a keyed hash, never stored in clear). */
  criminalCaseNumber: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))),
  status: z.optional(z.enum(CASE_STATUSES)),
  stage: z.optional(z.enum(PROCEEDINGS_STAGES)),
  county: z.optional(z.enum(COUNTIES)),
  unit: z.optional(ProsecutorUnit),
  ...ListQuery,
});
export { CaseParams };

/** A case as the service holds it in memory: personal fields already decrypted. */
export interface CaseRecord {
  id: string;
  status: (typeof CASE_STATUSES)[number];
  version: number;
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  closeReason?: string;
  coordinator: string;
  county: (typeof COUNTIES)[number];
  prosecutorUnit: string;
  criminalCaseNumber: string;
  victim: {
    pseudonym: string;
    fullName?: string;
    phone?: string;
    language: (typeof LANGUAGES)[number];
    birthYear?: number;
    ageUncertainTreatAsMinor?: boolean;
    nationality?: string;
    channel?: MessageChannel;
    legalRepresentative?: {
      name?: string;
      phone?: string;
      /** Only `true` makes the representative a recipient; absent (older records) counts as not safe. */
      safeToContact?: boolean;
      /** Set by a protection request naming family_ties_to_offender: this person is never safe to contact. */
      tiedToOffender?: boolean;
    };
    safeContact?: { name: string; phone: string; relation: string };
  };
  consents: { smsReminders: boolean; feedbackSurveys: boolean };
  /** Per purpose, every consent given or withdrawn, oldest first; `consents` is the latest of each. */
  consentHistory?: Partial<Record<ConsentPurpose, ConsentEntry[]>>;
  participatesInProceedings: boolean;
  proceedingsStage: (typeof PROCEEDINGS_STAGES)[number];
  /** Set when an admin erased the personal data: the pseudonym and the facts indicators need remain. */
  erasedAt?: string;
  /** Half-years in which this case was counted in victims_coordinated / victims_participating_in_proceedings. */
  countedPeriods?: string[];
  participationCountedPeriods?: string[];
  /**
   * The duress word agreed with the victim, as stored: sealed (never decrypted by the service, never returned)
   * and as its keyed hash, which the phone pointers carry for the SMS webhook (phone-pointer-repository.ts).
   */
  duressWord?: { sealed: string; hash: string };
}

/** How many period counts the case item records; a write of the case is refused if it changed meanwhile. */
export function periodMarks(
  record: Pick<CaseRecord, 'countedPeriods' | 'participationCountedPeriods'>,
): number {
  return (record.countedPeriods?.length ?? 0) + (record.participationCountedPeriods?.length ?? 0);
}

/**
 * The person indicators count a case once in every half-year in which it was open (DOMAIN.md: "cases open at
 * any time in the period"). Called before every write of an open case and by the daily job for cases nobody
 * touched: returns the indicators to move now and the record that remembers it, so nothing counts twice.
 */
export function periodCounts(
  record: CaseRecord,
  period: string,
): { record: CaseRecord; indicators: ('victims_coordinated' | 'victims_participating_in_proceedings')[] } {
  if (record.status !== 'open') return { record, indicators: [] };
  const indicators: ('victims_coordinated' | 'victims_participating_in_proceedings')[] = [];
  const counted = record.countedPeriods ?? [];
  const participation = record.participationCountedPeriods ?? [];
  let next = record;
  if (!counted.includes(period)) {
    indicators.push('victims_coordinated');
    next = { ...next, countedPeriods: [...counted, period] };
  }
  if (record.participatesInProceedings && !participation.includes(period)) {
    indicators.push('victims_participating_in_proceedings');
    next = { ...next, participationCountedPeriods: [...participation, period] };
  }
  return { record: next, indicators };
}

export function victimIsMinor(
  victim: Pick<CaseRecord['victim'], 'birthYear' | 'ageUncertainTreatAsMinor'>,
  now = clock.now(),
): boolean {
  return isMinor(victim.birthYear, now, victim.ageUncertainTreatAsMinor ?? false);
}

/** +40722123456 -> "+40 7** *** 456": enough to recognise a number on the phone, not to dial it. */
export function maskPhone(phone: string): string {
  const country = phone.startsWith('+40') ? '+40' : phone.slice(0, 3);
  const rest = phone.slice(country.length);
  const first = rest.slice(0, 1);
  const last = rest.slice(-3);
  const hidden = rest.slice(1, -3).replace(/\d/g, '*');
  const grouped = `${first}${hidden}`.replace(/^(.{3})(.*)$/, '$1 $2');
  return `${country} ${grouped} ${last}`.replace(/\s+/g, ' ');
}

/** Which cases a principal may see: admins all, coordinators their county, prosecutors their unit. */
export function canSeeCase(
  principal: Principal,
  record: Pick<CaseRecord, 'county' | 'prosecutorUnit'>,
): boolean {
  switch (principal.role) {
    case 'admin':
      return true;
    case 'coordinator':
      return principal.county === record.county;
    case 'prosecutor':
      return principal.unit === record.prosecutorUnit;
    default:
      return false;
  }
}

/** Out of scope and missing look the same from outside. */
export function assertCanSeeCase(principal: Principal, record: CaseRecord | undefined): CaseRecord {
  if (!record || !canSeeCase(principal, record)) throw new NotFoundError('case');
  return record;
}

export function caseView(record: CaseRecord, principal: Principal, now = clock.now()) {
  const masked = principal.role === 'prosecutor';
  const phone = (p?: string) => (p && masked ? maskPhone(p) : p);
  const { legalRepresentative, safeContact, ...victim } = record.victim;
  return {
    id: record.id,
    status: record.status,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    closedAt: record.closedAt,
    coordinator: record.coordinator,
    county: record.county,
    prosecutorUnit: record.prosecutorUnit,
    criminalCaseNumber: record.criminalCaseNumber,
    victim: {
      ...victim,
      phone: phone(victim.phone),
      isMinor: victimIsMinor(record.victim, now),
      legalRepresentative: legalRepresentative
        ? { ...legalRepresentative, phone: phone(legalRepresentative.phone) }
        : undefined,
      safeContact: safeContact ? { ...safeContact, phone: phone(safeContact.phone) } : undefined,
    },
    consents: record.consents,
    consentHistory: {
      smsReminders: record.consentHistory?.smsReminders ?? [],
      feedbackSurveys: record.consentHistory?.feedbackSurveys ?? [],
    },
    participatesInProceedings: record.participatesInProceedings,
    proceedingsStage: record.proceedingsStage,
    erasedAt: record.erasedAt,
    duressWordSet: record.duressWord !== undefined,
  };
}

/**
 * A representative without an explicit safeToContact is refused (422 naming the field): silence must not
 * send a child's hearing to someone nobody has vetted. One tied to the offender can never be marked safe.
 */
export function assertSafeToContactStated(victim: Pick<CaseRecord['victim'], 'legalRepresentative'>): void {
  const representative = victim.legalRepresentative;
  if (!representative) return;
  const path = 'victim.legalRepresentative.safeToContact';
  if (typeof representative.safeToContact !== 'boolean') {
    throw new BusinessRuleError('Say whether the legal representative is safe to contact.', [
      { path, message: 'Required (true or false) whenever a legal representative is given' },
    ]);
  }
  if (representative.safeToContact && representative.tiedToOffender) {
    throw new BusinessRuleError('A risk assessment names this representative as tied to the offender.', [
      { path, message: 'Must be false: family_ties_to_offender' },
    ]);
  }
}
