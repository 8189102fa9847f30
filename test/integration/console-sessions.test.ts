// The console's sessions against DynamoDB Local (CONSOLE.md "Sign-in and sessions"): the cookie's id is never
// stored, only its SHA-256; a session slides its idle end of 30 minutes but never outlives 10 hours; the TTL
// follows the earlier end; signing out deletes the item.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleRequest } from '../../functions/console/console-request.ts';
import {
  ABSOLUTE_MS,
  closeSession,
  currentSession,
  hashId,
  IDLE_MS,
  openSession,
} from '../../functions/console/sessions.ts';
import { createIssuer } from '../../infra/local/token-issuer.ts';
import { getConfig, resetConfig } from '../../shared/config.ts';
import { getDocumentClient } from '../../shared/data/client.ts';
import { createTable } from '../../shared/data/create-tables.ts';
import { GetCommand } from '../../shared/data/document-client.ts';
import { CONSOLE_SESSIONS_TABLE } from '../../shared/data/tables.ts';
import * as clock from '../../shared/domain/clock.ts';

const START = new Date('2027-02-10T08:30:00.000Z');
let idToken: string;

beforeAll(async () => {
  process.env['CONSOLE_SESSIONS_TABLE'] = `console-sessions-${Date.now()}`;
  resetConfig();
  const config = getConfig();
  const client = new DynamoDBClient({
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTable(client, CONSOLE_SESSIONS_TABLE, config.CONSOLE_SESSIONS_TABLE);
  client.destroy();
  idToken = await (await createIssuer()).sign({ role: 'coordinator', county: 'DJ', sub: 'coord-ana' });
});

afterEach(() => clock.setClock(undefined));

/** A request that carries the session cookie, as the browser sends it locally. */
const withCookie = (id: string) => ({ cookies: { alaturi_session: id } }) as unknown as ConsoleRequest;
const at = (ms: number) => clock.setClock(new Date(START.getTime() + ms));
const MINUTE = 60_000;

async function storedItem(id: string) {
  const { Item } = await getDocumentClient().send(
    new GetCommand({
      TableName: getConfig().CONSOLE_SESSIONS_TABLE,
      Key: { pk: `SESSION#${hashId(id)}`, sk: 'SESSION' },
    }),
  );
  return Item;
}

describe('console sessions', () => {
  it('keep the token under the hash of the id, never the id, with a TTL at the idle end', async () => {
    at(0);
    const id = await openSession(idToken);

    const item = await storedItem(id);
    expect(JSON.stringify(item)).not.toContain(id);
    expect(item).toMatchObject({ role: 'coordinator', county: 'DJ', idToken });
    expect(item?.['expiresAt']).toBe(Math.floor((START.getTime() + IDLE_MS) / 1000));
  });

  it('slide the idle end with each request and end 30 minutes after the last one', async () => {
    at(0);
    const id = await openSession(idToken);
    at(29 * MINUTE);
    expect((await currentSession(withCookie(id)))?.sub).toBe('coord-ana');
    at(58 * MINUTE);
    expect((await currentSession(withCookie(id)))?.sub).toBe('coord-ana');

    at(58 * MINUTE + IDLE_MS);
    expect(await currentSession(withCookie(id))).toBeUndefined();
    expect(await storedItem(id)).toBeUndefined();
  });

  it('end after 10 hours however busy the person is', async () => {
    at(0);
    const id = await openSession(idToken);
    for (let elapsed = 20 * MINUTE; elapsed < ABSOLUTE_MS; elapsed += 20 * MINUTE) {
      at(elapsed);
      expect(await currentSession(withCookie(id)), `at ${elapsed / MINUTE} min`).toBeDefined();
    }
    expect((await storedItem(id))?.['expiresAt']).toBe(Math.floor((START.getTime() + ABSOLUTE_MS) / 1000));

    at(ABSOLUTE_MS);
    expect(await currentSession(withCookie(id))).toBeUndefined();
  });

  it('are gone once signed out, and an unknown or malformed id opens nothing', async () => {
    at(0);
    const id = await openSession(idToken);
    await closeSession(withCookie(id));

    expect(await currentSession(withCookie(id))).toBeUndefined();
    expect(await currentSession(withCookie('x'.repeat(43)))).toBeUndefined();
    expect(await currentSession(withCookie('not an id'))).toBeUndefined();
  });
});
