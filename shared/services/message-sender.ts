// The outbox sender: finds due messages on the sparse due index, claims each with a conditional write so that
// any number of senders at once send it exactly once, re-checks consent and opt-out, renders and sends it.
//
// Crash recovery: a claim sets gsi1 to OUTBOX#SENDING/<claimedAt>. Each sweep first takes claims older than
// SEND_CLAIM_TIMEOUT_MINUTES (far longer than a Lambda can run) and treats them as a transient failure of
// that attempt: back to pending with backoff, or failed after the last attempt. Twilio has no idempotency
// key, so a sender that crashed after Twilio accepted the message but before writing "sent" causes at most
// one duplicate; the alternative (never retrying a stale claim) would drop reminders silently. That crash is
// made rare by the deadline: a run given its remaining time claims nothing once less than
// SEND_DEADLINE_MARGIN_MS is left, finishes what it claimed, and leaves the rest pending for the next run.

import { ulid } from 'ulid';
import { getConfig } from '../config.ts';
import { alertPut, oldestOpenUrgentAlertAt } from '../data/alert-repository.ts';
import { findCase, findCases } from '../data/case-repository.ts';
import { sealMessageRef } from '../data/message-token.ts';
import { findTargets } from '../data/notification-target-repository.ts';
import {
  cancelClaimed,
  claimMessage,
  deferMessage,
  insertedPendingMessages,
  listDueMessages,
  listStaleClaims,
  mailMessagePut,
  markFailed,
  markFailedWithAlert,
  markSent,
  retryLater,
  type StoredMessage,
} from '../data/outbox-repository.ts';
import { phoneHash } from '../data/phone-hash.ts';
import { replyLink, replyToken } from '../data/reply-token.ts';
import { isOptedOut, optedOutAmong } from '../data/sms-contact-repository.ts';
import type { CaseRecord } from '../domain/case.ts';
import { countyScope } from '../domain/notification-targets.ts';
import { consentFor, isMail, type MessageChannel, retryDelayMs, tooLate } from '../domain/outbox-message.ts';
import { isQuiet, nextAllowedTime } from '../domain/quiet-hours.ts';
import { possibleRecipientPhones, purposeOf, recipientFor } from '../domain/recipient.ts';
import { logger } from '../logger.ts';
import { type MailGateway, MailPermanentError } from '../mail/mail-gateway.ts';
import { mailText } from '../mail/mail-texts.ts';
import { outboundMail } from '../mail/outbound-mail.ts';
import { METRICS } from '../observability/metric-names.ts';
import { countMetric, secondsMetric } from '../observability/metrics.ts';
import { type SmsGateway, SmsPermanentError } from '../sms/gateway.ts';
import { type SmsParams, smsText, templateVariables } from '../sms/templates.ts';
import { quietHours } from './sms-settings.ts';

export interface SendOutcome {
  sent: number;
  deferred: number;
  failed: number;
  /** Dropped on purpose at send time: no consent any more, opted out, or too late to matter. */
  skipped: number;
  /** The skipped messages by reason (the `lastError` each was cancelled with), so a run says why. */
  skippedFor?: Partial<Record<SkipReason, number>>;
}

/** Why a due message is cancelled at send time instead of sent. */
export type SkipReason = 'no_consent' | 'too_late' | 'no_recipient' | 'opted_out';

type Result = 'sent' | 'deferred' | 'failed' | `skipped:${SkipReason}` | 'lost';

/** Cancels a claimed message for `reason`: skipped, or 'lost' when another sender moved it first. */
async function skip(claimed: StoredMessage, reason: SkipReason, now: Date): Promise<Result> {
  return (await cancelClaimed(claimed, reason, now)) ? `skipped:${reason}` : 'lost';
}

function tallied(tally: SendOutcome, result: Result): void {
  if (result === 'lost') return;
  if (result.startsWith('skipped:')) {
    const reason = result.slice('skipped:'.length) as SkipReason;
    tally.skipped += 1;
    tally.skippedFor = { ...tally.skippedFor, [reason]: (tally.skippedFor?.[reason] ?? 0) + 1 };
    return;
  }
  tally[result as 'sent' | 'deferred' | 'failed'] += 1;
}

/** Per run: a case and a phone's opt-out are read once however many messages they cover. */
interface RunCache {
  cases: Map<string, Promise<CaseRecord | undefined>>;
  optedOut: Map<string, Promise<boolean>>;
  /** The e-mail gateway of the run (the caller's, else outboundMail() when the first e-mail is due). */
  mail?: MailGateway;
  /** A scope's addresses, read once a run however many e-mails go to it. */
  targets?: Map<string, Promise<string[]>>;
}

