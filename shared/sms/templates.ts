// Every SMS the service sends, in every supported language. The texts are discreet by rule (DESIGN.md
// "Privacy and safety rules"): whoever holds the phone reads only about an "appointment", never a case.
//
// Each text ends with the way out (STOP), except the opt-out confirmation, which says START resumes.
// Times are Bucharest wall-clock with weekday, day and month name in the text's own language, written by
// Intl (ro "mie., 10 dec., 10:00"), so nobody reads 03.04 as 4 March; a number outside Romania (+40) also
// reads whose time it is ("ora României"). Length budget, with a 40-character location: at most 2 segments,
// abroad too; GSM-7 and one segment in en fr es it de (es but for "anónima"); UCS-2 in uk ru hu and where
// Romanian needs a diacritic, one segment wherever 70 characters suffice (the help text and the hu survey
// invitation do not). test/unit/sms-templates.test.ts pins the segments of every text in every language.
// The rendered text is checked against the forbidden words, so a location or hint cannot leak one.
// `call_back` is the reply to a known phone that asked for help or wrote to us (and, word for word, to the
// duress word): someone will call, and nothing more.

import type { Language } from '../domain/enums.ts';
import { findForbiddenWords } from './forbidden-words.ts';
import { START_WORD, STOP_WORD, YES_WORD } from './keywords.ts';
import { countSegments, type SmsEncoding } from './segment-counter.ts';
import { toGsm7 } from './transliterate.ts';

/** The wall clock every appointment is given in (DOMAIN.md "Places and time"). */
const TIME_ZONE = 'Europe/Bucharest';

export const SMS_KINDS = [
  'reminder',
  'change_notice',
  'cancellation_notice',
  'survey_invitation',
  'survey_invitation_web',
  'survey_hint',
  'survey_thanks_default',
  'survey_closed',
  'help',
  'call_back',
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
  /** The private reply page (`<base>/r/<token>`) of survey_invitation_web; rendered at send time, never stored. */
  link?: string;
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
  link: string;
}

type Template = (s: Slots) => string;

// The STOP line and each language's phrase for it are kept together so the rule is visible per language.
const STOP = (meaning: string): string => `${STOP_WORD} = ${meaning}`;
const START = (meaning: string): string => `${START_WORD} = ${meaning}`;

/** Each language's STOP line; also for texts written by others (survey questions, a survey's own thanks). */
export const STOP_LINE: Record<Language, string> = {
  en: STOP('no more messages'),
  ro: STOP('oprire mesaje'),
  uk: STOP('відписатися'),
  ru: STOP('отписаться'),
  hu: STOP('leiratkozás'),
  fr: STOP('désabonnement'),
  es: STOP('darse de baja'),
  it: STOP('disiscrizione'),
  de: STOP('abmelden'),
};

