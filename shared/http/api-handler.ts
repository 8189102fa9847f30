// The one middy chain every API route goes through:
// security headers -> problem+json -> route -> authenticate -> authorize -> parse -> handler -> audit.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ulid } from 'ulid';
import { type Principal, principalFromClaims } from '../auth/principal.ts';
import { getConfig } from '../config.ts';
import { recordAudit } from '../data/audit-repository.ts';
import { ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { logger } from '../logger.ts';
import { parseWith, readBody, readIfMatch } from './input.ts';
import { problemResponse } from './problem.ts';
import type { ApiFunction, ApiRequest, ApiResult, RouteDefinition, RouteHandler } from './route.ts';

type Event = APIGatewayProxyEventV2;
type Response = APIGatewayProxyStructuredResultV2;

interface State {
  requestId: string;
  route?: RouteDefinition;
  handler?: RouteHandler<RouteDefinition>;
  request?: ApiRequest;
  result?: ApiResult;
}

/** Handlers keyed by route id; the type makes a missing handler for a route of this function a compile error. */
export type HandlerMap = Record<string, RouteHandler<RouteDefinition>>;

/**
 * How a function authenticates its callers. Each function passes only what its routes need (JWT for the APIs,
 * Twilio's signature for the webhooks), so it bundles neither jose nor twilio when it has no use for them.
 */
export interface Authenticators {
  bearer?: (authorization: string | undefined) => Promise<Record<string, unknown>>;
  twilio?: (
    signature: string | undefined,
    url: string,
    rawBody: string,
    contentType: string | undefined,
  ) => Promise<void>;
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

function lowerCaseHeaders(headers: Event['headers'] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {}))
    if (value !== undefined) out[name.toLowerCase()] = value;
  return out;
}

function rawBody(event: Event): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** Routes and their handlers, as one bounded context of a function provides them. */
export interface RouteModule {
  routes: readonly RouteDefinition[];
  handlers: HandlerMap;
}

/**
 * Where a function's routes come from: the module that serves a route key. A small function hands over one
 * module; the coordination function loads each context's module on its first request, so a cold start builds
 * the schemas and services of one context, not of seven. Each function imports its own routes, never
 * routes.ts (a test checks that the functions together serve exactly the route table).
 */
export type RouteSource = (routeKey: string) => RouteModule | Promise<RouteModule>;

