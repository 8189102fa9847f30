// What a console page costs the person waiting for it (issue 15): for the heaviest pages, the console's own
// time (session, shaping, rendering) against the time it waits for the API answers it needs. The API runs in
// this process behind a loopback HTTP server, as `npm start` serves it; the console handler is called directly,
// and every fetch it makes is timed, body included. Parallel calls overlap, so the wait is the union of them.
import type { AddressInfo } from 'node:net';
import { toEvent } from '../../infra/local/lambda-adapter.ts';
import { resetConfig } from '../../shared/config.ts';
import type { Harness, Who } from './harness.ts';
import {
  aHearingBody,
  aProtectionRequestBody,
  bucharestNoonIn,
  coordinator,
  openCase,
  prosecutor,
} from './operations.ts';
import { median } from './seed.ts';

export interface ConsolePageFigures {
  page: string;
  path: string;
  /** Median over the runs, ms: the whole page, the part spent waiting for the API, and the rest. */
  totalMs: number;
  apiWaitMs: number;
  ownMs: number;
  apiCalls: number;
  htmlBytes: number;
}

/**
 * Per page: the API calls it may make (each one a Lambda invocation in AWS; more means a read per row crept in),
 * and for the heaviest pages how much of the wait may be the console's own. Why each count is what it is.
 */
export const CONSOLE_PAGE_LIMITS: Record<string, { calls: number; ownPerApi?: number; why: string }> = {
  'case file': {
    calls: 8,
    ownPerApi: 1,
    why:
      'case, hearings with their reminders (one call, include=reminders), protection requests, measures, ' +
      'vouchers, alerts, messages, notes: 8 in parallel; the console should never spend longer than it waits',
  },
  Today: {
    calls: 4,
    ownPerApi: 1,
    why: "the week's hearings, pending protection requests, open alerts, vouchers awaiting issue: 4 in parallel",
  },
  'Calendar (week)': { calls: 1, why: "the week's hearings in one call (the .ics link is another request)" },
  Queue: { calls: 1, why: "the unit's pending requests, urgent first, in one call" },
  'protection request': { calls: 2, why: 'the case and the request with its measures' },
};

/** The case file shows every list of the case; a case as busy as a real one keeps it honest. */
const HEARINGS = 12;
const NOTES = 10;
const VOUCHERS = 3;

/** The union of [start, end] spans, in ms. */
function unionMs(spans: [number, number][]): number {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const [s, e] of sorted) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

