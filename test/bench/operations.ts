// Round trips and consumed capacity of each API operation and job, next to the minimum its access pattern
// needs. Every `minimum` says why; every measured request above it needs an `excess` note saying why, or the
// operation's budget fails. API operations go through the real handler chain (dispatch + the Lambda handlers).
import { ulid } from 'ulid';
import { handler as dailyJobs } from '../../functions/jobs/daily-jobs.ts';
import { tableNames } from '../../shared/data/client.ts';
import { QueryCommand } from '../../shared/data/document-client.ts';
import { sealMessageRef } from '../../shared/data/message-token.ts';
import { type NewOutboxMessage, outboxMessagePut } from '../../shared/data/outbox-repository.ts';
import { replyToken } from '../../shared/data/reply-token.ts';
import { zonedTimeToUtc } from '../../shared/domain/bucharest-time.ts';
import * as clock from '../../shared/domain/clock.ts';
import { COUNTIES } from '../../shared/domain/enums.ts';
import { localDateOf, plusDays } from '../../shared/domain/local-date.ts';
import { signTwilioRequest } from '../../shared/http/twilio-signature.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import { expireLapsedVouchers } from '../../shared/services/voucher-expiry.ts';
import { MemoryOutboxGateway } from '../../shared/sms/memory-outbox-gateway.ts';
import { type Metered, metered } from './capacity-meter.ts';
import { type CallResult, expectStatus, type Harness, PUBLIC_BASE_URL, type Who } from './harness.ts';
import { batchPut } from './seed.ts';

export interface Note {
  requests: number;
  why: string;
}

export interface OperationDefinition {
  op: string;
  /** The route id (API.md) or job name it measures. */
  target: string;
  minimum: Note;
  /** Requests above the minimum this code makes today, and why; the budget is minimum + excess. */
  excess?: Note;
}

export interface OperationCost extends OperationDefinition, Metered {
  held: boolean;
  /** The size of the answer in bytes, for pages a phone downloads (the survey reply page). */
  responseBytes?: number;
}

export const coordinator: Who = { role: 'coordinator', county: 'DJ', sub: 'bench-coord-dj' };
export const prosecutor: Who = { role: 'prosecutor', unit: 'DIICOT-CRAIOVA', sub: 'bench-pros-craiova' };
export const analyst: Who = { role: 'analyst', sub: 'bench-analyst' };

/** Every inbound SMS first asks which cases its phone belongs to (the duress word, alerts: issue 12). */
const POINTERS = 'Query of PHONE#<hmac(phone)> (the phone pointers)';
const AUDIT =
  'PutItem of the audit event (every read or write of personal data is audited, by the middleware)';

let phoneCounter = 0;
export function aPhone(): string {
  phoneCounter += 1;
  return `+40722${String(phoneCounter).padStart(6, '0')}`;
}

export function aCaseBody(phone = aPhone()) {
  return {
    criminalCaseNumber: '1234/D/P/2025',
    county: 'DJ',
    prosecutorUnit: 'DIICOT-CRAIOVA',
    consents: { smsReminders: true, feedbackSurveys: true },
    participatesInProceedings: true,
    proceedingsStage: 'investigation',
    victim: {
      pseudonym: 'V-17',
      fullName: 'Ana Popescu',
      phone,
      language: 'ro',
      birthYear: 1998,
      nationality: 'RO',
    },
  };
}

/** Local noon `days` from today in Bucharest: far from quiet hours, so reminders are scheduled. */
export function bucharestNoonIn(days: number, hour = 12): Date {
  const [year, month, day] = plusDays(localDateOf(new Date()), days).split('-').map(Number) as [
    number,
    number,
    number,
  ];
  return zonedTimeToUtc({ year, month, day, hour, minute: 0 });
}

export function aHearingBody(startsAt: Date) {
  return {
    startsAt: startsAt.toISOString(),
    durationMinutes: 60,
    kind: 'prosecutor_hearing',
    publicLocation: 'Str. Unirii 10, Craiova',
    room: 'special_hearing_room',
    accommodations: ['psychologist'],
    transportNeeded: false,
    remindVictim: true,
  };
}

/** A protection request with a high risk and two measures, as a coordinator files it. */
export function aProtectionRequestBody() {
  return {
    stage: 'prosecution',
    riskAssessment: {
      factors: ['threats_from_offender'],
      level: 'high',
      summary: 'Calls from the recruiter',
    },
    measures: [
      { type: 'escort_travel', justification: 'Travels alone by bus' },
      { type: 'remote_av_distorted', justification: 'Fears facing the defendant' },
    ],
  };
}

