import { beforeAll, describe, expect, it } from 'vitest';
import { handler as expiryJob } from '../../functions/jobs/daily-jobs.ts';
import { scheduledJobs } from '../../infra/local/scheduled-jobs.ts';
import { QueryCommand } from '../../shared/data/document-client.ts';
import '../../infra/local/vouchers-local.ts';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { indicatorKeys, voucherKeys } from '../../shared/data/keys.ts';
import { localDateOf } from '../../shared/domain/local-date.ts';
import { halfYearOf } from '../../shared/domain/periods.ts';
import { call, type Who } from '../support/api.ts';
import { aCase } from '../support/factories.ts';
import { aVoucherRequest, readCounter, readRawItem } from '../support/protection-voucher-factories.ts';

// A county of its own, so the counters move only with this file's writes.
const COUNTY = 'VS';
const coordinator: Who = { role: 'coordinator', county: COUNTY, sub: 'coord-vs' };
const otherCoordinator: Who = { role: 'coordinator', county: 'GJ', sub: 'coord-gj' };
const CAP = 5 * 4050 * 100;

let caseId: string;

beforeAll(async () => {
  const res = await call('POST', '/cases', { as: coordinator, body: aCase({ county: COUNTY }) });
  expect(res.status).toBe(201);
  caseId = res.body.id;
});

const base = () => `/cases/${caseId}/voucher-requests`;

/** The case each filed request lives on: every request gets a case of its own, so the advance cap (a sum per case) never mixes tests. */
const caseOf = new Map<string, string>();
const pathOf = (id: string) => `/cases/${caseOf.get(id) ?? caseId}/voucher-requests/${id}`;

