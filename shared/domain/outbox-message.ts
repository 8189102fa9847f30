// An outbound SMS waiting in the transactional outbox (DESIGN.md "Architecture"): its life cycle and the
// pure rules the sender applies to it (which consent covers it, how long to back off, when it is too late).
import type { Language } from './enums.ts';
import type { RecipientRole } from './recipient.ts';

/**
 * pending -> sending (claimed by one sender) -> sent | failed, or back to pending (deferred, retried);
 * pending -> cancelled (the hearing moved or was cancelled, consent or opt-out at send time);
 * pending -> held (the duress word: nothing goes out) -> pending only when a coordinator releases it.
 */
export const MESSAGE_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled', 'held'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** The template kinds an outbox message may carry (shared/sms/templates.ts renders them at send time). */
export const OUTBOX_KINDS = [
  'reminder',
  'change_notice',
  'cancellation_notice',
  'survey_invitation',
  /** The invitation whose reply is the private web page: its link is derived at send time (reply-token.ts). */
  'survey_invitation_web',
  'survey_hint',
  'survey_thanks_default',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/**
 * How a message reaches the phone; the web reply page is reached through an SMS that carries its link.
 * `email` goes to staff (a unit's or a county's notification targets), never to a victim's phone.
 */
export const MESSAGE_CHANNELS = ['sms', 'whatsapp', 'email'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** Twilio's delivery states, ranked so a late callback never moves a message backwards. */
export const DELIVERY_RANK: Record<string, number> = {
  accepted: 1,
  scheduled: 1,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  read: 5,
  undelivered: 4,
  failed: 4,
  canceled: 4,
};

export interface OutboxMessage {
  id: string;
  caseId: string;
  /** The hearing that caused it, for reminders and notices. */
  hearingId?: string;
  /** The SMS template; an e-mail's own kind is `mail.kind` (the stored `kind` attribute holds it too). */
  kind: OutboxKind;
  /**
   * Whom the rule named when the message was written (a role, never a number): a family_ties_to_offender
   * assessment cancels the pending messages addressed to the representative by it. The sender still asks
   * the rule again at send time.
   */
  recipient?: RecipientRole;
  language: Language;
  /**
   * The channel this one message goes by, when the coordinator chose it (a survey invitation over WhatsApp);
   * absent, the case's own preference (`victim.channel`) decides at send time.
   */
  channel?: MessageChannel;
  /** The template parameters: for hearings the time and the public location, nothing else. */
  params: { startsAt?: string; publicLocation?: string };
  status: MessageStatus;
  sendAt: string;
  attempts: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  claimedAt?: string;
  sentAt?: string;
  providerId?: string;
  deliveryStatus?: string;
  /** Provider or rule code only (21211, 'opted_out'), never a text that could carry personal data. */
  lastError?: string;
  /**
   * An e-mail's addressees and counts: the scope whose targets (NOTIFY#<scope>) the sender reads at send time,
   * so whoever writes the message needs no read of the targets. Present exactly when `channel` is `email`.
   */
  mail?: MailNotice;
}

/** `unit:DIICOT-CRAIOVA` or `county:DJ`: whose notification addresses an e-mail goes to. */
export type NotifyScope = `unit:${string}` | `county:${string}`;

export interface MailNotice {
  kind: MailKind;
  scope: NotifyScope;
  /** How many items the e-mail is about (requests, alerts, measures due); never who or what they are. */
  count: number;
}

/** The e-mail kinds (shared/mail/mail-texts.ts): to staff, not bound by SMS consent or quiet hours. */
export const MAIL_KINDS = [
  'urgent_protection_request',
  'urgent_alert',
  'delivery_failed_alert',
  'review_digest',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export const isMail = (message: Pick<OutboxMessage, 'channel'>): boolean => message.channel === 'email';

/** Survey messages need the survey consent; everything about appointments needs the reminder consent. */
export function consentFor(kind: OutboxKind): 'smsReminders' | 'feedbackSurveys' {
  return kind.startsWith('survey_') ? 'feedbackSurveys' : 'smsReminders';
}

/** Exponential backoff after the n-th failed attempt (n >= 1): base, 2 base, 4 base ... capped. */
export function retryDelayMs(attempts: number, baseSeconds: number, maxSeconds: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(baseSeconds * 2 ** exponent, maxSeconds) * 1000;
}

/** A reminder or change notice after the appointment began would only confuse: it is dropped instead. */
export function tooLate(message: Pick<OutboxMessage, 'kind' | 'params'>, now: Date): boolean {
  if (message.kind !== 'reminder' && message.kind !== 'change_notice') return false;
  return message.params.startsAt !== undefined && new Date(message.params.startsAt) <= now;
}