export async function openCase(h: Harness, phone?: string): Promise<{ id: string; version: number }> {
  const res = expectStatus(
    await h.call('POST', '/cases', { as: coordinator, body: aCaseBody(phone) }),
    201,
    'POST /cases',
  );
  return { id: res.body.id, version: res.body.version };
}

/** A pending outbox message due at `sendAt`, in the sender's own item format (outboxMessagePut). */
export async function outboxItem(message: NewOutboxMessage): Promise<Record<string, unknown>> {
  const put = (await outboxMessagePut(message)).Put;
  if (!put?.Item) throw new Error('outboxMessagePut returned no item');
  return put.Item;
}

/** `count` reminders due 5 minutes before `now`, one per given case, for a hearing 2 hours after `now`. */
export async function seedDueMessages(
  h: Harness,
  cases: readonly { id: string; phone: string }[],
  now: Date,
): Promise<string[]> {
  const ids = cases.map(() => ulid());
  const items = await Promise.all(
    cases.map((c, i) =>
      outboxItem({
        id: ids[i] as string,
        caseId: c.id,
        hearingId: ulid(),
        kind: 'reminder',
        language: 'ro',
        params: {
          startsAt: new Date(now.getTime() + 2 * 3_600_000).toISOString(),
          publicLocation: 'Str. Unirii 10',
        },
        sendAt: new Date(now.getTime() - 5 * 60_000).toISOString(),
        createdAt: new Date(now.getTime() - 86_400_000).toISOString(),
      }),
    ),
  );
  await batchPut(h.documentClient, tableNames().coordination, items);
  return ids;
}

let sidCounter = 0;
export function aMessageSid(): string {
  sidCounter += 1;
  return `SM${process.pid.toString(16).padStart(8, '0')}${Date.now().toString(16).padStart(16, '0')}${sidCounter.toString(16).padStart(8, '0')}`;
}

export async function inboundSms(h: Harness, from: string, body: string): Promise<CallResult> {
  const params = { MessageSid: aMessageSid(), From: from, Body: body };
  const signature = await signTwilioRequest(`${PUBLIC_BASE_URL}/sms/inbound`, params);
  return h.call('POST', '/sms/inbound', {
    rawBody: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
  });
}

/** The token of a case's web invitation link, derived from its outbox message as the sender derives it. */
async function replyTokenOfCase(h: Harness, caseId: string): Promise<string> {
  const out = await h.documentClient.send(
    new QueryCommand({
      TableName: tableNames().coordination,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :message)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':message': 'MESSAGE#' },
    }),
  );
  const message = out.Items?.find((item) => item['kind'] === 'survey_invitation_web');
  if (!message) throw new Error('the web invitation is not in the outbox');
  return replyToken(message['id'] as string);
}

/** What a phone downloads for the page: the HTML, which is all of it (the page loads nothing else). */
async function pageBytes(h: Harness, path: string): Promise<number> {
  const page = await h.call('GET', path);
  return Buffer.byteLength(String(page.body), 'utf8');
}

async function measure(
  definition: OperationDefinition,
  work: () => Promise<unknown>,
  expected?: number,
): Promise<OperationCost> {
  const { result, cost } = await metered(work);
  const status = (result as { status?: number } | undefined)?.status;
  if (expected !== undefined && status !== expected) {
    throw new Error(
      `${definition.op}: expected ${expected}, got ${status} ${JSON.stringify((result as CallResult).body)}`,
    );
  }
  const limit = definition.minimum.requests + (definition.excess?.requests ?? 0);
  return { ...definition, ...cost, held: cost.requests <= limit };
}