const TEMPLATES: Record<Language, Record<SmsKind, Template>> = {
  en: (() => {
    const stop = STOP_LINE.en;
    const start = START('resume');
    return {
      reminder: (s) => `Reminder: appointment ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Your appointment has moved to ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Your appointment on ${s.when} is cancelled. ${stop}`,
      survey_invitation: () => `A short, anonymous survey: reply ${YES_WORD.en} to start. ${stop}`,
      survey_invitation_web: (s) => `A short, anonymous survey: ${s.link} ${stop}`,
      survey_hint: (s) => `Sorry, not understood.${s.hint ? ` Please reply ${s.hint}.` : ''} ${stop}`,
      survey_thanks_default: () => `Thank you for your answers. ${stop}`,
      survey_closed: () => `Automated number, replies are not read. ${stop}`,
      help: () => `Automated messages about your appointments. ${stop}, ${start}`,
      call_back: () => `Thank you, we will call you soon. ${stop}`,
      opted_out: () => `You will receive no more messages. ${start}`,
      opted_in: () => `Messages resumed. ${stop}`,
    };
  })(),
  ro: (() => {
    const stop = STOP_LINE.ro;
    const start = START('reluare');
    return {
      reminder: (s) => `Reamintire: programare ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Programarea s-a mutat: ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Programarea din ${s.when} s-a anulat. ${stop}`,
      survey_invitation: () => `Un chestionar scurt și anonim? Trimiteți ${YES_WORD.ro}. ${stop}`,
      // No diacritic, so the link still fits one GSM-7 segment.
      survey_invitation_web: (s) => `Un chestionar scurt, anonim: ${s.link} ${stop}`,
      survey_hint: (s) => `Răspuns neînțeles.${s.hint ? ` Trimiteți ${s.hint}.` : ''} ${stop}`,
      survey_thanks_default: () => `Vă mulțumim pentru răspunsuri. ${stop}`,
      survey_closed: () => `Număr automat, răspunsurile nu sunt citite. ${stop}`,
      help: () => `Mesaje automate despre programările dvs. ${stop}, ${start}`,
      call_back: () => `Mulțumim, vă sunăm în curând. ${stop}`,
      opted_out: () => `Nu veți mai primi mesaje. ${start}`,
      opted_in: () => `Mesajele au fost reluate. ${stop}`,
    };
  })(),
  uk: (() => {
    const stop = STOP_LINE.uk;
    const start = START('відновити');
    return {
      reminder: (s) => `Нагадування: зустріч ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Зустріч перенесено: ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Зустріч ${s.when} скасовано. ${stop}`,
      survey_invitation: () => `Коротке анонімне опитування? Надішліть ${YES_WORD.uk}. ${stop}`,
      survey_invitation_web: (s) => `Коротке анонімне опитування: ${s.link} ${stop}`,
      survey_hint: (s) => `Відповідь незрозуміла.${s.hint ? ` Надішліть ${s.hint}.` : ''} ${stop}`,
      survey_thanks_default: () => `Дякуємо за відповіді. ${stop}`,
      survey_closed: () => `Автоматичний номер, відповіді не читаються. ${stop}`,
      help: () => `Автоматичні повідомлення про ваші зустрічі. ${stop}, ${start}`,
      call_back: () => `Дякуємо, ми скоро вам зателефонуємо. ${stop}`,
      opted_out: () => `Ви більше не отримуватимете повідомлень. ${start}`,
      opted_in: () => `Повідомлення відновлено. ${stop}`,
    };
  })(),
  ru: (() => {
    const stop = STOP_LINE.ru;
    const start = START('возобновить');
    return {
      reminder: (s) => `Напоминание: встреча ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Встреча перенесена: ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Встреча ${s.when} отменена. ${stop}`,
      survey_invitation: () => `Короткий анонимный опрос? Отправьте ${YES_WORD.ru}. ${stop}`,
      survey_invitation_web: (s) => `Короткий анонимный опрос: ${s.link} ${stop}`,
      survey_hint: (s) => `Ответ не распознан.${s.hint ? ` Отправьте ${s.hint}.` : ''} ${stop}`,
      survey_thanks_default: () => `Спасибо за ответы. ${stop}`,
      survey_closed: () => `Автоматический номер, ответы не читаются. ${stop}`,
      help: () => `Автоматические сообщения о ваших встречах. ${stop}, ${start}`,
      call_back: () => `Спасибо, мы скоро вам позвоним. ${stop}`,
      opted_out: () => `Вы больше не будете получать сообщения. ${start}`,
      opted_in: () => `Сообщения возобновлены. ${stop}`,
    };
  })(),
  // Hungarian addresses the reader with the formal Ön forms throughout (küldje, válaszoljon, kap).
  hu: (() => {
    const stop = STOP_LINE.hu;
    const start = START('újraindítás');
    return {
      reminder: (s) => `Emlékeztető: időpont ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Az időpont módosult: ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Elmarad az időpont: ${s.when}. ${stop}`,
      survey_invitation: () =>
        `Kitöltene egy rövid, névtelen kérdőívet? Válaszoljon: ${YES_WORD.hu}. ${stop}`,
      survey_invitation_web: (s) => `Rövid, névtelen kérdőív: ${s.link} ${stop}`,
      survey_hint: (s) => `Nem értettük a választ.${s.hint ? ` Küldje: ${s.hint}.` : ''} ${stop}`,
      survey_thanks_default: () => `Köszönjük a válaszokat. ${stop}`,
      survey_closed: () => `Automatikus szám, a válaszokat nem olvassuk. ${stop}`,
      help: () => `Automatikus üzenetek az időpontjairól. ${stop}, ${start}`,
      call_back: () => `Köszönjük, hamarosan hívjuk. ${stop}`,
      opted_out: () => `Több üzenetet nem kap. ${start}`,
      opted_in: () => `Az üzenetek újraindultak. ${stop}`,
    };
  })(),
  // French stays GSM-7: é è à ù are in the alphabet, ê â î ô ç are not, so the texts avoid them.
  // "bref", not "court": the English word list would (rightly) stop "court".
  fr: (() => {
    const stop = STOP_LINE.fr;
    const start = START('reprise');
    return {
      reminder: (s) => `Rappel : rendez-vous le ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Votre rendez-vous est déplacé au ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Votre rendez-vous du ${s.when} est annulé. ${stop}`,
      survey_invitation: () =>
        `Un bref questionnaire anonyme : envoyez ${YES_WORD.fr} pour commencer. ${stop}`,
      survey_invitation_web: (s) => `Un bref questionnaire anonyme : ${s.link} ${stop}`,
      survey_hint: (s) => `Réponse non comprise.${s.hint ? ` Envoyez ${s.hint}.` : ''} ${stop}`,
      survey_thanks_default: () => `Merci pour vos réponses. ${stop}`,
      survey_closed: () => `Numéro automatique, les réponses ne sont pas lues. ${stop}`,
      help: () => `Messages automatiques sur vos rendez-vous. ${stop}, ${start}`,
      call_back: () => `Merci, nous vous rappelons rapidement. ${stop}`,
      opted_out: () => `Vous ne recevrez plus de messages. ${start}`,
      opted_in: () => `Messages réactivés. ${stop}`,
    };
  })(),
  // Spanish stays GSM-7 (é ñ ¿ are in the alphabet; á í ó ú are not) except "anónima", kept correct.
  es: (() => {
    const stop = STOP_LINE.es;
    const start = START('reanudar');
    return {
      reminder: (s) => `Recordatorio: cita el ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Su cita cambia al ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Su cita del ${s.when} queda cancelada. ${stop}`,
      survey_invitation: () => `¿Una encuesta breve y anónima? Responda ${YES_WORD.es}. ${stop}`,
      survey_invitation_web: (s) => `Una encuesta breve y anónima: ${s.link} ${stop}`,
      survey_hint: (s) => `No entendimos su respuesta.${s.hint ? ` Responda ${s.hint}.` : ''} ${stop}`,
      survey_thanks_default: () => `Gracias por sus respuestas. ${stop}`,
      survey_closed: () => `Este remitente es automatizado y no lee respuestas. ${stop}`,
      help: () => `Avisos automatizados sobre sus citas. ${stop}, ${start}`,
      call_back: () => `Gracias, le llamaremos pronto. ${stop}`,
      opted_out: () => `Baja confirmada. ${start}`,
      opted_in: () => `Avisos reanudados. ${stop}`,
    };
  })(),
  // Italian speaks to the reader as Lei everywhere, courtesy forms capitalised (Suo, Suoi, Sue); the way
  // out and back are nouns ("disiscrizione", "riattivazione"), never a tu imperative.
  it: (() => {
    const stop = STOP_LINE.it;
    const start = START('riattivazione');
    return {
      reminder: (s) => `Promemoria: appuntamento il ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Il Suo appuntamento è spostato al ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Il Suo appuntamento del ${s.when} è annullato. ${stop}`,
      survey_invitation: () => `Un breve questionario anonimo: risponda ${YES_WORD.it} per iniziare. ${stop}`,
      survey_invitation_web: (s) => `Un breve questionario anonimo: ${s.link} ${stop}`,
      survey_hint: (s) => `Risposta non compresa.${s.hint ? ` Risponda ${s.hint}.` : ''} ${stop}`,
      survey_thanks_default: () => `Grazie per le Sue risposte. ${stop}`,
      survey_closed: () => `Numero automatico, le risposte non vengono lette. ${stop}`,
      help: () => `Messaggi automatici sui Suoi appuntamenti. ${stop}, ${start}`,
      call_back: () => `Grazie, La richiameremo presto. ${stop}`,
      opted_out: () => `Non riceverà più messaggi. ${start}`,
      opted_in: () => `Messaggi riattivati. ${stop}`,
    };
  })(),
  // German capitalises a full sentence after a colon ("Umfrage: Antworten Sie ...").
  de: (() => {
    const stop = STOP_LINE.de;
    const start = START('fortsetzen');
    return {
      reminder: (s) => `Erinnerung: Termin am ${s.when}${s.at}. ${stop}`,
      change_notice: (s) => `Ihr Termin wurde verlegt: ${s.when}${s.at}. ${stop}`,
      cancellation_notice: (s) => `Ihr Termin am ${s.when} entfällt. ${stop}`,
      survey_invitation: () => `Kurze anonyme Umfrage: Antworten Sie ${YES_WORD.de}, um zu beginnen. ${stop}`,
      survey_invitation_web: (s) => `Kurze anonyme Umfrage: ${s.link} ${stop}`,
      survey_hint: (s) => `Antwort nicht verstanden.${s.hint ? ` Bitte ${s.hint} senden.` : ''} ${stop}`,
      survey_thanks_default: () => `Danke für Ihre Antworten. ${stop}`,
      survey_closed: () => `Automatische Nummer, Antworten werden nicht gelesen. ${stop}`,
      help: () => `Automatische Nachrichten zu Ihren Terminen. ${stop}, ${start}`,
      call_back: () => `Danke, wir rufen Sie bald an. ${stop}`,
      opted_out: () => `Sie erhalten keine Nachrichten mehr. ${start}`,
      opted_in: () => `Nachrichten fortgesetzt. ${stop}`,
    };
  })(),
};

