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

/** The threatened-witness ordinance that CPP 126(1)(a)-(d) measures need during prosecution. */
const ordinance = () => ({ number: '12/P/2026', date: today() });

const confirmAndReject = (reviewBy: string) => ({
  threatenedWitnessOrdinance: ordinance(),
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
      body: {
        decisions: [{ measure: 'escort_travel', outcome: 'confirmed' }],
        threatenedWitnessOrdinance: ordinance(),
      },
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
        threatenedWitnessOrdinance: ordinance(),
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
        threatenedWitnessOrdinance: ordinance(),
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
        // Prosecution stage without a date: PROTECTION_REVIEW_DAYS (60) after the decision (CPP 126(5)).
        reviewBy: plusDays(today(), 60),
      }),
    ]);
    // The measure it took over from ends as replaced, its history kept.
    expect(measures.body.ended).toEqual([
      expect.objectContaining({ type: 'escort_travel', status: 'replaced', requestId: first.id }),
    ]);
    const raw = await readRawItem(measureKeys.item(caseId, measures.body.ended[0].id));
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

/** A case of its own unit with one measure in force, decided today by `prosecutor`. */
async function aMeasureInForce(type = 'escort_travel') {
  const unit = aUnit('REV');
  const prosecutor: Who = { role: 'prosecutor', unit, sub: 'pros-rev' };
  const caseId = await openCase(unit);
  const request = await fileRequest(caseId, { measures: [{ type, justification: 'She travels alone' }] });
  const decided = await call('POST', `/cases/${caseId}/protection-requests/${request.id}/decision`, {
    as: prosecutor,
    ifMatch: 1,
    body: { decisions: [{ measure: type, outcome: 'confirmed' }], threatenedWitnessOrdinance: ordinance() },
  });
  expect(decided.status).toBe(200);
  const list = await call('GET', `/cases/${caseId}/protection-measures`, { as: coordinator });
  const measure = list.body.items[0];
  return { unit, prosecutor, caseId, measure, path: `/cases/${caseId}/protection-measures/${measure.id}` };
}

const reviewBody = (outcome: string, extra = {}) => ({
  outcome,
  reason: 'The defendant was released; threats continue',
  ordinance: { number: '40/P/2026', date: today() },
  ...extra,
});

