// Places that reveal nothing (issue 12, point 2), through the real handlers and DynamoDB Local: the admin's
// CRUD, the coordinators' county scope, hearings naming a meeting point, and free text refused when it names
// an institution or a restricted address of the county.
import { beforeAll, describe, expect, it } from 'vitest';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { GetCommand } from '../../shared/data/document-client.ts';
import { placeKeys } from '../../shared/data/keys.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import { MemoryOutboxGateway } from '../../shared/sms/memory-outbox-gateway.ts';
import { call } from '../support/api.ts';
import { admin, analyst, coordinatorDJ, coordinatorGJ, prosecutorCraiova } from '../support/factories.ts';
import {
  aCoordinator,
  aHearing,
  openCase,
  scheduleHearing,
  useOwnTables,
} from '../support/messaging-factories.ts';
import { aPlace, keepPlace } from '../support/place-factories.ts';

beforeAll(async () => {
  await useOwnTables('places');
});

async function rawPlace(placeId: string) {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().coordination,
      Key: placeKeys.item(placeId),
      ConsistentRead: true,
    }),
  );
  return out.Item;
}

describe('POST /places', () => {
  it('keeps a place with 201 and a Location, its name and address encrypted and out of every key', async () => {
    const body = aPlace({
      kind: 'restricted',
      name: 'Adăpostul Speranța',
      address: 'Str. Brestei nr. 12, Craiova',
    });
    const res = await call('POST', '/places', { as: admin, body });
    expect(res.status).toBe(201);
    // No Location: places are read through the county's list, there is no GET /places/{placeId}.
    expect(res.headers['location']).toBeUndefined();
    expect(res.body.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(res.body).toMatchObject({
      county: 'DJ',
      kind: 'restricted',
      name: body.name,
      address: body.address,
    });
    const item = await rawPlace(res.body.id);
    expect(JSON.stringify(item)).not.toMatch(/Brestei|Speran/);
    expect([item?.['pk'], item?.['sk'], item?.['gsi1pk'], item?.['gsi1sk']].join(' ')).toBe(
      `PLACE#${res.body.id} PLACE COUNTY#DJ#PLACES restricted#${res.body.id}`,
    );
  });

  it.each([
    ['an unknown kind', { kind: 'shelter' }, 'kind'],
    ['an unknown county', { county: 'XX' }, 'county'],
    ['an empty address', { address: '' }, 'address'],
    ['a name longer than an SMS place', { name: 'x'.repeat(41) }, 'name'],
  ])('refuses %s with 400 naming the field', async (_label, overrides, path) => {
    const res = await call('POST', '/places', { as: admin, body: aPlace(overrides as never) });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('refuses a meeting point whose name (what the SMS shows) names an institution, with 422', async () => {
    const res = await call('POST', '/places', { as: admin, body: aPlace({ name: 'Intrarea IPJ Dolj' }) });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['name']);
  });

  it('is the admin’s alone', async () => {
    for (const who of [coordinatorDJ, prosecutorCraiova, analyst]) {
      expect((await call('POST', '/places', { as: who, body: aPlace() })).status).toBe(403);
    }
  });
});

describe('GET /places', () => {
  it('lists the county’s places by kind for its coordinators and for admins', async () => {
    const point = await keepPlace({ county: 'OT' });
    const restricted = await keepPlace({ county: 'OT', kind: 'restricted' });
    await keepPlace({ county: 'VL' });
    const coordinatorOT = { role: 'coordinator', county: 'OT', sub: 'coord-ot' } as const;
    const mine = await call('GET', '/places', { as: coordinatorOT });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((p: { id: string }) => p.id)).toEqual([point.id, restricted.id]);
    expect(mine.body.nextCursor).toBeNull();
    const points = await call('GET', '/places?county=OT&kind=meeting_point', { as: admin });
    expect(points.body.items.map((p: { id: string }) => p.id)).toEqual([point.id]);
    const paged = await call('GET', '/places?county=OT&limit=1', { as: admin });
    expect(paged.body.items).toHaveLength(1);
    const rest = await call('GET', `/places?county=OT&limit=1&cursor=${paged.body.nextCursor}`, {
      as: admin,
    });
    expect(rest.body.items.map((p: { id: string }) => p.id)).toEqual([restricted.id]);
  });

  it('answers 404 to a coordinator asking for another county, and 400 to an admin naming none', async () => {
    const other = await call('GET', '/places?county=DJ', { as: coordinatorGJ });
    expect(other.status).toBe(404);
    const none = await call('GET', '/places', { as: admin });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].path).toBe('county');
  });
});

