// Calls the public HTTP API with the signed-in user's own ID token (CONSOLE.md): the console can do nothing
// the token could not do through the API, and the API keeps authorization, validation and audit.
import { getConfig } from '../../shared/config.ts';

export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the API's JSON bodies are read field by field by each page
  body: any;
  etag?: string;
  text: string;
  /** The answer's media type and download name, for the pages that hand an API file on (CSV, JSON). */
  contentType?: string;
  disposition?: string;
}

/** A problem+json from the API: status and per-field messages (paths without the `body.` prefix). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly fields: Record<string, string>,
    readonly detail: string,
  ) {
    super(`API answered ${status}`);
    this.name = 'ApiProblem';
  }
}

function apiBase(): string {
  const config = getConfig();
  return (config.CONSOLE_API_URL ?? config.PUBLIC_BASE_URL).replace(/\/$/, '');
}

export async function callApi(
  token: string,
  method: string,
  path: string,
  options: { body?: unknown; ifMatch?: string | number } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch !== undefined) headers['if-match'] = `"${String(options.ifMatch).replace(/"/g, '')}"`;
  const response = await fetch(`${apiBase()}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  // As sent, byte order mark included: the CSV exports start with one on purpose (Excel reads UTF-8 by it).
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  const json = /json/.test(response.headers.get('content-type') ?? '') && text !== '';
  const body = json ? JSON.parse(text) : undefined;
  if (response.status >= 400) {
    const fields: Record<string, string> = {};
    for (const problem of (body?.errors ?? []) as { path?: string; message?: string }[]) {
      const path = String(problem.path ?? '').replace(/^body\.?/, '') || 'form';
      fields[path] ??= String(problem.message ?? '');
    }
    throw new ApiProblem(response.status, fields, String(body?.detail ?? ''));
  }
  return {
    status: response.status,
    body,
    etag: response.headers.get('etag') ?? undefined,
    text,
    contentType: response.headers.get('content-type') ?? undefined,
    disposition: response.headers.get('content-disposition') ?? undefined,
  };
}

/** GET that answers the body, for the pages' reads. */
export async function getJson(token: string, path: string) {
  return (await callApi(token, 'GET', path)).body;
}
