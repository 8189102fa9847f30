// Places that reveal nothing (issue 12): the county's meeting points and restricted addresses, and the pure
// check that a hearing's free-text place names no institution and no restricted address before it can reach
// an SMS. The general SMS word list (shared/sms/forbidden-words.ts) is applied as well, by the service.
import * as z from 'zod/mini';
import { ListQuery, Ulid } from './common-schemas.ts';
import { COUNTIES } from './enums.ts';

export const PLACE_KINDS = ['meeting_point', 'restricted'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** A meeting point's name is what the SMS shows: it must fit the templates' place budget (hearing.ts). */
export const PLACE_NAME_MAX = 40;

export const CreatePlaceBody = z.strictObject({
  county: z.enum(COUNTIES),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(PLACE_NAME_MAX)),
  address: z.string().check(z.trim(), z.minLength(3), z.maxLength(300)),
  kind: z.enum(PLACE_KINDS),
});
export type CreatePlaceBody = z.output<typeof CreatePlaceBody>;

export const ListPlacesQuery = z.object({
  /** Coordinators may leave it out (their own county); admins name it. */
  county: z.optional(z.enum(COUNTIES)),
  kind: z.optional(z.enum(PLACE_KINDS)),
  ...ListQuery,
});
export const PlaceParams = z.object({ placeId: Ulid });

/** A place as the service holds it: name and address decrypted (a restricted address is sensitive). */
export interface PlaceRecord {
  id: string;
  county: (typeof COUNTIES)[number];
  kind: PlaceKind;
  name: string;
  address: string;
  createdAt: string;
  createdBy: string;
  version: number;
}

export function placeView(place: PlaceRecord) {
  return {
    id: place.id,
    county: place.county,
    kind: place.kind,
    name: place.name,
    address: place.address,
    createdAt: place.createdAt,
    version: place.version,
  };
}

// ---- the institution words ------------------------------------------------------------------------------

interface InstitutionWords {
  /** A word starting with one of these (normalized) names an institution. */
  stems: readonly string[];
  /** Whole words only: short codes and words whose stem would catch ordinary words. */
  exact?: readonly string[];
  /** Consecutive words, each matched as a stem, for names whose single words are harmless ("curte" = yard). */
  phrases?: readonly (readonly string[])[];
}

/**
 * Courts, prosecution offices, police, forensic institutes, prisons and investigators, with their kin, in
 * the nine SMS languages. A place text is read on a lock screen: naming any of them reveals the case.
 */
const INSTITUTIONS: Record<string, InstitutionWords> = {
  ro: {
    stems: [
      'judecator', // judecătorie, judecătoria
      'procuratur', // Procuratura (Republica Moldova), procuratură
      'penitenc', // penitenciar, penitenciarul
      'inchisoa', // închisoare
      'anchet', // anchetator, anchetă
      'inspectorat', // Inspectoratul de Poliție / Jandarmi
      'legist', // medic legist
      'tribunal',
      'justit', // Palatul de Justiție, Ministerul Justiției
      'comisar', // comisariat; es comisaría
      'magistrat',
    ],
    exact: ['iml', 'inml', 'ipj', 'igpr', 'dgpmb', 'bcco', 'dcco', 'diicot', 'dna', 'iccj', 'sri'],
    phrases: [
      ['curt', 'de', 'apel'], // Curtea de Apel
      ['inalt', 'curt'], // Înalta Curte de Casație și Justiție
      ['curt', 'de', 'casat'],
      ['medicin', 'legal'], // Institutul de Medicină Legală
      ['medico', 'legal'], // serviciul medico-legal
      ['centr', 'de', 'detent'], // centrul de detenție
      ['arest', 'preventiv'],
    ],
  },
  en: {
    stems: [
      'penitent',
      'prison',
      'investigat',
      'detective',
      'forensic',
      'courthouse',
      'constabular',
      'justice',
    ],
    exact: ['jail', 'jails', 'gaol', 'morgue', 'cid'],
    phrases: [
      ['court', 'of', 'appeal'],
      ['high', 'court'],
      ['crown', 'court'],
    ],
  },
  uk: {
    stems: [
      'слідч', // слідчий
      'дізнав', // дізнавач
      'апеляц', // апеляційний суд
      'язниц', // в'язниця (the apostrophe splits the word)
      'тюрм',
      'прокуратур',
      'юстиці',
      'експертиз', // судово-медична експертиза
      'поліці',
    ],
  },
  ru: {
    stems: ['следоват', 'дознав', 'апелляц', 'тюрьм', 'тюрем', 'прокуратур', 'юстиц', 'экспертиз', 'полици'],
    exact: ['сизо', 'морг', 'ивс'],
  },
  hu: {
    stems: [
      'itelotabl', // ítélőtábla (court of appeal)
      'torvenysz', // törvényszék
      'birosag', // bíróság
      'ugyeszs', // ügyészség
      'borton', // börtön
      'nyomoz', // nyomozó, nyomozás
      'igazsagugy', // igazságügyi
      'rendorkapitany', // rendőrkapitányság
      'fegyinte', // fegyintézet
    ],
    exact: ['kuria'],
  },
  fr: {
    stems: ['penitent', 'prison', 'enquet', 'justice', 'gendarmer', 'commissariat', 'tribunal'],
    exact: ['cour', 'morgue'],
    phrases: [
      ['palais', 'de', 'justic'],
      ['maison', 'd', 'arret'],
    ],
  },
  es: {
    stems: ['penitenc', 'prision', 'carcel', 'investigad', 'justicia', 'juzgad', 'audiencia', 'comisaria'],
    exact: ['morgue', 'fiscalia'],
    phrases: [['palacio', 'de', 'justic']],
  },
  it: {
    stems: [
      'penitenz', // penitenziario
      'carcer', // carcere
      'inquirent', // inquirente
      'investigat', // investigatore
      'giustiz', // Palazzo di Giustizia
      'tribunal',
      'questur', // questura
      'procur', // Procura della Repubblica
      'cassaz', // Corte di cassazione
      'commissariat', // commissariato; fr commissariat
    ],
    phrases: [
      ['cort', 'd', 'appell'],
      ['cort', 'di', 'appell'],
      ['cort', 'di', 'cassaz'],
    ],
  },
  de: {
    stems: [
      'justiz', // Justizpalast, Justizvollzugsanstalt, Justizzentrum
      'gefangnis', // Gefängnis
      'ermittl', // Ermittler
      'kriminal', // Kriminalpolizei, Kriminalamt
      'gericht', // Landgericht, Oberlandesgericht
      'staatsanwalt',
      'rechtsmedizin',
      'vollzugsanstalt',
    ],
    exact: ['jva', 'lka', 'bka'],
  },
};

