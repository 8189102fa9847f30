// The OpenAPI 3.1 document, generated from the route table and the same zod schemas the handlers parse with,
// so the published contract cannot drift from the code: success bodies and media types, the ETag and
// Location headers, and every problem status a route can answer are all derived from its route entry.
import * as z from 'zod/mini';
import type { RouteDefinition } from './route.ts';

type Json = Record<string, unknown>;

/** A string, number or array schema's limits: what a pipe's output side adds to its input side. */
const LIMITS = [
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
] as const;

/**
 * zod writes a pipe's input side only (`io: 'input'`), so `pipe(normalise, string().check(max(40)))` would
 * lose its limit. The output side's limits are added when both sides are of the same JSON type: a client
 * that keeps to them is never refused (the limit holds after normalising, which only shortens the text).
 */
function keepPipeLimits(ctx: { zodSchema: unknown; jsonSchema: Json }, io: 'input' | 'output'): void {
  const def = (ctx.zodSchema as { _zod: { def: { type: string; out?: z.ZodMiniType } } })._zod.def;
  if (io !== 'input' || def.type !== 'pipe' || !def.out) return;
  const out = jsonSchema(def.out, 'output');
  if (out['type'] === undefined || out['type'] !== ctx.jsonSchema['type']) return;
  for (const key of LIMITS) if (out[key] !== undefined) ctx.jsonSchema[key] ??= out[key];
}

function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output' = 'input'): Json {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
    override: (ctx) => keepPipeLimits(ctx as { zodSchema: unknown; jsonSchema: Json }, io),
  }) as Json;
  delete json['$schema'];
  return json;
}

const PROBLEMS: Record<number, string> = {
  400: 'Invalid input: `errors` names each field',
  401: 'No valid bearer token',
  403: 'The role may not do this (or, on a Twilio webhook, the signature is wrong)',
  404: 'No such resource, or outside the caller’s scope (never says which)',
  410: 'Gone: the link was already used',
  409: 'The resource’s state does not allow it (a step out of order, a second decision, a booked slot)',
  412: '`If-Match` does not match the current ETag',
  413: 'The body is larger than the service accepts',
  415: 'The body is not of the media type the route reads',
  422: 'A business rule refuses the request',
  428: '`If-Match` is missing',
  500: 'An unexpected failure on our side: the detail carries only the request id',
  503: 'A dependency is busy: retry shortly',
};

/** The problem statuses a route can answer, from what its entry says it reads and who may call it. */
export function problemStatuses(route: RouteDefinition): number[] {
  // Any operation can fail unexpectedly (500, never for anything the client sent).
  const statuses = new Set<number>([500, 503]);
  if (route.params || route.query || route.body || route.ifMatch) statuses.add(400);
  if (route.access.kind === 'roles') {
    statuses.add(401);
    statuses.add(403);
  }
  if (route.access.kind === 'twilio') statuses.add(403);
  // A path names a resource; a `county` query names a scope: outside the caller's, both are 404.
  if (route.params || namesCounty(route.query)) statuses.add(404);
  const writes = route.method !== 'GET' && route.access.kind === 'roles';
  if (writes) {
    statuses.add(409);
    statuses.add(422);
  }
  if (route.body) {
    statuses.add(413);
    statuses.add(415);
  }
  if (route.ifMatch) {
    statuses.add(412);
    statuses.add(428);
  }
  for (const status of route.otherErrorStatuses ?? []) statuses.add(status);
  // Liveness and the document itself touch no table: nothing to be busy.
  if (route.access.kind === 'public') statuses.delete(503);
  return [...statuses].sort((a, b) => a - b);
}

function parametersOf(route: RouteDefinition) {
  const out: unknown[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: property,
      });
    }
  }
  if (route.ifMatch) out.push({ $ref: '#/components/parameters/IfMatch' });
  return out;
}

/** A 201 names the new resource when the table has a GET for it: the collection path plus one parameter. */
function createsAddressable(route: RouteDefinition, routes: readonly RouteDefinition[]): boolean {
  return routes.some(
    (r) =>
      r.method === 'GET' &&
      r.path.startsWith(`${route.path}/{`) &&
      /^\/\{[^/]+\}$/.test(r.path.slice(route.path.length)),
  );
}

