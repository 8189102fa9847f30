import { beforeAll, describe, expect, it } from 'vitest';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { QueryCommand } from '../../shared/data/document-client.ts';
import { call } from '../support/api.ts';
import {
  aCase,
  admin,
  analyst,
  coordinatorDJ,
  coordinatorGJ,
  prosecutorCraiova,
  prosecutorOther,
} from '../support/factories.ts';
import { aHearing } from '../support/messaging-factories.ts';
import { aProtectionRequest, aVoucherRequest } from '../support/protection-voucher-factories.ts';
import { ScanCommand } from '../support/scan-command.ts';

async function openCase(overrides = {}) {
  const body = aCase(overrides);
  const created = await call('POST', '/cases', { as: coordinatorDJ, body });
  expect(created.status).toBe(201);
  return { body, created: created.body, etag: created.headers['etag'] };
}

describe('POST /cases', () => {
  it('creates an open case owned by the caller, with a Location and an ETag', async () => {
    const body = aCase();
    const res = await call('POST', '/cases', { as: coordinatorDJ, body });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'open', version: 1, coordinator: 'coord-dj', county: 'DJ' });
    expect(res.body.victim.isMinor).toBe(false);
    expect(res.headers['location']).toBe(`/cases/${res.body.id}`);
    expect(res.headers['etag']).toBe('"1"');
    expect(res.body.createdAt).toMatch(/Z$/);
  });

  it('derives isMinor from the birth year', async () => {
    const res = await call('POST', '/cases', {
      as: coordinatorDJ,
      body: aCase({ victim: { birthYear: 2012 } }),
    });
    expect(res.body.victim.isMinor).toBe(true);
  });

  it.each([
    ['a non-E.164 phone', { victim: { phone: '0722123456' } }, 'victim.phone'],
    ['an unknown county', { county: 'XX' }, 'county'],
    ['an unknown language', { victim: { language: 'pt' } }, 'victim.language'],
    ['a wrong type', { participatesInProceedings: 'yes' }, 'participatesInProceedings'],
    ['an unknown stage', { proceedingsStage: 'verdict' }, 'proceedingsStage'],
    ['an extra field', { surprise: 1 }, 'surprise'],
  ])('refuses %s with 400 naming the field', async (_name, overrides, path) => {
    const res = await call('POST', '/cases', {
      as: coordinatorDJ,
      body: {
        ...aCase(),
        ...overrides,
        victim: { ...aCase().victim, ...((overrides as { victim?: object }).victim ?? {}) },
      },
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('refuses a missing field with 400 naming it', async () => {
    const { criminalCaseNumber: _omitted, ...body } = aCase();
    const res = await call('POST', '/cases', { as: coordinatorDJ, body });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path: 'criminalCaseNumber' }));
  });

  it('refuses a body that is not JSON with 400, a wrong content type with 415, a 2 MB body with 413', async () => {
    const notJson = await call('POST', '/cases', {
      as: coordinatorDJ,
      rawBody: '{"county":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors[0].path).toBe('body');
    const wrongType = await call('POST', '/cases', {
      as: coordinatorDJ,
      rawBody: 'county=DJ',
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongType.status).toBe(415);
    const huge = await call('POST', '/cases', {
      as: coordinatorDJ,
      body: { ...aCase(), padding: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    for (const res of [notJson, wrongType, huge]) expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses to open a case in another county with 403', async () => {
    const res = await call('POST', '/cases', { as: coordinatorDJ, body: aCase({ county: 'GJ' }) });
    expect(res.status).toBe(403);
  });

  it('refuses a request without a token with 401 and an analyst with 403', async () => {
    expect((await call('POST', '/cases', { body: aCase() })).status).toBe(401);
    expect((await call('POST', '/cases', { as: analyst, body: aCase() })).status).toBe(403);
  });
});

describe('GET /cases/{caseId}', () => {
  it('shows the case to its county coordinator with an ETag, and as 404 to another county', async () => {
    const { created, body } = await openCase();
    const mine = await call('GET', `/cases/${created.id}`, { as: coordinatorDJ });
    expect(mine.status).toBe(200);
    expect(mine.headers['etag']).toBe('"1"');
    expect(mine.body.victim.phone).toBe(body.victim.phone);
    const other = await call('GET', `/cases/${created.id}`, { as: coordinatorGJ });
    expect(other.status).toBe(404);
    expect(other.text).not.toContain(created.id);
  });

  it('masks the phone for the prosecutor of the unit and hides the case from other units', async () => {
    const { created } = await openCase({ victim: { phone: '+40722123456' } });
    const res = await call('GET', `/cases/${created.id}`, { as: prosecutorCraiova });
    expect(res.status).toBe(200);
    expect(res.body.victim.phone).toBe('+40 7** *** 456');
    expect(res.text).not.toContain('722123456');
    expect((await call('GET', `/cases/${created.id}`, { as: prosecutorOther })).status).toBe(404);
  });

  it('is 403 for an analyst and 400 for an id that is not a ULID', async () => {
    const { created } = await openCase();
    expect((await call('GET', `/cases/${created.id}`, { as: analyst })).status).toBe(403);
    const bad = await call('GET', '/cases/not-an-id', { as: coordinatorDJ });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('caseId');
  });
});

describe('PATCH /cases/{caseId}', () => {
  it('changes the case with the current If-Match and bumps the version', async () => {
    const { created } = await openCase();
    const res = await call('PATCH', `/cases/${created.id}`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { proceedingsStage: 'trial', victim: { language: 'uk' } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 2, proceedingsStage: 'trial' });
    expect(res.body.victim.language).toBe('uk');
    expect(res.body.victim.pseudonym).toBe('V-17');
    expect(res.headers['etag']).toBe('"2"');
  });

  it('answers 412 to a stale If-Match and 428 without one, and loses nothing', async () => {
    const { created } = await openCase();
    await call('PATCH', `/cases/${created.id}`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { proceedingsStage: 'trial' },
    });
    const stale = await call('PATCH', `/cases/${created.id}`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { proceedingsStage: 'appeal' },
    });
    expect(stale.status).toBe(412);
    const missing = await call('PATCH', `/cases/${created.id}`, {
      as: coordinatorDJ,
      body: { proceedingsStage: 'appeal' },
    });
    expect(missing.status).toBe(428);
    const now = await call('GET', `/cases/${created.id}`, { as: coordinatorDJ });
    expect(now.body.proceedingsStage).toBe('trial');
  });

  it('lets exactly one of twenty concurrent changes with the same If-Match win', async () => {
    const { created } = await openCase();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('PATCH', `/cases/${created.id}`, {
          as: coordinatorDJ,
          ifMatch: 1,
          body: { criminalCaseNumber: `${i}/D/P/2025` },
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
    const winner = results.find((r) => r.status === 200);
    const now = await call('GET', `/cases/${created.id}`, { as: coordinatorDJ });
    expect(now.body.criminalCaseNumber).toBe(winner?.body.criminalCaseNumber);
    expect(now.body.version).toBe(2);
  });
});

describe('POST /cases/{caseId}/close', () => {
  it('closes the case with a reason and moves it to the closed list', async () => {
    const { created } = await openCase();
    const res = await call('POST', `/cases/${created.id}/close`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { reason: 'Proceedings ended' },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('closed');
    const closed = await call('GET', '/cases?status=closed&limit=100', { as: coordinatorDJ });
    expect(closed.body.items.map((c: { id: string }) => c.id)).toContain(created.id);
    const again = await call('POST', `/cases/${created.id}/close`, {
      as: coordinatorDJ,
      ifMatch: 2,
      body: { reason: 'Twice' },
    });
    expect(again.status).toBe(422);
  });
});

describe('GET /cases', () => {
  it('lists only the caller county, paginated with a cursor', async () => {
    await openCase();
    await openCase();
    const first = await call('GET', '/cases?limit=1', { as: coordinatorDJ });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call('GET', `/cases?limit=1&cursor=${first.body.nextCursor}`, { as: coordinatorDJ });
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    const gj = await call('GET', '/cases?limit=100', { as: coordinatorGJ });
    expect(gj.body.items.every((c: { county: string }) => c.county === 'GJ')).toBe(true);
  });

  it('refuses a forged cursor with 400 and a limit out of range with 400', async () => {
    const forged = Buffer.from(
      JSON.stringify({ gsi1pk: 'COUNTY#GJ', gsi1sk: 'CASE#open#x', pk: 'x', sk: 'y' }),
    ).toString('base64url');
    const res = await call('GET', `/cases?cursor=${forged}`, { as: coordinatorDJ });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('cursor');
    expect((await call('GET', '/cases?limit=101', { as: coordinatorDJ })).status).toBe(400);
  });

  it('lists every county for an admin', async () => {
    const { created } = await openCase();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await call(
        'GET',
        `/cases?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        { as: admin },
      );
      seen.push(...page.body.items.map((c) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toContain(created.id);
  });
});

describe('DELETE /cases/{caseId}/personal-data', () => {
  it('erases names and phones, keeps the pseudonym, and is admin-only', async () => {
    const { created } = await openCase();
    expect(
      (
        await call('DELETE', `/cases/${created.id}/personal-data`, {
          as: coordinatorDJ,
          body: { reason: 'Request' },
        })
      ).status,
    ).toBe(403);
    const res = await call('DELETE', `/cases/${created.id}/personal-data`, {
      as: admin,
      body: { reason: 'Erasure request of 2026-11-01' },
    });
    expect(res.status).toBe(204);
    const after = await call('GET', `/cases/${created.id}`, { as: coordinatorDJ });
    expect(after.body.victim.pseudonym).toBe('V-17');
    expect(after.body.victim.fullName).toBeUndefined();
    expect(after.body.victim.phone).toBeUndefined();
    expect(after.body.erasedAt).toEqual(expect.any(String));
  });
});

describe('erasure of everything filed under a case', () => {
  it('leaves no encrypted value under the case and no pending message, and keeps the records', async () => {
    const { created } = await openCase();
    const caseId = created.id as string;
    const hearing = await call('POST', `/cases/${caseId}/hearings?allowConflict=true`, {
      as: coordinatorDJ,
      body: aHearing(),
    });
    expect(hearing.status).toBe(201);
    expect(hearing.body.reminders.length).toBeGreaterThan(0);
    const protection = await call('POST', `/cases/${caseId}/protection-requests`, {
      as: coordinatorDJ,
      body: aProtectionRequest(),
    });
    expect(protection.status).toBe(201);
    const voucher = await call('POST', `/cases/${caseId}/voucher-requests`, {
      as: coordinatorDJ,
      body: aVoucherRequest(),
    });
    expect(voucher.status).toBe(201);
    const itemsUnder = async () =>
      (
        await getDocumentClient().send(
          new QueryCommand({
            TableName: tableNames().coordination,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `CASE#${caseId}` },
          }),
        )
      ).Items ?? [];
    expect(JSON.stringify(await itemsUnder())).toContain('enc1:');

    const erased = await call('DELETE', `/cases/${caseId}/personal-data`, {
      as: admin,
      body: { reason: 'Erasure request' },
    });
    expect(erased.status).toBe(204);

    const after = await itemsUnder();
    expect(JSON.stringify(after)).not.toContain('enc1:');
    expect(after.filter((i) => i['entity'] === 'message' && i['status'] === 'pending')).toEqual([]);
    expect(after.some((i) => i['entity'] === 'hearing')).toBe(true);
    expect(after.some((i) => i['entity'] === 'protection_request')).toBe(true);
    expect(after.some((i) => i['entity'] === 'voucher')).toBe(true);
    const stillReadable = await call('GET', `/cases/${caseId}/protection-requests`, { as: coordinatorDJ });
    expect(stillReadable.status).toBe(200);
  });
});

describe('GET /audit', () => {
  it('records who read a case, with the request id, for admins only', async () => {
    const { created } = await openCase();
    const read = await call('GET', `/cases/${created.id}`, { as: prosecutorCraiova });
    const audit = await call('GET', `/audit?caseId=${created.id}`, { as: admin });
    expect(audit.status).toBe(200);
    const entry = audit.body.items.find((e: { actor: string }) => e.actor === 'pros-craiova');
    expect(entry).toMatchObject({
      action: 'read',
      entity: 'case',
      caseId: created.id,
      requestId: read.headers['x-request-id'],
    });
    expect(audit.body.items.some((e: { action: string }) => e.action === 'create')).toBe(true);
    expect((await call('GET', `/audit?caseId=${created.id}`, { as: coordinatorDJ })).status).toBe(403);
  });
});

describe('data at rest', () => {
  let phone: string;
  beforeAll(async () => {
    const { body } = await openCase({ victim: { fullName: 'Ioana Marinescu-Scan', phone: '+40733999111' } });
    phone = body.victim.phone as string;
  });

  it('holds no phone number or name in clear in any table', async () => {
    for (const table of Object.values(tableNames())) {
      const out = await getDocumentClient().send(new ScanCommand({ TableName: table }));
      const dump = JSON.stringify(out.Items ?? []);
      expect(dump).not.toContain(phone);
      expect(dump).not.toContain('733999111');
      expect(dump).not.toContain('Ioana Marinescu-Scan');
      expect(dump).not.toContain('Ana Popescu');
    }
  });
});
