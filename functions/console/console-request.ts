// The request as the console's pages read it: headers, cookies, the posted form and the reader's language.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
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
