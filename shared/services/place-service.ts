// Use cases of places: admins keep each county's meeting points and restricted addresses; hearings name a
// meeting point or a free-text place, which must reveal nothing (no institution, no restricted address).
import { ulid } from 'ulid';
import type { Principal } from '../auth/principal.ts';
import type { Page } from '../data/pagination.ts';
import {
  allCountyPlaces,
  deletePlace,
  findPlace,
  insertPlace,
  listCountyPlaces,
} from '../data/place-repository.ts';
import * as clock from '../domain/clock.ts';
import { BusinessRuleError, NotFoundError, ValidationError } from '../domain/errors.ts';
import {
  type CreatePlaceBody,
  institutionWordsIn,
  matchesAddress,
  type PlaceKind,
  type PlaceRecord,
} from '../domain/place.ts';
import { logger } from '../logger.ts';
import { findForbiddenWords } from '../sms/forbidden-words.ts';

/** The words of a place text that would tell whoever holds the phone what the appointment is about. */
export function revealingWords(text: string): string[] {
  return [...new Set([...findForbiddenWords(text), ...institutionWordsIn(text)])];
}

function refuseRevealing(path: string, text: string): void {
  const words = revealingWords(text);
  if (words.length > 0) {
    throw new BusinessRuleError('The place would tell whoever holds the phone what the appointment is.', [
      {
        path,
        message: `Must not name what the appointment is about; it may appear in an SMS (${words.join(', ')})`,
      },
    ]);
  }
}

/**
 * A hearing's free-text place: 422 naming `publicLocation` when it names an institution in any language or
 * points at a restricted address of the county. The message never repeats the restricted address.
 */
export async function assertDiscreetLocation(publicLocation: string, county: string): Promise<void> {
  refuseRevealing('publicLocation', publicLocation);
  const restricted = await allCountyPlaces(county, 'restricted');
  if (restricted.some((place) => matchesAddress(publicLocation, place.address))) {
    throw new BusinessRuleError('The place is a restricted address of the county; name a meeting point.', [
      { path: 'publicLocation', message: 'Must not be the address of a restricted place' },
    ]);
  }
}

/** The meeting point a hearing names: a place of the case's county, of kind meeting_point; 422 otherwise. */
export async function meetingPoint(placeId: string, county: string): Promise<PlaceRecord> {
  const place = await findPlace(placeId);
  if (!place || place.county !== county || place.kind !== 'meeting_point') {
    throw new BusinessRuleError('The hearing can only name a meeting point of the case’s county.', [
      { path: 'placeId', message: 'Must be a meeting point of the case’s county' },
    ]);
  }
  return place;
}

export async function createPlace(
  principal: Principal,
  body: CreatePlaceBody,
  now = clock.now(),
): Promise<PlaceRecord> {
  // A meeting point's name is what the SMS shows.
  if (body.kind === 'meeting_point') refuseRevealing('name', body.name);
  const place: PlaceRecord = {
    id: ulid(now.getTime()),
    ...body,
    createdAt: now.toISOString(),
    createdBy: principal.sub,
    version: 1,
  };
  await insertPlace(place);
  logger.info('place created', { placeId: place.id, county: place.county, kind: place.kind });
  return place;
}

/** Coordinators read their own county (another county is 404, as if it did not exist); admins name one. */
export async function listPlaces(
  principal: Principal,
  query: { county?: string; kind?: PlaceKind; limit: number; cursor?: string },
): Promise<Page<PlaceRecord>> {
  let county = query.county;
  if (principal.role === 'coordinator') {
    if (county !== undefined && county !== principal.county) throw new NotFoundError('places');
    county = principal.county;
  }
  if (!county) throw new ValidationError([{ path: 'county', message: 'Required' }]);
  return listCountyPlaces(county, query.kind, query.limit, query.cursor);
}

export async function removePlace(placeId: string): Promise<void> {
  if (!(await deletePlace(placeId))) throw new NotFoundError('place');
  logger.info('place deleted', { placeId });
}
