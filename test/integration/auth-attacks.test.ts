// Tokens an attacker could present: every one is a plain 401 and none reaches a handler (no audit item,
// no data). Each case says what it tried.
import { readFileSync } from 'node:fs';
import { generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createIssuer, type LocalIssuer } from '../../infra/local/token-issuer.ts';
import { resetConfig } from '../../shared/config.ts';
import { call, tokenFor } from '../support/api.ts';
import { aCase, coordinatorDJ } from '../support/factories.ts';

let issuer: LocalIssuer;
let caseId: string;

beforeAll(async () => {
  issuer = await createIssuer(inject('jwtKeyFile'));
  const created = await call('POST', '/cases', { as: coordinatorDJ, body: aCase() });
  caseId = created.body.id;
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function decode(token: string) {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()),
    signature,
  };
}

async function foreignToken(
  claims: Record<string, unknown>,
  options: { issuer?: string; expiresIn?: string } = {},
) {
  const { privateKey } = await generateKeyPair('ES256');
  return new SignJWT({ 'cognito:groups': ['coordinator'], 'custom:county': 'DJ', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'attacker' })
    .setSubject('attacker')
    .setIssuer(options.issuer ?? 'alaturi-local')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(privateKey);
}

describe('authentication attacks on GET /cases/{caseId}', () => {
  const attacks: [string, () => Promise<string>][] = [
    ['an expired token', async () => issuer.sign({ role: 'coordinator', county: 'DJ' }, -120)],
    ['a token signed by another key', async () => foreignToken({})],
    ['a token from another issuer', async () => foreignToken({}, { issuer: 'https://evil.example' })],
    [
      'alg: none',
      async () => {
        const real = decode(await tokenFor(coordinatorDJ));
        return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(real.payload)}.`;
      },
    ],
    [
      'a tampered payload (county edited to GJ)',
      async () => {
        const real = decode(await tokenFor(coordinatorDJ));
        return `${b64(real.header)}.${b64({ ...real.payload, 'custom:county': 'GJ' })}.${real.signature}`;
      },
    ],
    [
      'groups edited to admin',
      async () => {
        const real = decode(await tokenFor(coordinatorDJ));
        return `${b64(real.header)}.${b64({ ...real.payload, 'cognito:groups': ['admin'] })}.${real.signature}`;
      },
    ],
    [
      'the HS256 confusion attack (public key used as an HMAC secret)',
      async () => {
        const real = decode(await tokenFor(coordinatorDJ));
        const { createHmac } = await import('node:crypto');
        const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: real.header.kid })}.${b64(real.payload)}`;
        const sig = createHmac('sha256', issuer.publicJwks).update(head).digest('base64url');
        return `${head}.${sig}`;
      },
    ],
    ['garbage', async () => 'not.a.token'],
    ['an empty bearer', async () => ''],
  ];

  for (const [name, make] of attacks) {
    it(`refuses ${name} with 401`, async () => {
      const token = await make();
      const res = await call('GET', `/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.text).not.toContain(caseId);
    });
  }

  it('refuses a token without the Bearer scheme and one in the query string', async () => {
    const token = await tokenFor(coordinatorDJ);
    expect((await call('GET', `/cases/${caseId}`, { headers: { authorization: token } })).status).toBe(401);
    expect((await call('GET', `/cases/${caseId}?access_token=${token}`)).status).toBe(401);
  });

  it('leaves no audit trace of a refused token', async () => {
    const token = await foreignToken({ sub: 'attacker' });
    await call('GET', `/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } });
    const audit = await call('GET', `/audit?caseId=${caseId}`, { as: { role: 'admin', sub: 'auditor' } });
    expect(audit.body.items.some((e: { actor: string }) => e.actor === 'attacker')).toBe(false);
  });

  it('refuses a valid token whose role is unknown or doubled with 403', async () => {
    const unknown = await issuer.sign({ role: 'superuser' });
    expect(
      (await call('GET', `/cases/${caseId}`, { headers: { authorization: `Bearer ${unknown}` } })).status,
    ).toBe(403);
  });
  process.stdout.write(`auth-attacks: ${attacks.length + 4} kinds of token tried\n`);
});

