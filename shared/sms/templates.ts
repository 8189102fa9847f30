// Every SMS the service sends, in every supported language. The texts are discreet by rule (DESIGN.md
// "Privacy and safety rules"): whoever holds the phone reads only about an "appointment", never a case.
//
// Each text ends with the way out (STOP), except the opt-out confirmation, which says START resumes.
// Times are Bucharest wall-clock, "dd.mm HH:MM", the same in every language. Length budget, with a
// 40-character location: GSM-7 and at most 2 segments in en fr it de (es too, but for the accent in
// "anónima"); at most 2 UCS-2 segments in ro hu uk ru; transliterated, ro and hu are GSM-7 too.
// The rendered text is checked against the forbidden words, so a location or hint cannot leak one.

import { localParts } from '../domain/bucharest-time.ts';
import type { Language } from '../domain/enums.ts';
import { findForbiddenWords } from './forbidden-words.ts';
import { START_WORD, STOP_WORD, YES_WORD } from './keywords.ts';
import { countSegments, type SmsEncoding } from './segment-counter.ts';
import { toGsm7 } from './transliterate.ts';

export const SMS_KINDS = [
  'reminder',
  'change_notice',
  'cancellation_notice',
  'survey_invitation',
  'survey_hint',
  'survey_thanks_default',
  'survey_closed',
  'help',
  'opted_out',
  'opted_in',
] as const;
export type SmsKind = (typeof SMS_KINDS)[number];

export interface SmsParams {
  /** ISO 8601 instant of the appointment: required by reminder, change_notice, cancellation_notice. */
  startsAt?: string;
  /** A place name safe to show on a lock screen; the length budget assumes at most 40 characters. */
  publicLocation?: string;
  /** What a survey answer should look like ("1-5", "DA/NU"); without it the hint only says "not understood". */
  hint?: string;
}

export interface SmsText {
  body: string;
  encoding: SmsEncoding;
  segments: number;
}

/** The location length the segment budget is written for; schemas that take a public location use it. */
export const MAX_PUBLIC_LOCATION_LENGTH = 40;

/** A rendered text carried a forbidden word (through a location or a hint): it must not be sent. */
export class UnsafeSmsTextError extends Error {
  readonly words: string[];
  constructor(kind: SmsKind, language: Language, words: string[]) {
    // The words are named so the coordinator can fix the location; the text itself is not repeated.
    super(`The ${kind} SMS in ${language} would carry forbidden words: ${words.join(', ')}.`);
    this.name = 'UnsafeSmsTextError';
    this.words = words;
  }
}

/** What a template sees: the time already formatted, the location already prefixed with ", ". */
interface Slots {
  when: string;
  at: string;
  hint: string;
}

type Template = (s: Slots) => string;

// The STOP line and each language's phrase for it are kept together so the rule is visible per language.
const STOP = (meaning: string): string => `${STOP_WORD} = ${meaning}`;
const START = (meaning: string): string => `${START_WORD} = ${meaning}`;

