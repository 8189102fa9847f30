// Use cases of hearings: scheduling with the overlap check, rescheduling and cancelling with their discreet
// notices, outcomes with their indicators. Each change and the outbox messages it causes are one transaction.
import { ulid } from 'ulid';
import type { Principal } from '../auth/principal.ts';
import { getConfig } from '../config.ts';
import { caseVersionCheck } from '../data/case-repository.ts';
import {
  findHearing,
  hasMarker,
  hearingFailure,
  hearingInsert,
  hearingReplacement,
  listCalendar,
  listCaseHearings,
  listCoordinatorHearingsStarting,
  markerInsert,
} from '../data/hearing-repository.ts';
import { indicatorIncrement } from '../data/indicator-counters.ts';
import {
  cancelledMessage,
  listCaseMessages,
  type NewOutboxMessage,
  outboxCancellation,
  outboxMessagePut,
  type StoredMessage,
} from '../data/outbox-repository.ts';
import type { Page } from '../data/pagination.ts';
import type { TransactItem } from '../data/transactions.ts';
import { writeTransaction } from '../data/transactions.ts';
import type { CaseRecord } from '../domain/case.ts';
import * as clock from '../domain/clock.ts';
import {
  BusinessRuleError,
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
} from '../domain/errors.ts';
import {
  type CreateHearingBody,
  calendarSequence,
  endsAt,
  type HearingRecord,
  interpreterForForeignNational,
  type OutcomeBody,
  outcomeIndicators,
  overlapQueryRange,
  overlaps,
  type PatchHearingBody,
  type ReminderRecipient,
  reminderRecipientOf,
} from '../domain/hearing.ts';
import { type CalendarEvent, renderCalendar } from '../domain/icalendar.ts';
import { halfYearOf } from '../domain/periods.ts';
import { nextAllowedTime } from '../domain/quiet-hours.ts';
import { scheduleReminders } from '../domain/reminder-schedule.ts';
import { readCase } from './case-service.ts';
import { assertDiscreetLocation, meetingPoint } from './place-service.ts';
import { quietHours } from './sms-settings.ts';

const INTERPRETER_INDICATOR = 'foreign_victims_with_interpreter';
/** A race with a sender or a change of the case is retried this often before the client is told to retry. */
const RACE_RETRIES = 3;
const DAY_MS = 86_400_000;

/** A concurrent write of something this change only read (the case, a pending message): read again and retry. */
class RaceError extends Error {}

async function retryingRaces<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RaceError)) throw error;
      if (i >= RACE_RETRIES) throw new ConflictError('The case changed while this was saved; try again.');
    }
  }
}

/** Transaction layout: [hearing, case check, ...rest]; the hearing's refusal is the client's, the rest are races. */
async function commit(hearing: TransactItem, caseRecord: CaseRecord, rest: TransactItem[], isNew: boolean) {
  await writeTransaction(
    [hearing, caseVersionCheck(caseRecord.id, caseRecord.version), ...rest],
    (index, old) => {
      if (index === 0) return isNew ? new ConflictError('The hearing exists already.') : hearingFailure(old);
      return new RaceError();
    },
  );
}

async function assertNoOverlap(coordinator: string, candidate: HearingRecord): Promise<void> {
  const range = overlapQueryRange(candidate.startsAt, candidate.durationMinutes);
  const booked = await listCoordinatorHearingsStarting(coordinator, range.from, range.to);
  const conflicts = booked.filter((h) => h.id !== candidate.id && overlaps(h, candidate));
  if (conflicts.length > 0) {
    throw new ConflictError(
      'You already have a hearing at that time; add ?allowConflict=true to book anyway.',
      {
        conflicts: conflicts.map((h) => ({ hearingId: h.id, caseId: h.caseId, startsAt: h.startsAt })),
      },
    );
  }
}

function messageFor(
  kind: NewOutboxMessage['kind'],
  caseRecord: CaseRecord,
  hearing: HearingRecord,
  recipient: NonNullable<NewOutboxMessage['recipient']>,
  sendAt: Date,
  now: Date,
): NewOutboxMessage {
  return {
    id: ulid(now.getTime()),
    caseId: caseRecord.id,
    hearingId: hearing.id,
    kind,
    recipient,
    language: caseRecord.victim.language,
    // What the template needs and nothing more: the time and the place name safe for a lock screen.
    params: {
      startsAt: hearing.startsAt,
      ...(hearing.publicLocation ? { publicLocation: hearing.publicLocation } : {}),
    },
    sendAt: sendAt.toISOString(),
    createdAt: now.toISOString(),
  };
}