/** What a reader outside Romania is told about the time: it is Bucharest's, not their own. */
const ROMANIAN_TIME: Record<Language, string> = {
  en: 'Romanian time',
  ro: 'ora României',
  uk: 'за часом Румунії',
  ru: 'по времени Румынии',
  hu: 'romániai idő',
  fr: 'heure de Roumanie',
  // "Rumania", not "Rumanía": both are correct Spanish, and this one keeps the text GSM-7.
  es: 'hora de Rumania',
  it: 'ora della Romania',
  de: 'rumänische Zeit',
};

/** Languages whose texts are written in GSM-7: their dates are kept there too (es "mié" -> "mie"). */
const GSM7_LANGUAGES: ReadonlySet<Language> = new Set(['en', 'fr', 'es', 'it', 'de']);

const NEEDS_TIME: ReadonlySet<SmsKind> = new Set(['reminder', 'change_notice', 'cancellation_notice']);
const NEEDS_LINK: ReadonlySet<SmsKind> = new Set(['survey_invitation_web']);

// One formatter per language, built on first use: the time zone and the 24-hour clock are explicit, so
// the text is the same on every machine whatever its TZ or locale (Node 20 ships full ICU).
const FORMATS = new Map<Language, Intl.DateTimeFormat>();
function dateFormat(language: Language): Intl.DateTimeFormat {
  let format = FORMATS.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, {
      timeZone: TIME_ZONE,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    FORMATS.set(language, format);
  }
  return format;
}