/** Measures every operation that exists today, in an order where each one's data is set up by earlier ones. */
export async function measureOperations(
  h: Harness,
  options: { dueMessages: number },
): Promise<OperationCost[]> {
  const out: OperationCost[] = [];

  // Cases
  out.push(
    await measure(
      {
        op: 'create case',
        target: 'createCase',
        minimum: {
          requests: 2,
          why: 'TransactWriteItems (case Put + indicator ADDs, all or nothing) + ' + AUDIT,
        },
      },
      () => h.call('POST', '/cases', { as: coordinator, body: aCaseBody() }),
      201,
    ),
  );
  const caseA = await openCase(h);
  out.push(
    await measure(
      {
        op: 'get case',
        target: 'getCase',
        minimum: {
          requests: 3,
          why: `GetItem of the case + BatchGetItem of its phones' OPTOUT# items (a STOP shows on the case) + ${AUDIT}`,
        },
      },
      () => h.call('GET', `/cases/${caseA.id}`, { as: coordinator }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'change case',
        target: 'patchCase',
        minimum: {
          requests: 3,
          why: `GetItem of the case (scope, merge) + conditional write on its version + ${AUDIT}`,
        },
      },
      () =>
        h.call('PATCH', `/cases/${caseA.id}`, {
          as: coordinator,
          ifMatch: 1,
          body: { proceedingsStage: 'trial' },
        }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'list cases (county)',
        target: 'listCases',
        minimum: { requests: 2, why: `Query of the county index (one page) + ${AUDIT}` },
      },
      () => h.call('GET', '/cases?limit=20', { as: coordinator }),
      200,
    ),
  );

  out.push(
    await measure(
      { op: 'health', target: 'health', minimum: { requests: 0, why: 'answers from the function alone' } },
      () => h.call('GET', '/health'),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'OpenAPI document',
        target: 'openapi',
        minimum: { requests: 0, why: 'generated from the route table and schemas in memory' },
      },
      () => h.call('GET', '/openapi.json'),
      200,
    ),
  );
  const closing = await openCase(h);
  out.push(
    await measure(
      {
        op: 'close case',
        target: 'closeCase',
        minimum: {
          requests: 3,
          why:
            'GetItem of the case (scope, status, and whether it was counted into this half-year) + ' +
            `TransactWriteItems (case on its version + counted-once markers and counters) + ${AUDIT}`,
        },
      },
      () =>
        h.call('POST', `/cases/${closing.id}/close`, {
          as: coordinator,
          ifMatch: 1,
          body: { reason: 'Proceedings ended' },
        }),
      200,
    ),
  );
  const erasing = await openCase(h);
  expectStatus(
    await h.call('POST', `/cases/${erasing.id}/hearings?allowConflict=true`, {
      as: coordinator,
      body: aHearingBody(bucharestNoonIn(20)),
    }),
    201,
    'POST hearing (erasure)',
  );
  out.push(
    await measure(
      {
        op: 'erase personal data (a hearing, 2 reminders)',
        target: 'erasePersonalData',
        minimum: {
          requests: 5,
          why:
            'GetItem of the case (scope) + Query of the case partition (everything filed under it) + one ' +
            'TransactWriteItems of the scrubbed items (up to 100 a request; here the 2 reminders, cancelled; ' +
            `the hearing holds nothing to scrub) + the conditional write of the case + ${AUDIT}`,
        },
        excess: {
          requests: 1,
          why:
            'one conditional Put per scrubbed item instead of one transaction for all: each item is retried ' +
            'on its own when a sender races it. A rare admin action, linear in what the case holds',
        },
      },
      () =>
        h.call('DELETE', `/cases/${erasing.id}/personal-data`, {
          as: { role: 'admin', sub: 'bench-admin' },
          body: { reason: 'Request of the data subject' },
        }),
      204,
    ),
  );

  // Hearings
  const hearingCase = await openCase(h);
  const startsAt = bucharestNoonIn(10);
  let hearingId: string | undefined;
  const created = await measure(
    {
      op: 'create hearing with reminders',
      target: 'createHearing',
      minimum: {
        requests: 5,
        why:
          'GetItem of the case (scope, consents, version) + Query of the coordinator calendar (overlap) + ' +
          "Query of the county's restricted places (a free-text place must not be one) + " +
          'TransactWriteItems (hearing + case version check + 2 reminders) + ' +
          AUDIT,
      },
    },
    async () => {
      const res = await h.call('POST', `/cases/${hearingCase.id}/hearings`, {
        as: coordinator,
        body: aHearingBody(startsAt),
      });
      hearingId = res.body?.id;
      return res;
    },
    201,
  );
  out.push(created);
  out.push(
    await measure(
      {
        op: 'get hearing',
        target: 'getHearing',
        minimum: {
          requests: 4,
          why:
            'GetItem of the case (the response names who the reminders go to, and the recipient rule reads ' +
            "the case's victim) + GetItem of the hearing + Query of the case's messages (reminders) + " +
            AUDIT,
        },
      },
      () => h.call('GET', `/cases/${hearingCase.id}/hearings/${hearingId}`, { as: coordinator }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'calendar (GET /hearings)',
        target: 'hearingCalendar',
        minimum: { requests: 2, why: `Query of the coordinator calendar index for [from, to) + ${AUDIT}` },
      },
      () =>
        h.call(
          'GET',
          `/hearings?from=${encodeURIComponent(bucharestNoonIn(0).toISOString())}&to=${encodeURIComponent(bucharestNoonIn(30).toISOString())}`,
          { as: coordinator },
        ),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'calendar as iCalendar',
        target: 'hearingCalendarIcs',
        minimum: { requests: 2, why: `Query of the coordinator calendar index for [from, to) + ${AUDIT}` },
      },
      () => h.call('GET', '/hearings.ics', { as: coordinator }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'list hearings of a case',
        target: 'listCaseHearings',
        minimum: {
          requests: 3,
          why:
            'GetItem of the case (scope: an empty list must still say 404 to another county) + Query of ' +
            `HEARING# in the case partition (one page) + ${AUDIT}`,
        },
      },
      () => h.call('GET', `/cases/${hearingCase.id}/hearings`, { as: coordinator }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'list hearings with their reminders',
        target: 'listCaseHearings',
        minimum: {
          requests: 4,
          why:
            'GetItem of the case (scope) + Query of HEARING# (one page) + Query of MESSAGE# (every reminder ' +
            `of the page at once, not one read per hearing) + ${AUDIT}`,
        },
      },
      () => h.call('GET', `/cases/${hearingCase.id}/hearings?include=reminders`, { as: coordinator }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'reschedule hearing',
        target: 'patchHearing',
        minimum: {
          requests: 6,
          why:
            'GetItem of the case + GetItem of the hearing + Query of the calendar (overlap) + Query of the ' +
            "case's messages (pending reminders to cancel; the response's list is built from it) + " +
            'TransactWriteItems (hearing, case check, cancellations, new reminders, change notice) + ' +
            `${AUDIT}. The case is read for consents, recipient and version; the hearing for its version`,
        },
      },
      () =>
        h.call('PATCH', `/cases/${hearingCase.id}/hearings/${hearingId}`, {
          as: coordinator,
          ifMatch: 1,
          body: { startsAt: bucharestNoonIn(11).toISOString() },
        }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'cancel hearing',
        target: 'cancelHearing',
        minimum: {
          requests: 5,
          why:
            "GetItem of the case + GetItem of the hearing + Query of the case's messages (pending to cancel) + " +
            `TransactWriteItems (hearing, case check, cancellations, cancellation notice) + ${AUDIT}; ` +
            "the response's messages are built from the one Query",
        },
      },
      () =>
        h.call('POST', `/cases/${hearingCase.id}/hearings/${hearingId}/cancel`, {
          as: coordinator,
          ifMatch: 2,
        }),
      200,
    ),
  );

  // The outcome is recorded once the hearing has started: the service clock moves past it for that call.
  const pastHearing = expectStatus(
    await h.call('POST', `/cases/${hearingCase.id}/hearings?allowConflict=true`, {
      as: coordinator,
      body: aHearingBody(bucharestNoonIn(2)),
    }),
    201,
    'POST hearing (outcome)',
  ).body;
  clock.setClock(bucharestNoonIn(3));
  try {
    out.push(
      await measure(
        {
          op: 'record hearing outcome',
          target: 'recordHearingOutcome',
          minimum: {
            requests: 5,
            why:
              'GetItem of the case (county, nationality, version) + GetItem of the hearing + TransactWriteItems ' +
              "(hearing on its version, case check, indicator ADDs) + Query of the case's messages (the " +
              `response lists them) + ${AUDIT}. A foreign national heard with an interpreter adds the ` +
              'GetItem of the counted-once marker',
          },
        },
        () =>
          h.call('POST', `/cases/${hearingCase.id}/hearings/${pastHearing.id}/outcome`, {
            as: coordinator,
            ifMatch: 1,
            body: { attended: true, heardInSpecialRoom: true, heardRemotely: false },
          }),
        200,
      ),
    );
  } finally {
    clock.setClock(undefined);
  }

  // Protection
  const protectionCase = await openCase(h);
  let requestId: string | undefined;
  out.push(
    await measure(
      {
        op: 'file protection request',
        target: 'createProtectionRequest',
        minimum: {
          requests: 3,
          why: `GetItem of the case (scope, stage, unit) + TransactWriteItems (the request with its measures and the indicator ADD) + ${AUDIT}`,
        },
      },
      async () => {
        const res = await h.call('POST', `/cases/${protectionCase.id}/protection-requests`, {
          as: coordinator,
          body: aProtectionRequestBody(),
        });
        requestId = res.body?.id;
        return res;
      },
      201,
    ),
  );
  out.push(
    await measure(
      {
        op: 'decide protection',
        target: 'decideProtectionRequest',
        minimum: {
          requests: 5,
          why:
            'GetItem of the case (scope) + GetItem of the request + Query of the active measures (replaced ' +
            `versions) + TransactWriteItems (request, measures, indicator ADDs) + ${AUDIT}`,
        },
      },
      () =>
        h.call('POST', `/cases/${protectionCase.id}/protection-requests/${requestId}/decision`, {
          as: prosecutor,
          ifMatch: 1,
          body: {
            decisions: [
              {
                measure: 'escort_travel',
                outcome: 'confirmed',
                reviewBy: plusDays(localDateOf(new Date()), 30),
              },
              {
                measure: 'remote_av_distorted',
                outcome: 'rejected',
                reason: 'No equipment; a screen will do',
              },
            ],
            threatenedWitnessOrdinance: { number: '1/P/2026', date: localDateOf(new Date()) },
          },
        }),
      200,
    ),
  );

  out.push(
    await measure(
      {
        op: 'get protection request',
        target: 'getProtectionRequest',
        minimum: {
          requests: 2,
          why:
            "GetItem of the request (it carries the case's county: a coordinator's scope needs no read of " +
            `the case) + ${AUDIT}`,
        },
      },
      () =>
        h.call('GET', `/cases/${protectionCase.id}/protection-requests/${requestId}`, { as: coordinator }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'list protection requests of a case',
        target: 'listCaseProtectionRequests',
        minimum: {
          requests: 3,
          why: `GetItem of the case (scope, also for an empty list) + Query of PROTECTION# (one page) + ${AUDIT}`,
        },
      },
      () => h.call('GET', `/cases/${protectionCase.id}/protection-requests`, { as: coordinator }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'protection queue (unit)',
        target: 'listProtectionQueue',
        minimum: { requests: 2, why: `Query of the unit's queue index in one status (one page) + ${AUDIT}` },
      },
      () => h.call('GET', '/protection-requests?status=decided', { as: prosecutor }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'protection measures of a case',
        target: 'listCaseProtectionMeasures',
        minimum: {
          requests: 5,
          why:
            'GetItem of the case (scope) + one Query per kind shown: PROTECTION# (the rejections and their ' +
            'reasons), MEASURE# (in force), WAIVER#; the three prefixes are not adjacent in the sort order ' +
            `(MESSAGE# and VOUCHER# lie between), so one Query would read every message and voucher too + ${AUDIT}`,
        },
      },
      () => h.call('GET', `/cases/${protectionCase.id}/protection-measures`, { as: prosecutor }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'measures due for review (unit)',
        target: 'listMeasuresDue',
        minimum: {
          requests: 2,
          why: `Query of the unit's measures-by-review-date index (one page) + ${AUDIT}`,
        },
      },
      () => h.call('GET', '/protection-measures/due', { as: prosecutor }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'record protection waiver',
        target: 'createProtectionWaiver',
        minimum: {
          requests: 3,
          why: `GetItem of the case (scope, open) + conditional Put of the waiver + ${AUDIT}`,
        },
      },
      () =>
        h.call('POST', `/cases/${protectionCase.id}/protection-waivers`, {
          as: coordinator,
          body: { signedOn: localDateOf(new Date()), legalRepresentativePresent: false },
        }),
      201,
    ),
  );

  // Vouchers
  const voucherCase = await openCase(h);
  const vouchers = `/cases/${voucherCase.id}/voucher-requests`;
  let voucherId: string | undefined;
  const voucherBody = {
    kind: 'advance_voucher',
    amountRequested: { amount: 150_000, currency: 'RON' },
    filedAt: '2025-01-02',
    tribunal: 'Tribunalul Dolj',
    uses: ['food'],
    documents: ['criminal_complaint'],
  };
  out.push(
    await measure(
      {
        op: 'file voucher request',
        target: 'createVoucherRequest',
        minimum: {
          requests: 4,
          why: `GetItem of the case (scope) + GetItem of the case's advance total (the cap's room, named in a 422) + TransactWriteItems (request + indicator ADD + the total's conditional ADD) + ${AUDIT}`,
        },
      },
      async () => {
        const res = await h.call('POST', vouchers, { as: coordinator, body: voucherBody });
        voucherId = res.body?.id;
        return res;
      },
      201,
    ),
  );
  const stepWhy =
    "GetItem of the request (version, step, and the case's county for the scope) + TransactWriteItems " +
    `(request on its version + counters) + ${AUDIT}`;
  out.push(
    await measure(
      {
        op: 'voucher step: decision',
        target: 'decideVoucherRequest',
        minimum: { requests: 3, why: stepWhy },
      },
      () =>
        h.call('POST', `${vouchers}/${voucherId}/decision`, {
          as: coordinator,
          ifMatch: 1,
          body: {
            outcome: 'approved',
            amountGranted: { amount: 1000, currency: 'RON' },
            decidedAt: '2025-01-03T10:00:00Z',
            reference: 'Hot. 1/2025',
          },
        }),
      200,
    ),
  );
  out.push(
    await measure(
      { op: 'voucher step: issued', target: 'issueVoucher', minimum: { requests: 3, why: stepWhy } },
      () =>
        h.call('POST', `${vouchers}/${voucherId}/issued`, {
          as: coordinator,
          ifMatch: 2,
          body: {
            // Issued yesterday and valid 60 more days: within the 90 days counting the issue day (HG 541/2023).
            issuedAt: new Date(Date.now() - 86_400_000).toISOString(),
            distributor: 'Edenred',
            validUntil: plusDays(localDateOf(new Date()), 60),
          },
        }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: "list a county's vouchers awaiting issue",
        target: 'listVouchersAwaitingIssue',
        minimum: {
          requests: 2,
          why: `Query of the county's sparse awaiting-issue index (one page; the items carry the county) + ${AUDIT}`,
        },
      },
      () => h.call('GET', '/voucher-requests/awaiting-issue', { as: coordinator }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'get voucher request',
        target: 'getVoucherRequest',
        minimum: {
          requests: 2,
          why: `GetItem of the request (it carries the case's county, so no read of the case) + ${AUDIT}`,
        },
      },
      () => h.call('GET', `${vouchers}/${voucherId}`, { as: coordinator }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'list voucher requests of a case',
        target: 'listVoucherRequests',
        minimum: {
          requests: 3,
          why: `GetItem of the case (scope, also for an empty list) + Query of VOUCHER# (one page) + ${AUDIT}`,
        },
      },
      () => h.call('GET', vouchers, { as: coordinator }),
      200,
    ),
  );
  out.push(
    await measure(
      { op: 'voucher step: redeemed', target: 'redeemVoucher', minimum: { requests: 3, why: stepWhy } },
      () =>
        h.call('POST', `${vouchers}/${voucherId}/redeemed`, {
          as: coordinator,
          ifMatch: 3,
          body: { redeemedAt: new Date().toISOString() },
        }),
      200,
    ),
  );
  /** A voucher approved and issued, valid until a day long past: the expiry job's and the manual expiry's. */
  const lapsedVoucher = async () => {
    const id = expectStatus(
      await h.call('POST', vouchers, { as: coordinator, body: voucherBody }),
      201,
      'POST voucher (lapsed)',
    ).body.id;
    const steps: [string, unknown][] = [
      [
        'decision',
        {
          outcome: 'approved',
          amountGranted: { amount: 1000, currency: 'RON' },
          decidedAt: '2025-01-03T10:00:00Z',
          reference: 'Hot. 2/2025',
        },
      ],
      ['issued', { issuedAt: '2025-01-04T10:00:00Z', distributor: 'Edenred', validUntil: '2025-02-01' }],
    ];
    for (const [i, [step, body]] of steps.entries()) {
      expectStatus(
        await h.call('POST', `${vouchers}/${id}/${step}`, { as: coordinator, ifMatch: i + 1, body }),
        200,
        `voucher ${step} (lapsed)`,
      );
    }
    return `${vouchers}/${id}`;
  };
  await lapsedVoucher();
  out.push(
    await measure(
      {
        op: 'expire vouchers job (1 lapsed)',
        target: 'job:expire-vouchers',
        minimum: {
          requests: 2,
          why: 'Query of the issued-vouchers index up to today + one conditional write per lapsed voucher',
        },
      },
      () => expireLapsedVouchers(new Date()),
    ),
  );

  const lapsedPath = await lapsedVoucher();
  out.push(
    await measure(
      {
        op: 'voucher step: expired (by hand)',
        target: 'expireVoucher',
        minimum: { requests: 3, why: stepWhy },
      },
      () => h.call('POST', `${lapsedPath}/expired`, { as: coordinator, ifMatch: 3 }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'daily jobs (nothing to do)',
        target: 'job:daily-jobs',
        minimum: {
          requests: 2 + COUNTIES.length,
          why:
            "Query of lapsed vouchers + Query of the measures due for review within 7 days (the units' " +
            'digest) + one Query of open cases per county (42, pages of 100), to count each ' +
            'case still open into the new half-year once; a write only per case not yet counted. Reads every ' +
            'open case daily: a sparse "not yet counted in <period>" index would make a quiet day cost 1 Query',
        },
      },
      () => dailyJobs({ time: new Date().toISOString() }),
    ),
  );

  // Surveys: publish, invite the victim of a case, then the victim answers by SMS to the end.
  const admin: Who = { role: 'admin', sub: 'bench-admin' };
  const surveyId = `bench-survey-${Date.now()}`;
  out.push(
    await measure(
      {
        op: 'publish survey',
        target: 'createSurvey',
        minimum: {
          requests: 2,
          why:
            'Query of the latest version of the id (the next version number) + conditional Put of ' +
            'DEF#<next version> (a concurrent publish of the same version fails, not overwrites)',
        },
      },
      () => h.call('POST', '/surveys', { as: admin, body: aSurveyBody(surveyId) }),
      201,
    ),
  );
  out.push(
    await measure(
      {
        op: 'list surveys',
        target: 'listSurveys',
        minimum: { requests: 1, why: 'Query of the survey index (one page of latest versions)' },
      },
      () => h.call('GET', '/surveys', { as: coordinator }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'get survey (latest)',
        target: 'getSurvey',
        minimum: { requests: 1, why: 'Query of SURVEY#<id>, newest DEF# first, Limit 1' },
      },
      () => h.call('GET', `/surveys/${surveyId}`, { as: coordinator }),
      200,
    ),
  );
  const surveyPhone = aPhone();
  const surveyCase = await openCase(h, surveyPhone);
  out.push(
    await measure(
      {
        op: 'survey invitation',
        target: 'inviteToSurvey',
        minimum: {
          requests: 4,
          why:
            'GetItem of the case (scope, consent, phone) + Query of the latest survey version + ' +
            'TransactWriteItems (invitation, case check, opt-out check, session, outbox message, counters) + ' +
            AUDIT,
        },
      },
      () =>
        h.call('POST', `/cases/${surveyCase.id}/survey-invitations`, { as: coordinator, body: { surveyId } }),
      202,
    ),
  );
  // The survey version is immutable and cached per container after the first turn (the consent above).
  const turnWhy = `${POINTERS} + BatchGetItem of SESSION# and LANG#<hmac(phone)> + TransactWriteItems (MSG# with the reply + the session step`;
  // A retried webhook is caught by the conditional write of MSG#, which returns the stored reply (ALL_OLD).
  expectStatus(await inboundSms(h, surveyPhone, 'DA'), 200, 'survey consent');
  out.push(
    await measure(
      {
        op: 'inbound survey message (answer)',
        target: 'inboundSms',
        minimum: { requests: 3, why: `${turnWhy})` },
      },
      () => inboundSms(h, surveyPhone, '4'),
      200,
    ),
  );
  expectStatus(await inboundSms(h, surveyPhone, 'DA'), 200, 'survey answer 2');
  out.push(
    await measure(
      {
        op: 'completed survey (last answer)',
        target: 'inboundSms',
        minimum: {
          requests: 3,
          why: `${turnWhy}: session Delete, anonymous response Put, AGG# and IND# counter ADDs)`,
        },
      },
      () => inboundSms(h, surveyPhone, 'Totul a fost bine'),
      200,
    ),
  );

  // The private web reply: a victim on a Romanian number opens the link of the invitation SMS and answers.
  const webCase = await openCase(h, aPhone());
  expectStatus(
    await h.call('POST', `/cases/${webCase.id}/survey-invitations`, {
      as: coordinator,
      body: { surveyId, channel: 'web' },
    }),
    202,
    'web invitation',
  );
  const replyPath = `/r/${await replyTokenOfCase(h, webCase.id)}`;
  const replyPage = await measure(
    {
      op: 'reply page (GET /r/{token})',
      target: 'getReply',
      minimum: {
        requests: 2,
        why: 'GetItem of REPLY#<sha256(token)> + GetItem of the SESSION# it names (the survey version is cached)',
      },
    },
    () => h.call('GET', replyPath),
    200,
  );
  out.push({ ...replyPage, responseBytes: await pageBytes(h, replyPath) });
  out.push(
    await measure(
      {
        op: 'reply page answered (POST)',
        target: 'postReply',
        minimum: {
          requests: 3,
          why:
            'GetItem of REPLY# + GetItem of SESSION# + TransactWriteItems (token spent, session Delete, ' +
            'anonymous response Put, AGG# and IND# counter ADDs)',
        },
      },
      () =>
        h.call('POST', replyPath, {
          rawBody: 'q0=4&q1=DA&q2=Totul+a+fost+bine',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      200,
    ),
  );

  // SMS
  out.push(
    await measure(
      {
        op: 'inbound SMS, no survey session',
        target: 'inboundSms',
        minimum: {
          requests: 3,
          why:
            `${POINTERS} + BatchGetItem of SESSION# (none) and LANG#<hmac(phone)> (the reply language) + ` +
            'the conditional write of MSG#<MessageSid> with its reply',
        },
      },
      () => inboundSms(h, aPhone(), 'Salut'),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'inbound SMS STOP',
        target: 'inboundSms',
        minimum: {
          requests: 3,
          why:
            `${POINTERS} + BatchGetItem of SESSION# and LANG#<hmac(phone)> (the reply language) + ` +
            'TransactWriteItems (MSG# + OPTOUT# Put + survey session Delete)',
        },
      },
      () => inboundSms(h, aPhone(), 'STOP'),
      200,
    ),
  );

  // The sender: n due messages of n cases (n different phones), as of tomorrow noon (not in quiet hours).
  const n = options.dueMessages;
  const senderCases: { id: string; phone: string }[] = [];
  for (let i = 0; i < n; i += 1) {
    const phone = aPhone();
    senderCases.push({ id: (await openCase(h, phone)).id, phone });
  }
  const now = bucharestNoonIn(1);
  // Notices earlier operations left due (the cancellation notice) go first, unmeasured: the tick sees n.
  await sendDueMessages(now, new MemoryOutboxGateway());
  await seedDueMessages(h, senderCases, now);
  const gateway = new MemoryOutboxGateway({ now: () => now });
  // The sender reads the due index in pages of 2 x SEND_CONCURRENCY (20): racing senders see fresh pages.
  const pages = Math.ceil(n / 20);
  const tick = await measure(
    {
      op: `sender tick, ${n} due`,
      target: 'job:send-messages',
      minimum: {
        requests: 2 + pages + 2 * n + 2 * pages,
        why:
          'Query of stale claims (crash recovery) + Query of the head of the open alerts (the oldest ' +
          'urgent alert, for its alarm) + Query of the due index per page + per message a ' +
          'conditional claim and a conditional "sent" write + per page one BatchGetItem of the cases ' +
          "(consents, current phone) and one of the recipients' OPTOUT# items (their keys come from the cases)",
      },
    },
    () => sendDueMessages(now, gateway),
  );
  if (gateway.list().length !== n) throw new Error(`sender tick sent ${gateway.list().length} of ${n}`);
  out.push(tick);

  const statusCase = senderCases[0];
  if (statusCase) {
    const [deliveredId] = await seedDueMessages(h, [statusCase], bucharestNoonIn(3));
    out.push(
      await measure(
        {
          op: 'delivery status callback',
          target: 'smsStatus',
          minimum: {
            requests: 1,
            why: 'one conditional UpdateItem of the message the signed URL names by its sealed token (no lookup)',
          },
        },
        async () => {
          const query = `m=${await sealMessageRef({ caseId: statusCase.id, messageId: deliveredId as string })}`;
          const params = { MessageSid: `SM${'0'.repeat(31)}1`, MessageStatus: 'delivered' };
          const signature = await signTwilioRequest(`${PUBLIC_BASE_URL}/sms/status?${query}`, params);
          return h.call('POST', `/sms/status?${query}`, {
            rawBody: new URLSearchParams(params).toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
          });
        },
        204,
      ),
    );
  }

  // Exports read counters only, never a response or a case: one partition Query per counter family.
  out.push(
    await measure(
      {
        op: 'export feedback',
        target: 'exportFeedback',
        minimum: { requests: 1, why: 'Query of the AGG#<survey>#<wave> counter partition (one 1 MB page)' },
      },
      () => h.call('GET', '/exports/feedback?surveyId=bench&wave=2025-S2&groupBy=county', { as: analyst }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'export indicators',
        target: 'exportIndicators',
        minimum: {
          requests: 4,
          why:
            'Query of IND#<period> + Query of VAMT#<period> + Query of the SURVEYS catalogue + the AGG# partition ' +
            'of each catalogued survey (the bench catalogues one): the survey counts are sums of what each ' +
            "survey's jointly suppressed tables publish (issue 13)",
        },
      },
      () => h.call('GET', `/exports/indicators?period=${halfYear()}&groupBy=county`, { as: analyst }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'export indicators with survey',
        target: 'exportIndicators',
        minimum: {
          requests: 5,
          why: "IND# + VAMT# + SURVEYS + the catalogued survey's AGG# + the named survey's AGG# (the bench seeds it without a catalogue entry), one Query each",
        },
      },
      () =>
        h.call('GET', `/exports/indicators?period=${halfYear()}&groupBy=none&surveyId=bench`, {
          as: analyst,
        }),
      200,
    ),
  );
  out.push(
    await measure(
      {
        op: 'audit log (a case)',
        target: 'listAudit',
        minimum: {
          requests: 1,
          why: 'Query of AUDIT#<caseId> (one page); reading the audit log is not audited',
        },
      },
      () => h.call('GET', `/audit?caseId=${caseA.id}`, { as: admin }),
      200,
    ),
  );
  return out;
}

/** A three-question survey in Romanian (as test/support/survey-factories.ts, which needs vitest). */
function aSurveyBody(id: string) {
  return {
    id,
    title: 'Feedback after the hearings',
    languages: ['ro'],
    intro: { ro: 'Câteva întrebări scurte.' },
    questions: [
      { id: 'safe', type: 'scale', min: 1, max: 5, text: { ro: 'Cât de în siguranță v-ați simțit?' } },
      { id: 'helped', type: 'yes_no', text: { ro: 'V-a fost de folos sprijinul?' } },
      { id: 'comment', type: 'text', text: { ro: 'Ce ar trebui să facem altfel?' } },
    ],
    thanks: { ro: 'Mulțumim! STOP = oprire' },
  };
}

function halfYear(now = new Date()): string {
  return `${now.getUTCFullYear()}-S${now.getUTCMonth() < 6 ? 1 : 2}`;
}