const newCache = (mail?: MailGateway): RunCache => ({
  cases: new Map(),
  optedOut: new Map(),
  ...(mail ? { mail } : {}),
});

function currentCase(cache: RunCache, caseId: string) {
  let record = cache.cases.get(caseId);
  if (!record) {
    record = findCase(caseId).then((c) => (c && !c.erasedAt ? c : undefined));
    cache.cases.set(caseId, record);
  }
  return record;
}

function optedOut(cache: RunCache, to: string) {
  let result = cache.optedOut.get(to);
  if (!result) {
    result = phoneHash(to).then(isOptedOut);
    cache.optedOut.set(to, result);
  }
  return result;
}

/**
 * Reads, for a page of due messages, every case and every opt-out the page needs in two round trips (one
 * BatchGetItem of the cases, one of the recipients' OPTOUT# items) instead of two GetItems per message.
 */
async function prefetch(cache: RunCache, messages: readonly StoredMessage[], now: Date): Promise<void> {
  const missing = [...new Set(messages.filter((m) => !isMail(m)).map((m) => m.caseId))].filter(
    (id) => !cache.cases.has(id),
  );
  if (missing.length === 0) return;
  const found = await findCases(missing);
  const phones = new Set<string>();
  for (const id of missing) {
    const record = found.get(id);
    const usable = record && !record.erasedAt ? record : undefined;
    cache.cases.set(id, Promise.resolve(usable));
    if (!usable) continue;
    for (const phone of possibleRecipientPhones(usable, now)) {
      if (!cache.optedOut.has(phone)) phones.add(phone);
    }
  }
  if (phones.size === 0) return;
  const hashes = new Map(await Promise.all([...phones].map(async (p) => [p, await phoneHash(p)] as const)));
  const stopped = await optedOutAmong([...hashes.values()]);
  for (const [phone, hash] of hashes) cache.optedOut.set(phone, Promise.resolve(stopped.has(hash)));
}

/**
 * Delivery reports name the message in the URL, which Twilio signs, so the callback needs no lookup item; the
 * name is a sealed token (message-token.ts), because Twilio keeps the URL beside the number it texted.
 */
async function statusCallbackUrl(message: StoredMessage): Promise<string> {
  const base = getConfig().PUBLIC_BASE_URL.replace(/\/$/, '');
  return `${base}/sms/status?m=${await sealMessageRef({ caseId: message.caseId, messageId: message.id })}`;
}

function errorCode(error: unknown): string {
  const code = (error as { providerCode?: unknown }).providerCode;
  return typeof code === 'number' || typeof code === 'string' ? String(code) : 'error';
}

/**
 * sending -> failed, with a delivery_failed alert on the case in the same transaction, so a coordinator
 * phones instead (DESIGN.md "Reliability rules": reported, never dropped silently). A case gone or erased
 * has nobody to phone: the message fails without an alert.
 */
async function fail(message: StoredMessage, code: string, now: Date, cache: RunCache): Promise<Result> {
  // A failed e-mail raises no alert: that would mail the same inboxes about their own mail (the failed-messages
  // metric and its alarm report it).
  if (isMail(message)) return (await markFailed(message, code, now)) ? 'failed' : 'lost';
  const record = await currentCase(cache, message.caseId);
  if (!record) return (await markFailed(message, code, now)) ? 'failed' : 'lost';
  const alert = await alertPut({
    id: ulid(now.getTime()),
    caseId: message.caseId,
    county: record.county,
    kind: 'delivery_failed',
    urgent: false,
    status: 'open',
    messageId: message.id,
    createdAt: now.toISOString(),
    version: 1,
  });
  // The county's coordinators are told by e-mail at once, in the same transaction: exactly when the alert exists.
  const mail = mailMessagePut({
    id: ulid(now.getTime()),
    caseId: message.caseId,
    mail: { kind: 'delivery_failed_alert', scope: countyScope(record.county), count: 1 },
    sendAt: now.toISOString(),
    createdAt: now.toISOString(),
  });
  return (await markFailedWithAlert(message, code, now, alert, [mail])) ? 'failed' : 'lost';
}

/**
 * An e-mail to staff: the scope's addresses are read now (an admin's change applies to what is still pending);
 * no SMS consent, opt-out or quiet hours apply, and it carries only a kind, a count and a console link.
 */
