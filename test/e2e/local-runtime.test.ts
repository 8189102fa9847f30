// `npm start` as a person runs it: a separate process with its own DynamoDB Local, reached over HTTP with a
// token from `npm run token`, and stopped with Ctrl-C (SIGINT) without leaving a JVM behind.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { aCase } from '../support/factories.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'alaturi-e2e-'));
let server: ChildProcess;
let base: string;
let output = '';
const tokens: string[] = [];
const victimCase = aCase({ victim: { fullName: 'Elena Logcheck', phone: '+40744555666' } });

function token(...args: string[]): string {
  return execFileSync('npx', ['tsx', 'infra/local/token.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
  }).trim();
}

async function http(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; ifMatch?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

function javaProcessesFor(dir: string): number {
  try {
    return execFileSync('pgrep', ['-f', `DynamoDBLocal.jar.*${dir}`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean).length;
  } catch {
    return 0;
  }
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn('node_modules/.bin/tsx', ['infra/local/start.ts'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'INFO' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so Ctrl-C can be sent the way a terminal sends it: to the whole group.
    detached: true,
  });
  server.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  server.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`npm start did not serve /health within a minute:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});

afterAll(() => {
  if (server.exitCode === null) process.kill(-(server.pid as number), 'SIGKILL');
});

describe('npm start', () => {
  it('serves /health and an OpenAPI 3.1 document', async () => {
    expect(await http('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const openapi = await http('GET', '/openapi.json');
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths)).toContain('/cases/{caseId}');
  });

  it('lets a coordinator token create, read, update with If-Match and close a case', async () => {
    const coordinator = token('--role', 'coordinator', '--county', 'DJ', '--sub', 'e2e-coordinator');
    tokens.push(coordinator);
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
    expect(output).toContain('"route":"createCase"');
    expect(output).not.toContain(victimCase.victim.phone as string);
    expect(output).not.toContain((victimCase.victim.phone as string).slice(3));
    expect(output).not.toContain(victimCase.victim.fullName as string);
    for (const t of tokens) expect(output).not.toContain(t.split('.')[1] as string);
  });

  it('stops cleanly on Ctrl-C and leaves no DynamoDB Local behind', async () => {
    expect(javaProcessesFor(dataDir)).toBe(1);
    const exited = new Promise<number | null>((done) => server.once('exit', (code) => done(code)));
    process.kill(-(server.pid as number), 'SIGINT');
    const code = await Promise.race([
      exited,
      new Promise((r) => setTimeout(() => r('still running'), 15_000)),
    ]);
    // 130 is how a shell reports a program ended by Ctrl-C; either way it must have ended by itself.
    expect([0, 130]).toContain(code);
    await new Promise((r) => setTimeout(r, 500));
    expect(javaProcessesFor(dataDir)).toBe(0);
  });
});
