// Places: parse (done by the middleware) -> authorize -> call shared/ -> respond.
import { placeView } from '../../shared/domain/place.ts';
import type { ApiResult, RequestOf } from '../../shared/http/route.ts';
import type { placeRoutes } from '../../shared/http/routes/place-routes.ts';
import { createPlace, listPlaces, removePlace } from '../../shared/services/place-service.ts';

type Req<Id extends (typeof placeRoutes)[number]['id']> = RequestOf<typeof placeRoutes, Id>;

export const placeHandlers = {
  createPlace: async (req: Req<'createPlace'>): Promise<ApiResult> => {
    const place = await createPlace(req.principal, req.body);
    // No Location: a place is read through its county's list, never on its own.
    return { status: 201, body: placeView(place), version: place.version };
  },
  listPlaces: async (req: Req<'listPlaces'>): Promise<ApiResult> => {
    const page = await listPlaces(req.principal, req.query);
    return { status: 200, body: { items: page.items.map(placeView), nextCursor: page.nextCursor } };
  },
  deletePlace: async (req: Req<'deletePlace'>): Promise<ApiResult> => {
    await removePlace(req.params.placeId);
    return { status: 204 };
  },
};
