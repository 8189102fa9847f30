// Issue 4 over HTTP on the real `npm start`: a protection request decided measure by measure by the unit's
// prosecutor, and a voucher advance through its steps up to the expiry job run by the local clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCase } from '../support/factories.ts';
import {
  bucharestDate,
  type LocalRuntime,
  now,
  startLocalRuntime,
  uniquePhone,
} from '../support/local-runtime.ts';

const HOUR = 3_600_000;
/** 5 x the minimum gross salary (4050 RON by default), in bani. */
const VOUCHER_CAP = 5 * 4050 * 100;
const victim = { fullName: 'Ioana Protectioncheck', phone: uniquePhone() };

let runtime: LocalRuntime;
let coordinator: string;
let prosecutor: string;
let otherProsecutor: string;
let caseId: string;

beforeAll(async () => {
  runtime = await startLocalRuntime();
  coordinator = runtime.token('--role', 'coordinator', '--county', 'DJ', '--sub', 'e2e-coord');
  prosecutor = runtime.token('--role', 'prosecutor', '--unit', 'DIICOT-CRAIOVA', '--sub', 'e2e-pros');
  otherProsecutor = runtime.token('--role', 'prosecutor', '--unit', 'DIICOT-TARGU-JIU', '--sub', 'e2e-tj');
  const res = await runtime.http('POST', '/cases', {
    token: coordinator,
    body: aCase({ prosecutorUnit: 'DIICOT-CRAIOVA', victim }),
  });
  expect(res.status).toBe(201);
  caseId = res.body.id;
});

afterAll(async () => {
  await runtime.stop();
});

function protectionRequest(urgent: boolean) {
  return {
    stage: 'prosecution',
    urgent,
    riskAssessment: {
      factors: ['threats_from_offender', 'offender_at_large'],
      level: 'high',
      summary: 'The recruiter called Ioana Protectioncheck twice this week',
    },
    measures: [
      { type: 'escort_travel', justification: 'She travels alone by bus' },
      { type: 'remote_av_distorted', justification: 'She fears facing the defendant' },
    ],
  };
}