describe('DELETE /places/{placeId}', () => {
  it('removes the place (204), then answers 404', async () => {
    const place = await keepPlace();
    expect((await call('DELETE', `/places/${place.id}`, { as: admin })).status).toBe(204);
    expect(await rawPlace(place.id)).toBeUndefined();
    expect((await call('DELETE', `/places/${place.id}`, { as: admin })).status).toBe(404);
    expect((await call('DELETE', `/places/${place.id}`, { as: coordinatorDJ })).status).toBe(403);
  });
});

describe('a hearing’s place', () => {
  it('names a meeting point: the hearing keeps its id, and the SMS shows its name', async () => {
    const point = await keepPlace({ name: 'Cafeneaua Parcului' });
    const { id, body } = await openCase();
    const { publicLocation: _free, ...withoutText } = aHearing();
    const res = await call('POST', `/cases/${id}/hearings?allowConflict=true`, {
      as: aCoordinator(),
      body: { ...withoutText, placeId: point.id },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ placeId: point.id, publicLocation: 'Cafeneaua Parcului' });
    const due = new Date(res.body.reminders[0].sendAt);
    const gateway = new MemoryOutboxGateway({ now: () => due });
    await sendDueMessages(due, gateway);
    expect(gateway.list(body.victim.phone as string)[0]?.body).toContain('Cafeneaua Parcului');
  });

  it.each([
    ['a restricted place', { kind: 'restricted' as const }],
    ['a meeting point of another county', { county: 'GJ' as const }],
  ])('refuses %s as placeId with 422 naming placeId', async (_label, overrides) => {
    const place = await keepPlace(overrides);
    const { id } = await openCase();
    const { publicLocation: _free, ...withoutText } = aHearing();
    const res = await call('POST', `/cases/${id}/hearings`, {
      as: aCoordinator(),
      body: { ...withoutText, placeId: place.id },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['placeId']);
  });

  it('refuses a placeId together with free text, with 400 naming placeId', async () => {
    const point = await keepPlace();
    const { id } = await openCase();
    const res = await call('POST', `/cases/${id}/hearings`, {
      as: aCoordinator(),
      body: aHearing({ placeId: point.id }),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('placeId');
  });

  it('refuses free text matching a restricted address of the county, however it is spelled', async () => {
    await keepPlace({ kind: 'restricted', county: 'DJ', address: 'Str. Brâncuși nr. 7, Craiova' });
    const { id } = await openCase();
    for (const text of ['STRADA BRANCUSI 7, CRAIOVA', 'Brâncuşi, nr.7', 'str brancusi 7']) {
      const res = await call('POST', `/cases/${id}/hearings`, {
        as: aCoordinator(),
        body: aHearing({ publicLocation: text }),
      });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['publicLocation']);
      expect(JSON.stringify(res.body)).not.toMatch(/Brâncuși nr\. 7/);
    }
    const another = await call('POST', `/cases/${id}/hearings?allowConflict=true`, {
      as: aCoordinator(),
      body: aHearing({ publicLocation: 'Str. Brâncuși 9, Craiova' }),
    });
    expect(another.status).toBe(201);
  });

  it('does not hold one county’s restricted address against another county', async () => {
    await keepPlace({ kind: 'restricted', county: 'GJ', address: 'Str. Tudor Vladimirescu 3, Târgu Jiu' });
    const { id } = await openCase();
    const hearing = await scheduleHearing(id, aCoordinator(), { publicLocation: 'Tudor Vladimirescu 3' });
    expect(hearing.publicLocation).toBe('Tudor Vladimirescu 3');
  });

  it('moves from free text to a meeting point and back by PATCH, sending one change notice each time', async () => {
    const point = await keepPlace({ name: 'Parcul Nicolae Romanescu' });
    const { id } = await openCase();
    const hearing = await scheduleHearing(id, aCoordinator());
    const toPoint = await call('PATCH', `/cases/${id}/hearings/${hearing.id}`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { placeId: point.id },
    });
    expect(toPoint.status).toBe(200);
    expect(toPoint.body).toMatchObject({ placeId: point.id, publicLocation: 'Parcul Nicolae Romanescu' });
    const refused = await call('PATCH', `/cases/${id}/hearings/${hearing.id}`, {
      as: coordinatorDJ,
      ifMatch: 2,
      body: { publicLocation: 'Judecătoria Craiova' },
    });
    expect(refused.status).toBe(422);
    const back = await call('PATCH', `/cases/${id}/hearings/${hearing.id}`, {
      as: coordinatorDJ,
      ifMatch: 2,
      body: { publicLocation: 'Str. Unirii 12' },
    });
    expect(back.status).toBe(200);
    expect(back.body.placeId).toBeUndefined();
    expect(back.body.publicLocation).toBe('Str. Unirii 12');
    const notices = back.body.reminders.filter((r: { kind: string }) => r.kind === 'change_notice');
    expect(notices).toHaveLength(2);
  });
});
