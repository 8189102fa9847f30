// What a route is: method, path, the function that serves it, who may call it and the schemas of its input.
// The route table (routes.ts) groups these by function and context; CDK, the local server, the functions'
// routers, OpenAPI and the auth tests read it.
import type * as z from 'zod/mini';
import type { Principal } from '../auth/principal.ts';
import type { Role } from '../domain/enums.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
/** The Lambda that serves a route: one per bounded context, each with its own grants. */
export type ApiFunction = 'coordination' | 'sms' | 'exports';
/** What serves a route: a Lambda, or `local`, the local runtime only (never deployed: the CDK stack skips it). */
export type RouteFunction = ApiFunction | 'local';

export type Access =
  | { kind: 'public' }
  /** Twilio webhooks: no token; the X-Twilio-Signature is checked before anything else. */
  | { kind: 'twilio' }
  /**
   * Bearer token with one of `roles`. The role is all the chain checks: a route under /cases/{caseId} reads
   * the case anyway, and its service answers 404 to a caller outside the case's county or unit
   * (`assertCanSeeCase`), never a hint that the case exists.
   */
  | { kind: 'roles'; roles: readonly Role[] };

export interface RouteDefinition<
  Id extends string = string,
  P extends z.ZodMiniType = z.ZodMiniType,
  Q extends z.ZodMiniType = z.ZodMiniType,
  B extends z.ZodMiniType = z.ZodMiniType,
> {
  id: Id;
  method: HttpMethod;
  path: string;
  fn: RouteFunction;
  access: Access;
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  /** `form` for Twilio's application/x-www-form-urlencoded webhooks; JSON otherwise. */
  bodyType?: 'json' | 'form';
  /** The change needs `If-Match` with the version the client read (428 when missing). */
  ifMatch?: boolean;
  /** Reads or writes personal data: every call leaves an audit item. */
  audit?: { entity: string; action: 'read' | 'list' | 'create' | 'update' | 'delete' };
  /** The JSON success body, for the OpenAPI document (which the e2e suites validate every response against). */
  response?: z.ZodMiniType;
  successStatus: number;
  /** Other 2xx statuses the route answers with the same body (an invitation skipped is 200, sent is 202). */
  otherSuccessStatuses?: readonly number[];
  /** Problem statuses beyond those derived from the route's shape (a read that refuses a query with 422). */
  otherErrorStatuses?: readonly number[];
  /** A non-JSON media type the route answers with: instead of JSON without `response`, besides it with one. */
  produces?: string;
}

type Infer<T> = z.output<NonNullable<T>>;

export interface ApiRequest<R extends RouteDefinition = RouteDefinition> {
  route: R;
  params: Infer<R['params']>;
  query: Infer<R['query']>;
  body: Infer<R['body']>;
  /** Absent only on public and Twilio routes. */
  principal: Principal;
  /** The version in If-Match, when the route requires one. */
  ifMatch: number;
  requestId: string;
  headers: Record<string, string>;
  rawBody: string;
  /** The URL the client called, as the signature of a Twilio webhook covers it. */
  url: string;
}

export interface AuditNote {
  caseId?: string;
  entity?: string;
  reason?: string;
}

export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** The resource version, sent as ETag "<version>". */
  version?: number;
  /** Raw text (TwiML, CSV, iCalendar) instead of JSON. */
  text?: string;
  contentType?: string;
  audit?: AuditNote;
}

/** Method syntax keeps handlers of specific routes assignable to the generic map (parameter bivariance). */
export type RouteHandler<R extends RouteDefinition = RouteDefinition> = {
  handle(request: ApiRequest<R>): Promise<ApiResult>;
}['handle'];

export function route<
  const Id extends string,
  P extends z.ZodMiniType = z.ZodMiniUnknown,
  Q extends z.ZodMiniType = z.ZodMiniUnknown,
  B extends z.ZodMiniType = z.ZodMiniUnknown,
>(definition: RouteDefinition<Id, P, Q, B>): RouteDefinition<Id, P, Q, B> {
  return definition;
}

/** The request type of one route of a route list, by id: `RequestOf<typeof caseRoutes, 'getCase'>`. */
export type RequestOf<
  Routes extends readonly RouteDefinition[],
  Id extends Routes[number]['id'],
> = ApiRequest<Extract<Routes[number], { id: Id }>>;