/**
 * The appointment in Bucharest wall-clock time, daylight saving included, with weekday, day and month name in
 * the reader's language ("mie., 10 dec., 10:00", "Wed, Dec 10, 10:00"); `abroad` adds whose time it is.
 */
export function formatSmsTime(iso: string, language: Language, abroad = false): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime()))
    throw new TypeError(`startsAt is not a valid ISO 8601 instant: ${iso}`);
  const formatted = dateFormat(language).format(instant);
  const date = GSM7_LANGUAGES.has(language) ? toGsm7(formatted) : formatted;
  return abroad ? `${date} (${ROMANIAN_TIME[language]})` : date;
}

/** A number in Romania (+40), also behind a WhatsApp address; the times we send are Romania's. */
export function isRomanianNumber(phone: string): boolean {
  return phone.replace(/^whatsapp:/, '').startsWith('+40');
}

// Control characters and line breaks in a location would reshape the message; one line, single spaces.
function oneLine(text: string | undefined): string {
  return (text ?? '').replace(/[\s\p{Cc}]+/gu, ' ').trim();
}

export interface SmsOptions {
  /** Rewrite into GSM-7 (the deployment's SMS_TRANSLITERATE). */
  transliterate?: boolean;
  /** The number the text goes to: outside Romania the time says it is Romania's. Unknown: taken as +40. */
  recipientPhone?: string;
}

