// The chain every route goes through, seen from a client: the security headers on every answer (success and
// problem alike), and a body that does not parse refused as a problem naming the body, never a 500.
import { describe, expect, it } from 'vitest';
import { lambdaContext, matchRoute, toEvent } from '../../infra/local/lambda-adapter.ts';
import { apiHandlers } from '../../infra/local/server.ts';
import { call, tokenFor } from '../support/api.ts';
import { aCase, coordinatorDJ } from '../support/factories.ts';

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

describe('the HTTP chain', () => {
  it('sends the security headers and the request id with a success', async () => {
    const res = await call('POST', '/cases', { as: coordinatorDJ, body: aCase() });
    expect(res.status).toBe(201);
    expect(res.headers).toMatchObject(SECURITY_HEADERS);
    expect(res.headers['x-request-id']).toMatch(/^[0-9A-Z]{26}$/);
    expect(res.headers['location']).toBe(`/cases/${res.body.id}`);
  });

  it('sends them with a problem too, whose request id is the header’s', async () => {
    const res = await call('GET', '/cases/01ARZ3NDEKTSV4RRFFQ69G5FAV', {});
    expect(res.status).toBe(401);
    expect(res.headers).toMatchObject({ ...SECURITY_HEADERS, 'content-type': 'application/problem+json' });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('refuses a JSON body that does not parse with 400 naming the body', async () => {
    const res = await call('POST', '/cases', {
      as: coordinatorDJ,
      rawBody: '{"county": "DJ",',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body.errors).toEqual([{ path: 'body', message: 'The body is not valid JSON' }]);
  });

  it('refuses a body of another media type with 415 naming the expected one', async () => {
    const res = await call('POST', '/cases', {
      as: coordinatorDJ,
      rawBody: 'county=DJ',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.body.errors).toEqual([{ path: 'headers.content-type', message: 'Expected application/json' }]);
  });

  it('reads header names in any case, as a proxy other than API Gateway may send them', async () => {
    const match = matchRoute('POST', '/cases');
    const event = toEvent(
      { method: 'POST', path: '/cases', body: JSON.stringify(aCase()) },
      match?.route,
      {},
    );
    event.headers = {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${await tokenFor(coordinatorDJ)}`,
    };
    const res = await apiHandlers.coordination(event, lambdaContext(event.requestContext.requestId));
    expect(res.statusCode).toBe(201);
  });
});
