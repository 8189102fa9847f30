// How a person gets an ID token: Cognito's Hosted UI (authorization code with PKCE) in AWS; locally, a form
// whose token the local runtime mints, like `npm run token`. The local minter is registered by the local
// runtime only (infra/local/start.ts): a deployed console has none, so its form does not exist there.
import { createHash } from 'node:crypto';
import { getConfig } from '../../shared/config.ts';
import { randomToken } from './sessions.ts';

export type LocalMinter = (claims: {
  role: string;
  county?: string;
  unit?: string;
  sub?: string;
}) => Promise<string>;

let localMinter: LocalMinter | undefined;

export function enableLocalSignIn(minter: LocalMinter): void {
  localMinter = minter;
}

export function localSignIn(): LocalMinter | undefined {
  return localMinter;
}

export interface CognitoSettings {
  domain: string;
  clientId: string;
}

export function cognito(): CognitoSettings | undefined {
  const config = getConfig();
  if (!config.COGNITO_DOMAIN || !config.COGNITO_CLIENT_ID) return undefined;
  return { domain: config.COGNITO_DOMAIN.replace(/\/$/, ''), clientId: config.COGNITO_CLIENT_ID };
}

/** The Hosted UI URL, and what the callback needs back: the state and the PKCE verifier (a Lax cookie). */
export function authorizeUrl(settings: CognitoSettings, redirectUri: string) {
  const verifier = randomToken();
  const state = randomToken();
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const url = new URL(`${settings.domain}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri,
    scope: 'openid',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  return { url: url.toString(), pending: `${state}.${verifier}` };
}

export async function exchangeCode(
  settings: CognitoSettings,
  redirectUri: string,
  code: string,
  verifier: string,
): Promise<{ idToken: string; refreshToken?: string }> {
  const response = await fetch(`${settings.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: settings.clientId,
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  const tokens = (await response.json()) as { id_token: string; refresh_token?: string };
  return { idToken: tokens.id_token, refreshToken: tokens.refresh_token };
}

export async function refreshIdToken(
  settings: CognitoSettings,
  refreshToken: string,
): Promise<string | undefined> {
  const response = await fetch(`${settings.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: settings.clientId,
      refresh_token: refreshToken,
    }).toString(),
  });
  if (!response.ok) return undefined;
  return ((await response.json()) as { id_token?: string }).id_token;
}

export function logoutUrl(settings: CognitoSettings, afterLogout: string): string {
  const url = new URL(`${settings.domain}/logout`);
  url.search = new URLSearchParams({ client_id: settings.clientId, logout_uri: afterLogout }).toString();
  return url.toString();
}