function successResponse(route: RouteDefinition, status: number, routes: readonly RouteDefinition[]) {
  const content: Json = {};
  const body = route.response ? jsonSchema(route.response, 'output') : undefined;
  if (body) content['application/json'] = { schema: body };
  if (route.produces) content[route.produces] = { schema: { type: 'string' } };
  const headers: Json = {};
  const properties = (body?.['properties'] ?? {}) as Json;
  // The handlers send the resource's version as its ETag whenever they answer with one resource.
  if ('version' in properties) headers['ETag'] = { $ref: '#/components/headers/ETag' };
  if (status === 201 && createsAddressable(route, routes))
    headers['Location'] = { $ref: '#/components/headers/Location' };
  if (route.produces === 'text/csv')
    headers['Content-Disposition'] = {
      description: 'attachment; filename="<export>.csv"',
      schema: { type: 'string' },
    };
  return {
    description: status === 204 ? 'Done; no body' : status === 202 ? 'Accepted' : 'Success',
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(Object.keys(content).length > 0 ? { content } : {}),
  };
}

/** A page route (the reply page) answers its refusals as a page too; the chain's own refusals stay problems. */
function problemResponse(route: RouteDefinition, status: number): Json {
  if (route.produces !== 'text/html' || ![404, 410, 422].includes(status))
    return { $ref: `#/components/responses/Problem${status}` };
  return {
    description: PROBLEMS[status] ?? 'Refused',
    content: {
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      'text/html': { schema: { type: 'string' } },
    },
  };
}

export interface OpenApiOptions {
  /**
   * The API's base URL. The default `/` is the host that served the document: in AWS the document is
   * written at synth, before the API's URL exists, and API Gateway serves it from the API's root.
   */
  serverUrl?: string;
}

export function buildOpenApi(routes: readonly RouteDefinition[], options: OpenApiOptions = {}) {
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Set<string>();
  for (const route of routes) {
    if (route.path.startsWith('/_local/')) continue;
    tags.add(route.fn);
    const responses: Json = {};
    for (const status of [route.successStatus, ...(route.otherSuccessStatuses ?? [])].sort((a, b) => a - b))
      responses[String(status)] = successResponse(route, status, routes);
    for (const status of problemStatuses(route)) responses[String(status)] = problemResponse(route, status);
    const operation: Json = {
      operationId: route.id,
      summary: route.summary,
      tags: [route.fn],
      parameters: parametersOf(route),
      security: route.access.kind === 'roles' ? [{ bearer: [] }] : [],
      'x-roles': route.access.kind === 'roles' ? route.access.roles : route.access.kind,
      responses,
    };
    if (route.body) {
      const media = route.bodyType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
      operation['requestBody'] = { required: true, content: { [media]: { schema: jsonSchema(route.body) } } };
    }
    paths[route.path] ??= {};
    (paths[route.path] as Json)[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Alături',
      version: '1.0.0',
      description: 'Coordination of support for victims of trafficking in criminal proceedings.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: options.serverUrl ?? '/', description: 'The API that serves this document' }],
    tags: [...tags].sort().map((name) => ({ name, description: `Served by the ${name} function` })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      parameters: {
        IfMatch: {
          name: 'If-Match',
          in: 'header',
          required: true,
          description: 'The ETag the client read: `"<version>"`',
          schema: { type: 'string', pattern: '^(W/)?"?[0-9]+"?$' },
        },
      },
      headers: {
        ETag: {
          description: 'The resource version, quoted: send it back in If-Match to change the resource',
          required: true,
          schema: { type: 'string', pattern: '^"[0-9]+"$' },
        },
        Location: {
          description: 'Where the new resource can be read',
          required: true,
          schema: { type: 'string', format: 'uri-reference' },
        },
      },
      responses: Object.fromEntries(
        Object.entries(PROBLEMS).map(([status, description]) => [
          `Problem${status}`,
          {
            description,
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        ]),
      ),
      schemas: {
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem; a 409 may add `currentStatus`, `allowedSteps` or `conflicts`',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string', format: 'uri-reference' },
            title: { type: 'string' },
            status: { type: 'integer', minimum: 400, maximum: 599 },
            detail: { type: 'string' },
            requestId: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['path', 'message'],
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
            currentStatus: { type: 'string', description: 'On a 409: the state that refused the change' },
            allowedSteps: {
              type: 'array',
              items: { type: 'string' },
              description: 'On a voucher step out of order: the steps it can take now',
            },
            conflicts: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  hearingId: { type: 'string' },
                  caseId: { type: 'string' },
                  startsAt: { type: 'string', format: 'date-time' },
                },
              },
            },
          },
        },
      },
    },
  };
}

function namesCounty(query: RouteDefinition['query']): boolean {
  const shape = (query?._zod.def as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape !== undefined && 'county' in shape;
}
