// The console's server-side sessions (CONSOLE.md "Sign-in and sessions"), in the console's own table. The key
// is the SHA-256 of the random id the cookie carries, so a leaked table holds no usable cookie.
import { getConfig } from '../config.ts';
import { getDocumentClient } from './client.ts';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from './document-client.ts';

export interface ConsoleSession {
  /** SHA-256 (hex) of the cookie's id. */
  idHash: string;
  idToken: string;
  refreshToken?: string;
  role: string;
  sub: string;
  county?: string;
  unit?: string;
  /** The per-session token every form carries (CSRF). */
  csrf: string;
  createdAt: string;
  lastSeenAt: string;
  /** Epoch seconds: the TTL, the earlier of the idle and absolute ends. */
  expiresAt: number;
}

const key = (idHash: string) => ({ pk: `SESSION#${idHash}`, sk: 'SESSION' });
const table = () => getConfig().CONSOLE_SESSIONS_TABLE;

export async function putSession(session: ConsoleSession): Promise<void> {
  await getDocumentClient().send(
    new PutCommand({ TableName: table(), Item: { ...key(session.idHash), ...session } }),
  );
}

export async function getSession(idHash: string): Promise<ConsoleSession | undefined> {
  const { Item } = await getDocumentClient().send(new GetCommand({ TableName: table(), Key: key(idHash) }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...session } = Item;
  return session as ConsoleSession;
}

/** Slides the idle end: the last time seen and the TTL move forward together. */
export async function touchSession(idHash: string, lastSeenAt: string, expiresAt: number): Promise<void> {
  await getDocumentClient()
    .send(
      new UpdateCommand({
        TableName: table(),
        Key: key(idHash),
        UpdateExpression: 'SET lastSeenAt = :seen, expiresAt = :ttl',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':seen': lastSeenAt, ':ttl': expiresAt },
      }),
    )
    .catch((error: unknown) => {
      // Signed out in another tab meanwhile: nothing to slide.
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    });
}

/** A fresh ID token from the refresh token (the API refused the old one as expired). */
export async function replaceIdToken(idHash: string, idToken: string): Promise<void> {
  await getDocumentClient().send(
    new UpdateCommand({
      TableName: table(),
      Key: key(idHash),
      UpdateExpression: 'SET idToken = :token',
      ExpressionAttributeValues: { ':token': idToken },
    }),
  );
}

export async function deleteSession(idHash: string): Promise<void> {
  await getDocumentClient().send(new DeleteCommand({ TableName: table(), Key: key(idHash) }));
}
