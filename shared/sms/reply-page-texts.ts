// The words of the private web reply page (/r/<token>), in every supported language, kept beside the SMS
// templates because the same rule binds them: whoever sees the screen learns of a short survey, never of a
// case, a court, an agency or a programme. test/unit/reply-page.test.ts holds every text against the
// forbidden words, as sms-templates.test.ts does for the SMS.
import type { Language } from '../domain/enums.ts';

export interface ReplyPageTexts {
  /** The page title and heading: neutral, like the SMS. */
  title: string;
  /** Shown under the intro: no answer is required. */
  optional: string;
  yes: string;
  no: string;
  /** Under a free-text box. */
  textHint: string;
  send: string;
  /** The way out, as STOP is by SMS. */
  stopHeading: string;
  stopHint: string;
  stopButton: string;
  errorTitle: string;
  /** A radio value the form never offered (a tampered or stale form). */
  errorInvalid: string;
  errorNothing: string;
  thanks: string;
  optedOut: string;
}

export const REPLY_PAGE_TEXTS: Record<Language, ReplyPageTexts> = {
  en: {
    title: 'Short survey',
    optional: 'Every question is optional. Your answers are anonymous.',
    yes: 'Yes',
    no: 'No',
    textHint: 'Up to 160 characters. Please do not write names or phone numbers.',
    send: 'Send answers',
    stopHeading: 'No more messages',
    stopHint: 'Nothing more will be sent to this phone.',
    stopButton: 'Do not contact me again',
    errorTitle: 'There is a problem',
    errorInvalid: 'Choose one of the answers offered',
    errorNothing: 'Answer at least one question',
    thanks: 'Thank you for your answers.',
    optedOut: 'You will receive no more messages.',
  },
  ro: {
    title: 'Chestionar scurt',
    optional: 'Toate întrebările sunt opționale. Răspunsurile sunt anonime.',
    yes: 'Da',
    no: 'Nu',
    textHint: 'Cel mult 160 de caractere. Vă rugăm să nu scrieți nume sau numere de telefon.',
    send: 'Trimiteți răspunsurile',
    stopHeading: 'Fără alte mesaje',
    stopHint: 'Nu se va mai trimite nimic pe acest telefon.',
    stopButton: 'Nu mă mai contactați',
    errorTitle: 'A apărut o problemă',
    errorInvalid: 'Alegeți unul dintre răspunsurile oferite',
    errorNothing: 'Răspundeți la cel puțin o întrebare',
    thanks: 'Vă mulțumim pentru răspunsuri.',
    optedOut: 'Nu veți mai primi mesaje.',
  },
  uk: {
    title: 'Коротке опитування',
    optional: 'Усі запитання необовʼязкові. Відповіді анонімні.',
    yes: 'Так',
    no: 'Ні',
    textHint: 'До 160 символів. Будь ласка, не пишіть імен чи номерів телефону.',
    send: 'Надіслати відповіді',
    stopHeading: 'Більше жодних повідомлень',
    stopHint: 'На цей телефон більше нічого не надходитиме.',
    stopButton: 'Більше не звертайтеся до мене',
    errorTitle: 'Виникла проблема',
    errorInvalid: 'Виберіть одну із запропонованих відповідей',
    errorNothing: 'Дайте відповідь хоча б на одне запитання',
    thanks: 'Дякуємо за відповіді.',
    optedOut: 'Ви більше не отримуватимете повідомлень.',
  },
  ru: {
    title: 'Короткий опрос',
    optional: 'Все вопросы необязательны. Ответы анонимны.',
    yes: 'Да',
    no: 'Нет',
    textHint: 'До 160 символов. Пожалуйста, не пишите имена или номера телефонов.',
    send: 'Отправить ответы',
    stopHeading: 'Больше никаких сообщений',
    stopHint: 'На этот телефон больше ничего не придёт.',
    stopButton: 'Больше не связывайтесь со мной',
    errorTitle: 'Возникла проблема',
    errorInvalid: 'Выберите один из предложенных ответов',
    errorNothing: 'Ответьте хотя бы на один вопрос',
    thanks: 'Спасибо за ответы.',
    optedOut: 'Вы больше не будете получать сообщения.',
  },
  hu: {
    title: 'Rövid kérdőív',
    optional: 'Egyik kérdés sem kötelező. A válaszok névtelenek.',
    yes: 'Igen',
    no: 'Nem',
    textHint: 'Legfeljebb 160 karakter. Kérjük, ne írjon neveket vagy telefonszámokat.',
    send: 'Válaszok elküldése',
    stopHeading: 'Nem kér több üzenetet',
    stopHint: 'Erre a telefonra több üzenet nem érkezik.',
    stopButton: 'Ne keressenek többé',
    errorTitle: 'Probléma történt',
    errorInvalid: 'Válasszon a felkínált válaszok közül',
    errorNothing: 'Válaszoljon legalább egy kérdésre',
    thanks: 'Köszönjük a válaszokat.',
    optedOut: 'Több üzenetet nem kap.',
  },
  fr: {
    title: 'Bref questionnaire',
    optional: 'Toutes les questions sont facultatives. Vos réponses sont anonymes.',
    yes: 'Oui',
    no: 'Non',
    textHint: 'Jusqu’à 160 caractères. Merci de n’écrire ni nom ni numéro de téléphone.',
    send: 'Envoyer les réponses',
    stopHeading: 'Plus aucun message',
    stopHint: 'Plus rien ne sera envoyé à ce téléphone.',
    stopButton: 'Ne plus me contacter',
    errorTitle: 'Il y a un problème',
    errorInvalid: 'Choisissez l’une des réponses proposées',
    errorNothing: 'Répondez à au moins une question',
    thanks: 'Merci pour vos réponses.',
    optedOut: 'Vous ne recevrez plus de messages.',
  },
  es: {
    title: 'Encuesta breve',
    optional: 'Todas las preguntas son opcionales. Sus respuestas son anónimas.',
    yes: 'Sí',
    no: 'No',
    textHint: 'Hasta 160 caracteres. Por favor, no escriba nombres ni números de teléfono.',
    send: 'Enviar respuestas',
    stopHeading: 'No más mensajes',
    stopHint: 'No se enviará nada más a este teléfono.',
    stopButton: 'No volver a contactarme',
    errorTitle: 'Hay un problema',
    errorInvalid: 'Elija una de las respuestas ofrecidas',
    errorNothing: 'Responda al menos una pregunta',
    thanks: 'Gracias por sus respuestas.',
    optedOut: 'No recibirá más mensajes.',
  },
  it: {
    title: 'Breve questionario',
    optional: 'Tutte le domande sono facoltative. Le Sue risposte sono anonime.',
    yes: 'Sì',
    no: 'No',
    textHint: 'Fino a 160 caratteri. La preghiamo di non scrivere nomi o numeri di telefono.',
    send: 'Invia le risposte',
    stopHeading: 'Nessun altro messaggio',
    stopHint: 'Non verrà inviato più nulla a questo telefono.',
    stopButton: 'Non contattatemi più',
    errorTitle: 'Si è verificato un problema',
    errorInvalid: 'Scelga una delle risposte proposte',
    errorNothing: 'Risponda ad almeno una domanda',
    thanks: 'Grazie per le Sue risposte.',
    optedOut: 'Non riceverà più messaggi.',
  },
  de: {
    title: 'Kurze Umfrage',
    optional: 'Alle Fragen sind freiwillig. Ihre Antworten sind anonym.',
    yes: 'Ja',
    no: 'Nein',
    textHint: 'Bis zu 160 Zeichen. Bitte schreiben Sie keine Namen oder Telefonnummern.',
    send: 'Antworten senden',
    stopHeading: 'Keine weiteren Nachrichten',
    stopHint: 'An dieses Telefon wird nichts mehr gesendet.',
    stopButton: 'Mich nicht mehr kontaktieren',
    errorTitle: 'Es gibt ein Problem',
    errorInvalid: 'Wählen Sie eine der angebotenen Antworten',
    errorNothing: 'Beantworten Sie mindestens eine Frage',
    thanks: 'Danke für Ihre Antworten.',
    optedOut: 'Sie erhalten keine Nachrichten mehr.',
  },
};

/**
 * What an unknown, expired or spent link shows: the same page for all three, in Romanian and English, since
 * nothing says whose link it was. It names nothing, not even a survey.
 */
export const GONE_PAGE = {
  lang: 'ro',
  title: 'Pagină indisponibilă / Page unavailable',
  lines: [
    { lang: 'ro', text: 'Această adresă nu mai este valabilă.' },
    { lang: 'en', text: 'This address is no longer valid.' },
  ],
} as const;
