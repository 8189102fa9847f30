// What a user waits for on a cold start: each Lambda bundled exactly as the CDK stack bundles it
// (infra/bundling.ts), imported in a fresh `node` process that then serves its first request against
// DynamoDB Local, against a bare handler that creates a DynamoDB client and makes one GetItem, bundled the
// same way. The coordination function loads a context (cases, hearings, ...) on that context's first
// request, so each context is its own subject. Rounds interleave every subject once, so all share the
// machine's noise; the budgeted figure is the median over rounds of (subject / bare in the same round).
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions, type LambdaName, lambdaEntries } from '../../infra/bundling.ts';
import { lambdaContext, matchRoute, toEvent } from '../../infra/local/lambda-adapter.ts';
import { signTwilioRequest } from '../../shared/http/twilio-signature.ts';
import { type Harness, PUBLIC_BASE_URL, type Who } from './harness.ts';
import {
  aHearingBody,
  aMessageSid,
  analyst,
  aPhone,
  bucharestNoonIn,
  coordinator,
  openCase,
} from './operations.ts';
import { median } from './seed.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
/** Inside the project, so the bundles resolve the external @aws-sdk/* from node_modules as in Lambda's runtime. */
export const BUNDLE_DIR = join(ROOT, '.bench', 'bundles');

/** The yardstick: the least a Lambda that reads DynamoDB can do, configured as shared/data/client.ts does. */
const BARE_HANDLER = `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const endpoint = process.env.DYNAMODB_ENDPOINT;
const client = new DynamoDBClient({
  region: process.env.AWS_REGION,
  endpoint,
  credentials: endpoint ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
  maxAttempts: 3,
});
export const handler = async () => {
  const out = await client.send(new GetItemCommand({
    TableName: process.env.COORDINATION_TABLE,
    Key: { pk: { S: 'CASE#bare' }, sk: { S: 'CASE' } },
    ConsistentRead: true,
  }));
  return { statusCode: out.Item ? 200 : 404 };
};`;

/** Budgets, as ratios to the bare handler's import + first GetItem (CPU time of the process). */
export function limitsFor(name: string): { sizeBytes: number; ratio: number } {
  // The sender carries Twilio's REST client (about 1 MB) so that no API function has to.
  if (name === 'send-messages') return { sizeBytes: 1024 * 1024, ratio: 2.5 };
  // The nightly job's first run is 43 Queries (lapsed vouchers + open cases of each county); nobody waits.
  if (name === 'daily-jobs') return { sizeBytes: 250 * 1024, ratio: 2.5 };
  // The coordination function serves nine contexts (cases, hearings, protection, vouchers, surveys, audit,
  // places, alerts, notes); its bundle grew to about 300 KB with the legal workflows and alerts. What a user
  // waits for is the cold start, held below by its ratio; the size limit only catches a heavy dependency.
  if (name === 'coordination') return { sizeBytes: 330 * 1024, ratio: 2 };
  // The console draws the analyst's charts with Apache ECharts on the server (README "Console"): about 560 KB
  // of its ~760 KB. The chart module is imported on the first chart only, so a page without one evaluates
  // none of it; what every cold start pays is parsing the file (measured +10-15% import CPU, about 30 ms).
  if (name === 'console') return { sizeBytes: 850 * 1024, ratio: 2 };
  // 2: a user-facing first request may cost twice a bare import + GetItem. Five quick rounds put the
  // hearings context anywhere from 1.4 to 1.7 on one idle machine, so a tighter limit would fail on noise.
  return { sizeBytes: 250 * 1024, ratio: 2 };
}

/** One subject: a bundle and the first request its fresh process serves (a new event every run). */
export interface FirstRequest {
  /** `coordination/cases`, `sms`, ...: the function and, for the coordination function, the context. */
  name: string;
  fn: LambdaName;
  /** What the first request is, for the table. */
  request: string;
  event: () => Promise<unknown>;
  /** The status code the request must answer with (API functions); jobs answer no status. */
  status?: number;
}