describe('protection measures between coordinator and prosecutor', () => {
  const reviewBy = bucharestDate(30);
  const ordinance = { number: '7/P/2026', date: bucharestDate(0) };
  const reason = 'No distortion equipment; a screen will do';
  let older: string;
  let urgent: string;

  it('files the request with two measures as pending, and shows it first to the unit’s prosecutor when urgent', async () => {
    const normal = await runtime.http('POST', `/cases/${caseId}/protection-requests`, {
      token: coordinator,
      body: protectionRequest(false),
    });
    expect(normal.status).toBe(201);
    older = normal.body.id;
    const res = await runtime.http('POST', `/cases/${caseId}/protection-requests`, {
      token: coordinator,
      body: protectionRequest(true),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', urgent: true, decision: null });
    urgent = res.body.id;

    const queue = await runtime.http('GET', '/protection-requests?status=pending', { token: prosecutor });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i: { requestId: string }) => i.requestId)).toEqual([urgent, older]);
    expect(queue.body.items[0]).toMatchObject({
      caseId,
      urgent: true,
      measures: ['escort_travel', 'remote_av_distorted'],
    });
    const elsewhere = await runtime.http('GET', '/protection-requests?status=pending', {
      token: otherProsecutor,
    });
    expect(elsewhere.body.items).toEqual([]);
  });

  it('hides the request from a prosecutor of another unit with 404, for reading and for deciding', async () => {
    const path = `/cases/${caseId}/protection-requests/${urgent}`;
    expect((await runtime.http('GET', path, { token: otherProsecutor })).status).toBe(404);
    const decide = await runtime.http('POST', `${path}/decision`, {
      token: otherProsecutor,
      ifMatch: 1,
      body: { decisions: [{ measure: 'escort_travel', outcome: 'confirmed', reviewBy }] },
    });
    expect(decide.status).toBe(404);
  });

  it('confirms one measure and rejects the other with a reason in one decision', async () => {
    const res = await runtime.http('POST', `/cases/${caseId}/protection-requests/${urgent}/decision`, {
      token: prosecutor,
      ifMatch: 1,
      body: {
        decisions: [
          { measure: 'escort_travel', outcome: 'confirmed', reviewBy },
          { measure: 'remote_av_distorted', outcome: 'rejected', reason },
        ],
        threatenedWitnessOrdinance: ordinance,
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    expect(res.body.status).toBe('decided');
    expect(res.body.decision.decidedBy).toBe('e2e-pros');
  });

  it('shows the coordinator one active measure with its review date and the rejection with its reason', async () => {
    const res = await runtime.http('GET', `/cases/${caseId}/protection-measures`, { token: coordinator });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ type: 'escort_travel', outcome: 'confirmed', reviewBy, requestId: urgent }),
    ]);
    expect(res.body.rejected).toEqual([
      expect.objectContaining({ measure: 'remote_av_distorted', reason, requestId: urgent }),
    ]);
    const request = await runtime.http('GET', `/cases/${caseId}/protection-requests/${urgent}`, {
      token: coordinator,
    });
    expect(request.body.decision.decisions).toEqual([
      { measure: 'escort_travel', outcome: 'confirmed', reviewBy },
      { measure: 'remote_av_distorted', outcome: 'rejected', reason },
    ]);
  });

  it('refuses a second decision with 409 and keeps the first', async () => {
    const res = await runtime.http('POST', `/cases/${caseId}/protection-requests/${urgent}/decision`, {
      token: prosecutor,
      ifMatch: 2,
      body: {
        decisions: [
          { measure: 'escort_travel', outcome: 'rejected', reason: 'Changed my mind' },
          { measure: 'remote_av_distorted', outcome: 'confirmed', reviewBy },
        ],
      },
    });
    expect(res.status).toBe(409);
    const measures = await runtime.http('GET', `/cases/${caseId}/protection-measures`, {
      token: coordinator,
    });
    expect(measures.body.items.map((m: { type: string }) => m.type)).toEqual(['escort_travel']);
    const queue = await runtime.http('GET', '/protection-requests?status=pending', { token: prosecutor });
    expect(queue.body.items.map((i: { requestId: string }) => i.requestId)).toEqual([older]);
  });

  it('reviews the measure when due: maintained by ordinance to a later date, then lifted, keeping its history', async () => {
    const due = await runtime.http('GET', `/protection-measures/due?before=${bucharestDate(31)}`, {
      token: prosecutor,
    });
    const entry = due.body.items.find((i: { caseId: string }) => i.caseId === caseId);
    expect(entry).toMatchObject({ type: 'escort_travel', reviewBy, legalBasis: 'CPP 126(1)(b), 127(b)' });
    const path = `/cases/${caseId}/protection-measures/${entry.id}`;
    const read = await runtime.http('GET', path, { token: prosecutor });
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body.threatenedWitnessOrdinance).toEqual(ordinance);
    const review = {
      reason: 'The defendant is still at large',
      ordinance: { number: '9/P/2026', date: bucharestDate(0) },
    };
    const maintained = await runtime.http('POST', `${path}/review`, {
      token: prosecutor,
      ifMatch: 1,
      body: { outcome: 'maintained', ...review, nextReviewBy: bucharestDate(120) },
    });
    expect(maintained.status).toBe(200);
    expect(maintained.body).toMatchObject({ status: 'active', reviewBy: bucharestDate(120) });
    const lifted = await runtime.http('POST', `${path}/review`, {
      token: prosecutor,
      ifMatch: 2,
      body: { outcome: 'lifted', ...review },
    });
    expect(lifted.status).toBe(200);
    const measures = await runtime.http('GET', `/cases/${caseId}/protection-measures`, {
      token: coordinator,
    });
    expect(measures.body.items).toEqual([]);
    expect(measures.body.ended[0].history.map((e: { event: string }) => e.event)).toEqual([
      'confirmed',
      'maintained',
      'lifted',
    ]);
    const after = await runtime.http('GET', `/protection-measures/due?before=${bucharestDate(400)}`, {
      token: prosecutor,
    });
    expect(after.body.items.map((i: { caseId: string }) => i.caseId)).not.toContain(caseId);
  });
});

