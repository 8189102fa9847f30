// Places for tests: `aPlace({ kind: 'restricted' })` and the admin call that keeps it.
import type { CreatePlaceBody } from '../../shared/domain/place.ts';
import { call } from './api.ts';
import { admin } from './factories.ts';

let counter = 0;

export function aPlace(overrides: Partial<CreatePlaceBody> = {}): CreatePlaceBody {
  counter += 1;
  return {
    county: 'DJ',
    name: `Cafeneaua Parc ${counter}`,
    address: `Str. Lalelelor nr. ${counter}, Craiova`,
    kind: 'meeting_point',
    ...overrides,
  };
}

/** Posts a place as an admin and returns it (fails the test setup on anything but 201). */
export async function keepPlace(overrides: Partial<CreatePlaceBody> = {}) {
  const res = await call('POST', '/places', { as: admin, body: aPlace(overrides) });
  if (res.status !== 201) throw new Error(`could not create a place: ${res.status} ${res.text}`);
  return res.body as { id: string; name: string; address: string; kind: string; county: string };
}

/** Valid example requests for the place routes (the authorization matrix and the bad-input suite). */
export const placeExamples = {
  createPlace: async () => ({ path: '/places', body: aPlace() }),
  listPlaces: async () => ({ path: '/places?county=DJ' }),
  deletePlace: async () => ({ path: `/places/${(await keepPlace()).id}` }),
};
