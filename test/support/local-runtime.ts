// The real `npm start` for e2e tests: its own process group, its own DATA_DIR and port, tokens from
// `npm run token`, everything it prints captured (to look for personal data), stopped like Ctrl-C does.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { localDateOf, plusDays } from '../../shared/domain/local-date.ts';
import { checkServerResponse } from './openapi-validation.ts';

export interface HttpResult {
  status: number;
  headers: Headers;
  /** Parsed JSON for JSON answers, otherwise undefined (read `text`). */
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field by the tests
  body: any;
  text: string;
}

export interface HttpOptions {
  token?: string;
  body?: unknown;
  ifMatch?: string | number;
  headers?: Record<string, string>;
  /** Sent as is (a form, say) instead of JSON. */
  rawBody?: string;
}

export interface MailItem {
  to: string[];
  subject: string;
  text: string;
  sentAt: string;
}

export interface OutboxItem {
  to: string;
  body: string;
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  sentAt: string;
}

export interface LocalRuntime {
  base: string;
  dataDir: string;
  /** Everything the server printed so far, stdout and stderr. */
  output(): string;
  /** Every token minted for this server, to look for in its output. */
  tokens: string[];
  token(...args: string[]): string;
  http(method: string, path: string, options?: HttpOptions): Promise<HttpResult>;
  outbox(to: string): Promise<OutboxItem[]>;
  /** The notification e-mails sent to one address (GET /_local/mail). */
  mail(to: string): Promise<MailItem[]>;
  /** Sets the service's clock (and `now()`) to an instant and runs the scheduled jobs as of it. */
  clock(now: Date | string): Promise<{ sent: number; deferred: number; failed: number; skipped: number }>;
  /** A phone's SMS through the phone simulator; the reply text, or null. */
  sms(from: string, body: string): Promise<string | null>;
  /** The token the local runtime signs Twilio webhooks with (see webhookSigningToken). */
  webhookToken(): string;
  /** Ctrl-C to the whole process group; the exit code, or 'still running' after 15 s (then SIGKILL). */
  stop(): Promise<number | null | 'still running'>;
}

const TSX = 'node_modules/.bin/tsx';

/**
 * The instant the service's clock starts at in every e2e file: `E2E_NOW` when set (the hard-instant run sets
 * it to 00:30 in Bucharest, the nights clocks change, the last minute of a half-year), otherwise an ordinary
 * weekday morning. The machine's own date never decides a test.
 */
export const E2E_START = new Date(process.env['E2E_NOW'] ?? '2027-02-10T08:30:00.000Z');
if (Number.isNaN(E2E_START.getTime()))
  throw new Error(`E2E_NOW is not an ISO 8601 instant: ${process.env['E2E_NOW']}`);

let serviceNow = E2E_START;

/** The service's clock as the tests last set it: what "now" and "today" mean to the server. */
export function now(): Date {
  return new Date(serviceNow);
}

/** The caller's environment without anything that would reach a real provider: no test may text a phone. */
function inheritedEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^TWILIO_|_SECRET_ARN$|^KMS_KEY_ID$|^JWT_JWKS_URL$/.test(name),
    ),
  );
}

export async function startLocalRuntime(env: Record<string, string> = {}): Promise<LocalRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'alaturi-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  const server: ChildProcess = spawn(TSX, ['infra/local/start.ts'], {
    env: {
      ...inheritedEnvironment(),
      PORT: String(port),
      DATA_DIR: dataDir,
      // The metrics' embedded-format lines are printed too, so the scan for personal data covers them.
      POWERTOOLS_METRICS_DISABLED: 'false',
      LOG_LEVEL: 'INFO',
      // The URL Twilio signatures cover; the test worker's own setting must not leak into the server.
      PUBLIC_BASE_URL: base,
      // Jobs run when a test moves the clock, never on their own halfway through a test.
      JOB_INTERVAL_MS: '3600000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so Ctrl-C can be sent the way a terminal sends it: to the whole group.
    detached: true,
  });
  const killGroup = () => {
    if (server.exitCode === null && server.signalCode === null) {
      try {
        process.kill(-(server.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  // A worker that dies without running afterAll must not leave a server and its JVM behind.
  process.once('exit', killGroup);
  server.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  server.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });

  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null || Date.now() > deadline) {
      killGroup();
      throw new Error(`npm start did not serve /health within a minute:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  const tokens: string[] = [];

  async function http(method: string, path: string, options: HttpOptions = {}): Promise<HttpResult> {
    // A fresh connection per request: `token()` blocks this process for seconds, long enough for the server
    // to close an idle kept-alive socket that fetch would then reuse ("other side closed").
    const headers: Record<string, string> = { connection: 'close', ...options.headers };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.ifMatch !== undefined) headers['if-match'] = `"${String(options.ifMatch).replace(/"/g, '')}"`;
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    // As sent: res.text() would drop a byte order mark, which the CSV exports write on purpose.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    await checkServerResponse(base, {
      method,
      path,
      status: res.status,
      headers: Object.fromEntries(res.headers),
      text,
    });
    const json = /json/.test(res.headers.get('content-type') ?? '') && text !== '';
    return { status: res.status, headers: res.headers, body: json ? JSON.parse(text) : undefined, text };
  }

  async function setServiceClock(instant: Date | string) {
    const at = new Date(instant);
    const res = await http('POST', '/_local/clock', { body: { now: at.toISOString() } });
    if (res.status !== 200) throw new Error(`clock answered ${res.status}: ${res.text}`);
    serviceNow = at;
    return res.body as { sent: number; deferred: number; failed: number; skipped: number };
  }
  await setServiceClock(E2E_START);

  return {
    base,
    dataDir,
    output: () => output,
    tokens,
    token(...args: string[]) {
      const minted = execFileSync(TSX, ['infra/local/token.ts', ...args], {
        env: { ...process.env, DATA_DIR: dataDir },
        encoding: 'utf8',
      }).trim();
      tokens.push(minted);
      return minted;
    },
    http,
    async outbox(to) {
      const res = await http('GET', `/_local/outbox?to=${encodeURIComponent(to)}`);
      if (res.status !== 200) throw new Error(`outbox answered ${res.status}`);
      return res.body.items as OutboxItem[];
    },
    async mail(to) {
      const res = await http('GET', `/_local/mail?to=${encodeURIComponent(to)}`);
      if (res.status !== 200) throw new Error(`mail outbox answered ${res.status}`);
      return res.body.items as MailItem[];
    },
    clock: setServiceClock,
    async sms(from, body) {
      const res = await http('POST', '/_local/sms', { body: { from, body } });
      if (res.status !== 200) throw new Error(`phone simulator answered ${res.status}: ${res.text}`);
      return res.body.reply as string | null;
    },
    webhookToken() {
      // Locally the webhook token is the HMAC pepper, kept with the other local secrets in DATA_DIR.
      return (JSON.parse(readFileSync(join(dataDir, 'local-secrets.json'), 'utf8')) as { pepper: string })
        .pepper;
    },
    async stop() {
      if (server.exitCode !== null) return server.exitCode;
      const exited = new Promise<number | null>((done) => server.once('exit', (code) => done(code)));
      process.kill(-(server.pid as number), 'SIGINT');
      const code = await Promise.race([
        exited,
        new Promise<'still running'>((r) => setTimeout(() => r('still running'), 15_000)),
      ]);
      if (code === 'still running') killGroup();
      process.removeListener('exit', killGroup);
      return code;
    },
  };
}

