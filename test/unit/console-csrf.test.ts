// The console's CSRF check (console-http.ts passesCsrf): the session's token and a same-origin request, told
// by `Origin` or, where the browser sends `null` or nothing, by Fetch Metadata that a page cannot set.
import { describe, expect, it } from 'vitest';
import type { ConsoleRequest } from '../../functions/console/console-request.ts';
import { passesCsrf } from '../../functions/console/csrf.ts';

const TOKEN = 'token-of-the-session';

function aPost(headers: Record<string, string>, csrf = TOKEN): ConsoleRequest {
  return {
    method: 'POST',
    path: '/console/surveys/preview',
    query: new URLSearchParams(),
    cookies: {},
    form: new URLSearchParams({ csrf }),
    headers: { host: 'localhost:3000', ...headers },
    locale: 'en',
  };
}

describe('passesCsrf', () => {
  it("passes a same-origin fetch() that carries no Origin, as Chromium sends the editor's live preview", () => {
    expect(passesCsrf(aPost({ 'sec-fetch-site': 'same-origin' }), TOKEN)).toBe(true);
  });

  it('refuses a request with no Origin from another site, or with no Fetch Metadata at all', () => {
    expect(passesCsrf(aPost({ 'sec-fetch-site': 'cross-site' }), TOKEN)).toBe(false);
    expect(passesCsrf(aPost({}), TOKEN)).toBe(false);
  });

  it('refuses a same-origin request without the session token', () => {
    expect(passesCsrf(aPost({ 'sec-fetch-site': 'same-origin' }, 'guessed'), TOKEN)).toBe(false);
  });

  it('passes a request whose Origin is this site', () => {
    expect(passesCsrf(aPost({ origin: 'http://localhost:3000' }), TOKEN)).toBe(true);
  });
});