describe('POST /cases/{caseId}/protection-measures/{measureId}/review', () => {
  it('records the legal basis and the threatened-witness ordinance on the measure in force', async () => {
    const { measure } = await aMeasureInForce();
    expect(measure).toMatchObject({
      status: 'active',
      legalBasis: 'CPP 126(1)(b), 127(b)',
      threatenedWitnessOrdinance: ordinance(),
      reviewBy: plusDays(today(), 60),
      version: 1,
    });
  });

  it('maintains a measure with the prosecutor’s later date, beyond the default interval, and moves it on the due list', async () => {
    const { prosecutor, path, caseId } = await aMeasureInForce();
    const nextReviewBy = plusDays(today(), 150);
    const res = await call('POST', `${path}/review`, {
      as: prosecutor,
      ifMatch: 1,
      body: reviewBody('maintained', { nextReviewBy }),
    });
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toBe('"2"');
    expect(res.body).toMatchObject({ status: 'active', reviewBy: nextReviewBy });
    expect(res.body.history.at(-1)).toMatchObject({
      event: 'maintained',
      by: 'pros-rev',
      ordinance: { number: '40/P/2026' },
      nextReviewBy,
    });
    const dueSoon = await call('GET', `/protection-measures/due?before=${plusDays(today(), 61)}`, {
      as: prosecutor,
    });
    expect(dueSoon.body.items.map((i: { caseId: string }) => i.caseId)).not.toContain(caseId);
    const dueLater = await call('GET', `/protection-measures/due?before=${plusDays(nextReviewBy, 1)}`, {
      as: prosecutor,
    });
    expect(dueLater.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([caseId]);
  });

  it('lifts a measure: it leaves the active list and the due list, and keeps its history with the reason sealed', async () => {
    const { prosecutor, path, caseId, measure } = await aMeasureInForce();
    const res = await call('POST', `${path}/review`, {
      as: prosecutor,
      ifMatch: 1,
      body: reviewBody('lifted'),
    });
    expect(res.status).toBe(200);
    const list = await call('GET', `/cases/${caseId}/protection-measures`, { as: coordinator });
    expect(list.body.items).toEqual([]);
    expect(list.body.ended).toEqual([
      expect.objectContaining({ id: measure.id, status: 'lifted', endedAt: expect.any(String) }),
    ]);
    expect(list.body.ended[0].history.map((e: { event: string }) => e.event)).toEqual([
      'confirmed',
      'lifted',
    ]);
    expect(list.body.ended[0].history[1].reason).toBe('The defendant was released; threats continue');
    const due = await call('GET', `/protection-measures/due?before=${plusDays(today(), 400)}`, {
      as: prosecutor,
    });
    expect(due.body.items).toEqual([]);
    const raw = await readRawItem(measureKeys.item(caseId, measure.id));
    expect(JSON.stringify(raw)).not.toContain('threats continue');
    const again = await call('POST', `${path}/review`, {
      as: prosecutor,
      ifMatch: 2,
      body: reviewBody('lifted'),
    });
    expect(again.status).toBe(409);
  });

  it('modifies a measure into another in force and counts the new type as confirmed once', async () => {
    const { prosecutor, path, caseId } = await aMeasureInForce();
    const before = await readCounter(COUNTY, 'protection_measures_confirmed', 'home_guard_or_temp_housing');
    const res = await call('POST', `${path}/review`, {
      as: prosecutor,
      ifMatch: 1,
      body: reviewBody('modified', { modifiedTo: 'home_guard_or_temp_housing' }),
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('replaced');
    expect(res.body.replacement).toMatchObject({
      type: 'home_guard_or_temp_housing',
      status: 'active',
      modifiedFrom: 'escort_travel',
      legalBasis: 'CPP 126(1)(a), 127(a)',
    });
    const list = await call('GET', `/cases/${caseId}/protection-measures`, { as: coordinator });
    expect(list.body.items.map((m: { type: string }) => m.type)).toEqual(['home_guard_or_temp_housing']);
    expect(await readCounter(COUNTY, 'protection_measures_confirmed', 'home_guard_or_temp_housing')).toBe(
      before + 1,
    );
  });

  it('refuses a stale If-Match with 412, a missing one with 428, and another unit’s prosecutor with 404', async () => {
    const { prosecutor, path } = await aMeasureInForce();
    const stale = await call('POST', `${path}/review`, {
      as: prosecutor,
      ifMatch: 5,
      body: reviewBody('lifted'),
    });
    expect(stale.status).toBe(412);
    const missing = await call('POST', `${path}/review`, { as: prosecutor, body: reviewBody('lifted') });
    expect(missing.status).toBe(428);
    const other = await call('POST', `${path}/review`, {
      as: otherProsecutor,
      ifMatch: 1,
      body: reviewBody('lifted'),
    });
    expect(other.status).toBe(404);
  });

  it('answers 403 to a coordinator: a review is the prosecutor’s ordinance', async () => {
    const { path } = await aMeasureInForce();
    const res = await call('POST', `${path}/review`, {
      as: coordinator,
      ifMatch: 1,
      body: reviewBody('lifted'),
    });
    expect(res.status).toBe(403);
  });

  it('refuses to confirm a CPP 126(1)(a)-(d) measure without the threatened-witness ordinance, with 422', async () => {
    const unit = aUnit('REV');
    const caseId = await openCase(unit);
    const request = await fileRequest(caseId, {
      measures: [{ type: 'pseudonym_identity', justification: 'x' }],
    });
    const res = await call('POST', `/cases/${caseId}/protection-requests/${request.id}/decision`, {
      as: { role: 'prosecutor', unit, sub: 'p' },
      ifMatch: 1,
      body: { decisions: [{ measure: 'pseudonym_identity', outcome: 'confirmed' }] },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('threatenedWitnessOrdinance');
  });
});

describe('POST /cases/{caseId}/protection-measures/{measureId}/court-decision', () => {
  async function aProposal() {
    const unit = aUnit('TRIAL');
    const prosecutor: Who = { role: 'prosecutor', unit, sub: 'pros-trial' };
    const caseId = await openCase(unit);
    const request = await fileRequest(caseId, {
      stage: 'trial',
      measures: [{ type: 'closed_session_testimony', justification: 'She cannot testify in public' }],
    });
    const before = await readCounter(COUNTY, 'protection_measures_confirmed', 'closed_session_testimony');
    const res = await call('POST', `/cases/${caseId}/protection-requests/${request.id}/decision`, {
      as: prosecutor,
      ifMatch: 1,
      body: { decisions: [{ measure: 'closed_session_testimony', outcome: 'confirmed' }] },
    });
    expect(res.status).toBe(200);
    const list = await call('GET', `/cases/${caseId}/protection-measures`, { as: coordinator });
    return { prosecutor, caseId, list: list.body, before };
  }
  const courtBody = (outcome: string) => ({
    court: 'Tribunalul Mehedinți',
    date: today(),
    outcome,
    reference: 'Încheierea 5/2026',
  });

  it('makes a trial-stage decision a proposal to the court, not active and not yet counted', async () => {
    const { list, before } = await aProposal();
    expect(list.items).toEqual([]);
    expect(list.proposedToCourt).toEqual([
      expect.objectContaining({
        type: 'closed_session_testimony',
        status: 'proposed_to_court',
        reviewBy: null,
      }),
    ]);
    expect(await readCounter(COUNTY, 'protection_measures_confirmed', 'closed_session_testimony')).toBe(
      before,
    );
  });

  it('puts the measure in force when the court orders it, recorded by the coordinator, and counts it then', async () => {
    const { caseId, list, before } = await aProposal();
    const path = `/cases/${caseId}/protection-measures/${list.proposedToCourt[0].id}/court-decision`;
    const res = await call('POST', path, { as: coordinator, ifMatch: 1, body: courtBody('ordered') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'active',
      court: { court: 'Tribunalul Mehedinți', outcome: 'ordered', reference: 'Încheierea 5/2026' },
    });
    expect(await readCounter(COUNTY, 'protection_measures_confirmed', 'closed_session_testimony')).toBe(
      before + 1,
    );
    const again = await call('POST', path, { as: coordinator, ifMatch: 2, body: courtBody('ordered') });
    expect(again.status).toBe(409);
  });

  it('ends the measure as refused when the court refuses it, counting a rejection', async () => {
    const { caseId, list, prosecutor } = await aProposal();
    const rejected = await readCounter(COUNTY, 'protection_measures_rejected');
    const path = `/cases/${caseId}/protection-measures/${list.proposedToCourt[0].id}/court-decision`;
    const res = await call('POST', path, { as: prosecutor, ifMatch: 1, body: courtBody('refused') });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('refused');
    expect(await readCounter(COUNTY, 'protection_measures_rejected')).toBe(rejected + 1);
    const measures = await call('GET', `/cases/${caseId}/protection-measures`, { as: coordinator });
    expect(measures.body.ended.map((m: { status: string }) => m.status)).toEqual(['refused']);
  });
});