/** How many DynamoDB Local JVMs keep their data under `dir`. */
export function javaProcessesFor(dir: string): number {
  try {
    return execFileSync('pgrep', ['-f', `DynamoDBLocal.jar.*${dir}`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean).length;
  } catch {
    return 0;
  }
}

/** A phone number unique to this run, so what the outbox and the logs hold of it is this test's. */
let phoneCounter = 0;
export function uniquePhone(): string {
  phoneCounter += 1;
  return `+4075${String(Date.now() % 100000).padStart(5, '0')}${String(phoneCounter % 100).padStart(2, '0')}`;
}

// Europe/Bucharest wall-clock time, computed with Intl only (the tests import no service code).
const bucharestParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Bucharest',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function bucharestTime(instant: Date | string): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
} {
  const parts = Object.fromEntries(
    bucharestParts.formatToParts(new Date(instant)).map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
  };
}

/** The instant, as ISO UTC, of `hour:minute` in Bucharest `days` days after the service's today. */
export function bucharestAt(days: number, hour: number, minute = 0): string {
  const today = bucharestTime(serviceNow);
  // Calendar arithmetic, not 24-hour steps: a day is 23 or 25 hours long when the clocks change.
  const wanted = Date.UTC(today.year, today.month - 1, today.day + days, hour, minute);
  let guess = wanted;
  for (let i = 0; i < 3; i += 1) {
    const seen = bucharestTime(new Date(guess));
    guess += wanted - Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
  }
  return new Date(guess).toISOString();
}

/** The Bucharest calendar date `days` days after the service's today, like 2026-03-01. */
export function bucharestDate(days = 0): string {
  return plusDays(localDateOf(serviceNow), days);
}

/** Quiet hours are 21:00-08:00 in Bucharest. */
export function inQuietHours(instant: Date | string): boolean {
  const { hour } = bucharestTime(instant);
  return hour >= 21 || hour < 8;
}

/** The first minute at or after `instant` outside quiet hours. */
export function nextDaytime(instant: Date): Date {
  let t = new Date(Math.ceil(instant.getTime() / 60_000) * 60_000);
  while (inQuietHours(t)) t = new Date(t.getTime() + 60_000);
  return t;
}

/** The half-year of an instant in Bucharest, like 2026-S1. */
export function halfYear(instant: Date | string): string {
  const { year, month } = bucharestTime(instant);
  return `${year}-S${month <= 6 ? 1 : 2}`;
}

/** Segments of an SMS: GSM-7 160 (153 when split), UCS-2 70 (67 when split). */
export function expectedSegments(body: string, encoding: 'GSM-7' | 'UCS-2'): number {
  const [single, part] = encoding === 'UCS-2' ? [70, 67] : [160, 153];
  const length =
    encoding === 'UCS-2'
      ? body.length
      : [...body].reduce((n, c) => n + (/[\^{}\\[~\]|€]/.test(c) ? 2 : 1), 0);
  return length <= single ? 1 : Math.ceil(length / part);
}

/** Words no outbound SMS may carry (DOMAIN.md "SMS words"), as a test sees them. */
export const INDISCREET =
  /traffick|trafic|трафік|торгівл|торговл|victim|жертв|prosecutor|procuror|parchet|прокурор|court|instan[tț]|tribunal|суд|police|poli[tț]i|поліц|полиц|DIICOT|ANITP|hearing|audiere|proces/i;