async function deliverMail(claimed: StoredMessage, now: Date, cache: RunCache): Promise<Result> {
  const notice = claimed.mail;
  if (!notice) return skip(claimed, 'no_recipient', now);
  cache.targets ??= new Map();
  let addresses = cache.targets.get(notice.scope);
  if (!addresses) {
    addresses = findTargets(notice.scope).then((t) => t?.emails ?? []);
    cache.targets.set(notice.scope, addresses);
  }
  const to = await addresses;
  if (to.length === 0) return skip(claimed, 'no_recipient', now);
  const { subject, text } = mailText(notice.kind, notice.scope, notice.count, getConfig().PUBLIC_BASE_URL);
  let providerId: string;
  try {
    cache.mail ??= await outboundMail();
    ({ providerId } = await cache.mail.send({
      to,
      subject,
      text,
      idempotencyKey: claimed.id,
    }));
  } catch (error) {
    const code = errorCode(error);
    logger.warn('mail send failed', { messageId: claimed.id, code, attempt: claimed.attempts + 1 });
    if (error instanceof MailPermanentError) return fail(claimed, code, now, cache);
    return afterTransientFailure(claimed, code, now, cache);
  }
  const sent = { providerId, encoding: 'email', segments: 0 };
  return (await withRetries(() => markSent(claimed, sent, now))) ? 'sent' : 'lost';
}

/** After a failed attempt: again later with backoff (never in quiet hours), or failed after the last one. */
async function afterTransientFailure(
  message: StoredMessage,
  code: string,
  now: Date,
  cache: RunCache = newCache(),
): Promise<Result> {
  const config = getConfig();
  if (message.attempts + 1 >= config.SEND_MAX_ATTEMPTS) return fail(message, code, now, cache);
  const delay = retryDelayMs(
    message.attempts + 1,
    config.SEND_RETRY_BASE_SECONDS,
    config.SEND_RETRY_MAX_SECONDS,
  );
  const later = new Date(now.getTime() + delay);
  const sendAt = isMail(message) ? later : nextAllowedTime(later, quietHours());
  return (await retryLater(message, sendAt, code, now)) ? 'deferred' : 'lost';
}

async function deliver(
  claimed: StoredMessage,
  now: Date,
  gateway: SmsGateway,
  cache: RunCache,
): Promise<Result> {
  if (isMail(claimed)) return deliverMail(claimed, now, cache);
  const record = await currentCase(cache, claimed.caseId);
  if (!record?.consents[consentFor(claimed.kind)]) return skip(claimed, 'no_consent', now);
  if (tooLate(claimed, now)) return skip(claimed, 'too_late', now);
  // The recipient rule is asked again with the case as it is now, never as it was when the message was
  // scheduled: a victim who changed phones (perhaps because someone else holds the old one) must not be
  // texted on the old one, nor a representative who has since been found unsafe to contact.
  const recipient = recipientFor(purposeOf(claimed.kind), record, now);
  const to = recipient.phone;
  if (!to) return skip(claimed, 'no_recipient', now);
  if (await optedOut(cache, to)) return skip(claimed, 'opted_out', now);

  const channel = channelOf(claimed, record, recipient.role === 'victim');
  const params = await paramsOf(claimed);
  let text: ReturnType<typeof smsText>;
  try {
    text = smsText(claimed.kind, record.victim.language, params, {
      transliterate: channel === 'sms' && getConfig().SMS_TRANSLITERATE,
      recipientPhone: to,
    });
  } catch {
    // A template that cannot be rendered safely (a forbidden word slipped into its parameters) never goes out.
    return fail(claimed, 'unsafe_text', now, cache);
  }
  const template = channel === 'whatsapp' ? whatsappTemplate(claimed, record, params, to) : undefined;
  // WhatsApp lets a business write first only with an approved template: without one, nothing can go.
  if (template === null) return (await markFailed(claimed, 'no_whatsapp_template', now)) ? 'failed' : 'lost';
  let providerId: string;
  try {
    ({ providerId } = await gateway.send({
      to: channel === 'whatsapp' ? `whatsapp:${to}` : to,
      body: text.body,
      idempotencyKey: claimed.id,
      statusCallbackUrl: await statusCallbackUrl(claimed),
      ...(template ? { template } : {}),
    }));
  } catch (error) {
    const code = errorCode(error);
    countMetric(METRICS.twilioErrors, { kind: claimed.kind });
    logger.warn('sms send failed', {
      messageId: claimed.id,
      caseId: claimed.caseId,
      code,
      attempt: claimed.attempts + 1,
    });
    if (error instanceof SmsPermanentError) return fail(claimed, code, now, cache);
    return afterTransientFailure(claimed, code, now, cache);
  }
  // Twilio has the message now: a DynamoDB fault while recording that is not a failed send (retrying the
  // send would text the person twice). It is retried here; past that the claim stays (see the header).
  const sent = { providerId, encoding: text.encoding, segments: text.segments };
  const marked = await withRetries(() => markSent(claimed, sent, now));
  return marked ? 'sent' : 'lost';
}

