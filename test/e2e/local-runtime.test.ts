// `npm start` as a person runs it: a separate process with its own DynamoDB Local, reached over HTTP with a
// token from `npm run token`, and stopped with Ctrl-C (SIGINT) without leaving a JVM behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCase } from '../support/factories.ts';
import { javaProcessesFor, type LocalRuntime, startLocalRuntime } from '../support/local-runtime.ts';

let runtime: LocalRuntime;
const victimCase = aCase({ victim: { fullName: 'Elena Logcheck', phone: '+40744555666' } });

beforeAll(async () => {
  runtime = await startLocalRuntime();
});

afterAll(async () => {
  await runtime.stop();
});

describe('npm start', () => {
  it('serves /health and an OpenAPI 3.1 document', async () => {
    const { http } = runtime;
    expect(await http('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const openapi = await http('GET', '/openapi.json');
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths)).toContain('/cases/{caseId}');
  });

  it('lets a coordinator token create, read, update with If-Match and close a case', async () => {
    const { http, token } = runtime;
    const coordinator = token('--role', 'coordinator', '--county', 'DJ', '--sub', 'e2e-coordinator');
    const created = await http('POST', '/cases', { token: coordinator, body: victimCase });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.headers.get('location')).toBe(`/cases/${id}`);

    const read = await http('GET', `/cases/${id}`, { token: coordinator });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');

    const patched = await http('PATCH', `/cases/${id}`, {
      token: coordinator,
      body: { proceedingsStage: 'trial' },
      ifMatch: '"1"',
    });
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('"2"');
    const stale = await http('PATCH', `/cases/${id}`, {
      token: coordinator,
      body: { proceedingsStage: 'appeal' },
      ifMatch: '"1"',
    });
    expect(stale.status).toBe(412);

    const closed = await http('POST', `/cases/${id}/close`, {
      token: coordinator,
      body: { reason: 'Ended' },
      ifMatch: '"2"',
    });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');

    const otherCounty = token('--role', 'coordinator', '--county', 'GJ');
    expect((await http('GET', `/cases/${id}`, { token: otherCounty })).status).toBe(404);
    const prosecutor = token('--role', 'prosecutor', '--unit', 'DIICOT-CRAIOVA');
    const masked = await http('GET', `/cases/${id}`, { token: prosecutor });
    expect(masked.body.victim.phone).toMatch(/^\+40 7\*\* \*\*\* \d{3}$/);
    expect((await http('GET', `/cases/${id}`, { token: token('--role', 'analyst') })).status).toBe(403);
  });

  it('never writes a phone number, a name or a token to its logs', () => {
    const output = runtime.output();
    expect(output).toContain('"route":"createCase"');
    expect(output).not.toContain(victimCase.victim.phone as string);
    expect(output).not.toContain((victimCase.victim.phone as string).slice(3));
    expect(output).not.toContain(victimCase.victim.fullName as string);
    expect(runtime.tokens.length).toBeGreaterThan(0);
    for (const t of runtime.tokens) expect(output).not.toContain(t.split('.')[1] as string);
  });

  it('stops cleanly on Ctrl-C and leaves no DynamoDB Local behind', async () => {
    expect(javaProcessesFor(runtime.dataDir)).toBe(1);
    // 130 is how a shell reports a program ended by Ctrl-C; either way it must have ended by itself.
    expect([0, 130]).toContain(await runtime.stop());
    await new Promise((r) => setTimeout(r, 500));
    expect(javaProcessesFor(runtime.dataDir)).toBe(0);
  });
});