/**
 * A WhatsApp content template's variables for one message: the same slots the SMS text fills, numbered as
 * Twilio's templates number them ({{1}} the time, {{2}} the place, or {{1}} the reply link). The approved
 * template holds the rest of the text in the language it was approved in.
 */
export function templateVariables(
  kind: SmsKind,
  language: Language,
  params: SmsParams = {},
  options: SmsOptions = {},
): Record<string, string> {
  if (NEEDS_LINK.has(kind)) return { '1': oneLine(params.link) };
  if (!NEEDS_TIME.has(kind) || params.startsAt === undefined) return {};
  const abroad = options.recipientPhone !== undefined && !isRomanianNumber(options.recipientPhone);
  const location = oneLine(params.publicLocation);
  return { '1': formatSmsTime(params.startsAt, language, abroad), '2': location ? `, ${location}` : '' };
}

export function smsText(
  kind: SmsKind,
  language: Language,
  params: SmsParams = {},
  options: SmsOptions = {},
): SmsText {
  if (NEEDS_TIME.has(kind) && params.startsAt === undefined) {
    throw new TypeError(`The ${kind} SMS needs params.startsAt.`);
  }
  if (NEEDS_LINK.has(kind) && !params.link) throw new TypeError(`The ${kind} SMS needs params.link.`);
  const location = oneLine(params.publicLocation);
  const abroad = options.recipientPhone !== undefined && !isRomanianNumber(options.recipientPhone);
  const slots: Slots = {
    when: params.startsAt === undefined ? '' : formatSmsTime(params.startsAt, language, abroad),
    at: location ? `, ${location}` : '',
    hint: oneLine(params.hint),
    link: oneLine(params.link),
  };
  const rendered = TEMPLATES[language][kind](slots);
  return finish(kind, language, rendered, options);
}

/**
 * A survey's own text (a question, the survey's thanks) as sent: with the language's STOP line, on a line of
 * its own, unless the text already names STOP, so every survey message carries its way out. Publishing
 * checked the words of the text; the caller transliterates, as for every reply.
 */
export function surveySmsText(text: string, language: Language): string {
  return /\bSTOP\b/.test(text) ? text : `${text}\n${STOP_LINE[language]}`;
}

function finish(kind: SmsKind, language: Language, rendered: string, options: SmsOptions): SmsText {
  const body = options.transliterate ? toGsm7(rendered) : rendered;
  const forbidden = findForbiddenWords(body);
  if (forbidden.length > 0) throw new UnsafeSmsTextError(kind, language, forbidden);
  const { encoding, segments } = countSegments(body);
  return { body, encoding, segments };
}