async function seedBusyCase(h: Harness): Promise<{ caseId: string; requestId: string }> {
  const { id: caseId } = await openCase(h);
  const ok = async (what: string, status: number, call: Promise<{ status: number; body: unknown }>) => {
    const res = await call;
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  for (let i = 0; i < HEARINGS; i += 1)
    await ok(
      'POST hearing',
      201,
      h.call('POST', `/cases/${caseId}/hearings?allowConflict=true`, {
        as: coordinator,
        body: aHearingBody(bucharestNoonIn(1 + (i % 6), 9 + Math.floor(i / 6) * 3)),
      }),
    );
  for (let i = 0; i < NOTES; i += 1)
    await ok(
      'POST note',
      201,
      h.call('POST', `/cases/${caseId}/notes`, {
        as: coordinator,
        body: { text: `Call ${i + 1}: she asked about the hearing room and the interpreter.` },
      }),
    );
  for (let i = 0; i < VOUCHERS; i += 1)
    await ok(
      'POST voucher request',
      201,
      h.call('POST', `/cases/${caseId}/voucher-requests`, {
        as: coordinator,
        body: {
          kind: 'advance_voucher',
          amountRequested: { amount: 100_000, currency: 'RON' },
          filedAt: '2025-01-02',
          referredAt: '2025-01-02',
          tribunal: 'Tribunalul Dolj',
          uses: ['food'],
          documents: ['criminal_complaint'],
        },
      }),
    );
  const request = await ok(
    'POST protection request',
    201,
    h.call('POST', `/cases/${caseId}/protection-requests`, {
      as: coordinator,
      body: aProtectionRequestBody(),
    }),
  );
  return { caseId, requestId: request.id };
}

export async function measureConsolePages(h: Harness, runs: number): Promise<ConsolePageFigures[]> {
  const { createLocalServer } = await import('../../infra/local/server.ts');
  const server = createLocalServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const previousApiUrl = process.env['CONSOLE_API_URL'];
  process.env['CONSOLE_API_URL'] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  resetConfig();
  const realFetch = globalThis.fetch;
  try {
    const { handler } = await import('../../functions/console/handler.tsx');
    const { openSession } = await import('../../functions/console/sessions.ts');
    const { SESSION_COOKIE } = await import('../../functions/console/console-http.ts');
    const { caseId, requestId } = await seedBusyCase(h);
    const sessionOf = async (who: Who) =>
      openSession(
        await h.issuer.sign({
          role: who.role,
          sub: who.sub,
          county: 'county' in who ? who.county : undefined,
          unit: 'unit' in who ? who.unit : undefined,
        }),
      );
    const sessions = { coordinator: await sessionOf(coordinator), prosecutor: await sessionOf(prosecutor) };
    const pages: { page: string; path: string; as: keyof typeof sessions }[] = [
      { page: 'case file', path: `/console/cases/${caseId}`, as: 'coordinator' },
      { page: 'Today', path: '/console/today', as: 'coordinator' },
      { page: 'Calendar (week)', path: '/console/calendar', as: 'coordinator' },
      { page: 'Queue', path: '/console/queue', as: 'prosecutor' },
      {
        page: 'protection request',
        path: `/console/cases/${caseId}/protection/${requestId}`,
        as: 'prosecutor',
      },
    ];

    let spans: [number, number][] = [];
    // Each API answer is read whole inside its span: what the page waits for ends with the body, not the headers.
    globalThis.fetch = async (input, init) => {
      const start = performance.now();
      const response = await realFetch(input, init);
      const body = await response.arrayBuffer();
      spans.push([start, performance.now()]);
      return new Response(body, { status: response.status, headers: response.headers });
    };

    const figures: ConsolePageFigures[] = [];
    for (const { page, path, as } of pages) {
      const event = () =>
        toEvent(
          {
            method: 'GET',
            path,
            query: 'lang=en',
            headers: { host: 'localhost:3000', cookie: `${SESSION_COOKIE()}=${sessions[as]}` },
          },
          undefined,
          {},
        );
      const totals: number[] = [];
      const waits: number[] = [];
      const owns: number[] = [];
      let calls = 0;
      let htmlBytes = 0;
      // The first run loads the page's modules and the API's lazy contexts: a cold start, measured elsewhere.
      for (let run = 0; run <= runs; run += 1) {
        spans = [];
        const start = performance.now();
        const response = await handler(event());
        const total = performance.now() - start;
        if (response.statusCode !== 200) throw new Error(`${page}: console answered ${response.statusCode}`);
        if (run === 0) continue;
        const wait = unionMs(spans);
        totals.push(total);
        waits.push(wait);
        owns.push(total - wait);
        calls = spans.length;
        htmlBytes = Buffer.byteLength(response.body ?? '');
      }
      figures.push({
        page,
        path,
        totalMs: median(totals),
        apiWaitMs: median(waits),
        ownMs: median(owns),
        apiCalls: calls,
        htmlBytes,
      });
    }
    return figures;
  } finally {
    globalThis.fetch = realFetch;
    if (previousApiUrl === undefined) delete process.env['CONSOLE_API_URL'];
    else process.env['CONSOLE_API_URL'] = previousApiUrl;
    resetConfig();
    // The console's fetches keep their connections alive; close them, or the server waits for them to idle out.
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
}
