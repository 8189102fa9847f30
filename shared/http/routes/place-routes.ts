// Places that reveal nothing (issue 12): each county's meeting points and restricted addresses, kept by
// admins and read by the county's coordinators when they name a hearing's place.

import { listOf } from '../../domain/common-schemas.ts';
import { CreatePlaceBody, ListPlacesQuery, PlaceParams } from '../../domain/place.ts';
import { PlaceResponse } from '../responses/place-responses.ts';
import { route } from '../route.ts';

export const placeRoutes = [
  route({
    id: 'createPlace',
    method: 'POST',
    path: '/places',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['admin'] },
    summary:
      'Add a meeting point (its name is what an SMS shows) or a restricted address (never allowed as a hearing place)',
    body: CreatePlaceBody,
    audit: { entity: 'place', action: 'create' },
    response: PlaceResponse,
    successStatus: 201,
  }),
  route({
    id: 'listPlaces',
    method: 'GET',
    path: '/places',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['coordinator', 'admin'] },
    summary: 'The places of a county (?county=, a coordinator’s own by default), by kind',
    query: ListPlacesQuery,
    audit: { entity: 'place', action: 'list' },
    response: listOf(PlaceResponse),
    successStatus: 200,
  }),
  route({
    id: 'deletePlace',
    method: 'DELETE',
    path: '/places/{placeId}',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['admin'] },
    summary: 'Remove a place; hearings that named it keep their place text',
    params: PlaceParams,
    audit: { entity: 'place', action: 'delete' },
    successStatus: 204,
  }),
];
