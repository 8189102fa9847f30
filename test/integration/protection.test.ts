import { beforeAll, describe, expect, it } from 'vitest';
import { measureKeys, protectionKeys } from '../../shared/data/keys.ts';
import { localDateOf, plusDays } from '../../shared/domain/local-date.ts';
import { call, type Who } from '../support/api.ts';
import { aCase } from '../support/factories.ts';
import {
  aProtectionRequest,
  aUnit,
  readCounter,
  readRawItem,
} from '../support/protection-voucher-factories.ts';

// A county and units of their own, so counters and queues hold only this file's writes.
const COUNTY = 'MH';
const coordinator: Who = { role: 'coordinator', county: COUNTY, sub: 'coord-mh' };
const otherCoordinator: Who = { role: 'coordinator', county: 'GJ', sub: 'coord-gj' };
const otherProsecutor: Who = { role: 'prosecutor', unit: 'DIICOT-TARGU-JIU', sub: 'pros-tj' };

const today = () => localDateOf(new Date());

async function openCase(unit: string, phone?: string) {
  const body = aCase({ county: COUNTY, prosecutorUnit: unit, victim: phone ? { phone } : {} });
  const res = await call('POST', '/cases', { as: coordinator, body });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function fileRequest(caseId: string, overrides = {}) {
  const res = await call('POST', `/cases/${caseId}/protection-requests`, {
    as: coordinator,
    body: aProtectionRequest(overrides),
  });
  expect(res.status).toBe(201);
  return res.body;
}

const confirmAndReject = (reviewBy: string) => ({
  decisions: [
    { measure: 'escort_travel', outcome: 'confirmed', reviewBy },
    {
      measure: 'remote_av_distorted',
      outcome: 'rejected',
      reason: 'No distortion equipment; a screen will do',
    },
  ],
});

describe('POST /cases/{caseId}/protection-requests', () => {
  let unit: string;
  let caseId: string;
  beforeAll(async () => {
    unit = aUnit('PROT');
    caseId = await openCase(unit);
  });

  it('files a pending request with an ETag, derives urgency and counts it once', async () => {
    const before = await readCounter(COUNTY, 'protection_requests');
    const res = await call('POST', `/cases/${caseId}/protection-requests`, {
      as: coordinator,
      body: aProtectionRequest(),
    });
    expect(res.status).toBe(201);
    expect(res.headers['etag']).toBe('"1"');
    expect(res.headers['location']).toBe(`/cases/${caseId}/protection-requests/${res.body.id}`);
    expect(res.body).toMatchObject({ status: 'pending', urgent: true, stage: 'prosecution', decision: null });
    expect(await readCounter(COUNTY, 'protection_requests')).toBe(before + 1);
  });

  it('stores the summary and the justifications encrypted', async () => {
    const created = await fileRequest(caseId);
    const raw = await readRawItem(protectionKeys.item(caseId, created.id));
    const text = JSON.stringify(raw);
    expect(text).not.toContain('recruiter');
    expect(text).not.toContain('bus to the hearing');
    expect(raw?.['riskAssessment']).toMatchObject({ summary: expect.stringMatching(/^enc1:/) });
  });

  it('keeps a high-risk request normal when the coordinator says urgent: false', async () => {
    const created = await fileRequest(caseId, { urgent: false });
    expect(created.urgent).toBe(false);
  });

  it('refuses closed_session_testimony at the prosecution stage with 422, and counts nothing', async () => {
    const before = await readCounter(COUNTY, 'protection_requests');
    const res = await call('POST', `/cases/${caseId}/protection-requests`, {
      as: coordinator,
      body: aProtectionRequest({
        measures: [{ type: 'closed_session_testimony', justification: 'Public hearing would expose her' }],
      }),
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('measures.0');
    expect(await readCounter(COUNTY, 'protection_requests')).toBe(before);
  });

  it('accepts closed_session_testimony at the trial stage', async () => {
    const created = await fileRequest(caseId, {
      stage: 'trial',
      measures: [{ type: 'closed_session_testimony', justification: 'Public hearing would expose her' }],
    });
    expect(created.stage).toBe('trial');
  });

  it('refuses repeated measure types with 400 naming the duplicate', async () => {
    const res = await call('POST', `/cases/${caseId}/protection-requests`, {
      as: coordinator,
      body: aProtectionRequest({
        measures: [
          { type: 'escort_travel', justification: 'a' },
          { type: 'escort_travel', justification: 'b' },
        ],
      }),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('measures.1.type');
  });

  it('shows a request to the prosecutor unit its case moved to, and as 404 to the unit it left', async () => {
    const from = aUnit('FROM');
    const to = aUnit('TO');
    const movedCase = await openCase(from);
    const request = await fileRequest(movedCase);
    const moved = await call('PATCH', `/cases/${movedCase}`, {
      as: coordinator,
      ifMatch: 1,
      body: { prosecutorUnit: to },
    });
    expect(moved.status).toBe(200);
    const path = `/cases/${movedCase}/protection-requests/${request.id}`;
    expect((await call('GET', path, { as: { role: 'prosecutor', unit: to, sub: 'pros-to' } })).status).toBe(
      200,
    );
    expect(
      (await call('GET', path, { as: { role: 'prosecutor', unit: from, sub: 'pros-from' } })).status,
    ).toBe(404);
  });

  it('answers 404 to the coordinator of another county, for an existing request as for a missing one', async () => {
    const request = await fileRequest(caseId);
    for (const id of [request.id, '01JAAAAAAAAAAAAAAAAAAAAAAA']) {
      const read = await call('GET', `/cases/${caseId}/protection-requests/${id}`, { as: otherCoordinator });
      expect(`${read.status} ${read.body.detail}`).toBe('404 No such case.');
    }
  });

  it('answers 404 to the coordinator of another county', async () => {
    const res = await call('POST', `/cases/${caseId}/protection-requests`, {
      as: otherCoordinator,
      body: aProtectionRequest(),
    });
    expect(res.status).toBe(404);
  });
});

describe('the protection workflow between coordinator and prosecutor', () => {
  let unit: string;
  let prosecutor: Who;
  let caseId: string;
  let older: { id: string };
  let urgent: { id: string };
  const phone = '+40722999123';

  beforeAll(async () => {
    unit = aUnit('PROT');
    prosecutor = { role: 'prosecutor', unit, sub: 'pros-prot' };
    caseId = await openCase(unit, phone);
    older = await fileRequest(caseId, { urgent: false });
    urgent = await fileRequest(caseId);
  });

  it('shows the unit’s prosecutor the urgent request first, then the older normal one, without free text', async () => {
    const res = await call('GET', '/protection-requests?status=pending', { as: prosecutor });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { requestId: string }) => i.requestId)).toEqual([urgent.id, older.id]);
    expect(res.body.items[0]).toEqual({
      caseId,
      requestId: urgent.id,
      status: 'pending',
      urgent: true,
      level: 'high',
      stage: 'prosecution',
      createdAt: expect.stringMatching(/Z$/),
      measures: ['escort_travel', 'remote_av_distorted'],
    });
    expect(res.text).not.toContain('recruiter');
  });

  it('pages the queue with a cursor', async () => {
    const first = await call('GET', '/protection-requests?status=pending&limit=1', { as: prosecutor });
    expect(first.body.items.map((i: { requestId: string }) => i.requestId)).toEqual([urgent.id]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(
      'GET',
      `/protection-requests?status=pending&limit=1&cursor=${first.body.nextCursor}`,
      { as: prosecutor },
    );
    expect(second.body.items.map((i: { requestId: string }) => i.requestId)).toEqual([older.id]);
  });

  it('shows the county’s coordinator the same requests in their queue', async () => {
    const ids: string[] = [];
    let cursor = '';
    do {
      const res = await call('GET', `/protection-requests?status=pending&limit=100${cursor}`, {
        as: coordinator,
      });
      ids.push(...res.body.items.map((i: { requestId: string }) => i.requestId));
      cursor = res.body.nextCursor ? `&cursor=${res.body.nextCursor}` : '';
    } while (cursor);
    expect(ids).toEqual(expect.arrayContaining([urgent.id, older.id]));
  });

  it('lets the prosecutor read the request with its summary but never the victim’s phone', async () => {
    const res = await call('GET', `/cases/${caseId}/protection-requests/${urgent.id}`, { as: prosecutor });
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toBe('"1"');
    expect(res.body.riskAssessment.summary).toBe('The recruiter called her mother twice this week');
    expect(res.text).not.toContain(phone.slice(3));
  });

  it('answers 404 to a prosecutor of another unit, for reading and for deciding', async () => {
    const read = await call('GET', `/cases/${caseId}/protection-requests/${urgent.id}`, {
      as: otherProsecutor,
    });
    expect(read.status).toBe(404);
    const decide = await call('POST', `/cases/${caseId}/protection-requests/${urgent.id}/decision`, {
      as: otherProsecutor,
      ifMatch: 1,
      body: confirmAndReject(plusDays(today(), 10)),
    });
    expect(decide.status).toBe(404);
  });

  it('refuses a decision that misses a requested measure with 422 naming it, and moves no counter', async () => {
    const before = await readCounter(COUNTY, 'protection_measures_confirmed', 'escort_travel');
    const res = await call('POST', `/cases/${caseId}/protection-requests/${urgent.id}/decision`, {
      as: prosecutor,
      ifMatch: 1,
      body: { decisions: [{ measure: 'escort_travel', outcome: 'confirmed' }] },
    });
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain('remote_av_distorted');
    expect(await readCounter(COUNTY, 'protection_measures_confirmed', 'escort_travel')).toBe(before);
  });

  it('refuses a decision on a measure that was not requested with 422 naming it', async () => {
    const res = await call('POST', `/cases/${caseId}/protection-requests/${urgent.id}/decision`, {
      as: prosecutor,
      ifMatch: 1,
      body: {
        decisions: [
          ...confirmAndReject(plusDays(today(), 10)).decisions,
          { measure: 'psychologist_present', outcome: 'confirmed' },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain('psychologist_present');
    expect(res.body.errors[0].path).toBe('decisions.2.measure');
  });

  it('refuses a stale If-Match with 412 and leaves the counters and the request unchanged', async () => {
    const confirmed = await readCounter(COUNTY, 'protection_measures_confirmed', 'escort_travel');
    const rejected = await readCounter(COUNTY, 'protection_measures_rejected');
    const res = await call('POST', `/cases/${caseId}/protection-requests/${urgent.id}/decision`, {
      as: prosecutor,
      ifMatch: 7,
      body: confirmAndReject(plusDays(today(), 10)),
    });
    expect(res.status).toBe(412);
    expect(await readCounter(COUNTY, 'protection_measures_confirmed', 'escort_travel')).toBe(confirmed);
    expect(await readCounter(COUNTY, 'protection_measures_rejected')).toBe(rejected);
    const after = await call('GET', `/cases/${caseId}/protection-requests/${urgent.id}`, { as: prosecutor });
    expect(after.body.status).toBe('pending');
  });

  it('confirms one measure and rejects the other in one decision, moving each counter once', async () => {
    const confirmed = await readCounter(COUNTY, 'protection_measures_confirmed', 'escort_travel');
    const rejected = await readCounter(COUNTY, 'protection_measures_rejected');
    const reviewBy = plusDays(today(), 10);
    const res = await call('POST', `/cases/${caseId}/protection-requests/${urgent.id}/decision`, {
      as: prosecutor,
      ifMatch: 1,
      body: { ...confirmAndReject(reviewBy), witnessStatus: 'threatened' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toBe('"2"');
    expect(res.body.status).toBe('decided');
    expect(res.body.decision).toMatchObject({ decidedBy: 'pros-prot', witnessStatus: 'threatened' });
    expect(await readCounter(COUNTY, 'protection_measures_confirmed', 'escort_travel')).toBe(confirmed + 1);
    expect(await readCounter(COUNTY, 'protection_measures_rejected')).toBe(rejected + 1);
  });

  it('moves the request from the pending queue to the decided one', async () => {
    const pending = await call('GET', '/protection-requests?status=pending', { as: prosecutor });
    expect(pending.body.items.map((i: { requestId: string }) => i.requestId)).toEqual([older.id]);
    const decided = await call('GET', '/protection-requests?status=decided', { as: prosecutor });
    expect(decided.body.items.map((i: { requestId: string }) => i.requestId)).toEqual([urgent.id]);
  });

  it('shows the coordinator one active measure with its review date, and the rejection with its reason', async () => {
    const res = await call('GET', `/cases/${caseId}/protection-measures`, { as: coordinator });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        type: 'escort_travel',
        outcome: 'confirmed',
        reviewBy: plusDays(today(), 10),
        requestId: urgent.id,
        witnessStatus: 'threatened',
      }),
    ]);
    expect(res.body.rejected).toEqual([
      expect.objectContaining({
        measure: 'remote_av_distorted',
        reason: 'No distortion equipment; a screen will do',
        requestId: urgent.id,
      }),
    ]);
  });

  it('includes the decision and its reasons in the request', async () => {
    const res = await call('GET', `/cases/${caseId}/protection-requests/${urgent.id}`, { as: coordinator });
    expect(res.headers['etag']).toBe('"2"');
    expect(res.body.decision.decisions).toEqual([
      { measure: 'escort_travel', outcome: 'confirmed', reviewBy: plusDays(today(), 10) },
      {
        measure: 'remote_av_distorted',
        outcome: 'rejected',
        reason: 'No distortion equipment; a screen will do',
      },
    ]);
  });

  it('refuses a second decision with 409, whatever the ETag, and moves no counter', async () => {
    const confirmed = await readCounter(COUNTY, 'protection_measures_confirmed', 'escort_travel');
    for (const ifMatch of [1, 2]) {
      const res = await call('POST', `/cases/${caseId}/protection-requests/${urgent.id}/decision`, {
        as: prosecutor,
        ifMatch,
        body: confirmAndReject(plusDays(today(), 20)),
      });
      expect(res.status).toBe(409);
    }
    expect(await readCounter(COUNTY, 'protection_measures_confirmed', 'escort_travel')).toBe(confirmed);
  });

  it('lists the measure as due for review before a date after its review date, not before', async () => {
    const reviewBy = plusDays(today(), 10);
    const due = await call('GET', `/protection-measures/due?before=${plusDays(reviewBy, 1)}`, {
      as: prosecutor,
    });
    expect(due.status).toBe(200);
    expect(due.body.items).toEqual([expect.objectContaining({ caseId, type: 'escort_travel', reviewBy })]);
    const notYet = await call('GET', `/protection-measures/due?before=${reviewBy}`, { as: prosecutor });
    expect(notYet.body.items).toEqual([]);
    const otherUnit = await call('GET', `/protection-measures/due?before=${plusDays(reviewBy, 1)}`, {
      as: otherProsecutor,
    });
    expect(otherUnit.body.items.map((i: { caseId: string }) => i.caseId)).not.toContain(caseId);
  });

  it('answers 403 to a coordinator asking for the due list', async () => {
    const res = await call('GET', '/protection-measures/due', { as: coordinator });
    expect(res.status).toBe(403);
  });

  it('records the victim’s written waiver and lists it with the measures', async () => {
    const res = await call('POST', `/cases/${caseId}/protection-waivers`, {
      as: coordinator,
      body: {
        measures: ['escort_travel'],
        signedOn: today(),
        legalRepresentativePresent: true,
        note: 'She prefers to travel with her sister',
      },
    });
    expect(res.status).toBe(201);
    const list = await call('GET', `/cases/${caseId}/protection-measures`, { as: prosecutor });
    expect(list.body.waivers).toEqual([
      expect.objectContaining({
        id: res.body.id,
        measures: ['escort_travel'],
        signedOn: today(),
        legalRepresentativePresent: true,
        note: 'She prefers to travel with her sister',
      }),
    ]);
  });

  it('refuses a waiver signed in the future with 422', async () => {
    const res = await call('POST', `/cases/${caseId}/protection-waivers`, {
      as: coordinator,
      body: { signedOn: plusDays(today(), 2), legalRepresentativePresent: false },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('signedOn');
  });
});

describe('a later decision on a measure already in force', () => {
  it('replaces the active measure with the newer decision, and a modification counts as its new type', async () => {
    const unit = aUnit('PROT');
    const prosecutor: Who = { role: 'prosecutor', unit, sub: 'pros-later' };
    const caseId = await openCase(unit);
    const first = await fileRequest(caseId, { measures: [{ type: 'escort_travel', justification: 'bus' }] });
    const r1 = await call('POST', `/cases/${caseId}/protection-requests/${first.id}/decision`, {
      as: prosecutor,
      ifMatch: 1,
      body: {
        decisions: [{ measure: 'escort_travel', outcome: 'confirmed', reviewBy: plusDays(today(), 5) }],
      },
    });
    expect(r1.status).toBe(200);
    const second = await fileRequest(caseId, {
      measures: [{ type: 'remote_av_distorted', justification: 'fear' }],
    });
    const housing = await readCounter(COUNTY, 'protection_measures_confirmed', 'escort_travel');
    const r2 = await call('POST', `/cases/${caseId}/protection-requests/${second.id}/decision`, {
      as: prosecutor,
      ifMatch: 1,
      body: {
        decisions: [
          {
            measure: 'remote_av_distorted',
            outcome: 'modified',
            modifiedTo: 'escort_travel',
            reason: 'Escort to the court instead of a remote link',
          },
        ],
      },
    });
    expect(r2.status).toBe(200);
    expect(await readCounter(COUNTY, 'protection_measures_confirmed', 'escort_travel')).toBe(housing + 1);
    const measures = await call('GET', `/cases/${caseId}/protection-measures`, { as: coordinator });
    expect(measures.body.items).toEqual([
      expect.objectContaining({
        type: 'escort_travel',
        outcome: 'modified',
        modifiedFrom: 'remote_av_distorted',
        requestId: second.id,
        // Prosecution stage without a date: two months after the decision (CPP 126).
        reviewBy: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      }),
    ]);
    const raw = await readRawItem(measureKeys.item(caseId, 'escort_travel'));
    expect(raw?.['version']).toBe(2);
  });
});

describe('two prosecutors deciding the same request at once', () => {
  it('lets exactly one decision through and moves the counters once', async () => {
    const unit = aUnit('PROT');
    const a: Who = { role: 'prosecutor', unit, sub: 'pros-a' };
    const b: Who = { role: 'prosecutor', unit, sub: 'pros-b' };
    const caseId = await openCase(unit);
    const request = await fileRequest(caseId, {
      measures: [{ type: 'no_visual_contact', justification: 'She panics when she sees him' }],
    });
    const before = await readCounter(COUNTY, 'protection_measures_confirmed', 'no_visual_contact');
    const body = { decisions: [{ measure: 'no_visual_contact', outcome: 'confirmed' }] };
    const path = `/cases/${caseId}/protection-requests/${request.id}/decision`;
    const results = await Promise.all([
      call('POST', path, { as: a, ifMatch: 1, body }),
      call('POST', path, { as: b, ifMatch: 1, body }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([409, 412]).toContain(statuses[1]);
    expect(await readCounter(COUNTY, 'protection_measures_confirmed', 'no_visual_contact')).toBe(before + 1);
  });
});