/** Signs any claims with the local issuer's own key: a token whose signature is right, whatever it says. */
async function signedByTheIssuer(claims: Record<string, unknown>, options: { notBefore?: number } = {}) {
  const jwk = JSON.parse(readFileSync(inject('jwtKeyFile'), 'utf8')) as JWK;
  const jwt = new SignJWT({ token_use: 'id', 'custom:county': 'DJ', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid as string })
    .setIssuer(issuer.issuer)
    .setIssuedAt()
    .setExpirationTime('1h');
  if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
  return jwt.sign(await importJWK(jwk, 'ES256'));
}

let attackerCounter = 0;
const anAttacker = () => {
  attackerCounter += 1;
  return `attacker-${process.pid}-${Date.now()}-${attackerCounter}`;
};

/** The audit items an actor left: a request that reached a handler of a personal-data route leaves one. */
async function auditItemsOf(actor: string): Promise<unknown[]> {
  const res = await call('GET', `/audit?actor=${actor}`, { as: { role: 'admin', sub: 'auditor' } });
  expect(res.status).toBe(200);
  return res.body.items;
}

describe('tokens with the right signature and the wrong claims', () => {
  const tried: string[] = [];

  async function attempt(token: string) {
    return call('GET', `/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } });
  }

  it('lets the same kind of token through when its claims are right, so the refusals below mean something', async () => {
    const sub = anAttacker();
    const res = await attempt(await signedByTheIssuer({ sub, 'cognito:groups': ['coordinator'] }));
    expect(res.status).toBe(200);
    expect(await auditItemsOf(sub)).toHaveLength(1);
  });

  it('refuses another audience with 401 when JWT_AUDIENCE is set, and accepts its own', async () => {
    const previous = process.env['JWT_AUDIENCE'];
    process.env['JWT_AUDIENCE'] = 'alaturi-app-client';
    resetConfig();
    const sub = anAttacker();
    const claims = { sub, 'cognito:groups': ['coordinator'] };
    let statuses: number[];
    try {
      const other = await attempt(await signedByTheIssuer({ ...claims, aud: 'another-app-client' }));
      const none = await attempt(await signedByTheIssuer(claims));
      const own = await attempt(
        await signedByTheIssuer({ ...claims, sub: anAttacker(), aud: 'alaturi-app-client' }),
      );
      statuses = [other.status, none.status, own.status];
      tried.push('another audience', 'no audience');
    } finally {
      if (previous === undefined) delete process.env['JWT_AUDIENCE'];
      else process.env['JWT_AUDIENCE'] = previous;
      resetConfig();
    }
    expect(statuses).toEqual([401, 401, 200]);
    expect(await auditItemsOf(sub)).toEqual([]);
  });

  it('refuses a token that is not valid yet (nbf an hour ahead) with 401', async () => {
    const sub = anAttacker();
    const token = await signedByTheIssuer(
      { sub, 'cognito:groups': ['coordinator'] },
      { notBefore: Math.floor(Date.now() / 1000) + 3600 },
    );
    tried.push('nbf in the future');
    const res = await attempt(token);
    expect(res.status).toBe(401);
    expect(res.text).not.toContain(caseId);
    expect(await auditItemsOf(sub)).toEqual([]);
  });

  it.each([
    ['a string instead of a list', 'coordinator'],
    ['two roles', ['coordinator', 'admin']],
    ['an empty list', []],
    ['a role in another case', ['Coordinator']],
  ])('refuses cognito:groups as %s with 403 before any handler', async (name, groups) => {
    const sub = anAttacker();
    tried.push(`groups: ${name}`);
    const res = await attempt(await signedByTheIssuer({ sub, 'cognito:groups': groups }));
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.text).not.toContain(caseId);
    expect(await auditItemsOf(sub)).toEqual([]);
  });

  afterAll(() => {
    process.stdout.write(`auth-attacks: ${tried.length} correctly signed tokens with wrong claims tried\n`);
  });
});
