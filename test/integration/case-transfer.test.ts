// A case that moves (issue 14 point 4): POST /cases/{caseId}/transfer moves the case and every index entry filed
// under it in one transaction, and GET /cases?criminalCaseNumber= lists the victims of one criminal case in scope.
import { describe, expect, it } from 'vitest';
import { localDateOf, plusDays } from '../../shared/domain/local-date.ts';
import { call, type Who } from '../support/api.ts';
import { aCase } from '../support/factories.ts';
import { aHearing, localNoonIn } from '../support/messaging-factories.ts';
import { aProtectionRequest, aUnit } from '../support/protection-voucher-factories.ts';

const today = () => localDateOf(new Date());
const ids = (res: { body: { items: { id?: string; requestId?: string; caseId?: string }[] } }) =>
  res.body.items.map((i) => i.requestId ?? i.id ?? i.caseId);

async function aCaseIn(county: string, unit: string, by: Who, criminalCaseNumber = '77/D/P/2026') {
  const res = await call('POST', '/cases', {
    as: by,
    body: aCase({ county: county as never, prosecutorUnit: unit, criminalCaseNumber }),
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('POST /cases/{caseId}/transfer', () => {
  it('moves the case, its pending request, its measure under review and its hearings to the new county, coordinator and unit', async () => {
    const fromUnit = aUnit('FROM');
    const toUnit = aUnit('TO');
    const oldCoordinator: Who = { role: 'coordinator', county: 'HD', sub: 'coord-hd-transfer' };
    const newCoordinator: Who = { role: 'coordinator', county: 'AB', sub: 'coord-ab-transfer' };
    const oldProsecutor: Who = { role: 'prosecutor', unit: fromUnit, sub: 'pros-from' };
    const newProsecutor: Who = { role: 'prosecutor', unit: toUnit, sub: 'pros-to' };
    const caseId = await aCaseIn('HD', fromUnit, oldCoordinator);

    const startsAt = localNoonIn(30);
    const hearing = await call('POST', `/cases/${caseId}/hearings`, {
      as: oldCoordinator,
      body: aHearing({ startsAt }),
    });
    expect(hearing.status).toBe(201);
    const pending = await call('POST', `/cases/${caseId}/protection-requests`, {
      as: oldCoordinator,
      body: aProtectionRequest({ measures: [{ type: 'psychologist_present', justification: 'panic' }] }),
    });
    const decidedRequest = await call('POST', `/cases/${caseId}/protection-requests`, {
      as: oldCoordinator,
      body: aProtectionRequest({ measures: [{ type: 'no_visual_contact', justification: 'fear' }] }),
    });
    const decided = await call(
      'POST',
      `/cases/${caseId}/protection-requests/${decidedRequest.body.id}/decision`,
      {
        as: oldProsecutor,
        ifMatch: 1,
        body: {
          decisions: [
            { measure: 'no_visual_contact', outcome: 'confirmed', reviewBy: plusDays(today(), 10) },
          ],
        },
      },
    );
    expect(decided.status).toBe(200);

    const moved = await call('POST', `/cases/${caseId}/transfer`, {
      as: oldCoordinator,
      ifMatch: 1,
      body: { county: 'AB', coordinator: newCoordinator.sub, prosecutorUnit: toUnit },
    });
    expect(moved.status).toBe(200);
    expect(moved.headers['etag']).toBe('"2"');
    expect(moved.body).toMatchObject({
      county: 'AB',
      coordinator: newCoordinator.sub,
      prosecutorUnit: toUnit,
    });

    // The case: gone from the old county, in the new one.
    expect((await call('GET', `/cases/${caseId}`, { as: oldCoordinator })).status).toBe(404);
    expect((await call('GET', `/cases/${caseId}`, { as: newCoordinator })).status).toBe(200);
    expect(ids(await call('GET', '/cases?limit=100', { as: newCoordinator }))).toContain(caseId);
    // The pending request: in the new unit's and county's queue, in neither old one.
    expect(ids(await call('GET', '/protection-requests?status=pending', { as: newProsecutor }))).toEqual([
      pending.body.id,
    ]);
    expect(ids(await call('GET', '/protection-requests?status=pending', { as: oldProsecutor }))).toEqual([]);
    expect(
      ids(await call('GET', '/protection-requests?status=pending&limit=100', { as: newCoordinator })),
    ).toContain(pending.body.id);
    // The measure: on the new unit's due list.
    const due = `/protection-measures/due?before=${plusDays(today(), 11)}`;
    const caseIds = (res: { body: { items: { caseId: string }[] } }) => res.body.items.map((i) => i.caseId);
    expect(caseIds(await call('GET', due, { as: newProsecutor }))).toEqual([caseId]);
    expect(caseIds(await call('GET', due, { as: oldProsecutor }))).toEqual([]);
    // The hearing: in the new coordinator's calendar and the new unit's, not the old ones.
    const range = `from=${localNoonIn(29)}&to=${localNoonIn(31)}`;
    expect(ids(await call('GET', `/hearings?${range}`, { as: newCoordinator }))).toEqual([hearing.body.id]);
    expect(ids(await call('GET', `/hearings?${range}`, { as: oldCoordinator }))).toEqual([]);
    expect(ids(await call('GET', `/hearings?${range}`, { as: newProsecutor }))).toEqual([hearing.body.id]);

    // Audited, as a change of the case.
    const audit = await call('GET', `/audit?caseId=${caseId}`, { as: { role: 'admin', sub: 'auditor' } });
    expect(audit.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'update', actor: oldCoordinator.sub })]),
    );
  });

  it('refuses a stale If-Match with 412 and moves nothing', async () => {
    const coordinator: Who = { role: 'coordinator', county: 'HD', sub: 'coord-hd-stale' };
    const caseId = await aCaseIn('HD', aUnit('STALE'), coordinator);
    const res = await call('POST', `/cases/${caseId}/transfer`, {
      as: coordinator,
      ifMatch: 3,
      body: { prosecutorUnit: 'DIICOT-ALBA' },
    });
    expect(res.status).toBe(412);
    expect((await call('GET', `/cases/${caseId}`, { as: coordinator })).body.prosecutorUnit).not.toBe(
      'DIICOT-ALBA',
    );
  });

  it('asks for the new coordinator with 422 when the county changes', async () => {
    const coordinator: Who = { role: 'coordinator', county: 'HD', sub: 'coord-hd-422' };
    const caseId = await aCaseIn('HD', aUnit('NOCOORD'), coordinator);
    const res = await call('POST', `/cases/${caseId}/transfer`, {
      as: coordinator,
      ifMatch: 1,
      body: { county: 'AB' },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('coordinator');
  });

  it('answers 404 to a coordinator of another county and 403 to a prosecutor', async () => {
    const coordinator: Who = { role: 'coordinator', county: 'HD', sub: 'coord-hd-scope' };
    const unit = aUnit('SCOPE');
    const caseId = await aCaseIn('HD', unit, coordinator);
    const body = { prosecutorUnit: 'DIICOT-ALBA' };
    const other = await call('POST', `/cases/${caseId}/transfer`, {
      as: { role: 'coordinator', county: 'AB', sub: 'x' },
      ifMatch: 1,
      body,
    });
    expect(other.status).toBe(404);
    const prosecutor = await call('POST', `/cases/${caseId}/transfer`, {
      as: { role: 'prosecutor', unit, sub: 'p' },
      ifMatch: 1,
      body,
    });
    expect(prosecutor.status).toBe(403);
  });
});

describe('GET /cases?criminalCaseNumber=', () => {
  it('lists every victim of one criminal case within the caller’s scope, and follows a transfer', async () => {
    const number = `${Date.now()}/D/P/2026`;
    const unit = aUnit('CCN');
    const hd: Who = { role: 'coordinator', county: 'HD', sub: 'coord-hd-ccn' };
    const ab: Who = { role: 'coordinator', county: 'AB', sub: 'coord-ab-ccn' };
    const first = await aCaseIn('HD', unit, hd, number);
    const second = await aCaseIn('HD', unit, hd, ` ${number.toLowerCase()} `);
    const elsewhere = await aCaseIn('AB', unit, ab, number);
    await aCaseIn('HD', unit, hd, `${number}-other`);
    const query = `/cases?criminalCaseNumber=${encodeURIComponent(number)}`;

    expect(ids(await call('GET', query, { as: hd }))).toEqual([first, second].sort());
    expect(ids(await call('GET', query, { as: { role: 'prosecutor', unit, sub: 'p' } }))).toEqual(
      [first, second, elsewhere].sort(),
    );
    expect(
      ids(await call('GET', query, { as: { role: 'prosecutor', unit: 'DIICOT-ALBA', sub: 'q' } })),
    ).toEqual([]);

    const moved = await call('POST', `/cases/${second}/transfer`, {
      as: hd,
      ifMatch: 1,
      body: { county: 'AB', coordinator: ab.sub },
    });
    expect(moved.status).toBe(200);
    expect(ids(await call('GET', query, { as: hd }))).toEqual([first]);
    expect(ids(await call('GET', query, { as: ab }))).toEqual([second, elsewhere].sort());
  });
});
