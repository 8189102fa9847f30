// `npm run bench [-- --quick] [-- --results <file>]`: DynamoDB round trips and capacity per operation against
// the minimum, bundle size and cold start (import + first request) per function and context, flat scaling of
// exports, sender and calendar, and the local runtime's throughput. Prints a table, then one JSON line (also
// written to --results); exits 1 when a budget is missed. DESIGN.md "Performance budget"; README "Benchmark".
import { writeFileSync } from 'node:fs';

const USAGE = `Usage: npm run bench [-- --quick] [-- --results <file>]

  --quick            smaller sizes and fewer rounds (what npm test runs)
  --results <file>   also write the JSON line to <file>
  --help             print this and exit

Starts its own DynamoDB Local; prints a table and one JSON line with every figure and a
\`budgets\` list; exits 1 when a budget is missed. README "Benchmark" explains each figure.
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const unknown = args.filter((a, i) => !['--quick', '--results'].includes(a) && args[i - 1] !== '--results');
if (unknown.length > 0 || (args.includes('--results') && !args[args.indexOf('--results') + 1])) {
  process.stderr.write(`Unknown or incomplete arguments: ${unknown.join(' ') || '--results'}\n\n${USAGE}`);
  process.exit(2);
}

process.env['LOG_LEVEL'] = 'SILENT';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const quick = args.includes('--quick');
const resultsIndex = args.indexOf('--results');
const resultsFile = resultsIndex >= 0 ? args[resultsIndex + 1] : undefined;

const settings = quick
  ? {
      mode: 'quick',
      dueMessages: 10,
      coldRuns: 5,
      consoleRuns: 9,
      exportSizes: [1_000, 10_000],
      exportRepeats: 9,
      senderSizes: [1_000, 10_000],
      senderRepeats: 21,
      calendarSizes: [10, 1_000],
      calendarRepeats: 15,
      throughputSeconds: 2,
    }
  : {
      mode: 'full',
      dueMessages: 10,
      coldRuns: 21,
      consoleRuns: 31,
      exportSizes: [1_000, 10_000, 100_000],
      exportRepeats: 21,
      senderSizes: [1_000, 50_000],
      senderRepeats: 9,
      calendarSizes: [10, 1_000],
      calendarRepeats: 31,
      throughputSeconds: 10,
    };

interface Budget {
  name: string;
  value: number;
  limit: number;
  held: boolean;
}

const budgets: Budget[] = [];
const budget = (name: string, value: number, limit: number, held = value <= limit) =>
  budgets.push({ name, value: round(value), limit, held });
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const kb = (bytes: number) => round(bytes / 1024, 1);
const lines: string[] = [];
const print = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};
const pad = (value: unknown, width: number) => String(value).padEnd(width);
const padStart = (value: unknown, width: number) => String(value).padStart(width);

const began = performance.now();
const elapsed = () => `${round((performance.now() - began) / 1000, 1)} s`;

const { startHarness } = await import('./harness.ts');
const { measureOperations } = await import('./operations.ts');
const { exportScaling, senderScaling, calendarScaling } = await import('./scaling.ts');
const { firstRequests, measureColdStart, limitsFor } = await import('./cold-start.ts');
const { measureThroughput } = await import('./throughput.ts');
const { measureConsolePages, CONSOLE_PAGE_LIMITS } = await import('./console-pages.ts');

print(`Alături benchmark (${settings.mode}) — DynamoDB Local in memory, ${new Date().toISOString()}`);
const harness = await startHarness();
print(`DynamoDB Local and tables ready after ${elapsed()}`);

let operations: Awaited<ReturnType<typeof measureOperations>>;
let scaling: Awaited<ReturnType<typeof exportScaling>>[];
let cold: Awaited<ReturnType<typeof measureColdStart>>;
let consolePages: Awaited<ReturnType<typeof measureConsolePages>>;
try {
  // 1. Round trips and capacity per operation.
  operations = await measureOperations(harness, { dueMessages: settings.dueMessages });
  const { routes } = await import('../../shared/http/routes.ts');
  const measured = new Set(operations.map((o) => o.target));
  const notMeasured = routes.map((r) => r.id).filter((id) => !measured.has(id));
  print();
  print('1. DynamoDB requests and consumed capacity per operation (ReturnConsumedCapacity TOTAL)');
  print(
    `${pad('operation', 34)}${padStart('req', 4)}${padStart('min', 5)}${padStart('excess', 8)}${padStart('RCU', 7)}${padStart('WCU', 7)}  requests by command`,
  );
  for (const o of operations) {
    const excess = o.requests - o.minimum.requests;
    print(
      `${pad(o.op, 34)}${padStart(o.requests, 4)}${padStart(o.minimum.requests, 5)}${padStart(excess > 0 ? `+${excess}` : excess, 8)}${padStart(round(o.readUnits, 1), 7)}${padStart(round(o.writeUnits, 1), 7)}  ${Object.entries(
        o.byCommand,
      )
        .map(([c, n]) => `${c} ${n}`)
        .join(', ')}${o.held ? '' : '  << over budget'}`,
    );
    budget(`requests: ${o.op}`, o.requests, o.minimum.requests + (o.excess?.requests ?? 0));
  }
  for (const o of operations.filter((o) => o.responseBytes !== undefined))
    print(`   ${o.op}: ${o.responseBytes} bytes of HTML, nothing else loaded`);
  print('   excess, explained:');
  for (const o of operations.filter((o) => o.excess))
    print(`   - ${o.op}: +${o.excess?.requests}, ${o.excess?.why}`);
  print(
    '   RCU/WCU: as DynamoDB Local returns them, except TransactWriteItems, costed from item sizes (2 WCU/KB' +
      ' per item + 1/KB per GSI): DynamoDB Local reports a few units per table whatever the transaction holds',
  );
  const uncovered = operations.filter((o) => o.withoutCapacity > 0);
  if (uncovered.length)
    print(`   no ConsumedCapacity returned for: ${uncovered.map((o) => o.op).join(', ')}`);
  print(`   routes not measured: ${notMeasured.join(', ') || 'none'}`);
  (operations as unknown as { notMeasured?: string[] }).notMeasured = notMeasured;

  // 1b. The console's heaviest pages: its own time against the API time it waits for (issue 15).
  consolePages = await measureConsolePages(harness, settings.consoleRuns);
  print();
  print(
    `1b. Console pages (median of ${settings.consoleRuns} warm runs; own = session, shaping and rendering,` +
      ' the time not spent waiting for the API)',
  );
  print(
    `${pad('page', 22)}${padStart('total ms', 9)}${padStart('API ms', 8)}${padStart('own ms', 8)}${padStart('own/API', 8)}${padStart('calls', 6)}${padStart('max', 5)}${padStart('HTML KB', 9)}`,
  );
  for (const p of consolePages) {
    const limits = CONSOLE_PAGE_LIMITS[p.page];
    const ratio = p.ownMs / Math.max(p.apiWaitMs, 1);
    print(
      `${pad(p.page, 22)}${padStart(round(p.totalMs, 1), 9)}${padStart(round(p.apiWaitMs, 1), 8)}${padStart(round(p.ownMs, 1), 8)}${padStart(round(ratio), 8)}${padStart(p.apiCalls, 6)}${padStart(limits?.calls ?? '-', 5)}${padStart(kb(p.htmlBytes), 9)}`,
    );
    budget(`console API calls: ${p.page}`, p.apiCalls, limits?.calls ?? 0);
    budget(`console HTML KB: ${p.page}`, kb(p.htmlBytes), 60);
    if (limits?.ownPerApi !== undefined) budget(`console own/API time: ${p.page}`, ratio, limits.ownPerApi);
  }
  for (const [page, limits] of Object.entries(CONSOLE_PAGE_LIMITS)) print(`   ${page}: ${limits.why}`);

  // 2. Cold start, against the harness's tables before the scaling series point the service at theirs.
  cold = await measureColdStart(settings.coldRuns, await firstRequests(harness));

  // 3. Scaling (same DynamoDB Local; each series keeps its own data).
  scaling = [
    await exportScaling(harness, settings.exportSizes, settings.exportRepeats),
    await senderScaling(harness, settings.senderSizes, 10, settings.senderRepeats),
    await calendarScaling(harness, settings.calendarSizes, settings.calendarRepeats),
  ];
  print();
  print('3. Scaling (median ms; limit: largest / smallest under 1.5)');
  for (const s of scaling) {
    print(
      `${pad(s.name, 52)}${s.points.map((p) => `${p.size} ${s.unit}: ${round(p.medianMs, 1)} ms`).join(' | ')}  ratio ${round(s.ratio)}`,
    );
    budget(`scaling: ${s.name}`, s.ratio, 1.5);
  }
} finally {
  await harness.stop();
}

// 2. Cold start: bundles, then import + first request in fresh processes (printed after the scaling series).
print();
print(
  `2. Bundles and cold start (${cold.runs} rounds, each subject once per round in a fresh node process;` +
    " ratio = median over rounds of CPU ms / the bare handler's in the same round)",
);
print(`${pad('function', 17)}${padStart('KB', 8)}  biggest inputs (KB)`);
print(`${pad('bare GetItem', 17)}${padStart(kb(cold.bare.sizeBytes), 8)}`);
for (const b of cold.bundles) {
  print(
    `${pad(b.name, 17)}${padStart(kb(b.sizeBytes), 8)}  ${b.biggestInputs
      .slice(0, 4)
      .map((i) => `${i.input} ${kb(i.bytes)}`)
      .join(', ')}`,
  );
  budget(`bundle KB: ${b.name}`, kb(b.sizeBytes), limitsFor(b.name).sizeBytes / 1024);
}
print(
  `${pad('cold start: import + first request', 58)}${padStart('cpu ms', 8)}${padStart('ratio', 7)}${padStart('limit', 7)}${padStart('wall ms', 9)}${padStart('w.ratio', 8)}${padStart('import', 8)}${padStart('i.ratio', 8)}`,
);
print(
  `${pad('bare: import + GetItem', 58)}${padStart(round(cold.bare.medianCpuMs, 0), 8)}${padStart('1', 7)}${padStart('', 7)}${padStart(round(cold.bare.medianWallMs, 0), 9)}${padStart('1', 8)}${padStart(round(cold.bare.medianImportCpuMs, 0), 8)}${padStart('1', 8)}`,
);
for (const c of cold.subjects) {
  const limit = limitsFor(c.fn).ratio;
  print(
    `${pad(`${c.name}: ${c.request}`, 58)}${padStart(round(c.medianCpuMs, 0), 8)}${padStart(round(c.ratio), 7)}${padStart(limit, 7)}${padStart(round(c.medianWallMs, 0), 9)}${padStart(round(c.wallRatio), 8)}${padStart(round(c.medianImportCpuMs, 0), 8)}${padStart(round(c.importRatio), 8)}`,
  );
  budget(`cold start ratio: ${c.name}`, c.ratio, limit);
}
print('   cpu ms and wall ms: medians of import + first request; import, i.ratio: the import alone (CPU)');

// 4. Throughput of the local runtime.
const throughput = await measureThroughput(settings.throughputSeconds);
print();
print(
  `4. Local runtime throughput (server and load generator in separate processes, ${settings.throughputSeconds} s each)`,
);
print(
  `${pad('route', 22)}${padStart('conc', 5)}${padStart('req/s', 9)}${padStart('p50 ms', 9)}${padStart('p99 ms', 9)}${padStart('errors', 8)}`,
);
for (const r of throughput.runs) {
  const route = r.kind === 'get-case' ? 'GET /cases/{id}' : 'POST /sms/inbound';
  print(
    `${pad(route, 22)}${padStart(r.concurrency, 5)}${padStart(round(r.requestsPerSecond, 0), 9)}${padStart(round(r.p50Ms, 1), 9)}${padStart(round(r.p99Ms, 1), 9)}${padStart(r.errors, 8)}`,
  );
}
print(`server peak memory (VmHWM): ${round(throughput.serverPeakMemoryMb, 0)} MB`);
budget(
  'throughput: failed requests',
  throughput.runs.reduce((n, r) => n + r.errors, 0),
  0,
);

const missed = budgets.filter((b) => !b.held);
print();
print(`${budgets.length - missed.length} budgets held, ${missed.length} missed, in ${elapsed()}`);
for (const b of missed) print(`   missed: ${b.name}: ${b.value} (limit ${b.limit})`);

const result = {
  mode: settings.mode,
  settings,
  operations: operations.map((o) => ({
    op: o.op,
    target: o.target,
    requests: o.requests,
    byCommand: o.byCommand,
    readCapacityUnits: o.readUnits,
    writeCapacityUnits: o.writeUnits,
    transactionsCostedFromItemSizes: o.estimatedTransactions,
    ...(o.responseBytes === undefined ? {} : { responseBytes: o.responseBytes }),
    minimum: o.minimum,
    excess: o.excess ?? null,
  })),
  routesNotMeasured: (operations as unknown as { notMeasured?: string[] }).notMeasured ?? [],
  consolePages,
  coldStart: cold,
  scaling,
  throughput,
  seconds: round((performance.now() - began) / 1000, 1),
  budgets,
};
const json = JSON.stringify(result);
if (resultsFile) writeFileSync(resultsFile, json);
process.stdout.write(`${json}\n`);
process.exit(missed.length > 0 ? 1 : 0);
