// Lambda entry of the web console (CONSOLE.md): a server-rendered backend-for-frontend under /console. It
// checks the session itself (no JWT authorizer in front), renders pages and calls the public API with the
// signed-in user's token; it holds no grant on any data table, only on its own sessions table.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { renderToString } from 'preact-render-to-string';
import type { ConsoleSession } from '../../shared/data/console-session-repository.ts';
import { logger } from '../../shared/logger.ts';
import { ApiProblem } from './api-client.ts';
import {
  type ConsoleResponse,
  cookie,
  htmlResponse,
  redirect,
  SESSION_COOKIE,
  staticResponse,
} from './console-http.ts';
import { type ConsoleRequest, parseEvent } from './console-request.ts';
import { passesCsrf } from './csrf.ts';
import { catalogs } from './messages.ts';
import { pageContext } from './page-context.ts';
import { adminRoutes, SURVEY_PREVIEW_JS } from './pages/admin-pages.tsx';
import { acknowledgeAlert, alertsPage } from './pages/alert-pages.tsx';
import { analystRoutes } from './pages/analyst-pages.tsx';
import { calendarIcs, calendarPage } from './pages/calendar-page.tsx';
import {
  addNote,
  caseFilePage,
  hearingAction,
  hearingActionsPage,
  releaseHeld,
  scheduleHearing,
  scheduleHearingPage,
} from './pages/case-file.tsx';
import { casesPage, createCase, newCasePage, todayPage } from './pages/coordinator-pages.tsx';
import {
  decideProtectionRequest,
  duePage,
  protectionRequestPage,
  queuePage,
  reviewMeasure,
  reviewMeasurePage,
} from './pages/prosecutor-pages.tsx';
import { fileProtectionRequest, protectionRequestForm } from './pages/protection-form.tsx';
import { errorPage, localSignInPage } from './pages/public-pages.tsx';
import {
  fileVoucherRequest,
  recordVoucherStep,
  voucherRequestForm,
  voucherStepsPage,
} from './pages/voucher-pages.tsx';
import { at, both, type ConsoleRoute, coordinator, HOME, ID, prosecutor } from './route-kit.ts';
import { closeSession, currentSession, openSession, randomToken } from './sessions.ts';
import { authorizeUrl, cognito, exchangeCode, localSignIn, logoutUrl } from './sign-in.ts';
import { CONSOLE_CSS } from './styles.ts';

