// Sign-in and sessions (CONSOLE.md): the cookie carries a random 256-bit id, the table holds the tokens under
// its SHA-256. Idle timeout 30 minutes (sliding), absolute 10 hours, both on the service's clock.
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { principalFromClaims } from '../../shared/auth/principal.ts';
import {
  type ConsoleSession,
  deleteSession,
  getSession,
  putSession,
  touchSession,
} from '../../shared/data/console-session-repository.ts';
import * as clock from '../../shared/domain/clock.ts';
import { SESSION_COOKIE } from './console-http.ts';
import type { ConsoleRequest } from './console-request.ts';

export const IDLE_MS = 30 * 60 * 1000;
export const ABSOLUTE_MS = 10 * 60 * 60 * 1000;

export const hashId = (id: string) => createHash('sha256').update(id).digest('hex');
export const randomToken = () => randomBytes(32).toString('base64url');

function endsAt(createdAt: number, lastSeenAt: number): number {
  return Math.min(createdAt + ABSOLUTE_MS, lastSeenAt + IDLE_MS);
}

/** Opens a session for a verified ID token; answers the cookie's value (the id, never stored). */
export async function openSession(idToken: string, refreshToken?: string): Promise<string> {
  // The token's claims only label the session (role for the menu); the API verifies the token on every call.
  const principal = principalFromClaims(decodeJwt(idToken) as Record<string, unknown>);
  const id = randomToken();
  const now = clock.now();
  const session: ConsoleSession = {
    idHash: hashId(id),
    idToken,
    refreshToken,
    role: principal.role,
    sub: principal.sub,
    county: principal.county,
    unit: principal.unit,
    csrf: randomToken(),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: Math.floor(endsAt(now.getTime(), now.getTime()) / 1000),
  };
  await putSession(session);
  return id;
}

/** The request's live session, its idle end slid forward; undefined when there is none or it has ended. */
export async function currentSession(request: ConsoleRequest): Promise<ConsoleSession | undefined> {
  const id = request.cookies[SESSION_COOKIE()];
  if (!id || !/^[\w-]{43}$/.test(id)) return undefined;
  const idHash = hashId(id);
  const session = await getSession(idHash);
  if (!session) return undefined;
  const now = clock.now().getTime();
  // TTL deletion is lazy (up to days late): the times decide, not whether the item is still there.
  if (now >= endsAt(Date.parse(session.createdAt), Date.parse(session.lastSeenAt))) {
    await deleteSession(idHash);
    return undefined;
  }
  const seen = new Date(now).toISOString();
  await touchSession(idHash, seen, Math.floor(endsAt(Date.parse(session.createdAt), now) / 1000));
  return { ...session, lastSeenAt: seen };
}

export async function closeSession(request: ConsoleRequest): Promise<void> {
  const id = request.cookies[SESSION_COOKIE()];
  if (id) await deleteSession(hashId(id));
}