interface Timing {
  wall: number;
  cpu: number;
}

interface ProbeResult {
  import: Timing;
  total: Timing;
  status?: number;
}

export interface SubjectFigures {
  name: string;
  fn: string;
  request: string;
  /** Median of import + first request, ms: CPU time of the process (user + system) and wall clock. */
  medianCpuMs: number;
  medianWallMs: number;
  /** Median of the import alone, ms. */
  medianImportCpuMs: number;
  medianImportWallMs: number;
  /** Median over rounds of (this CPU ms / the bare CPU ms of the same round): budgeted. */
  ratio: number;
  /** The same paired median on wall-clock time (DynamoDB Local's own time included; noisier). */
  wallRatio: number;
  /** The paired median of the import alone against the bare import alone. */
  importRatio: number;
}

export interface BundleFigures {
  name: string;
  entry: string;
  sizeBytes: number;
  /** Where the bytes come from: the biggest packages (or project folders) in the output. */
  biggestInputs: { input: string; bytes: number }[];
}

export interface ColdStartFigures {
  runs: number;
  bare: {
    sizeBytes: number;
    medianCpuMs: number;
    medianWallMs: number;
    medianImportCpuMs: number;
    medianImportWallMs: number;
  };
  bundles: BundleFigures[];
  subjects: SubjectFigures[];
}

/** node_modules/<pkg> (or @scope/pkg), else the project folder: the unit one would act on to shrink a bundle. */
function owner(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (match?.[1]) return match[1];
  return input.split('/').slice(0, 2).join('/');
}

function biggestInputs(metafile: Metafile, outfile: string): { input: string; bytes: number }[] {
  const output = Object.entries(metafile.outputs).find(([path]) => resolve(ROOT, path) === outfile)?.[1];
  const byOwner = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    byOwner.set(owner(input), (byOwner.get(owner(input)) ?? 0) + bytesInOutput);
  }
  return [...byOwner.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([input, bytes]) => ({ input, bytes }));
}

