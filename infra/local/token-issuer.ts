// The local JWT issuer: an ES256 key pair kept in .data/ (or in memory for tests) that signs tokens shaped
// like Cognito ID tokens, so the same verifier and principal code runs locally and in AWS.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

export interface LocalIssuer {
  issuer: string;
  publicJwks: string;
  sign(
    claims: { role: string; sub?: string; county?: string; unit?: string },
    ttlSeconds?: number,
  ): Promise<string>;
}

export const LOCAL_ISSUER = 'alaturi-local';

export async function createIssuer(keyFile?: string): Promise<LocalIssuer> {
  let privateJwk: JWK;
  if (keyFile && existsSync(keyFile)) {
    privateJwk = JSON.parse(readFileSync(keyFile, 'utf8'));
  } else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: `local-${Date.now()}`, alg: 'ES256' };
    if (keyFile) {
      mkdirSync(dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
    }
  }
  const { d: _private, ...publicJwk } = privateJwk;
  const key = await importJWK(privateJwk, 'ES256');
  return {
    issuer: LOCAL_ISSUER,
    publicJwks: JSON.stringify({ keys: [publicJwk] }),
    async sign(claims, ttlSeconds = 8 * 3600) {
      const payload: Record<string, unknown> = { 'cognito:groups': [claims.role], token_use: 'id' };
      if (claims.county) payload['custom:county'] = claims.county;
      if (claims.unit) payload['custom:unit'] = claims.unit;
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid })
        .setSubject(claims.sub ?? `${claims.role}-${claims.county ?? claims.unit ?? 'local'}`)
        .setIssuer(LOCAL_ISSUER)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
  };
}