/** The signed-in pages: who may open each. The API still decides what each person sees in it. */
const pages: ConsoleRoute[] = [
  { method: 'GET', pattern: at('/today'), roles: coordinator, page: todayPage },
  { method: 'GET', pattern: at('/cases'), roles: both, page: casesPage },
  { method: 'GET', pattern: at('/cases/new'), roles: coordinator, page: newCasePage },
  { method: 'POST', pattern: at('/cases'), roles: coordinator, page: createCase },
  { method: 'GET', pattern: at(`/cases/(?<caseId>${ID})`), roles: both, page: (ctx) => caseFilePage(ctx) },
  {
    method: 'POST',
    pattern: at(`/cases/(?<caseId>${ID})/phone`),
    roles: coordinator,
    // The phone in clear: a POST, so a link, a prefetch or the browser's history never shows it.
    page: (ctx) => caseFilePage(ctx, true),
  },
  {
    method: 'GET',
    pattern: at(`/cases/(?<caseId>${ID})/hearings/new`),
    roles: coordinator,
    page: scheduleHearingPage,
  },
  {
    method: 'POST',
    pattern: at(`/cases/(?<caseId>${ID})/hearings`),
    roles: coordinator,
    page: scheduleHearing,
  },
  {
    method: 'GET',
    pattern: at(`/cases/(?<caseId>${ID})/hearings/(?<hearingId>${ID})`),
    roles: coordinator,
    page: hearingActionsPage,
  },
  {
    method: 'POST',
    pattern: at(`/cases/(?<caseId>${ID})/hearings/(?<hearingId>${ID})/(?<action>reschedule|cancel|outcome)`),
    roles: coordinator,
    page: hearingAction,
  },
  {
    method: 'GET',
    pattern: at(`/cases/(?<caseId>${ID})/protection/new`),
    roles: coordinator,
    page: protectionRequestForm,
  },
  {
    method: 'POST',
    pattern: at(`/cases/(?<caseId>${ID})/protection`),
    roles: coordinator,
    page: fileProtectionRequest,
  },
  {
    method: 'GET',
    pattern: at(`/cases/(?<caseId>${ID})/protection/(?<requestId>${ID})`),
    roles: both,
    page: protectionRequestPage,
  },
  {
    method: 'POST',
    pattern: at(`/cases/(?<caseId>${ID})/protection/(?<requestId>${ID})`),
    roles: prosecutor,
    page: decideProtectionRequest,
  },
  { method: 'POST', pattern: at(`/cases/(?<caseId>${ID})/notes`), roles: coordinator, page: addNote },
  {
    method: 'POST',
    pattern: at(`/cases/(?<caseId>${ID})/messages/release`),
    roles: coordinator,
    page: releaseHeld,
  },
  {
    method: 'GET',
    pattern: at(`/cases/(?<caseId>${ID})/vouchers/new`),
    roles: coordinator,
    page: voucherRequestForm,
  },
  {
    method: 'POST',
    pattern: at(`/cases/(?<caseId>${ID})/vouchers`),
    roles: coordinator,
    page: fileVoucherRequest,
  },
  {
    method: 'GET',
    pattern: at(`/cases/(?<caseId>${ID})/vouchers/(?<requestId>${ID})`),
    roles: coordinator,
    page: voucherStepsPage,
  },
  {
    method: 'POST',
    pattern: at(
      `/cases/(?<caseId>${ID})/vouchers/(?<requestId>${ID})/(?<step>decision|issued|redeemed|expired)`,
    ),
    roles: coordinator,
    page: recordVoucherStep,
  },
  { method: 'GET', pattern: at('/alerts'), roles: coordinator, page: alertsPage },
  {
    method: 'POST',
    pattern: at(`/cases/(?<caseId>${ID})/alerts/(?<alertId>${ID})/acknowledge`),
    roles: coordinator,
    page: acknowledgeAlert,
  },
  { method: 'GET', pattern: at('/calendar'), roles: both, page: calendarPage },
  { method: 'GET', pattern: at('/calendar\\.ics'), roles: both, page: calendarIcs },
  { method: 'GET', pattern: at('/queue'), roles: prosecutor, page: queuePage },
  { method: 'GET', pattern: at('/due'), roles: prosecutor, page: duePage },
  {
    method: 'GET',
    pattern: at(`/cases/(?<caseId>${ID})/measures/(?<measureId>${ID})/review`),
    roles: prosecutor,
    page: reviewMeasurePage,
  },
  ...adminRoutes,
  {
    method: 'POST',
    pattern: at(`/cases/(?<caseId>${ID})/measures/(?<measureId>${ID})/review`),
    roles: prosecutor,
    page: reviewMeasure,
  },
  ...analystRoutes,
];

const home = (role: string) => HOME[role] ?? '/console/login';
const LOGIN_COOKIE = 'alaturi_login';

export async function handler(event: APIGatewayProxyEventV2): Promise<ConsoleResponse> {
  const request = parseEvent(event);
  let session: ConsoleSession | undefined;
  try {
    if (request.path === '/console/static/console.css')
      return staticResponse(CONSOLE_CSS, 'text/css; charset=utf-8');
    if (request.path === '/console/static/survey-preview.js')
      return staticResponse(SURVEY_PREVIEW_JS, 'text/javascript; charset=utf-8');
    session = await currentSession(request);
    const response = await route(request, session);
    // `?lang=` is remembered: the next page opens in the language chosen.
    if (request.chosenLocale)
      response.cookies = [
        ...(response.cookies ?? []),
        cookie('lang', request.chosenLocale, { maxAge: 31_536_000 }),
      ];
    return response;
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 404 || error.status === 403))
      return errorPage(request, 404, session?.role, session?.csrf);
    if (error instanceof ApiProblem && error.status === 401) return redirect('/console/login?ended=1');
    logger.error('console request failed', { error: error instanceof Error ? error.name : 'unknown' });
    return errorPage(request, 500, session?.role, session?.csrf);
  }
}

async function route(request: ConsoleRequest, session: ConsoleSession | undefined): Promise<ConsoleResponse> {
  const { method, path } = request;
  if (path === '/console/login')
    return method === 'POST' ? signInLocally(request) : signInPage(request, session);
  if (path === '/console/callback' && method === 'GET') return callback(request);
  if (path === '/console/logout' && method === 'POST') return signOut(request, session);
  if (path === '/console' && method === 'GET')
    return redirect(session ? home(session.role) : '/console/login', [], 302);
  const match = pages
    .filter((candidate) => candidate.method === method)
    .map((candidate) => ({ candidate, found: candidate.pattern.exec(path) }))
    .find(({ found }) => found);
  if (!match) return errorPage(request, 404, session?.role, session?.csrf);
  if (!session) {
    if (method === 'POST') return errorPage(request, 403);
    // A cookie that no longer opens a session: it ended (idle, absolute, signed out elsewhere).
    return redirect(request.cookies[SESSION_COOKIE()] ? '/console/login?ended=1' : '/console/login');
  }
  if (method === 'POST' && !passesCsrf(request, session.csrf))
    return errorPage(request, 403, session.role, session.csrf);
  if (!match.candidate.roles.includes(session.role))
    return errorPage(request, 404, session.role, session.csrf);
  const params = { ...(match.found?.groups ?? {}) };
  return match.candidate.page(pageContext(request, session, params));
}

