// The console's HTTP plumbing: the request as the pages read it (cookies, form, language), the headers of
// CONSOLE.md on every response, and the CSRF and Origin checks every POST must pass.
import { timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { getConfig } from '../../shared/config.ts';
import { LOCALES, type Locale } from './messages.ts';

export interface ConsoleRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  cookies: Record<string, string>;
  form: URLSearchParams;
  headers: Record<string, string>;
  locale: Locale;
  /** Set when `?lang=` chose a language: remembered in a cookie on the response. */
  chosenLocale?: Locale;
}

export type ConsoleResponse = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
};

export function parseEvent(event: APIGatewayProxyEventV2): ConsoleRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {}))
    if (value) headers[name.toLowerCase()] = value;
  const cookies: Record<string, string> = {};
  // API Gateway v2 moves cookies out of the headers into `cookies`.
  const cookieList = [...(event.cookies ?? []), ...(headers['cookie']?.split(';') ?? [])];
  for (const pair of cookieList) {
    const at = pair.indexOf('=');
    if (at > 0) cookies[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  const form = /application\/x-www-form-urlencoded/.test(headers['content-type'] ?? '')
    ? new URLSearchParams(raw)
    : new URLSearchParams();
  const query = new URLSearchParams(event.rawQueryString ?? '');
  const asked = query.get('lang');
  const chosenLocale = LOCALES.find((locale) => locale === asked);
  const remembered = LOCALES.find((locale) => locale === cookies['lang']);
  return {
    method: event.requestContext.http.method,
    path: event.rawPath.replace(/\/+$/, '') || '/console',
    query,
    cookies,
    form,
    headers,
    locale: chosenLocale ?? remembered ?? 'ro',
    chosenLocale,
  };
}

/** The path and query to link the same page in the other language. */
export function here(request: ConsoleRequest): string {
  const query = new URLSearchParams(request.query);
  query.delete('lang');
  const rest = query.toString();
  return rest ? `${request.path}?${rest}` : request.path;
}

const secure = () => getConfig().STAGE === 'aws';

/** CONSOLE.md "Headers on every page": a strict CSP, no referrer, never framed, never sniffed. */
export function securityHeaders(): Record<string, string> {
  const cognito = getConfig().COGNITO_DOMAIN;
  // Signing out ends the Cognito session too: that redirect follows a form, which form-action must allow.
  const formAction = cognito ? `'self' ${new URL(cognito).origin}` : `'self'`;
  const headers: Record<string, string> = {
    'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action ${formAction}`,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
  if (secure()) headers['strict-transport-security'] = 'max-age=63072000; includeSubDomains';
  return headers;
}

/** A page: personal data may be on any of them, so none is ever stored by the browser or a proxy. */
export function htmlResponse(status: number, html: string, cookies: string[] = []): ConsoleResponse {
  return {
    statusCode: status,
    headers: {
      ...securityHeaders(),
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    },
    body: `<!doctype html>${html}`,
    cookies,
  };
}

/** Post/redirect/get: 303 so the browser follows with a GET. */
export function redirect(location: string, cookies: string[] = [], status = 303): ConsoleResponse {
  return {
    statusCode: status,
    headers: { ...securityHeaders(), location, 'cache-control': 'no-store' },
    body: '',
    cookies,
  };
}

export const SESSION_COOKIE = () => (secure() ? '__Host-alaturi' : 'alaturi_session');

export function cookie(
  name: string,
  value: string,
  options: { maxAge?: number; sameSite?: 'Strict' | 'Lax'; httpOnly?: boolean } = {},
): string {
  const parts = [`${name}=${value}`, 'Path=/', `SameSite=${options.sameSite ?? 'Strict'}`];
  if (options.httpOnly !== false) parts.push('HttpOnly');
  if (secure()) parts.push('Secure');
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  return parts.join('; ');
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The origin this request was addressed to, as a browser on this site would send it in `Origin`. */
function expectedOrigin(request: ConsoleRequest): string {
  const proto = request.headers['x-forwarded-proto'] ?? (secure() ? 'https' : 'http');
  return `${proto}://${request.headers['host'] ?? ''}`;
}

/**
 * A change must carry the session's CSRF token and come from this origin; anything else is refused (403).
 * Our own pages send `Origin: null`: with `Referrer-Policy: no-referrer` a browser serializes a POST's origin
 * as "null" (Fetch standard). Then Fetch Metadata decides: `Sec-Fetch-Site: same-origin` is set by the
 * browser and cannot be set by a page, so a form on another site (even one that also says no-referrer) fails.
 * Chromium sends no `Origin` at all on a same-origin fetch() under no-referrer (the survey editor's live
 * preview): Fetch Metadata decides that case the same way.
 */
export function passesCsrf(request: ConsoleRequest, expected: string | undefined): boolean {
  const sent = request.form.get('csrf') ?? '';
  const origin = request.headers['origin'];
  const sameOrigin =
    origin === expectedOrigin(request) ||
    ((origin === 'null' || origin === undefined) && request.headers['sec-fetch-site'] === 'same-origin');
  return expected !== undefined && expected !== '' && sameString(sent, expected) && sameOrigin;
}

export function staticResponse(body: string, contentType: string): ConsoleResponse {
  return {
    statusCode: 200,
    headers: { ...securityHeaders(), 'content-type': contentType, 'cache-control': 'public, max-age=3600' },
    body,
  };
}
