// Turns a plain HTTP request into the API Gateway HTTP API (v2) event the Lambdas receive in AWS, routed by
// the same route table, so the local server and the handler tests exercise exactly the deployed code path.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ulid } from 'ulid';
import type { RouteDefinition, RouteFunction } from '../../shared/http/route.ts';
import { routes } from '../../shared/http/routes.ts';

export type LambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface PlainRequest {
  method: string;
  path: string;
  query?: string;
  headers?: Record<string, string | string[] | undefined>;
  body?: string;
}

const compiled = routes.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
}));

export function matchRoute(
  method: string,
  path: string,
): { route: RouteDefinition; params: Record<string, string> } | undefined {
  for (const { route, pattern } of compiled) {
    if (route.method !== method) continue;
    const match = pattern.exec(path);
    if (match) {
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(match.groups ?? {})) {
        try {
          params[name] = decodeURIComponent(value);
        } catch {
          params[name] = value;
        }
      }
      return { route, params };
    }
  }
  return undefined;
}

export function toEvent(
  request: PlainRequest,
  route: RouteDefinition | undefined,
  params: Record<string, string>,
) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const search = new URLSearchParams(request.query ?? '');
  const query: Record<string, string> = {};
  for (const [name, value] of search) query[name] = name in query ? `${query[name]},${value}` : value;
  const requestId = ulid();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: route ? `${route.method} ${route.path}` : '$default',
    rawPath: request.path,
    rawQueryString: request.query ?? '',
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(params).length ? params : undefined,
    body: request.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method,
        path: request.path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: '',
      },
      requestId,
      routeKey: route ? `${route.method} ${route.path}` : '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
  return event;
}

export function lambdaContext(requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:0:function:local',
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Routes a request to the function that serves it, exactly as API Gateway would (and /_local/ to the runtime). */
export async function dispatch(
  request: PlainRequest,
  handlers: Record<RouteFunction, LambdaHandler>,
): Promise<APIGatewayProxyStructuredResultV2> {
  const match = matchRoute(request.method, request.path);
  const event = toEvent(request, match?.route, match?.params ?? {});
  // An unknown route still goes through the middleware chain, so its 404 is a proper problem+json.
  const handler = handlers[match?.route.fn ?? 'coordination'];
  return handler(event, lambdaContext(event.requestContext.requestId));
}