/** The channel the coordinator chose for this message, else the case's preference, else SMS. */
function channelOf(message: StoredMessage, record: CaseRecord, toVictim: boolean): MessageChannel {
  // The preference is the victim's own: a representative or safe contact is texted by SMS.
  return message.channel ?? (toVictim ? record.victim.channel : undefined) ?? 'sms';
}

/** A web invitation's link is derived here, at send time, from the message id: it is stored nowhere. */
async function paramsOf(message: StoredMessage): Promise<SmsParams> {
  if (message.kind !== 'survey_invitation_web') return message.params;
  const base = getConfig().REPLY_BASE_URL ?? getConfig().PUBLIC_BASE_URL;
  return { ...message.params, link: replyLink(base, await replyToken(message.id)) };
}

/**
 * The approved content template of a business-initiated WhatsApp message (WHATSAPP_TEMPLATES, per kind and
 * language), with its variables; null when none is configured. Locally, with no templates configured, the
 * message goes as text, so the runtime's outbox shows what the phone would read.
 */
function whatsappTemplate(
  message: StoredMessage,
  record: CaseRecord,
  params: SmsParams,
  to: string,
): { contentSid: string; variables: Record<string, string> } | undefined | null {
  const language = record.victim.language;
  const contentSid = getConfig().WHATSAPP_TEMPLATES[message.kind]?.[language];
  if (contentSid === undefined) return getConfig().STAGE === 'aws' ? null : undefined;
  return { contentSid, variables: templateVariables(message.kind, language, params, { recipientPhone: to }) };
}

async function withRetries<T>(write: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}

/** Each outcome counted by the message's kind (metrics): 'lost' means another sender had it, not an outcome. */
const OUTCOME_METRICS = {
  sent: METRICS.messagesSent,
  deferred: METRICS.messagesDeferred,
  failed: METRICS.messagesFailed,
} as const;

async function handleDue(
  message: StoredMessage,
  now: Date,
  gateway: SmsGateway,
  cache: RunCache,
): Promise<Result> {
  const result = await handleDueMessage(message, now, gateway, cache);
  if (result in OUTCOME_METRICS)
    countMetric(OUTCOME_METRICS[result as keyof typeof OUTCOME_METRICS], { kind: message.kind });
  // A message that reaches `failed` raises a delivery_failed alert in the same transaction (markFailed).
  if (result === 'failed') countMetric(METRICS.alertsRaised, { kind: 'delivery_failed' });
  return result;
}

/** One due message: defer it out of quiet hours, or claim it and deliver it. 'lost' = another sender had it. */
async function handleDueMessage(
  message: StoredMessage,
  now: Date,
  gateway: SmsGateway,
  cache: RunCache,
): Promise<Result> {
  if (message.status !== 'pending' || new Date(message.sendAt) > now) return 'lost';
  const quiet = quietHours();
  // Quiet hours protect a phone someone else may hold; a staff inbox is told at once, day or night.
  if (!isMail(message) && isQuiet(now, quiet)) {
    return (await deferMessage(message, nextAllowedTime(now, quiet), now)) ? 'deferred' : 'lost';
  }
  const claimed = await claimMessage(message, now);
  if (!claimed) return 'lost';
  return deliver(claimed, now, gateway, cache);
}

/** How long the oldest urgent alert has waited for a coordinator (0: none open); its alarm fires at 30 minutes. */
async function measureUrgentAlerts(now: Date): Promise<void> {
  const since = await oldestOpenUrgentAlertAt();
  secondsMetric(METRICS.oldestOpenUrgentAlertSeconds, since ? (now.getTime() - since.getTime()) / 1000 : 0);
}

/** How long the oldest due message has waited past its send time; 0 when nothing is due. */
function lagSeconds(oldest: StoredMessage | undefined, now: Date): number {
  return oldest ? Math.max(0, (now.getTime() - new Date(oldest.sendAt).getTime()) / 1000) : 0;
}

/** How long the invocation has left, in milliseconds (Lambda's `context.getRemainingTimeInMillis`). */
export type RemainingTime = () => number;

