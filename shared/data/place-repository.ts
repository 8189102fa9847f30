// Places of a county in the CoordinationTable (keys.ts "a place", "a county's places by kind"). Name and
// address are sealed here: the address of a restricted place (a shelter, a safe flat) is sensitive.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { PlaceKind, PlaceRecord } from '../domain/place.ts';
import { getDocumentClient, tableNames } from './client.ts';
import { DeleteCommand, GetCommand, PutCommand } from './document-client.ts';
import { pageOfIndex } from './index-page.ts';
import { placeKeys } from './keys.ts';
import type { Page } from './pagination.ts';
import { getCipher } from './personal-data-cipher.ts';

type Stored = Record<string, unknown>;

const context = (placeId: string, field: string) => `place:${placeId}:${field}`;

async function toItem(place: PlaceRecord): Promise<Stored> {
  const cipher = getCipher();
  return {
    ...placeKeys.item(place.id),
    ...placeKeys.byCounty(place.county, place.kind, place.id),
    entity: 'place',
    id: place.id,
    county: place.county,
    kind: place.kind,
    name: await cipher.encrypt(place.name, context(place.id, 'name')),
    address: await cipher.encrypt(place.address, context(place.id, 'address')),
    createdAt: place.createdAt,
    createdBy: place.createdBy,
    version: place.version,
  };
}

async function fromItem(item: Stored): Promise<PlaceRecord> {
  const id = item['id'] as string;
  const cipher = getCipher();
  return {
    id,
    county: item['county'] as PlaceRecord['county'],
    kind: item['kind'] as PlaceKind,
    name: await cipher.decrypt(item['name'] as string, context(id, 'name')),
    address: await cipher.decrypt(item['address'] as string, context(id, 'address')),
    createdAt: item['createdAt'] as string,
    createdBy: item['createdBy'] as string,
    version: item['version'] as number,
  };
}

export async function insertPlace(place: PlaceRecord): Promise<void> {
  await getDocumentClient().send(
    new PutCommand({
      TableName: tableNames().coordination,
      Item: await toItem(place),
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function findPlace(placeId: string): Promise<PlaceRecord | undefined> {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().coordination,
      Key: placeKeys.item(placeId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? fromItem(out.Item) : undefined;
}

/** A county's places, one kind or all, ordered by kind then age (ULIDs): one Query on gsi1. */
export async function listCountyPlaces(
  county: string,
  kind: PlaceKind | undefined,
  limit: number,
  cursor?: string,
): Promise<Page<PlaceRecord>> {
  return pageOfIndex({
    index: 'gsi1',
    partition: placeKeys.countyPartition(county),
    sortKey: kind
      ? { condition: 'begins_with(#sk, :prefix)', values: { ':prefix': placeKeys.kindPrefix(kind) } }
      : undefined,
    limit,
    cursor,
    fromItem,
  });
}

/** Every place of one kind in a county (a county keeps tens, not thousands), page after page. */
export async function allCountyPlaces(county: string, kind: PlaceKind): Promise<PlaceRecord[]> {
  const places: PlaceRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCountyPlaces(county, kind, 100, cursor);
    places.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return places;
}

/** Removes a place; false when there was none. Hearings that named it keep the text they were given. */
export async function deletePlace(placeId: string): Promise<boolean> {
  try {
    await getDocumentClient().send(
      new DeleteCommand({
        TableName: tableNames().coordination,
        Key: placeKeys.item(placeId),
        ConditionExpression: 'entity = :place',
        ExpressionAttributeValues: { ':place': 'place' },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