/** Who is texted about a scheduled hearing (domain/recipient.ts); nobody about one that is not scheduled. */
function recipientOf(caseRecord: CaseRecord, hearing: HearingRecord, now: Date) {
  if (hearing.status !== 'scheduled') return undefined;
  return reminderRecipientOf(caseRecord, hearing, now).role ?? undefined;
}

/** The reminders of a scheduled hearing: configured offsets, none in quiet hours, none in the past. */
function reminderMessages(caseRecord: CaseRecord, hearing: HearingRecord, now: Date): NewOutboxMessage[] {
  const to = recipientOf(caseRecord, hearing, now);
  if (!to) return [];
  const times = scheduleReminders({
    startsAt: new Date(hearing.startsAt),
    now,
    offsetsHours: getConfig().REMINDER_OFFSETS_HOURS,
    quiet: quietHours(),
  });
  return times.map((sendAt) => messageFor('reminder', caseRecord, hearing, to, sendAt, now));
}

/** One notice, as soon as quiet hours allow, and only while the appointment is still ahead. */
function noticeMessage(
  kind: 'change_notice' | 'cancellation_notice',
  caseRecord: CaseRecord,
  hearing: HearingRecord,
  now: Date,
): NewOutboxMessage[] {
  const to = recipientOf(caseRecord, { ...hearing, status: 'scheduled' }, now);
  const sendAt = nextAllowedTime(now, quietHours());
  if (!to || sendAt >= new Date(hearing.startsAt)) return [];
  return [messageFor(kind, caseRecord, hearing, to, sendAt, now)];
}

async function openCaseOf(principal: Principal, caseId: string): Promise<CaseRecord> {
  const caseRecord = await readCase(principal, caseId);
  if (caseRecord.status === 'closed') throw new BusinessRuleError('The case is closed.');
  return caseRecord;
}

async function readHearing(principal: Principal, caseId: string, hearingId: string) {
  const caseRecord = await readCase(principal, caseId);
  const hearing = await findHearing(caseId, hearingId);
  if (!hearing) throw new NotFoundError('hearing');
  return { caseRecord, hearing };
}

export interface HearingWithReminders {
  hearing: HearingRecord;
  reminders: StoredMessage[];
  /** Who the reminders go to as the case stands now, or nobody and why (the coordinator phones instead). */
  recipient: ReminderRecipient;
}

/**
 * The place a hearing names, checked: a meeting point's name (what the SMS shows) or free text that names no
 * institution and no restricted address of the county. Returns the fields to store.
 */
async function resolvedPlace(
  place: { placeId?: string | null; publicLocation?: string | null },
  county: string,
): Promise<{ placeId?: string; publicLocation?: string }> {
  if (place.placeId) {
    const point = await meetingPoint(place.placeId, county);
    return { placeId: point.id, publicLocation: point.name };
  }
  if (place.publicLocation) {
    await assertDiscreetLocation(place.publicLocation, county);
    return { publicLocation: place.publicLocation };
  }
  return {};
}

export async function scheduleHearing(
  principal: Principal,
  caseId: string,
  body: CreateHearingBody,
  options: { allowConflict: boolean },
  now = clock.now(),
): Promise<HearingWithReminders> {
  const hearingId = ulid(now.getTime());
  return retryingRaces(async () => {
    const caseRecord = await openCaseOf(principal, caseId);
    const at = now.toISOString();
    const { placeId, publicLocation, ...fields } = body;
    const hearing: HearingRecord = {
      id: hearingId,
      caseId,
      pseudonym: caseRecord.victim.pseudonym,
      county: caseRecord.county,
      prosecutorUnit: caseRecord.prosecutorUnit,
      coordinator: principal.sub,
      ...fields,
      ...(await resolvedPlace({ placeId, publicLocation }, caseRecord.county)),
      status: 'scheduled',
      version: 1,
      sequence: 0,
      createdAt: at,
      updatedAt: at,
    };
    if (!options.allowConflict) await assertNoOverlap(principal.sub, hearing);
    const messages = reminderMessages(caseRecord, hearing, now);
    await commit(
      await hearingInsert(hearing),
      caseRecord,
      await Promise.all(messages.map(outboxMessagePut)),
      true,
    );
    return {
      hearing,
      reminders: messages.map(asPending),
      recipient: reminderRecipientOf(caseRecord, hearing, now),
    };
  });
}

function asPending(message: NewOutboxMessage): StoredMessage {
  return { ...message, status: 'pending', attempts: 0, version: 1, updatedAt: message.createdAt };
}