describe('a voucher advance through its steps', () => {
  const base = () => `/cases/${caseId}/voucher-requests`;
  const file = (amount: number, kind = 'advance_voucher') =>
    runtime.http('POST', base(), {
      token: coordinator,
      body: {
        kind,
        amountRequested: { amount, currency: 'RON' },
        filedAt: bucharestDate(0),
        referredAt: now().toISOString(),
        tribunal: 'Tribunalul Dolj',
        uses: kind === 'advance_voucher' ? ['food', 'accommodation'] : undefined,
        documents: ['criminal_complaint', 'identity_document'],
      },
    });
  const step = (id: string, name: string, ifMatch: number, body?: unknown) =>
    runtime.http('POST', `${base()}/${id}/${name}`, { token: coordinator, ifMatch, body });
  let voucher: string;
  let validUntil: string;

  it('refuses an advance over five minimum gross salaries with 422, and files one at the cap', async () => {
    const over = await file(VOUCHER_CAP + 1);
    expect(over.status).toBe(422);
    expect(over.body.errors.map((e: { path: string }) => e.path)).toContain('amountRequested.amount');
    const res = await file(VOUCHER_CAP);
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('filed');
    voucher = res.body.id;
    const list = await runtime.http('GET', base(), { token: coordinator });
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([voucher]);
  });

  it('refuses a second advance on the same case with 422: the cap holds for the sum of its advances', async () => {
    const second = await file(100);
    expect(second.status).toBe(422);
    expect(second.body.errors[0]).toMatchObject({
      path: 'amountRequested.amount',
      message: expect.stringContaining('0 bani'),
    });
  });

  it('goes filed -> approved -> issued with the validity defaulting to 90 days counting the issue day', async () => {
    const decided = await step(voucher, 'decision', 1, {
      outcome: 'approved',
      amountGranted: { amount: 1_500_000, currency: 'RON' },
      // Decided and issued now: the request was filed today, so no instant of today can come before it.
      decidedAt: now().toISOString(),
      reference: 'Hot. 12/2026',
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'approved', amountGranted: { amount: 1_500_000 } });
    const issuedAt = now().toISOString();
    const issued = await step(voucher, 'issued', 2, { issuedAt, distributor: 'Edenred' });
    expect(issued.status).toBe(200);
    expect(issued.body.status).toBe('issued');
    // Referred, decided and issued within the same minutes: well within the 72 hours from the referral.
    expect(issued.body.withinTarget).toBe(true);
    validUntil = issued.body.validUntil;
    const days = (Date.parse(validUntil) - Date.parse(bucharestDate(0))) / 86_400_000;
    // Today in Bucharest is day 1, so the last valid day is 89 days later.
    expect(days).toBe(89);
  });

  it('is marked expired by the expiry job when the clock passes its last valid day', async () => {
    const lastDay = await runtime.clock(`${validUntil}T12:00:00+03:00`);
    expect(lastDay.failed).toBe(0);
    expect((await runtime.http('GET', `${base()}/${voucher}`, { token: coordinator })).body.status).toBe(
      'issued',
    );
    await runtime.clock(new Date(Date.parse(`${validUntil}T12:00:00+03:00`) + 24 * HOUR));
    const read = await runtime.http('GET', `${base()}/${voucher}`, { token: coordinator });
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('expired');
    expect(read.headers.get('etag')).toBe('"4"');
    expect(read.body.history.at(-1)).toMatchObject({ step: 'expired', by: 'system:voucher-expiry' });
    expect(read.body.history.map((h: { step: string }) => h.step)).toEqual([
      'filed',
      'decision',
      'issued',
      'expired',
    ]);
  });

  it('refuses a step out of order with 409: issuing before a decision, redeeming after expiry', async () => {
    // A compensation request: the case's advances are at the cap already.
    const fresh = await file(1_000_000, 'compensation');
    expect(fresh.status).toBe(201);
    const skipped = await step(fresh.body.id, 'issued', 1, {
      issuedAt: now().toISOString(),
      distributor: 'Edenred',
    });
    expect(skipped.status).toBe(409);
    expect((await step(fresh.body.id, 'redeemed', 1, { redeemedAt: now().toISOString() })).status).toBe(409);
    expect((await step(voucher, 'redeemed', 4, { redeemedAt: now().toISOString() })).status).toBe(409);
    const still = await runtime.http('GET', `${base()}/${fresh.body.id}`, { token: coordinator });
    expect(still.body).toMatchObject({ status: 'filed', version: 1 });
  });

  it('never writes a phone number, a victim name, free text or a token to its logs', () => {
    const output = runtime.output();
    expect(output).toContain('"route":"decideProtectionRequest"');
    expect(output).not.toContain(victim.phone.slice(3));
    expect(output).not.toContain('Protectioncheck');
    expect(output).not.toContain('recruiter');
    for (const t of runtime.tokens) expect(output).not.toContain(t.split('.')[1] as string);
  });
});
