// The one middy chain every API route goes through, one named middleware per step:
// log context -> outcome log -> security headers -> problem+json -> header names -> route -> authenticate
// -> body parser -> request schemas -> handler -> audit. Header, body and security-header handling are middy's
// own middlewares; problem.ts is the one place an error becomes a response.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ulid } from 'ulid';
import { type Principal, principalFromClaims } from '../auth/principal.ts';
import { getConfig } from '../config.ts';
import { recordAudit } from '../data/audit-repository.ts';
import { ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { logger, redact } from '../logger.ts';
import { METRICS } from '../observability/metric-names.ts';
import { countMetric } from '../observability/metrics.ts';
import { assertBodyFits, parseWith, readIfMatch } from './input.ts';
import { problemResponse, problemType } from './problem.ts';
import type { ApiRequest, ApiResult, RouteDefinition, RouteFunction, RouteHandler } from './route.ts';

type Event = APIGatewayProxyEventV2;
type Response = APIGatewayProxyStructuredResultV2;
type Middleware = middy.MiddlewareObj<Event, Response>;
type Request = middy.Request<Event, Response>;

/** Handlers keyed by route id; the type makes a missing handler for a route of this function a compile error. */
export type HandlerMap = Record<string, RouteHandler<RouteDefinition>>;

/** Routes and their handlers, as a function of one context provides them. */
export interface RouteModule {
  routes: readonly RouteDefinition[];
  handlers: HandlerMap;
}

/**
 * The handlers of a route's context. A one-context function hands over its map; the coordination function
 * loads the map of the route's context (its entry in the route table) on the context's first request, so a
 * cold start builds the services of one context, not of seven.
 */
export type HandlersOf<R extends RouteDefinition> = (route: R) => HandlerMap | Promise<HandlerMap>;

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

/** What one request has gathered on its way down the chain. */
interface State {
  requestId: string;
  route?: RouteDefinition;
  handler?: RouteHandler<RouteDefinition>;
  request?: ApiRequest;
  result?: ApiResult;
}

const states = new WeakMap<Context, State>();
function stateOf(request: { context: Context }): State {
  let state = states.get(request.context);
  if (!state) {
    state = { requestId: ulid() };
    states.set(request.context, state);
  }
  return state;
}

/** 4xx and 5xx by route id (a route template's name, never a path with ids in it). */
function countStatus(state: State, status: number): void {
  const name = status >= 500 ? METRICS.apiServerErrors : METRICS.apiClientErrors;
  countMetric(name, { route: state.route?.id ?? 'unknownRoute', status: `${Math.floor(status / 100)}xx` });
}

/** Every log line of the request carries its id (the one the client sees in x-request-id). */
function requestLog(): Middleware {
  return {
    before: (request) => {
      const state = stateOf(request);
      if (request.event.requestContext?.requestId) state.requestId = request.event.requestContext.requestId;
      logger.appendKeys({ requestId: state.requestId });
    },
    after: (request) => {
      const state = stateOf(request);
      const status = request.response?.statusCode;
      logger.info('request', { route: state.route?.id, status });
      if (status !== undefined && status >= 400) countStatus(state, status);
    },
    // Runs once problemJson has made the response: a refusal is routine (info), a 5xx is ours (error).
    onError: (request) => {
      const state = stateOf(request);
      const status = request.response?.statusCode ?? 500;
      const fields = { route: state.route?.id, status, problem: problemType(request.error) };
      countStatus(state, status);
      if (status < 500) {
        logger.info('request refused', fields);
        return;
      }
      const error = request.error;
      const message = error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
      logger.error('request failed', { ...fields, error: redact(message) });
    },
  };
}

/** Headers middy's security middleware leaves to HTML pages, which a JSON API sends on every response. */
function apiHeaders(): Middleware {
  const add = (request: Request) => {
    const response = request.response;
    if (!response) return;
    const headers: Record<string, string | number | boolean> = {
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-frame-options': 'DENY',
      'x-request-id': stateOf(request).requestId,
    };
    // One spelling (lower case, as HTTP/2 sends them) so a handler's header and middy's never both appear.
    for (const [name, value] of Object.entries(response.headers ?? {}))
      if (value !== undefined) headers[name.toLowerCase()] = value;
    response.headers = headers;
  };
  return { after: add, onError: add };
}

const securityHeaders = () =>
  httpSecurityHeaders({
    strictTransportSecurity: { maxAge: 63_072_000, includeSubDomains: true, preload: false },
    // A JSON API names no server and reports nowhere; middy's defaults would send empty headers for these.
    // `false` turns a header off in middy's code, though its types do not list it: hence the cast.
    poweredBy: false,
    reportingEndpoints: false,
    // apiHeaders sets every response's CSP, and a page route (the survey reply page) its own: middy's HTML
    // default would replace it with a sandbox and `form-action 'none'`, and the page's one form could not post.
    contentSecurityPolicy: false,
  } as Parameters<typeof httpSecurityHeaders>[0]);

function problemJson(): Middleware {
  return {
    onError: (request) => {
      request.response = problemResponse(request.error, stateOf(request).requestId);
    },
  };
}

function resolveRoute<R extends RouteDefinition>(
  fn: RouteFunction,
  byKey: ReadonlyMap<string, R>,
  handlersOf: HandlersOf<R>,
): Middleware {
  return {
    before: async (request) => {
      const state = stateOf(request);
      const route = byKey.get(request.event.routeKey);
      if (!route) throw new NotFoundError('route');
      const handler = (await handlersOf(route))[route.id];
      if (!handler) throw new Error(`route ${route.id} has no handler in ${fn}`);
      state.route = route;
      state.handler = handler;
    },
  };
}

function rawBody(event: Event): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** Who is calling (bearer token or Twilio's signature over the raw body), checked before the body is read. */
function authenticate({ bearer, twilio }: Authenticators): Middleware {
  return {
    before: async (request) => {
      const state = stateOf(request);
      const route = state.route as RouteDefinition;
      const headers = (request.event.headers ?? {}) as Record<string, string>;
      const query = request.event.rawQueryString ? `?${request.event.rawQueryString}` : '';
      const url = `${getConfig().PUBLIC_BASE_URL.replace(/\/$/, '')}${request.event.rawPath}${query}`;
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
}

/** The route's body, by its declared type, through middy's JSON or form parser (their errors: problem.ts). */
function parseBody(): Middleware {
  const json = httpJsonBodyParser() as unknown as Required<Middleware>;
  const form = httpUrlencodeBodyParser() as unknown as Required<Middleware>;
  return {
    before: async (request) => {
      const req = stateOf(request).request as ApiRequest;
      if (!req.route.body) return;
      assertBodyFits(req.rawBody, getConfig().MAX_BODY_BYTES);
      await (req.route.bodyType === 'form' ? form : json).before(request);
    },
  };
}

/** Path, query, body and If-Match against the route's zod schemas; every refusal names the field. */
function parseRequest(): Middleware {
  return {
    before: (request) => {
      const req = stateOf(request).request as ApiRequest;
      const route = req.route;
      req.params = route.params ? parseWith(route.params, request.event.pathParameters ?? {}) : undefined;
      req.query = route.query ? parseWith(route.query, request.event.queryStringParameters ?? {}) : undefined;
      req.body = route.body ? parseWith(route.body, request.event.body) : undefined;
      if (route.ifMatch) req.ifMatch = readIfMatch(req.headers);
    },
  };
}

/** Every read or write of personal data leaves an audit item, written before the response leaves. */
function auditTrail(): Middleware {
  return {
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
}

/** The routes of `fn` by route key, each checked for the authenticator its access needs. */
function indexRoutes<R extends RouteDefinition>(
  fn: RouteFunction,
  routes: readonly R[],
  { bearer, twilio }: Authenticators,
): Map<string, R> {
  const byKey = new Map(routes.filter((r) => r.fn === fn).map((r) => [`${r.method} ${r.path}`, r]));
  for (const r of byKey.values()) {
    if (r.access.kind === 'roles' && !bearer) throw new Error(`${fn} needs a bearer verifier for ${r.id}`);
    if (r.access.kind === 'twilio' && !twilio) throw new Error(`${fn} needs a Twilio verifier for ${r.id}`);
  }
  return byKey;
}

/**
 * The Lambda handler of `fn`: its routes (the route table's entries for it), where their handlers come from,
 * and how it authenticates callers.
 */
export function createApiHandler<R extends RouteDefinition>(
  fn: RouteFunction,
  routes: readonly R[],
  handlersOf: HandlersOf<R>,
  authenticators: Authenticators,
) {
  const byKey = indexRoutes(fn, routes, authenticators);

  const dispatch = async (_event: Event, context: Context): Promise<Response> => {
    const state = states.get(context) as State;
    const result = await (state.handler as RouteHandler<RouteDefinition>)(state.request as ApiRequest);
    state.result = result;
    return toResponse(result);
  };

  // Order matters twice: `before` runs top down, `after` and `onError` bottom up (problemJson makes the
  // response before the headers are added and the outcome is logged).
  return middy<Event, Response>(dispatch)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(requestLog())
    .use(apiHeaders())
    .use(securityHeaders())
    .use(problemJson())
    .use(httpHeaderNormalizer())
    .use(resolveRoute(fn, byKey, handlersOf))
    .use(authenticate(authenticators))
    .use(parseBody())
    .use(parseRequest())
    .use(auditTrail());
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