const TEMPLATES: Record<Language, Record<SmsKind, Template>> = {
  en: (() => {
    const stop = STOP('no more messages');
    const start = START('resume');
    return {
      reminder: (s) => `Reminder: appointment ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Your appointment has moved to ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Your appointment on ${s.when} is cancelled. ${stop}`,
      survey_invitation: () => `A short, anonymous survey: reply ${YES_WORD.en} to start. ${stop}`,
      survey_hint: (s) => `Sorry, not understood.${s.hint ? ` Please reply ${s.hint}.` : ''} ${stop}`,
      survey_thanks_default: () => `Thank you for your answers. ${stop}`,
      survey_closed: () => `Automated number, replies are not read. ${stop}`,
      help: () => `Automated messages about your appointments. ${stop}, ${start}`,
      opted_out: () => `You will receive no more messages. ${start}`,
      opted_in: () => `Messages resumed. ${stop}`,
    };
  })(),
  ro: (() => {
    const stop = STOP('oprire mesaje');
    const start = START('reluare');
    return {
      reminder: (s) => `Reamintire: programare ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Programarea s-a mutat: ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Programarea din ${s.when} s-a anulat. ${stop}`,
      survey_invitation: () => `Un chestionar scurt și anonim? Trimiteți ${YES_WORD.ro}. ${stop}`,
      survey_hint: (s) => `Răspuns neînțeles.${s.hint ? ` Trimiteți ${s.hint}.` : ''} ${stop}`,
      survey_thanks_default: () => `Vă mulțumim pentru răspunsuri. ${stop}`,
      survey_closed: () => `Număr automat, răspunsurile nu sunt citite. ${stop}`,
      help: () => `Mesaje automate despre programările dvs. ${stop}, ${start}`,
      opted_out: () => `Nu veți mai primi mesaje. ${start}`,
      opted_in: () => `Mesajele au fost reluate. ${stop}`,
    };
  })(),
  uk: (() => {
    const stop = STOP('відписатися');
    const start = START('відновити');
    return {
      reminder: (s) => `Нагадування: зустріч ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Зустріч перенесено: ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Зустріч ${s.when} скасовано. ${stop}`,
      survey_invitation: () => `Коротке анонімне опитування? Надішліть ${YES_WORD.uk}. ${stop}`,
      survey_hint: (s) => `Відповідь не зрозуміла.${s.hint ? ` Надішліть ${s.hint}.` : ''} ${stop}`,
      survey_thanks_default: () => `Дякуємо за відповіді. ${stop}`,
      survey_closed: () => `Автоматичний номер, відповіді не читаються. ${stop}`,
      help: () => `Автоматичні повідомлення про ваші зустрічі. ${stop}, ${start}`,
      opted_out: () => `Ви більше не отримуватимете повідомлень. ${start}`,
      opted_in: () => `Повідомлення відновлено. ${stop}`,
    };
  })(),
  ru: (() => {
    const stop = STOP('отписаться');
    const start = START('возобновить');
    return {
      reminder: (s) => `Напоминание: встреча ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Встреча перенесена: ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Встреча ${s.when} отменена. ${stop}`,
      survey_invitation: () => `Короткий анонимный опрос? Отправьте ${YES_WORD.ru}. ${stop}`,
      survey_hint: (s) => `Ответ не понят.${s.hint ? ` Отправьте ${s.hint}.` : ''} ${stop}`,
      survey_thanks_default: () => `Спасибо за ответы. ${stop}`,
      survey_closed: () => `Автоматический номер, ответы не читаются. ${stop}`,
      help: () => `Автоматические сообщения о ваших встречах. ${stop}, ${start}`,
      opted_out: () => `Вы больше не будете получать сообщения. ${start}`,
      opted_in: () => `Сообщения возобновлены. ${stop}`,
    };
  })(),
  hu: (() => {
    const stop = STOP('leiratkozás');
    const start = START('újraindítás');
    return {
      reminder: (s) => `Emlékeztető: időpont ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Az időpont módosult: ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Elmarad az időpont: ${s.when}. ${stop}`,
      survey_invitation: () => `Rövid, névtelen kérdőív: kezdéshez küldje: ${YES_WORD.hu}. ${stop}`,
      survey_hint: (s) => `Nem értettük a választ.${s.hint ? ` Küldje: ${s.hint}.` : ''} ${stop}`,
      survey_thanks_default: () => `Köszönjük a válaszokat. ${stop}`,
      survey_closed: () => `Automatikus szám, a válaszokat nem olvassuk. ${stop}`,
      help: () => `Automatikus üzenetek az időpontjairól. ${stop}, ${start}`,
      opted_out: () => `Több üzenetet nem kap. ${start}`,
      opted_in: () => `Az üzenetek újraindultak. ${stop}`,
    };
  })(),
  // French stays GSM-7: é è à ù are in the alphabet, ê â î ô ç are not, so the texts avoid them.
  // "bref", not "court": the English word list would (rightly) stop "court".
  fr: (() => {
    const stop = STOP('désabonnement');
    const start = START('reprise');
    return {
      reminder: (s) => `Rappel : rendez-vous le ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Votre rendez-vous est déplacé au ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Votre rendez-vous du ${s.when} est annulé. ${stop}`,
      survey_invitation: () =>
        `Un bref questionnaire anonyme : envoyez ${YES_WORD.fr} pour commencer. ${stop}`,
      survey_hint: (s) => `Réponse non comprise.${s.hint ? ` Envoyez ${s.hint}.` : ''} ${stop}`,
      survey_thanks_default: () => `Merci pour vos réponses. ${stop}`,
      survey_closed: () => `Numéro automatique, les réponses ne sont pas lues. ${stop}`,
      help: () => `Messages automatiques sur vos rendez-vous. ${stop}, ${start}`,
      opted_out: () => `Vous ne recevrez plus de messages. ${start}`,
      opted_in: () => `Messages réactivés. ${stop}`,
    };
  })(),
  // Spanish stays GSM-7 (é ñ ¿ are in the alphabet; á í ó ú are not) except "anónima", kept correct.
  es: (() => {
    const stop = STOP('darse de baja');
    const start = START('reanudar');
    return {
      reminder: (s) => `Recordatorio: cita el ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Su cita cambia al ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Su cita del ${s.when} queda cancelada. ${stop}`,
      survey_invitation: () => `¿Una encuesta breve y anónima? Responda ${YES_WORD.es}. ${stop}`,
      survey_hint: (s) => `No entendimos su respuesta.${s.hint ? ` Responda ${s.hint}.` : ''} ${stop}`,
      survey_thanks_default: () => `Gracias por sus respuestas. ${stop}`,
      survey_closed: () => `Este remitente es automatizado y no lee respuestas. ${stop}`,
      help: () => `Avisos automatizados sobre sus citas. ${stop}, ${start}`,
      opted_out: () => `Baja confirmada. ${start}`,
      opted_in: () => `Avisos reanudados. ${stop}`,
    };
  })(),
  it: (() => {
    const stop = STOP('disiscriviti');
    const start = START('riattiva');
    return {
      reminder: (s) => `Promemoria: appuntamento il ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Il suo appuntamento è spostato al ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Il suo appuntamento del ${s.when} è annullato. ${stop}`,
      survey_invitation: () => `Un breve questionario anonimo: risponda ${YES_WORD.it} per iniziare. ${stop}`,
      survey_hint: (s) => `Risposta non compresa.${s.hint ? ` Risponda ${s.hint}.` : ''} ${stop}`,
      survey_thanks_default: () => `Grazie per le risposte. ${stop}`,
      survey_closed: () => `Numero automatico, le risposte non vengono lette. ${stop}`,
      help: () => `Messaggi automatici sui suoi appuntamenti. ${stop}, ${start}`,
      opted_out: () => `Non riceverà più messaggi. ${start}`,
      opted_in: () => `Messaggi riattivati. ${stop}`,
    };
  })(),
  de: (() => {
    const stop = STOP('abmelden');
    const start = START('fortsetzen');
    return {
      reminder: (s) => `Erinnerung: Termin am ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Ihr Termin wurde verlegt: ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Ihr Termin am ${s.when} entfällt. ${stop}`,
      survey_invitation: () => `Kurze anonyme Umfrage: antworten Sie ${YES_WORD.de}, um zu beginnen. ${stop}`,
      survey_hint: (s) => `Antwort nicht verstanden.${s.hint ? ` Bitte ${s.hint} senden.` : ''} ${stop}`,
      survey_thanks_default: () => `Danke für Ihre Antworten. ${stop}`,
      survey_closed: () => `Automatische Nummer, Antworten werden nicht gelesen. ${stop}`,
      help: () => `Automatische Nachrichten zu Ihren Terminen. ${stop}, ${start}`,
      opted_out: () => `Sie erhalten keine Nachrichten mehr. ${start}`,
      opted_in: () => `Nachrichten fortgesetzt. ${stop}`,
    };
  })(),
};