async function bundle(
  name: string,
  source: { entry: string } | { contents: string },
): Promise<{ outfile: string; sizeBytes: number; biggest: { input: string; bytes: number }[] }> {
  const outfile = join(BUNDLE_DIR, `${name}.mjs`);
  const result = await build({
    ...esbuildOptions,
    ...('entry' in source
      ? { entryPoints: [join(ROOT, source.entry)] }
      : { stdin: { contents: source.contents, resolveDir: ROOT, loader: 'ts', sourcefile: `${name}.ts` } }),
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.entries(result.metafile.outputs).find(([path]) => resolve(ROOT, path) === outfile);
  return { outfile, sizeBytes: output?.[1].bytes ?? 0, biggest: biggestInputs(result.metafile, outfile) };
}

/**
 * Runs inside the fresh process: import, then the first invocation, each timed; the result goes out on its
 * own line after the handler's log lines. The process exits at once, as a frozen Lambda would stop counting.
 */
const PROBE = `const [url, eventJson, contextJson] = process.argv.slice(1);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const { handler } = await import(url);
const importCpu = process.cpuUsage(cpu0);
const t1 = performance.now();
// A Lambda context carries methods JSON cannot: the sender asks for its remaining time.
const context = { ...JSON.parse(contextJson), getRemainingTimeInMillis: () => 60000 };
const out = await handler(JSON.parse(eventJson), context);
const totalCpu = process.cpuUsage(cpu0);
const t2 = performance.now();
const ms = (u) => (u.user + u.system) / 1000;
process.stdout.write('\\n@@cold ' + JSON.stringify({
  import: { wall: t1 - t0, cpu: ms(importCpu) },
  total: { wall: t2 - t0, cpu: ms(totalCpu) },
  status: out && typeof out === 'object' ? out.statusCode : undefined,
}) + '\\n', () => process.exit(0));`;

/** One cold start in a fresh process: import + first invocation, timed inside it (process start excluded). */
async function coldStart(outfile: string, event: unknown, env: NodeJS.ProcessEnv): Promise<ProbeResult> {
  const context = lambdaContext('cold-start');
  const { stdout } = await run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      PROBE,
      pathToFileURL(outfile).href,
      JSON.stringify(event),
      JSON.stringify(context),
    ],
    { cwd: ROOT, env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
  );
  const line = stdout.split('\n').find((l) => l.startsWith('@@cold '));
  if (!line) throw new Error(`cold start of ${outfile} printed no timing: ${stdout.slice(-500)}`);
  const result = JSON.parse(line.slice('@@cold '.length)) as ProbeResult;
  if (!Number.isFinite(result.total.cpu) || !Number.isFinite(result.total.wall)) {
    throw new Error(`cold start of ${outfile} printed ${line}`);
  }
  return result;
}

/** The environment of the fresh processes: the service's settings as the harness set them, logging on. */
function childEnvironment(): NodeJS.ProcessEnv {
  const keep = [
    'PATH',
    'STAGE',
    'AWS_REGION',
    'DYNAMODB_ENDPOINT',
    'COORDINATION_TABLE',
    'INSIGHTS_TABLE',
    'AUDIT_TABLE',
    'PERSONAL_DATA_KEY',
    'HMAC_PEPPER',
    'JWT_PUBLIC_JWKS',
    'JWT_ISSUER',
    'PUBLIC_BASE_URL',
    'CONSOLE_SESSIONS_TABLE',
  ];
  const env: NodeJS.ProcessEnv = {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // As deployed: a request writes its log lines, which is part of what the first request costs.
    LOG_LEVEL: 'INFO',
  };
  for (const name of keep) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

/**
 * The first request of every coordination context and of every other function, on data made through the
 * API now (the harness's own tables). Jobs get the event their schedule sends.
 */
export async function firstRequests(h: Harness): Promise<FirstRequest[]> {
  const admin: Who = { role: 'admin', sub: 'bench-cold-admin' };
  const tokens = new Map<Who, string>();
  const token = async (who: Who) => {
    let t = tokens.get(who);
    if (!t) {
      t = await h.issuer.sign({
        role: who.role,
        sub: who.sub,
        county: 'county' in who ? who.county : undefined,
        unit: 'unit' in who ? who.unit : undefined,
      });
      tokens.set(who, t);
    }
    return t;
  };
  const api = async (
    method: string,
    pathAndQuery: string,
    who?: Who,
    extra: Record<string, string> = {},
    body?: string,
  ) => {
    const [path = '/', query = ''] = pathAndQuery.split('?');
    const match = matchRoute(method, path);
    if (!match) throw new Error(`no route for ${method} ${path}`);
    const headers: Record<string, string> = { ...extra };
    if (who) headers['authorization'] = `Bearer ${await token(who)}`;
    return toEvent({ method, path, query, headers, body }, match.route, match.params);
  };
  const ok = (res: { status: number; body: unknown }, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };

  const caseId = (await openCase(h)).id;
  const hearing = ok(
    await h.call('POST', `/cases/${caseId}/hearings?allowConflict=true`, {
      as: coordinator,
      body: aHearingBody(bucharestNoonIn(12)),
    }),
    'POST hearing',
  );
  const protection = ok(
    await h.call('POST', `/cases/${caseId}/protection-requests`, {
      as: coordinator,
      body: {
        stage: 'prosecution',
        riskAssessment: { factors: ['threats_from_offender'], level: 'high', summary: 'Calls' },
        measures: [{ type: 'escort_travel', justification: 'Travels alone by bus' }],
      },
    }),
    'POST protection request',
  );
  const voucher = ok(
    await h.call('POST', `/cases/${caseId}/voucher-requests`, {
      as: coordinator,
      body: {
        kind: 'advance_voucher',
        amountRequested: { amount: 150_000, currency: 'RON' },
        filedAt: '2025-01-02',
        tribunal: 'Tribunalul Dolj',
        uses: ['food'],
        documents: ['criminal_complaint'],
      },
    }),
    'POST voucher request',
  );

  // A signed-in coordinator's console session, as the sign-in leaves it: the console's first request reads it.
  const { openSession } = await import('../../functions/console/sessions.ts');
  const { SESSION_COOKIE } = await import('../../functions/console/console-http.ts');
  const consoleSession = await openSession(await token(coordinator));

  const smsPhone = aPhone();
  const inbound = async () => {
    const params = { MessageSid: aMessageSid(), From: smsPhone, Body: 'Salut' };
    const signature = await signTwilioRequest(`${PUBLIC_BASE_URL}/sms/inbound`, params);
    return api(
      'POST',
      '/sms/inbound',
      undefined,
      { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      new URLSearchParams(params).toString(),
    );
  };

  // One per context of functions/coordination/handler.ts, each the read a user opens that context with.
  return [
    {
      name: 'coordination/public',
      fn: 'coordination',
      request: 'GET /health',
      event: () => api('GET', '/health'),
      status: 200,
    },
    {
      name: 'coordination/cases',
      fn: 'coordination',
      request: 'GET /cases/{id}',
      event: () => api('GET', `/cases/${caseId}`, coordinator),
      status: 200,
    },
    {
      name: 'coordination/hearings',
      fn: 'coordination',
      request: 'GET /cases/{id}/hearings/{id}',
      event: () => api('GET', `/cases/${caseId}/hearings/${hearing.id}`, coordinator),
      status: 200,
    },
    {
      name: 'coordination/protection',
      fn: 'coordination',
      request: 'GET /cases/{id}/protection-requests/{id}',
      event: () => api('GET', `/cases/${caseId}/protection-requests/${protection.id}`, coordinator),
      status: 200,
    },
    {
      name: 'coordination/vouchers',
      fn: 'coordination',
      request: 'GET /cases/{id}/voucher-requests/{id}',
      event: () => api('GET', `/cases/${caseId}/voucher-requests/${voucher.id}`, coordinator),
      status: 200,
    },
    {
      name: 'coordination/surveys',
      fn: 'coordination',
      request: 'GET /surveys',
      event: () => api('GET', '/surveys', coordinator),
      status: 200,
    },
    {
      name: 'coordination/audit',
      fn: 'coordination',
      request: 'GET /audit',
      event: () => api('GET', '/audit?limit=20', admin),
      status: 200,
    },
    { name: 'sms', fn: 'sms', request: 'POST /sms/inbound (no session)', event: inbound, status: 200 },
    {
      // A page that calls no API: what the console alone costs on a cold start (its session read and slide,
      // the render), with the chart library in the bundle but not evaluated.
      name: 'console',
      fn: 'console',
      request: 'GET /console/cases/new (signed in)',
      event: async () =>
        toEvent(
          {
            method: 'GET',
            path: '/console/cases/new',
            query: 'lang=en',
            headers: { host: 'localhost:3000', cookie: `${SESSION_COOKIE()}=${consoleSession}` },
          },
          undefined,
          {},
        ),
      status: 200,
    },
    {
      name: 'exports',
      fn: 'exports',
      request: 'GET /exports/feedback',
      event: () => api('GET', '/exports/feedback?surveyId=bench&wave=2025-S2&groupBy=county', analyst),
      status: 200,
    },
    {
      name: 'send-messages',
      fn: 'send-messages',
      request: 'scheduled tick, nothing due',
      event: async () => ({
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        time: new Date().toISOString(),
      }),
    },
    {
      name: 'daily-jobs',
      fn: 'daily-jobs',
      request: 'nightly run, nothing to do',
      event: async () => ({
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        time: new Date().toISOString(),
      }),
    },
  ];
}

export async function measureColdStart(
  runs: number,
  requests: readonly FirstRequest[],
): Promise<ColdStartFigures> {
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const bare = await bundle('bare-dynamodb-getitem', { contents: BARE_HANDLER });
  const built = await Promise.all(
    lambdaEntries.map(async (entry) => ({ entry, ...(await bundle(entry.name, entry)) })),
  );
  const outfileOf = (fn: LambdaName) => {
    const found = built.find((b) => b.entry.name === fn);
    if (!found) throw new Error(`no bundle for ${fn}`);
    return found.outfile;
  };
  const subjects = [
    { name: 'bare', outfile: bare.outfile, event: async () => ({}), status: 404 as number | undefined },
    ...requests.map((r) => ({ name: r.name, outfile: outfileOf(r.fn), event: r.event, status: r.status })),
  ];
  const env = childEnvironment();
  const times = new Map<string, ProbeResult[]>(subjects.map((s) => [s.name, []]));
  const once = async (s: (typeof subjects)[number]) => {
    const result = await coldStart(s.outfile, await s.event(), env);
    if (s.status !== undefined && result.status !== s.status) {
      throw new Error(`cold start of ${s.name}: expected ${s.status}, got ${result.status}`);
    }
    return result;
  };
  // A warm-up run of each bundle fills the OS file cache (the bundle, node_modules/@aws-sdk), so round 1 is
  // not an outlier; DynamoDB Local is warm already from the operations measured before.
  const warmed = new Set<string>();
  for (const s of subjects) {
    if (warmed.has(s.outfile)) continue;
    warmed.add(s.outfile);
    await once(s);
  }
  for (let round = 0; round < runs; round += 1) {
    // Rotate the order each round: no subject always runs right after the same neighbour.
    const order = subjects.map(
      (_, i) => subjects[(i + round) % subjects.length] as (typeof subjects)[number],
    );
    for (const s of order) times.get(s.name)?.push(await once(s));
  }
  const list = (name: string) => times.get(name) ?? [];
  const bareList = list('bare');
  const pick = (r: ProbeResult, part: 'import' | 'total', field: 'cpu' | 'wall') => r[part][field];
  const medianOf = (name: string, part: 'import' | 'total', field: 'cpu' | 'wall') =>
    median(list(name).map((r) => pick(r, part, field)));
  // Each subject's run is paired with the bare run of the same round: a slow spell of the machine slows
  // both sides of a pair, and the median of the pairs' ratios is what the budget reads.
  const paired = (name: string, part: 'import' | 'total', field: 'cpu' | 'wall') =>
    median(
      list(name).map((r, i) => {
        const b = bareList[i];
        return b ? pick(r, part, field) / pick(b, part, field) : Number.NaN;
      }),
    );
  return {
    runs,
    bare: {
      sizeBytes: bare.sizeBytes,
      medianCpuMs: medianOf('bare', 'total', 'cpu'),
      medianWallMs: medianOf('bare', 'total', 'wall'),
      medianImportCpuMs: medianOf('bare', 'import', 'cpu'),
      medianImportWallMs: medianOf('bare', 'import', 'wall'),
    },
    bundles: built.map((b) => ({
      name: b.entry.name,
      entry: b.entry.entry,
      sizeBytes: b.sizeBytes,
      biggestInputs: b.biggest,
    })),
    subjects: requests.map((r) => ({
      name: r.name,
      fn: r.fn,
      request: r.request,
      medianCpuMs: medianOf(r.name, 'total', 'cpu'),
      medianWallMs: medianOf(r.name, 'total', 'wall'),
      medianImportCpuMs: medianOf(r.name, 'import', 'cpu'),
      medianImportWallMs: medianOf(r.name, 'import', 'wall'),
      ratio: paired(r.name, 'total', 'cpu'),
      wallRatio: paired(r.name, 'total', 'wall'),
      importRatio: paired(r.name, 'import', 'cpu'),
    })),
  };
}