/**
 * Lower case, accents stripped, punctuation as space: the form every comparison is made in. Dotted
 * abbreviations are closed up first, so "I.P.J." is read as the word "ipj".
 */
export function normalizePlaceText(text: string): string {
  return text
    .replace(/(?<![\p{L}\p{N}])(?:\p{L}\.){2,}\p{L}?/gu, (abbreviation) => abbreviation.replaceAll('.', ''))
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const words = (text: string) => normalizePlaceText(text).split(' ').filter(Boolean);

const normalizedList = (list: readonly string[] | undefined) => (list ?? []).map(normalizePlaceText);
const STEMS = Object.values(INSTITUTIONS).flatMap((l) => normalizedList(l.stems));
const EXACT = new Set(Object.values(INSTITUTIONS).flatMap((l) => normalizedList(l.exact)));
const PHRASES = Object.values(INSTITUTIONS).flatMap((l) => (l.phrases ?? []).map(normalizedList));

/** The languages the list covers (a test holds it to the nine SMS languages). */
export const INSTITUTION_LANGUAGES = Object.keys(INSTITUTIONS);

/**
 * The institution words (normalized) a place text contains; empty when it names none. Every language's words
 * are checked in every text: whoever holds the phone reads it in whatever language they read.
 */
export function institutionWordsIn(text: string): string[] {
  const tokens = words(text);
  const found = new Set<string>();
  tokens.forEach((token, i) => {
    if (EXACT.has(token) || STEMS.some((stem) => token.startsWith(stem))) found.add(token);
    for (const phrase of PHRASES) {
      if (phrase.every((stem, j) => tokens[i + j]?.startsWith(stem) === true)) {
        found.add(tokens.slice(i, i + phrase.length).join(' '));
      }
    }
  });
  return [...found];
}

// ---- restricted addresses -------------------------------------------------------------------------------

/** Street-type words and abbreviations that differ between two spellings of one address: ignored. */
const ADDRESS_FILLER = new Set([
  'str',
  'strada',
  'nr',
  'numar',
  'numarul',
  'no',
  'bd',
  'bdul',
  'b',
  'dul',
  'blvd',
  'bulevardul',
  'calea',
  'cal',
  'sos',
  'soseaua',
  'aleea',
  'al',
  'piata',
  'pta',
  'sp',
  'splaiul',
  'intr',
  'intrarea',
  'mun',
  'municipiul',
  'jud',
  'judetul',
  'loc',
  'localitatea',
  'oras',
  'orasul',
]);

function addressTokens(text: string): string[] {
  return words(text).filter((w) => !ADDRESS_FILLER.has(w));
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    if (needle.every((token, j) => haystack[i + j] === token)) return true;
  }
  return false;
}

/**
 * Whether a place text points at the address: after normalising case, diacritics, punctuation and street-type
 * words, the text holds the whole address, or a run of it that still names a street and a number ("Brestei
 * 12" for "Str. Brestei nr. 12, Craiova"). A city alone names no address.
 */
export function matchesAddress(text: string, address: string): boolean {
  const place = addressTokens(text);
  const target = addressTokens(address);
  if (containsRun(place, target)) return true;
  const pinpoints = place.some((t) => /\d/.test(t)) && place.some((t) => /\p{L}{2,}/u.test(t));
  return pinpoints && containsRun(target, place);
}