/** True once a run given `remaining` must claim nothing more; a run without one has no deadline. */
function deadlineCheck(remaining: RemainingTime | undefined): () => boolean {
  if (!remaining) return () => false;
  const margin = getConfig().SEND_DEADLINE_MARGIN_MS;
  return () => remaining() < margin;
}

/**
 * Runs `work` over the items with at most `concurrency` in flight. A failure (a DynamoDB fault) stops no
 * other message: the run finishes what it started, then fails with the first error so the job is retried.
 * Failing at once would end the invocation while other lanes still hold claims mid-send. Once `outOfTime`
 * says so, no lane starts another item (each may claim one); the count of items never started is returned.
 */
async function inParallel<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<Result>,
  tally: SendOutcome,
  outOfTime: () => boolean = () => false,
): Promise<number> {
  let next = 0;
  const errors: unknown[] = [];
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length && !outOfTime()) {
      const item = items[next++] as T;
      try {
        tallied(tally, await work(item));
      } catch (error) {
        errors.push(error);
      }
    }
  });
  await Promise.all(lanes);
  if (errors.length > 0) throw errors[0];
  return items.length - next;
}

/** Claims a crashed sender left behind count as one failed attempt each (see the header). */
async function recoverStaleClaims(now: Date, tally: SendOutcome, cache: RunCache): Promise<void> {
  const before = new Date(now.getTime() - getConfig().SEND_CLAIM_TIMEOUT_MINUTES * 60_000);
  const page = await listStaleClaims(before, 100);
  for (const message of page.items) {
    tallied(tally, await afterTransientFailure(message, 'claim_expired', now, cache));
  }
}

/**
 * Sends what is due at `now`. The due index holds only pending messages, so the cost follows the number of
 * due messages, not of hearings. Several runs at once are safe: each message is claimed once.
 */
export async function sendDueMessages(
  now: Date,
  gateway: SmsGateway,
  options: { limit?: number; remainingMs?: RemainingTime; mail?: MailGateway } = {},
): Promise<SendOutcome> {
  const config = getConfig();
  const limit = options.limit ?? config.SEND_BATCH_LIMIT;
  const outOfTime = deadlineCheck(options.remainingMs);
  const tally: SendOutcome = { sent: 0, deferred: 0, failed: 0, skipped: 0, skippedFor: {} };
  const cache = newCache(options.mail);
  await recoverStaleClaims(now, tally, cache);
  let seen = 0;
  let start: Record<string, unknown> | undefined;
  do {
    if (outOfTime()) break;
    // Small pages: a page read just now no longer holds what racing senders took meanwhile.
    const page = await listDueMessages(now, Math.min(2 * config.SEND_CONCURRENCY, limit - seen), start);
    // The due index is in send-time order: the first message of the first page is the one waiting longest.
    if (start === undefined) {
      secondsMetric(METRICS.senderLagSeconds, lagSeconds(page.items[0], now));
      await measureUrgentAlerts(now);
    }
    seen += page.items.length;
    if (!isQuiet(now, quietHours())) await prefetch(cache, page.items, now);
    await inParallel(
      page.items,
      config.SEND_CONCURRENCY,
      (m) => handleDue(m, now, gateway, cache),
      tally,
      outOfTime,
    );
    start = page.next;
  } while (start && seen < limit);
  // Whatever a deadline left unclaimed is still pending on the due index: the next run sends it.
  logger.info('outbox run', { ...tally, seen, stoppedAtDeadline: outOfTime() });
  return tally;
}

/**
 * The stream path: messages a write just inserted as pending and already due (notices) go out at once, by
 * key, without waiting for the index; anything else waits for the sweep.
 */
export async function sendInsertedMessages(
  records: readonly { eventName?: string; dynamodb?: { NewImage?: unknown } }[],
  now: Date,
  gateway: SmsGateway,
  options: { remainingMs?: RemainingTime; mail?: MailGateway } = {},
): Promise<SendOutcome> {
  const tally: SendOutcome = { sent: 0, deferred: 0, failed: 0, skipped: 0, skippedFor: {} };
  const due = insertedPendingMessages(records).filter((m) => new Date(m.sendAt) <= now);
  const cache = newCache(options.mail);
  // What the deadline leaves unclaimed stays pending on the due index: the sweep sends it.
  const left = await inParallel(
    due,
    getConfig().SEND_CONCURRENCY,
    (m) => handleDue(m, now, gateway, cache),
    tally,
    deadlineCheck(options.remainingMs),
  );
  if (left > 0) logger.info('outbox stream run stopped at the deadline', { ...tally, leftPending: left });
  return tally;
}