export function createApiHandler(fn: ApiFunction, source: RouteSource, authenticators: Authenticators) {
  const { bearer, twilio } = authenticators;
  const indexed = new WeakMap<RouteModule, Map<string, RouteDefinition>>();
  /** Indexes a module once, checking that every route has its handler and its authenticator. */
  const indexOf = (module: RouteModule) => {
    let byKey = indexed.get(module);
    if (!byKey) {
      byKey = new Map(module.routes.filter((r) => r.fn === fn).map((r) => [`${r.method} ${r.path}`, r]));
      for (const r of byKey.values()) {
        if (!module.handlers[r.id]) throw new Error(`route ${r.id} has no handler in ${fn}`);
        if (r.access.kind === 'roles' && !bearer)
          throw new Error(`${fn} needs a bearer verifier for ${r.id}`);
        if (r.access.kind === 'twilio' && !twilio)
          throw new Error(`${fn} needs a Twilio verifier for ${r.id}`);
      }
      indexed.set(module, byKey);
    }
    return byKey;
  };
  const states = new WeakMap<object, State>();
  const stateOf = (request: { context: Context }) => {
    let state = states.get(request.context);
    if (!state) {
      state = { requestId: ulid() };
      states.set(request.context, state);
    }
    return state;
  };

  const securityHeaders: middy.MiddlewareObj<Event, Response> = {
    after: (request) => addHeaders(request.response, stateOf(request).requestId),
    onError: (request) => addHeaders(request.response, stateOf(request).requestId),
  };

  const problemJson: middy.MiddlewareObj<Event, Response> = {
    onError: (request) => {
      request.response = problemResponse(request.error, stateOf(request).requestId);
    },
  };

  const resolveRoute: middy.MiddlewareObj<Event, Response> = {
    before: async (request) => {
      const state = stateOf(request);
      if (request.event.requestContext?.requestId) state.requestId = request.event.requestContext.requestId;
      const module = await source(request.event.routeKey);
      const route = indexOf(module).get(request.event.routeKey);
      if (!route) throw new NotFoundError('route');
      state.route = route;
      state.handler = module.handlers[route.id];
    },
  };

  const authenticate: middy.MiddlewareObj<Event, Response> = {
    before: async (request) => {
      const state = stateOf(request);
      const route = state.route as RouteDefinition;
      const headers = lowerCaseHeaders(request.event.headers);
      const config = getConfig();
      const query = request.event.rawQueryString ? `?${request.event.rawQueryString}` : '';
      const url = `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}${request.event.rawPath}${query}`;
      const body = rawBody(request.event);
      let principal: Principal | undefined;
      if (route.access.kind === 'roles') {
        principal = principalFromClaims(
          await (bearer as NonNullable<typeof bearer>)(headers['authorization']),
        );
        if (!route.access.roles.includes(principal.role)) throw new ForbiddenError();
      } else if (route.access.kind === 'twilio') {
        await (twilio as NonNullable<typeof twilio>)(
          headers['x-twilio-signature'],
          url,
          body,
          headers['content-type'],
        );
      }
      state.request = {
        route,
        principal: principal as Principal,
        headers,
        rawBody: body,
        url,
        requestId: state.requestId,
        params: undefined,
        query: undefined,
        body: undefined,
        ifMatch: 0,
      };
    },
  };

  const parseRequest: middy.MiddlewareObj<Event, Response> = {
    before: async (request) => {
      const state = stateOf(request);
      const req = state.request as ApiRequest;
      const route = req.route;
      const config = getConfig();
      req.params = route.params ? parseWith(route.params, request.event.pathParameters ?? {}) : undefined;
      req.query = route.query ? parseWith(route.query, request.event.queryStringParameters ?? {}) : undefined;
      const body = readBody(route, req.headers, req.rawBody, config.MAX_BODY_BYTES);
      req.body = route.body ? parseWith(route.body, body) : undefined;
      if (route.ifMatch) req.ifMatch = readIfMatch(req.headers);
    },
  };

  const auditTrail: middy.MiddlewareObj<Event, Response> = {
    after: async (request) => {
      const state = stateOf(request);
      const req = state.request;
      const audit = req?.route.audit;
      if (!req || !audit || !state.result) return;
      const params = (req.params ?? {}) as Record<string, unknown>;
      await recordAudit({
        actor: req.principal.sub,
        role: req.principal.role,
        action: audit.action,
        entity: state.result.audit?.entity ?? audit.entity,
        caseId:
          state.result.audit?.caseId ?? (typeof params['caseId'] === 'string' ? params['caseId'] : undefined),
        route: req.route.id,
        requestId: state.requestId,
        status: state.result.status,
        reason: state.result.audit?.reason,
      });
    },
  };

  const dispatch = async (_event: Event, context: Context): Promise<Response> => {
    const state = states.get(context) as State;
    const req = state.request as ApiRequest;
    const handler = state.handler as RouteHandler<RouteDefinition>;
    const result = await handler(req);
    state.result = result;
    logger.info('request', { requestId: state.requestId, route: req.route.id, status: result.status });
    return toResponse(result);
  };

  return middy<Event, Response>(dispatch)
    .use(securityHeaders)
    .use(problemJson)
    .use(resolveRoute)
    .use(authenticate)
    .use(parseRequest)
    .use(auditTrail);
}

function toResponse(result: ApiResult): Response {
  const headers: Record<string, string> = { ...(result.headers ?? {}) };
  if (result.version !== undefined) headers['etag'] = `"${result.version}"`;
  if (result.text !== undefined) {
    headers['content-type'] = result.contentType ?? 'text/plain; charset=utf-8';
    return { statusCode: result.status, headers, body: result.text };
  }
  if (result.body === undefined) return { statusCode: result.status, headers, body: '' };
  headers['content-type'] = 'application/json';
  return { statusCode: result.status, headers, body: JSON.stringify(result.body) };
}

function addHeaders(response: Response | null | undefined, requestId: string): void {
  if (!response) return;
  response.headers = { ...SECURITY_HEADERS, 'x-request-id': requestId, ...(response.headers ?? {}) };
}
