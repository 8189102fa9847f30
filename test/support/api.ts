// Calls the Lambda handlers exactly as API Gateway would (same route table, same event shape), without a
// socket: handler tests stay fast and still run the whole middleware chain against DynamoDB Local.
import { inject } from 'vitest';
import { dispatch } from '../../infra/local/lambda-adapter.ts';
import { apiHandlers } from '../../infra/local/server.ts';
import { createIssuer, type LocalIssuer } from '../../infra/local/token-issuer.ts';
import { buildOpenApi } from '../../shared/http/openapi.ts';
import { routes } from '../../shared/http/routes.ts';
import { checkResponse, type ObservedResponse, OpenApiValidator } from './openapi-validation.ts';

let issuer: Promise<LocalIssuer> | undefined;
const tokenCache = new Map<string, Promise<string>>();

export type Who =
  | { role: 'coordinator'; county: string; sub?: string }
  | { role: 'prosecutor'; unit: string; sub?: string }
  | { role: 'analyst' | 'admin'; sub?: string };

export function tokenFor(who: Who): Promise<string> {
  const key = JSON.stringify(who);
  let token = tokenCache.get(key);
  if (!token) {
    issuer ??= createIssuer(inject('jwtKeyFile'));
    token = issuer.then((i) =>
      i.sign({
        role: who.role,
        sub: who.sub,
        county: 'county' in who ? who.county : undefined,
        unit: 'unit' in who ? who.unit : undefined,
      }),
    );
    tokenCache.set(key, token);
  }
  return token;
}

export interface CallOptions {
  as?: Who;
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  ifMatch?: number | string;
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON responses
  body: any;
}

/** The document the handlers' answers are checked against, built from the same route table. */
let contract: OpenApiValidator | undefined;

/** Records whether the OpenAPI document describes a handler's answer (openapi-validation-setup.ts asserts). */
export function checkAgainstContract(response: ObservedResponse): void {
  if (response.path.startsWith('/_local/')) return;
  contract ??= new OpenApiValidator(buildOpenApi(routes));
  checkResponse(contract, response);
}

export async function call(
  method: string,
  pathAndQuery: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const [path = '/', query = ''] = pathAndQuery.split('?');
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  const token = options.token ?? (options.as ? await tokenFor(options.as) : undefined);
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
  let body = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const result = await dispatch({ method, path, query, headers, body }, apiHandlers);
  const text = result.body ?? '';
  const responseHeaders = (result.headers ?? {}) as Record<string, string>;
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  const status = result.statusCode ?? 200;
  checkAgainstContract({ method, path, status, headers: responseHeaders, text });
  return { status, headers: responseHeaders, text, body: parsed };
}
