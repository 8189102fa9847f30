// The OpenAPI 3.1 document, generated from the route table and the same zod schemas the handlers parse with,
// so the published contract cannot drift from the code.
import * as z from 'zod/mini';
import type { RouteDefinition } from './route.ts';

const problem = {
  description: 'RFC 9457 problem',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output' = 'input') {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
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
  if (route.ifMatch) out.push({ name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } });
  return out;
}

export function buildOpenApi(routes: readonly RouteDefinition[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (route.path.startsWith('/_local/')) continue;
    const operation: Record<string, unknown> = {
      operationId: route.id,
      summary: route.summary,
      parameters: parametersOf(route),
      security: route.access.kind === 'roles' ? [{ bearer: [] }] : [],
      'x-roles': route.access.kind === 'roles' ? route.access.roles : route.access.kind,
      responses: {
        [route.successStatus]: {
          description: 'Success',
          ...(route.response
            ? { content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } }
            : {}),
        },
        '400': problem,
        '401': problem,
        '403': problem,
        '404': problem,
        ...(route.ifMatch ? { '412': problem, '428': problem } : {}),
      },
    };
    if (route.body) {
      const media = route.bodyType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
      operation['requestBody'] = { required: true, content: { [media]: { schema: jsonSchema(route.body) } } };
    }
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Alături',
      version: '1.0.0',
      description: 'Coordination of support for victims of trafficking in criminal proceedings.',
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
}
