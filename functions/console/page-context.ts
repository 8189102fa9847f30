// What every signed-in page gets: the request, the session, the catalog, the frame of the layout, and the API
// called with the session's token (a fresh ID token from the refresh token when the API says it expired).
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { type ConsoleSession, replaceIdToken } from '../../shared/data/console-session-repository.ts';
import { type ApiAnswer, ApiProblem, callApi } from './api-client.ts';
import type { PageFrame } from './components.tsx';
import { type ConsoleResponse, htmlResponse } from './console-http.ts';
import { type ConsoleRequest, here } from './console-request.ts';
import { type Catalog, catalogs, type Locale } from './messages.ts';
import { cognito, refreshIdToken } from './sign-in.ts';

export interface PageContext {
  request: ConsoleRequest;
  session: ConsoleSession;
  t: Catalog;
  locale: Locale;
  frame: PageFrame;
  api(
    method: string,
    path: string,
    options?: { body?: unknown; ifMatch?: string | number },
  ): Promise<ApiAnswer>;
  get(path: string): Promise<ApiAnswer['body']>;
  /** Path parameters of the console route. */
  params: Record<string, string>;
}

export function pageContext(
  request: ConsoleRequest,
  session: ConsoleSession,
  params: Record<string, string>,
): PageContext {
  const t = catalogs[request.locale];
  let token = session.idToken;
  const api: PageContext['api'] = async (method, path, options) => {
    try {
      return await callApi(token, method, path, options);
    } catch (error) {
      const settings = cognito();
      if (!(error instanceof ApiProblem && error.status === 401 && settings && session.refreshToken))
        throw error;
      const fresh = await refreshIdToken(settings, session.refreshToken);
      if (!fresh) throw error;
      token = fresh;
      await replaceIdToken(session.idHash, fresh);
      return callApi(token, method, path, options);
    }
  };
  return {
    request,
    session,
    t,
    locale: request.locale,
    frame: { t, locale: request.locale, here: here(request), role: session.role, csrf: session.csrf },
    api,
    get: async (path) => (await api('GET', path)).body,
    params,
  };
}

/**
 * A page as HTML. A form shown again with its problems is 200, like GOV.UK services answer: it is the page the
 * browser asked for, and a 4xx document would be logged as an error in the browser's console.
 */
export function page(node: VNode, status = 200): ConsoleResponse {
  return htmlResponse(status, renderToString(node));
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** An instant in Bucharest time, in the reader's language. */
export function formatInstant(
  locale: Locale,
  iso: string | undefined,
  style: 'full' | 'date' | 'time' = 'full',
): string {
  if (!iso) return '-';
  const id = `${locale}:${style}`;
  let format = formats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'ro' ? 'ro-RO' : 'en-GB', {
      timeZone: 'Europe/Bucharest',
      ...(style === 'full' ? { dateStyle: 'medium', timeStyle: 'short' } : {}),
      ...(style === 'date' ? { weekday: 'short', day: 'numeric', month: 'short' } : {}),
      ...(style === 'time' ? { timeStyle: 'short' } : {}),
    });
    formats.set(id, format);
  }
  return format.format(new Date(iso));
}

/** Problems of a failed change, by field name, with a line for anything not tied to a field. */
export function problemFields(error: ApiProblem, t: Catalog): Record<string, string> {
  const fields = { ...error.fields };
  if (Object.keys(fields).length === 0) fields['form'] = error.detail || t.serverErrorBody;
  return fields;
}
