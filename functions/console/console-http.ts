// The console's responses: pages, redirects and static files, each with the headers of CONSOLE.md, and its
// cookies. The request is read in console-request.ts; the CSRF and Origin checks are in csrf.ts.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { getConfig } from '../../shared/config.ts';

export type ConsoleResponse = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
};

/** Deployed behind HTTPS: cookies are Secure and __Host-, HSTS is sent. */
export const secure = () => getConfig().STAGE === 'aws';

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

export function staticResponse(body: string, contentType: string): ConsoleResponse {
  return {
    statusCode: 200,
    headers: { ...securityHeaders(), 'content-type': contentType, 'cache-control': 'public, max-age=3600' },
    body,
  };
}
