// The answers to STOP (DEZABONARE...), START and HELP (AJUTOR...), and the "someone will call" a case's phone
// gets for help (or its duress word): in the phone's language, then in Romanian and English, on every channel. Romanian operators expect these answers in Romanian and English; the
// person's own language comes first because it is the one they read.
import type { Language } from '../domain/enums.ts';
import { smsText } from './templates.ts';

export type KeywordReplyKind = 'opted_out' | 'opted_in' | 'help' | 'call_back';

/** Always said as well, in this order, after the phone's own language. */
const ALSO_IN: readonly Language[] = ['ro', 'en'];

export function keywordReply(kind: KeywordReplyKind, language: Language, transliterate = false): string {
  const languages = [...new Set<Language>([language, ...ALSO_IN])];
  return languages.map((lang) => smsText(kind, lang, {}, { transliterate }).body).join('\n');
}