async function freshCase(): Promise<string> {
  const res = await call('POST', '/cases', { as: coordinator, body: aCase({ county: COUNTY }) });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function file(overrides = {}) {
  const on = await freshCase();
  const res = await call('POST', `/cases/${on}/voucher-requests`, {
    as: coordinator,
    body: aVoucherRequest(overrides),
  });
  expect(res.status).toBe(201);
  caseOf.set(res.body.id, on);
  return res.body as { id: string };
}

async function stepOf(id: string, step: string, ifMatch: number, body?: unknown) {
  return call('POST', `${pathOf(id)}/${step}`, { as: coordinator, ifMatch, body });
}

const approval = (amount = 1_000_000, decidedAt = '2025-11-21T10:00:00+02:00') => ({
  outcome: 'approved',
  amountGranted: { amount, currency: 'RON' },
  decidedAt,
  reference: 'Hot. 12/2025',
});

/** The granted amounts recorded for the median in this county and period (VAMT# items). */
async function grantedAmounts(): Promise<number[]> {
  const out = await getDocumentClient().send(
    new QueryCommand({
      TableName: tableNames().insights,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': indicatorKeys.voucherAmountPartition(halfYearOf(new Date())) },
    }),
  );
  return (out.Items ?? []).filter((i) => i['county'] === COUNTY).map((i) => i['amount'] as number);
}

describe('POST /cases/{caseId}/voucher-requests', () => {
  it('refuses a voucher advance above 5 minimum salaries with 422 naming the cap, and counts nothing', async () => {
    const before = await readCounter(COUNTY, 'voucher_requests_filed');
    const res = await call('POST', base(), {
      as: coordinator,
      body: aVoucherRequest({ amountRequested: { amount: CAP + 1, currency: 'RON' } }),
    });
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain('20250.00 RON');
    expect(res.body.errors[0]).toEqual({
      path: 'amountRequested.amount',
      message: expect.stringContaining('2025000'),
    });
    expect(await readCounter(COUNTY, 'voucher_requests_filed')).toBe(before);
  });

  it('files a request with an ETag and its first history step, and counts it once', async () => {
    const before = await readCounter(COUNTY, 'voucher_requests_filed');
    const res = await call('POST', base(), { as: coordinator, body: aVoucherRequest() });
    expect(res.status).toBe(201);
    expect(res.headers['etag']).toBe('"1"');
    expect(res.body).toMatchObject({ status: 'filed', kind: 'advance_voucher', tribunal: 'Tribunalul Dolj' });
    expect(res.body.history).toEqual([
      expect.objectContaining({ step: 'filed', by: 'coord-vs', filedAt: '2025-11-20' }),
    ]);
    expect(await readCounter(COUNTY, 'voucher_requests_filed')).toBe(before + 1);
    const raw = await readRawItem(voucherKeys.item(caseId, res.body.id));
    expect(raw?.['tribunal']).toMatch(/^enc1:/);
  });

  it('refuses an advance_voucher without uses with 400 naming the field', async () => {
    const { uses: _uses, ...body } = aVoucherRequest();
    const res = await call('POST', base(), { as: coordinator, body });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('uses');
  });

  it('answers 404 to the coordinator of another county', async () => {
    const res = await call('POST', base(), { as: otherCoordinator, body: aVoucherRequest() });
    expect(res.status).toBe(404);
  });

  it('shows a request to its county, and as a missing case to another county whether it exists or not', async () => {
    const { id } = await file();
    expect((await call('GET', pathOf(id), { as: coordinator })).status).toBe(200);
    for (const requestId of [id, '01JAAAAAAAAAAAAAAAAAAAAAAA']) {
      const read = await call('GET', pathOf(requestId), { as: otherCoordinator });
      expect(`${read.status} ${read.body.detail}`).toBe('404 No such case.');
    }
    const missing = await call('GET', `${base()}/01JAAAAAAAAAAAAAAAAAAAAAAA`, { as: coordinator });
    expect(`${missing.status} ${missing.body.detail}`).toBe('404 No such voucher request.');
  });
});

describe('the voucher lifecycle', () => {
  it('refuses a step out of order with 409', async () => {
    const { id } = await file();
    expect(
      (await stepOf(id, 'issued', 1, { issuedAt: '2025-11-22T10:00:00Z', distributor: 'Edenred' })).status,
    ).toBe(409);
    expect((await stepOf(id, 'redeemed', 1, { redeemedAt: '2025-11-22T10:00:00Z' })).status).toBe(409);
    expect((await stepOf(id, 'expired', 1)).status).toBe(409);
  });

  it('approves once: counters and the granted amount move exactly once', async () => {
    const { id } = await file();
    const approved = await readCounter(COUNTY, 'voucher_requests_approved');
    const total = await readCounter(COUNTY, 'voucher_amount_granted_total');
    const amounts = (await grantedAmounts()).length;
    const res = await stepOf(id, 'decision', 1, approval(987_654));
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toBe('"2"');
    expect(res.body).toMatchObject({
      status: 'approved',
      amountGranted: { amount: 987_654, currency: 'RON' },
    });
    expect(await readCounter(COUNTY, 'voucher_requests_approved')).toBe(approved + 1);
    expect(await readCounter(COUNTY, 'voucher_amount_granted_total')).toBe(total + 987_654);
    expect((await grantedAmounts()).length).toBe(amounts + 1);
    const again = await stepOf(id, 'decision', 2, approval(987_654));
    expect(again.status).toBe(409);
    expect(await readCounter(COUNTY, 'voucher_requests_approved')).toBe(approved + 1);
  });

  it('refuses a stale If-Match with 412 and moves no counter', async () => {
    const { id } = await file();
    const approved = await readCounter(COUNTY, 'voucher_requests_approved');
    const res = await stepOf(id, 'decision', 5, approval());
    expect(res.status).toBe(412);
    expect(await readCounter(COUNTY, 'voucher_requests_approved')).toBe(approved);
    const still = await call('GET', pathOf(id), { as: coordinator });
    expect(still.body.status).toBe('filed');
  });

  it('lets one of two simultaneous approvals through and counts it once', async () => {
    const { id } = await file();
    const approved = await readCounter(COUNTY, 'voucher_requests_approved');
    const total = await readCounter(COUNTY, 'voucher_amount_granted_total');
    const results = await Promise.all([
      stepOf(id, 'decision', 1, approval(1000)),
      stepOf(id, 'decision', 1, approval(1000)),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([409, 412]).toContain(statuses[1]);
    expect(await readCounter(COUNTY, 'voucher_requests_approved')).toBe(approved + 1);
    expect(await readCounter(COUNTY, 'voucher_amount_granted_total')).toBe(total + 1000);
  });

  it('refuses to grant more than requested with 422', async () => {
    const { id } = await file({ amountRequested: { amount: 5000, currency: 'RON' } });
    const res = await stepOf(id, 'decision', 1, approval(5001));
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('amountGranted.amount');
  });

  it('moves no approval counter on a rejection', async () => {
    const { id } = await file();
    const approved = await readCounter(COUNTY, 'voucher_requests_approved');
    const res = await stepOf(id, 'decision', 1, {
      outcome: 'rejected',
      decidedAt: '2025-11-25T10:00:00Z',
      reference: 'Hot. 13/2025',
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('rejected');
    expect(await readCounter(COUNTY, 'voucher_requests_approved')).toBe(approved);
  });

  it('refuses to issue a cash advance with 422: only a voucher advance is issued', async () => {
    const { id } = await file({ kind: 'advance_cash', uses: undefined });
    await stepOf(id, 'decision', 1, approval(1000));
    const res = await stepOf(id, 'issued', 2, { issuedAt: '2025-11-22T10:00:00Z', distributor: 'Edenred' });
    expect(res.status).toBe(422);
  });

  it('issues with hours from the referral against the 72-hour target, a default validity, and the issued index keys', async () => {
    const { id } = await file({ referredAt: '2025-11-21T10:00:00Z' });
    await stepOf(id, 'decision', 1, approval(1000, '2025-11-21T10:00:00Z'));
    const res = await stepOf(id, 'issued', 2, { issuedAt: '2025-11-23T16:00:00Z', distributor: 'Edenred' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'issued',
      hoursToIssue: 54,
      withinTarget: true,
      // 90 days counting the issue day (23 Nov 2025 is day 1).
      validUntil: '2026-02-20',
      distributor: 'Edenred',
    });
    const raw = await readRawItem(voucherKeys.item(caseOf.get(id) as string, id));
    expect(raw?.['gsi2pk']).toBe('VOUCHERS#ISSUED');
    expect(raw?.['gsi2sk']).toBe(`2026-02-20#${caseOf.get(id)}#${id}`);
    expect(raw?.['distributor']).toMatch(/^enc1:/);
  });

  it('redeems an issued voucher, drops it from the issued index and keeps the whole history', async () => {
    const { id } = await file({ referredAt: '2025-11-21T10:00:00Z' });
    await stepOf(id, 'decision', 1, approval(1000, '2025-11-21T10:00:00Z'));
    await stepOf(id, 'issued', 2, { issuedAt: '2025-11-22T10:00:00Z', distributor: 'Pluxee' });
    const res = await stepOf(id, 'redeemed', 3, { redeemedAt: '2025-12-01T12:00:00Z' });
    expect(res.status).toBe(200);
    const read = await call('GET', pathOf(id), { as: coordinator });
    expect(read.headers['etag']).toBe('"4"');
    expect(read.body.history.map((h: { step: string }) => h.step)).toEqual([
      'filed',
      'decision',
      'issued',
      'redeemed',
    ]);
    expect(read.body.history[1]).toMatchObject({
      by: 'coord-vs',
      outcome: 'approved',
      reference: 'Hot. 12/2025',
    });
    expect(read.body.history[2]).toMatchObject({
      distributor: 'Pluxee',
      hoursToIssue: 24,
      withinTarget: true,
    });
    const raw = await readRawItem(voucherKeys.item(caseOf.get(id) as string, id));
    expect(raw?.['gsi2pk']).toBeUndefined();
    expect(JSON.stringify(raw?.['history'])).not.toContain('Pluxee');
  });

  it('lists the case’s requests', async () => {
    const { id } = await file();
    const ids: string[] = [];
    let cursor = '';
    do {
      const res = await call('GET', `/cases/${caseOf.get(id)}/voucher-requests?limit=100${cursor}`, {
        as: coordinator,
      });
      expect(res.status).toBe(200);
      ids.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor ? `&cursor=${res.body.nextCursor}` : '';
    } while (cursor);
    expect(ids).toContain(id);
  });
});

describe('the voucher expiry job', () => {
  // Dates long past, so no other test's voucher is in range of this job's run.
  async function issuedIn2024(issuedAt: string, validUntil?: string) {
    const { id } = await file({ filedAt: '2024-02-01' });
    await stepOf(id, 'decision', 1, approval(1000, '2024-02-02T10:00:00Z'));
    const res = await stepOf(id, 'issued', 2, { issuedAt, distributor: 'Edenred', validUntil });
    expect(res.status).toBe(200);
    return { id, validUntil: res.body.validUntil as string };
  }

  it('is registered as a local scheduled job', () => {
    expect(scheduledJobs.map((j) => j.name)).toContain('expire-vouchers');
  });

  it('refuses a manual expiry while the voucher is still valid with 422', async () => {
    // Paper dates as days: filed, decided and issued today, so the voucher is valid now.
    const today = localDateOf(new Date());
    const { id } = await file({ filedAt: today });
    expect((await stepOf(id, 'decision', 1, approval(1000, today))).status).toBe(200);
    expect((await stepOf(id, 'issued', 2, { issuedAt: today, distributor: 'Edenred' })).status).toBe(200);
    expect((await stepOf(id, 'expired', 3)).status).toBe(422);
  });

  it('expires a voucher after its last valid day, once; a second run changes nothing', async () => {
    // 90 days counting the issue day: issued 3 Feb 2024 (a leap year), valid through 2 May.
    const lapsed = await issuedIn2024('2024-02-03T10:00:00Z');
    expect(lapsed.validUntil).toBe('2024-05-02');
    const lastDay = await issuedIn2024('2024-02-04T10:00:00Z');
    expect(lastDay.validUntil).toBe('2024-05-03');

    const first = await expiryJob({ time: '2024-05-03T12:00:00Z' });
    expect(first.expired).toBeGreaterThanOrEqual(1);
    const expired = await call('GET', pathOf(lapsed.id), { as: coordinator });
    expect(expired.body.status).toBe('expired');
    expect(expired.headers['etag']).toBe('"4"');
    expect(expired.body.history.at(-1)).toMatchObject({ step: 'expired', by: 'system:voucher-expiry' });
    const raw = await readRawItem(voucherKeys.item(caseOf.get(lapsed.id) as string, lapsed.id));
    expect(raw?.['gsi2pk']).toBeUndefined();
    // Valid through its last day (Bucharest): not expired on that day.
    const stillValid = await call('GET', pathOf(lastDay.id), { as: coordinator });
    expect(stillValid.body.status).toBe('issued');

    const second = await expiryJob({ time: '2024-05-03T12:00:00Z' });
    expect(second).toMatchObject({ expired: 0, skipped: 0 });
    const after = await call('GET', pathOf(lapsed.id), { as: coordinator });
    expect(after.headers['etag']).toBe('"4"');
    expect(after.body.history).toHaveLength(4);
  });

  it('lets a coordinator record the expiry by hand once the voucher has lapsed', async () => {
    const { id } = await issuedIn2024('2024-02-03T10:00:00Z', '2024-03-01');
    const res = await stepOf(id, 'expired', 3);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('expired');
    expect(res.body.history.at(-1)).toMatchObject({ step: 'expired', by: 'coord-vs' });
    expect(localDateOf(new Date(res.body.expiredAt)) > '2024-03-01').toBe(true);
  });
});

describe('the advance cap over a case’s requests (HG 541/2023)', () => {
  const advance = (amount: number) => aVoucherRequest({ amountRequested: { amount, currency: 'RON' } });

  it('caps the sum of the case’s advances that are not rejected, and a rejection frees its room', async () => {
    const on = await freshCase();
    const path = `/cases/${on}/voucher-requests`;
    const first = await call('POST', path, { as: coordinator, body: advance(1_500_000) });
    expect(first.status).toBe(201);
    const over = await call('POST', path, { as: coordinator, body: advance(CAP - 1_500_000 + 1) });
    expect(over.status).toBe(422);
    expect(over.body.errors[0]).toEqual({
      path: 'amountRequested.amount',
      message: expect.stringContaining(`${CAP - 1_500_000} bani`),
    });
    const rejected = await call('POST', `${path}/${first.body.id}/decision`, {
      as: coordinator,
      ifMatch: 1,
      body: { outcome: 'rejected', decidedAt: '2025-11-25', reference: 'Hot. 14/2025' },
    });
    expect(rejected.status).toBe(200);
    const full = await call('POST', path, { as: coordinator, body: advance(CAP) });
    expect(full.status).toBe(201);
    // A compensation request is not an advance: it does not count.
    const compensation = await call('POST', path, {
      as: coordinator,
      body: aVoucherRequest({
        kind: 'compensation',
        uses: undefined,
        amountRequested: { amount: CAP, currency: 'RON' },
      }),
    });
    expect(compensation.status).toBe(201);
  });

  it('lets only one of two simultaneous advances through when together they pass the cap', async () => {
    const on = await freshCase();
    const path = `/cases/${on}/voucher-requests`;
    const before = await readCounter(COUNTY, 'voucher_requests_filed');
    const results = await Promise.all([
      call('POST', path, { as: coordinator, body: advance(1_200_000) }),
      call('POST', path, { as: coordinator, body: advance(1_200_000) }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 422]);
    const list = await call('GET', path, { as: coordinator });
    expect(list.body.items).toHaveLength(1);
    expect(await readCounter(COUNTY, 'voucher_requests_filed')).toBe(before + 1);
  });
});

describe('paper dates, the referral and the validity over HTTP', () => {
  it('records referredAt and accepts the steps dated by day, answering them as days', async () => {
    const { id } = await file({ referredAt: '2025-11-20' });
    const decided = await stepOf(id, 'decision', 1, approval(1000, '2025-11-21'));
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ referredAt: '2025-11-20', decidedAt: '2025-11-21' });
    const issued = await stepOf(id, 'issued', 2, { issuedAt: '2025-11-22', distributor: 'Edenred' });
    expect(issued.status).toBe(200);
    // From the start of 20 Nov to the end of 22 Nov in Bucharest: 72 hours, within the target.
    expect(issued.body).toMatchObject({ issuedAt: '2025-11-22', hoursToIssue: 72, withinTarget: true });
    const redeemed = await stepOf(id, 'redeemed', 3, { redeemedAt: '2025-12-01' });
    expect(redeemed.body.redeemedAt).toBe('2025-12-01');
  });

  it('refuses a validUntil beyond 90 days counting the issue day with 422 naming it', async () => {
    const { id } = await file();
    await stepOf(id, 'decision', 1, approval(1000, '2025-11-21'));
    const res = await stepOf(id, 'issued', 2, {
      issuedAt: '2025-11-22',
      distributor: 'Edenred',
      validUntil: '2026-02-20',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toEqual({ path: 'validUntil', message: 'Must be 2026-02-19 or earlier' });
  });

  it('answers 400 naming the field for a paper date that does not exist', async () => {
    const { id } = await file();
    const res = await stepOf(id, 'decision', 1, approval(1000, '2025-02-30'));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('decidedAt');
  });
});

describe('GET /voucher-requests/awaiting-issue (the Today page’s 72-hour list)', () => {
  // A county no other test files vouchers in, so the list holds exactly this test's requests.
  const county = 'TL';
  const tulcea: Who = { role: 'coordinator', county, sub: 'coord-tl' };
  const neighbour: Who = { role: 'coordinator', county: 'CT', sub: 'coord-ct-awaiting' };
  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);

  async function referred(referredAt: string | undefined): Promise<{ caseId: string; id: string }> {
    const created = await call('POST', '/cases', { as: tulcea, body: aCase({ county }) });
    expect(created.status).toBe(201);
    const filed = await call('POST', `/cases/${created.body.id}/voucher-requests`, {
      as: tulcea,
      body: aVoucherRequest({ filedAt: '2025-11-20', ...(referredAt ? { referredAt } : {}) }),
    });
    expect(filed.status).toBe(201);
    return { caseId: created.body.id, id: filed.body.id };
  }

  it('lists the referred requests not yet issued, nearest target first, and drops each once issued or rejected', async () => {
    const later = await referred('2025-11-20T15:00:00Z');
    const sooner = await referred('2025-11-19');
    const unreferred = await referred(undefined);
    const listed = await call('GET', '/voucher-requests/awaiting-issue', { as: tulcea });
    expect(listed.status).toBe(200);
    expect(ids(listed)).toEqual([sooner.id, later.id]);
    expect(ids(listed)).not.toContain(unreferred.id);
    // Another county sees none of them.
    expect(ids(await call('GET', '/voucher-requests/awaiting-issue', { as: neighbour }))).not.toContain(
      sooner.id,
    );

    const path = (r: { caseId: string; id: string }) => `/cases/${r.caseId}/voucher-requests/${r.id}`;
    const approved = await call('POST', `${path(sooner)}/decision`, {
      as: tulcea,
      ifMatch: 1,
      body: approval(1000, '2025-11-21'),
    });
    expect(approved.status).toBe(200);
    // Approved but not issued: still waiting for its voucher.
    expect(ids(await call('GET', '/voucher-requests/awaiting-issue', { as: tulcea }))).toEqual([
      sooner.id,
      later.id,
    ]);
    const issued = await call('POST', `${path(sooner)}/issued`, {
      as: tulcea,
      ifMatch: 2,
      body: { issuedAt: '2025-11-22', distributor: 'Edenred' },
    });
    expect(issued.status).toBe(200);
    const rejected = await call('POST', `${path(later)}/decision`, {
      as: tulcea,
      ifMatch: 1,
      body: { outcome: 'rejected', decidedAt: '2025-11-21', reference: 'Hot. 13/2025' },
    });
    expect(rejected.status).toBe(200);
    expect(ids(await call('GET', '/voucher-requests/awaiting-issue', { as: tulcea }))).toEqual([]);
  });

  it('moves a waiting request to the new county’s list when its case is transferred', async () => {
    const waiting = await referred('2025-11-25');
    const moved = await call('POST', `/cases/${waiting.caseId}/transfer`, {
      as: tulcea,
      ifMatch: 1,
      body: { county: 'CT', coordinator: neighbour.sub, prosecutorUnit: 'PT-CT' },
    });
    expect(moved.status).toBe(200);
    expect(ids(await call('GET', '/voucher-requests/awaiting-issue', { as: tulcea }))).not.toContain(
      waiting.id,
    );
    expect(ids(await call('GET', '/voucher-requests/awaiting-issue', { as: neighbour }))).toContain(
      waiting.id,
    );
  });

  it('is refused to a prosecutor with 403', async () => {
    const prosecutor: Who = { role: 'prosecutor', unit: 'PT-TL', sub: 'pros-tl' };
    expect((await call('GET', '/voucher-requests/awaiting-issue', { as: prosecutor })).status).toBe(403);
  });
});
