// The check every console POST must pass: the session's CSRF token, sent from this origin.
import { timingSafeEqual } from 'node:crypto';
import { secure } from './console-http.ts';
import type { ConsoleRequest } from './console-request.ts';

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