const NEEDS_TIME: ReadonlySet<SmsKind> = new Set(['reminder', 'change_notice', 'cancellation_notice']);

/** "10.12 10:00": the appointment in Bucharest wall-clock time, daylight saving included. */
export function formatSmsTime(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime()))
    throw new TypeError(`startsAt is not a valid ISO 8601 instant: ${iso}`);
  const p = localParts(instant);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(p.day)}.${two(p.month)} ${two(p.hour)}:${two(p.minute)}`;
}

// Control characters and line breaks in a location would reshape the message; one line, single spaces.
function oneLine(text: string | undefined): string {
  return (text ?? '').replace(/[\s\p{Cc}]+/gu, ' ').trim();
}

export function smsText(
  kind: SmsKind,
  language: Language,
  params: SmsParams = {},
  options: { transliterate?: boolean } = {},
): SmsText {
  if (NEEDS_TIME.has(kind) && params.startsAt === undefined) {
    throw new TypeError(`The ${kind} SMS needs params.startsAt.`);
  }
  const location = oneLine(params.publicLocation);
  const slots: Slots = {
    when: params.startsAt === undefined ? '' : formatSmsTime(params.startsAt),
    at: location ? `, ${location}` : '',
    hint: oneLine(params.hint),
  };
  const rendered = TEMPLATES[language][kind](slots);
  const body = options.transliterate ? toGsm7(rendered) : rendered;
  const forbidden = findForbiddenWords(body);
  if (forbidden.length > 0) throw new UnsafeSmsTextError(kind, language, forbidden);
  const { encoding, segments } = countSegments(body);
  return { body, encoding, segments };
}
