// Reads the one-word replies (DOMAIN.md "SMS words"): STOP and its equivalents stop everything, START
// resumes, HELP gets the neutral help text, YES/NO answer a survey invitation. The whole message counts.

import type { Language } from '../domain/enums.ts';

export type InboundKeyword = 'stop' | 'start' | 'help' | 'yes' | 'no';

/** What every message says is the way out; the same word in every language so nobody has to guess. */
export const STOP_WORD = 'STOP';
/** What the opt-out confirmation and help text say resumes messages. */
export const START_WORD = 'START';

/** The word each language's invitation asks for; all GSM-7 where the language allows (es "SI", not "SÍ"). */
export const YES_WORD: Record<Language, string> = {
  ro: 'DA',
  en: 'YES',
  uk: 'ТАК',
  ru: 'ДА',
  hu: 'IGEN',
  fr: 'OUI',
  es: 'SI',
  it: 'SI',
  de: 'JA',
};

export const NO_WORD: Record<Language, string> = {
  ro: 'NU',
  en: 'NO',
  uk: 'НІ',
  ru: 'НЕТ',
  hu: 'NEM',
  fr: 'NON',
  es: 'NO',
  it: 'NO',
  de: 'NEIN',
};

/**
 * "Cancel" in each supported language: answered with the help text, never an opt-out (see WORDS). Carriers'
 * own opt-out lists include CANCEL, so a Twilio Messaging Service must not treat it as one either.
 */
export const CANCEL_WORDS: readonly string[] = [
  'CANCEL', // en
  'ANULARE', // ro
  'ANULEAZĂ',
  'ANULAT',
  'СКАСУВАТИ', // uk
  'СКАСУВАННЯ',
  'ОТМЕНА', // ru
  'ОТМЕНИТЬ',
  'MÉGSE', // hu
  'LEMONDÁS',
  'ANNULER', // fr
  'ANNULATION',
  'CANCELAR', // es
  'ANULAR',
  'ANNULLA', // it
  'ANNULLARE',
  'ABBRECHEN', // de
  'STORNIEREN',
  'ABSAGEN',
];

// Written with their accents; compared after normalization, so "ARRÊT", "arret" and "Arrêt!" all match.
// Opt-out is generous: besides the carriers' English list (Twilio's STOP, STOPALL, UNSUBSCRIBE, CANCEL,
// END, QUIT, REVOKE, OPTOUT), each language's everyday unsubscribe word and the word our own texts use
// to explain STOP (ro "oprire", de "abmelden", ...), because a person may well send that word back.
// Left out on purpose: es "ALTO" and de "HALT" (not used for SMS opt-out). "Cancel" in every language is not
// an opt-out either (CANCEL, CANCELAR, ANULARE...): a person who sends it most likely means one appointment,
// and losing every later reminder for it would be worse than a help text (CANCEL_WORDS below).
const WORDS: Record<InboundKeyword, readonly string[]> = {
  stop: [
    'STOP',
    'STOPALL',
    'STOP ALL',
    'UNSUBSCRIBE',
    'END',
    'QUIT',
    'REVOKE',
    'OPTOUT',
    'OPT OUT',
    'NO MORE MESSAGES',
    'DEZABONARE', // ro
    'DEZABONEAZĂ',
    'OPRIRE',
    'OPRIRE MESAJE',
    'OPREȘTE',
    'СТОП', // uk, ru
    'ВІДПИСАТИСЯ', // uk
    'ВІДПИСКА',
    'ОТПИСАТЬСЯ', // ru
    'ОТПИСКА',
    'LEIRATKOZÁS', // hu
    'LEIRATKOZOM',
    'ARRÊT', // fr
    'DÉSABONNEMENT',
    'DÉSABONNER',
    'DÉSINSCRIPTION',
    'BAJA', // es
    'DARSE DE BAJA',
    'PARAR',
    'BASTA', // it, es
    'DISISCRIVITI', // it
    'DISISCRIVI',
    'DISISCRIZIONE',
    'CANCELLAMI',
    'STOPP', // de
    'ABMELDEN',
    'ABBESTELLEN',
  ],
  start: [
    'START',
    'UNSTOP',
    'СТАРТ',
    // The words our opt-out texts use to explain START.
    'RESUME',
    'RELUARE',
    'ВІДНОВИТИ',
    'ВОЗОБНОВИТЬ',
    'ÚJRAINDÍTÁS',
    'REPRISE',
    'REANUDAR',
    'RIATTIVA',
    'RIATTIVAZIONE',
    'FORTSETZEN',
  ],
  help: [
    'HELP',
    'INFO',
    'AJUTOR',
    'ДОПОМОГА',
    'ПОМОЩЬ',
    'SEGÍTSÉG',
    'AIDE',
    'AYUDA',
    'AIUTO',
    'HILFE',
    ...CANCEL_WORDS,
  ],
  // Latin spellings of the Cyrillic answers ("TAK", "DA", "NET", "NI") are how many people type them.
  yes: ['YES', 'DA', 'ТАК', 'TAK', 'ДА', 'IGEN', 'OUI', 'SÍ', 'JA'],
  no: ['NO', 'NU', 'НІ', 'NI', 'НЕТ', 'NET', 'NEM', 'NON', 'NEIN'],
};

/** Upper case, accents stripped, surrounding punctuation and emoji dropped, inner spaces collapsed. */
export function normalizeKeyword(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .replace(/\s+/gu, ' ');
}

const LOOKUP = new Map<string, InboundKeyword>();
for (const [keyword, words] of Object.entries(WORDS) as [InboundKeyword, readonly string[]][]) {
  for (const word of words) LOOKUP.set(normalizeKeyword(word), keyword);
}

/** The keyword the whole message is, or null for anything else (a survey answer, a sentence). */
export function classifyInbound(body: string): InboundKeyword | null {
  return LOOKUP.get(normalizeKeyword(body)) ?? null;
}

/** Every recognised word with its meaning, normalized; the tests use it to show no word means two things. */
export function keywordTable(): ReadonlyArray<readonly [string, InboundKeyword]> {
  return Object.entries(WORDS).flatMap(([keyword, words]) =>
    words.map((word) => [normalizeKeyword(word), keyword as InboundKeyword] as const),
  );
}
