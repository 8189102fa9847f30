// Verifies bearer tokens in the Lambda itself (not only at API Gateway): Cognito's JWKS in AWS,
// the local issuer's public keys locally. Any failure is a plain 401 that says nothing about why.
import { createLocalJWKSet, createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { getConfig } from '../config.ts';
import { UnauthorizedError } from '../domain/errors.ts';

type KeySet = ReturnType<typeof createLocalJWKSet>;
let keys: KeySet | undefined;

function keySet(): KeySet {
  if (!keys) {
    const config = getConfig();
    if (config.JWT_JWKS_URL) keys = createRemoteJWKSet(new URL(config.JWT_JWKS_URL)) as unknown as KeySet;
    else if (config.JWT_PUBLIC_JWKS) keys = createLocalJWKSet(JSON.parse(config.JWT_PUBLIC_JWKS));
    else throw new Error('Set JWT_JWKS_URL (Cognito) or JWT_PUBLIC_JWKS (local issuer)');
  }
  return keys;
}

export async function verifyBearer(authorization: string | undefined): Promise<JWTPayload> {
  const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization?.trim() ?? '');
  if (!match?.[1]) throw new UnauthorizedError();
  const config = getConfig();
  try {
    const { payload } = await jwtVerify(match[1], keySet(), {
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE
        ? [config.JWT_AUDIENCE, ...(config.JWT_CONSOLE_AUDIENCE ? [config.JWT_CONSOLE_AUDIENCE] : [])]
        : undefined,
      algorithms: ['RS256', 'ES256'],
      requiredClaims: ['sub', 'exp', 'iat'],
      clockTolerance: 30,
    });
    // Cognito access tokens carry no custom attributes: only ID tokens describe the person's scope.
    if (config.JWT_JWKS_URL && payload['token_use'] !== 'id') throw new UnauthorizedError();
    return payload;
  } catch {
    throw new UnauthorizedError();
  }
}
