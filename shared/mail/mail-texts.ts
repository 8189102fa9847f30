// The notification e-mails to staff, in Romanian then English in one message (a unit's inbox may be read by
// either). No personal data, by construction: the only inputs are a kind, a count and the scope's code, and
// the link leads to the console, where the reader signs in and sees only what their role allows.
import type { MailKind, NotifyScope } from '../domain/outbox-message.ts';

export interface MailText {
  subject: string;
  text: string;
}

/** Console pages each kind links to: the reader's own queue, day or review list (functions/console/). */
const LINKS: Record<MailKind, string> = {
  urgent_protection_request: '/console/queue',
  urgent_alert: '/console/today',
  delivery_failed_alert: '/console/today',
  review_digest: '/console/due',
};

/** Neutral on purpose: a subject line shows on lock screens and in shared mailboxes. */
const SUBJECT = 'Alături: notificare / notification';

type Lines = (count: number, where: string) => { ro: string; en: string };

const BODIES: Record<MailKind, Lines> = {
  urgent_protection_request: (n, where) => ({
    ro: `${n === 1 ? 'O cerere urgentă așteaptă' : `${n} cereri urgente așteaptă`} decizia unității ${where}.`,
    en: `${n === 1 ? 'One urgent request awaits' : `${n} urgent requests await`} a decision of unit ${where}.`,
  }),
  urgent_alert: (n, where) => ({
    ro: `${n === 1 ? 'O alertă urgentă nouă' : `${n} alerte urgente noi`} în județul ${where}. Sunați înapoi cât mai curând.`,
    en: `${n === 1 ? 'One new urgent alert' : `${n} new urgent alerts`} in county ${where}. Please call back as soon as possible.`,
  }),
  delivery_failed_alert: (n, where) => ({
    ro: `${n === 1 ? 'Un mesaj nu a putut fi livrat' : `${n} mesaje nu au putut fi livrate`} în județul ${where}. Este nevoie de un telefon.`,
    en: `${n === 1 ? 'One message could not be delivered' : `${n} messages could not be delivered`} in county ${where}. A phone call is needed.`,
  }),
  review_digest: (n, where) => ({
    ro: `${n === 1 ? 'O măsură trebuie reevaluată' : `${n} măsuri trebuie reevaluate`} în următoarele 7 zile (unitatea ${where}).`,
    en: `${n === 1 ? 'One measure is due for review' : `${n} measures are due for review`} within 7 days (unit ${where}).`,
  }),
};

/** The e-mail of `kind` about `count` items of `scope`, linking to the console under `baseUrl`. */
export function mailText(kind: MailKind, scope: NotifyScope, count: number, baseUrl: string): MailText {
  const where = scope.slice(scope.indexOf(':') + 1);
  const link = `${baseUrl.replace(/\/$/, '')}${LINKS[kind]}`;
  const { ro, en } = BODIES[kind](count, where);
  const text = [
    ro,
    `Detalii în consolă (autentificare necesară): ${link}`,
    '',
    en,
    `Details in the console (sign-in required): ${link}`,
    '',
    '-- ',
    'Mesaj automat Alături; nu răspundeți. / Automatic message from Alături; do not reply.',
  ].join('\n');
  return { subject: SUBJECT, text };
}