export async function getHearing(
  principal: Principal,
  caseId: string,
  hearingId: string,
): Promise<HearingWithReminders> {
  const { caseRecord, hearing } = await readHearing(principal, caseId, hearingId);
  return {
    hearing,
    reminders: await hearingMessages(caseId, hearingId),
    recipient: reminderRecipientOf(caseRecord, hearing, clock.now()),
  };
}

/**
 * A page of the case's hearings; with `include: 'reminders'`, each with its reminders from one read of the case's
 * messages, so a page showing every hearing's reminders (the case file) does not read them once per hearing.
 */
export async function listHearingsOfCase(
  principal: Principal,
  caseId: string,
  query: { limit: number; cursor?: string; include?: 'reminders' },
): Promise<Page<{ hearing: HearingRecord; recipient: ReminderRecipient; reminders?: StoredMessage[] }>> {
  const caseRecord = await readCase(principal, caseId);
  const [page, messages] = await Promise.all([
    listCaseHearings(caseId, query.limit, query.cursor),
    query.include === 'reminders' ? listCaseMessages(caseId) : undefined,
  ]);
  const now = clock.now();
  return {
    items: page.items.map((hearing) => ({
      hearing,
      recipient: reminderRecipientOf(caseRecord, hearing, now),
      ...(messages ? { reminders: bySendTime(messages.filter((m) => m.hearingId === hearing.id)) } : {}),
    })),
    nextCursor: page.nextCursor,
  };
}

export async function changeHearing(
  principal: Principal,
  caseId: string,
  hearingId: string,
  expectedVersion: number,
  patch: PatchHearingBody,
  options: { allowConflict: boolean },
  now = clock.now(),
): Promise<HearingWithReminders> {
  return retryingRaces(async () => {
    const caseRecord = await openCaseOf(principal, caseId);
    const current = await findHearing(caseId, hearingId);
    if (!current) throw new NotFoundError('hearing');
    if (current.version !== expectedVersion) throw new PreconditionFailedError();
    if (current.status !== 'scheduled')
      throw new ConflictError(`The hearing is ${current.status}; it cannot change.`);
    const { publicLocation, placeId, interpreterLanguage, ...rest } = patch;
    // Naming a place (either way) replaces the other; null removes the place altogether.
    const placeChanges = publicLocation !== undefined || placeId !== undefined;
    const { placeId: _oldPlace, publicLocation: _oldText, ...unplaced } = current;
    const changed: HearingRecord = {
      ...(placeChanges ? unplaced : current),
      ...rest,
      ...(placeChanges ? await resolvedPlace({ placeId, publicLocation }, caseRecord.county) : {}),
      ...(interpreterLanguage !== undefined ? { interpreterLanguage: interpreterLanguage ?? undefined } : {}),
      version: current.version + 1,
      updatedAt: now.toISOString(),
    };
    const next: HearingRecord = { ...changed, sequence: calendarSequence(current, changed) };
    const moved = next.startsAt !== current.startsAt || next.durationMinutes !== current.durationMinutes;
    if (moved && !options.allowConflict) await assertNoOverlap(current.coordinator, next);

    const whereOrWhen = next.startsAt !== current.startsAt || next.publicLocation !== current.publicLocation;
    const remindersChange = whereOrWhen || next.remindVictim !== current.remindVictim;
    // Read once, before the write: the pending ones to cancel, and the response's list after the commit.
    const messages = await hearingMessages(caseId, hearingId);
    const pending = remindersChange ? messages.filter(isPending) : [];
    const created = remindersChange
      ? [
          ...reminderMessages(caseRecord, next, now),
          ...(whereOrWhen ? noticeMessage('change_notice', caseRecord, next, now) : []),
        ]
      : [];
    await commit(
      await hearingReplacement(next, expectedVersion),
      caseRecord,
      [
        ...pending.map((m) => outboxCancellation(m, now.toISOString(), 'rescheduled')),
        ...(await Promise.all(created.map(outboxMessagePut))),
      ],
      false,
    );
    return {
      hearing: next,
      reminders: afterCommit(messages, pending, created, now.toISOString(), 'rescheduled'),
      recipient: reminderRecipientOf(caseRecord, next, now),
    };
  });
}