function redirectUri(request: ConsoleRequest): string {
  return `https://${request.headers['host'] ?? ''}/console/callback`;
}

async function signInPage(
  request: ConsoleRequest,
  session: ConsoleSession | undefined,
): Promise<ConsoleResponse> {
  if (session) return redirect(home(session.role));
  if (localSignIn()) {
    // Before a session exists, the form's CSRF token is a cookie of its own (double submit).
    const csrf = randomToken();
    return withCookie(localSignInPage(request, csrf, {}, {}), cookie(LOGIN_COOKIE, csrf));
  }
  const settings = cognito();
  if (!settings) return errorPage(request, 404);
  const { url, pending } = authorizeUrl(settings, redirectUri(request));
  // Lax: Cognito's redirect back is a cross-site navigation, which a Strict cookie would not follow.
  return redirect(url, [cookie(LOGIN_COOKIE, pending, { sameSite: 'Lax', maxAge: 600 })], 302);
}

async function signInLocally(request: ConsoleRequest): Promise<ConsoleResponse> {
  const minter = localSignIn();
  if (!minter) return errorPage(request, 404);
  if (!passesCsrf(request, request.cookies[LOGIN_COOKIE])) return errorPage(request, 403);
  const values = Object.fromEntries(request.form);
  const t = catalogs[request.locale];
  const errors: Record<string, string> = {};
  const role = values['role'] ?? '';
  if (role === 'coordinator' && !values['county']) errors['county'] = t.required;
  if (role === 'prosecutor' && !/^[A-Z0-9][A-Z0-9-]{1,39}$/.test(values['unit'] ?? ''))
    errors['unit'] = t.required;
  if (!(role in HOME)) errors['role'] = t.forbidden;
  if (Object.keys(errors).length > 0) {
    const csrf = request.cookies[LOGIN_COOKIE] ?? randomToken();
    return localSignInPage(request, csrf, values, errors);
  }
  const token = await minter({
    role,
    county: role === 'coordinator' ? values['county'] : undefined,
    unit: role === 'prosecutor' ? values['unit'] : undefined,
    sub: values['sub']?.trim() || undefined,
  });
  const id = await openSession(token);
  return redirect(home(role), [cookie(SESSION_COOKIE(), id), cookie(LOGIN_COOKIE, '', { maxAge: 0 })]);
}

async function callback(request: ConsoleRequest): Promise<ConsoleResponse> {
  const settings = cognito();
  const [state, verifier] = (request.cookies[LOGIN_COOKIE] ?? '').split('.');
  const code = request.query.get('code');
  if (!settings || !state || !verifier || !code || request.query.get('state') !== state)
    return errorPage(request, 403);
  const tokens = await exchangeCode(settings, redirectUri(request), code, verifier);
  const id = await openSession(tokens.idToken, tokens.refreshToken);
  // A page, not a redirect: the browser arrived from Cognito (cross-site), and a redirect in that chain would
  // not carry the new SameSite=Strict cookie; a same-site refresh from this page does.
  const html = renderToString(
    <html lang={request.locale}>
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="refresh" content="0;url=/console" />
        <title>{catalogs[request.locale].appName}</title>
      </head>
      <body>
        <main>
          <a href="/console">{catalogs[request.locale].appName}</a>
        </main>
      </body>
    </html>,
  );
  return htmlResponse(200, html, [cookie(SESSION_COOKIE(), id), cookie(LOGIN_COOKIE, '', { maxAge: 0 })]);
}

async function signOut(
  request: ConsoleRequest,
  session: ConsoleSession | undefined,
): Promise<ConsoleResponse> {
  if (session && !passesCsrf(request, session.csrf))
    return errorPage(request, 403, session.role, session.csrf);
  await closeSession(request);
  const cleared = [cookie(SESSION_COOKIE(), '', { maxAge: 0 })];
  const settings = cognito();
  const after = `https://${request.headers['host'] ?? ''}/console/login`;
  return redirect(settings ? logoutUrl(settings, after) : '/console/login', cleared);
}

function withCookie(response: ConsoleResponse, value: string): ConsoleResponse {
  return { ...response, cookies: [...(response.cookies ?? []), value] };
}