export async function cancelHearing(
  principal: Principal,
  caseId: string,
  hearingId: string,
  expectedVersion: number,
  now = clock.now(),
): Promise<HearingWithReminders> {
  return retryingRaces(async () => {
    const { caseRecord, hearing: current } = await readHearing(principal, caseId, hearingId);
    if (current.version !== expectedVersion) throw new PreconditionFailedError();
    if (current.status !== 'scheduled') throw new ConflictError(`The hearing is ${current.status} already.`);
    const at = now.toISOString();
    const next: HearingRecord = {
      ...current,
      status: 'cancelled',
      cancelledAt: at,
      version: current.version + 1,
      sequence: calendarSequence(current, { ...current, status: 'cancelled' }),
      updatedAt: at,
    };
    const messages = await hearingMessages(caseId, hearingId);
    const pending = messages.filter(isPending);
    const notice = noticeMessage('cancellation_notice', caseRecord, current, now);
    await commit(
      await hearingReplacement(next, expectedVersion),
      caseRecord,
      [
        ...pending.map((m) => outboxCancellation(m, at, 'hearing_cancelled')),
        ...(await Promise.all(notice.map(outboxMessagePut))),
      ],
      false,
    );
    return {
      hearing: next,
      reminders: afterCommit(messages, pending, notice, at, 'hearing_cancelled'),
      recipient: reminderRecipientOf(caseRecord, next, now),
    };
  });
}

/** By send time (ids made in one millisecond are not ordered). */
function bySendTime(messages: StoredMessage[]): StoredMessage[] {
  return messages.sort((a, b) => a.sendAt.localeCompare(b.sendAt) || a.createdAt.localeCompare(b.createdAt));
}

/** Not sent yet: pending, or held by the duress word (cancelled alike when its hearing moves or is cancelled). */
const isPending = (m: StoredMessage) => m.status === 'pending' || m.status === 'held';

/** The hearing's messages by send time. */
async function hearingMessages(caseId: string, hearingId: string): Promise<StoredMessage[]> {
  return bySendTime((await listCaseMessages(caseId)).filter((m) => m.hearingId === hearingId));
}

/**
 * The hearing's messages as the committed transaction left them, from the list read before it: the
 * cancelled ones as outboxCancellation wrote them, the new ones pending. Saves reading them again; any
 * other message is as of that read (a delivery status may land a moment later, as after any read).
 */
function afterCommit(
  read: StoredMessage[],
  cancelled: StoredMessage[],
  created: NewOutboxMessage[],
  nowIso: string,
  reason: string,
): StoredMessage[] {
  const ids = new Set(cancelled.map((m) => m.id));
  return bySendTime([
    ...read.map((m) => (ids.has(m.id) ? cancelledMessage(m, nowIso, reason) : m)),
    ...created.map(asPending),
  ]);
}

/**
 * The outcome and the indicators it moves, in one transaction: hearings_supported and the room counters per
 * hearing; foreign_victims_with_interpreter once per case and period, made idempotent by a marker item.
 */
export async function recordOutcome(
  principal: Principal,
  caseId: string,
  hearingId: string,
  expectedVersion: number,
  body: OutcomeBody,
  now = clock.now(),
): Promise<HearingWithReminders> {
  return retryingRaces(async () => {
    const { caseRecord, hearing: current } = await readHearing(principal, caseId, hearingId);
    if (current.version !== expectedVersion) throw new PreconditionFailedError();
    if (current.status === 'cancelled')
      throw new ConflictError('The hearing was cancelled; it has no outcome.');
    if (current.outcome) throw new ConflictError('The outcome of this hearing is recorded already.');
    if (new Date(current.startsAt) > now) throw new BusinessRuleError('The hearing has not started yet.');
    const at = now.toISOString();
    const next: HearingRecord = {
      ...current,
      status: 'completed',
      outcome: { ...body, recordedAt: at },
      version: current.version + 1,
      updatedAt: at,
    };
    const period = halfYearOf(new Date(current.startsAt));
    const county = caseRecord.county;
    const counters: TransactItem[] = outcomeIndicators(body).map((indicator) =>
      indicatorIncrement({ period, county, indicator }),
    );
    if (
      body.attended &&
      interpreterForForeignNational(current, caseRecord.victim.nationality) &&
      !(await hasMarker(caseId, INTERPRETER_INDICATOR, period))
    ) {
      // A concurrent outcome of another hearing of the case may write the marker first: the transaction then
      // fails on it as a race, and the retry sees the marker and counts nothing.
      counters.push(markerInsert(caseId, INTERPRETER_INDICATOR, period, at));
      counters.push(indicatorIncrement({ period, county, indicator: INTERPRETER_INDICATOR }));
    }
    await commit(await hearingReplacement(next, expectedVersion), caseRecord, counters, false);
    return {
      hearing: next,
      reminders: await hearingMessages(caseId, hearingId),
      recipient: reminderRecipientOf(caseRecord, next, now),
    };
  });
}

export interface CalendarQueryInput {
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

function calendarScope(principal: Principal) {
  if (principal.role === 'prosecutor') return { unit: principal.unit as string };
  return { coordinator: principal.sub };
}

/** Without bounds, the calendar shows what is ahead: from now, 90 days. */
function calendarRange(query: CalendarQueryInput, now: Date): { from: string; to: string } {
  const from = query.from ?? now.toISOString();
  const to = query.to ?? new Date(new Date(from).getTime() + 90 * DAY_MS).toISOString();
  return { from, to };
}

export async function hearingCalendar(principal: Principal, query: CalendarQueryInput, now = clock.now()) {
  const { from, to } = calendarRange(query, now);
  return listCalendar(calendarScope(principal), from, to, query.limit, query.cursor);
}

const KIND_LABELS: Record<HearingRecord['kind'], string> = {
  prosecutor_hearing: 'Audiere la procuror',
  court_hearing: 'Termen în instanță',
  confrontation: 'Confruntare',
  forensic_exam: 'Expertiză medico-legală',
  other: 'Activitate',
};

/** Most events one .ics holds; a calendar client subscribes to a window, not the whole history. */
const ICS_MAX_EVENTS = 1000;

/**
 * The calendar as RFC 5545: pseudonym, kind, place and support needed, never a name or a phone. Cancelled
 * hearings in the range stay in, as STATUS:CANCELLED, so a subscribed client removes them rather than keeping
 * the copy it had.
 */
export async function hearingCalendarIcs(principal: Principal, query: CalendarQueryInput, now = clock.now()) {
  const { from, to } = calendarRange(query, now);
  const events: CalendarEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCalendar(calendarScope(principal), from, to, 100, cursor);
    for (const h of page.items) {
      const support = [
        `room: ${h.room}`,
        ...(h.accommodations.length ? [`accommodations: ${h.accommodations.join(', ')}`] : []),
        ...(h.interpreterLanguage ? [`interpreter: ${h.interpreterLanguage}`] : []),
        ...(h.transportNeeded ? ['transport needed'] : []),
      ];
      events.push({
        uid: `${h.id}@alaturi`,
        startsAt: new Date(h.startsAt),
        durationMinutes: h.durationMinutes,
        summary: `${h.pseudonym}: ${KIND_LABELS[h.kind]}`,
        ...(h.publicLocation ? { location: h.publicLocation } : {}),
        description: support.join('; '),
        cancelled: h.status === 'cancelled',
        sequence: h.sequence ?? 0,
        lastModified: new Date(h.updatedAt),
      });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor && events.length < ICS_MAX_EVENTS);
  return renderCalendar(events.slice(0, ICS_MAX_EVENTS), now, 'Alături');
}

/**
 * What a caller sees of a hearing: outcome notes only for coordinators and admins (prosecutors need no notes).
 * With the case at hand, who the reminders go to: a role, never the number, or null with the reason.
 */
export function hearingView(
  hearing: HearingRecord,
  principal: Principal,
  reminders?: StoredMessage[],
  recipient?: ReminderRecipient,
) {
  const showNotes = principal.role === 'coordinator' || principal.role === 'admin';
  return {
    id: hearing.id,
    caseId: hearing.caseId,
    pseudonym: hearing.pseudonym,
    coordinator: hearing.coordinator,
    prosecutorUnit: hearing.prosecutorUnit,
    status: hearing.status,
    version: hearing.version,
    startsAt: hearing.startsAt,
    endsAt: endsAt(hearing),
    durationMinutes: hearing.durationMinutes,
    kind: hearing.kind,
    publicLocation: hearing.publicLocation,
    placeId: hearing.placeId,
    room: hearing.room,
    accommodations: hearing.accommodations,
    interpreterLanguage: hearing.interpreterLanguage,
    transportNeeded: hearing.transportNeeded,
    remindVictim: hearing.remindVictim,
    ...(recipient
      ? {
          reminderRecipient: recipient.role,
          ...(recipient.role === null ? { reminderRecipientReason: recipient.reason } : {}),
        }
      : {}),
    createdAt: hearing.createdAt,
    updatedAt: hearing.updatedAt,
    cancelledAt: hearing.cancelledAt,
    outcome: hearing.outcome
      ? { ...hearing.outcome, notes: showNotes ? hearing.outcome.notes : undefined }
      : undefined,
    ...(reminders
      ? {
          reminders: reminders.map((m) => ({
            id: m.id,
            kind: m.kind,
            sendAt: m.sendAt,
            status: m.status,
            attempts: m.attempts,
            sentAt: m.sentAt,
            deliveryStatus: m.deliveryStatus,
            error: m.lastError,
          })),
        }
      : {}),
  };
}
