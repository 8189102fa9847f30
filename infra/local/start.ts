// `npm start`: the whole service on one machine. DynamoDB Local (data in .data/), the tables, the HTTP API
// on PORT, the scheduled jobs on an interval, the local token issuer. Ctrl-C, SIGTERM or SIGHUP stops
// everything, and so does the end of the process that started it (see watchStarters).
// The service's modules are imported inside main(): the first one parses the configuration (shared/config.ts),
// so a bad setting stops the start right here, named, before DynamoDB Local is launched.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The SDK warns at every client creation that its releases after January 2027 need Node 22; the README says
// so once, and the warning would bury the ready line. The tests silence it the same way.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const dataDir = resolve(process.env['DATA_DIR'] ?? resolve(import.meta.dirname, '../../.data'));
const port = Number(process.env['PORT'] ?? 3000);
const jobIntervalMs = Number(process.env['JOB_INTERVAL_MS'] ?? 60_000);

async function main() {
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`Invalid configuration: PORT: must be a TCP port, got ${process.env['PORT']}`);
  if (!Number.isInteger(jobIntervalMs) || jobIntervalMs < 1)
    throw new Error(`Invalid configuration: JOB_INTERVAL_MS: must be a whole number of milliseconds`);
  const { applyLocalEnvironment, LOCAL_TABLES, loadLocalSecrets } = await import('./local-environment.ts');
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const { createTables } = await import('../../shared/data/create-tables.ts');
  const { startDynamoDbLocal } = await import('./dynamodb-local.ts');
  const { createIssuer } = await import('./token-issuer.ts');
  const dynamo = await startDynamoDbLocal({ dbPath: join(dataDir, 'dynamodb'), avoidPorts: [port] });
  const issuer = await createIssuer(join(dataDir, 'jwt-key.json'));
  const baseUrl = process.env['PUBLIC_BASE_URL'] ?? `http://localhost:${port}`;
  applyLocalEnvironment({
    stage: 'local',
    dynamoEndpoint: dynamo.endpoint,
    secrets: loadLocalSecrets(dataDir),
    publicJwks: issuer.publicJwks,
    issuer: issuer.issuer,
    publicBaseUrl: baseUrl,
  });
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, LOCAL_TABLES);
  const { createTable } = await import('../../shared/data/create-tables.ts');
  const { CONSOLE_SESSIONS_TABLE } = await import('../../shared/data/tables.ts');
  await createTable(client, CONSOLE_SESSIONS_TABLE, 'alaturi-console-sessions');
  client.destroy();

  // Imported after the environment is set, so whatever reads a setting while loading sees the local ones.
  const { createLocalServer } = await import('./server.ts');
  await import('./local-features.ts');
  // The console's sign-in form exists only here: it mints what `npm run token` mints (10 h, the session's cap).
  const { enableLocalSignIn } = await import('../../functions/console/sign-in.ts');
  enableLocalSignIn((claims) => issuer.sign(claims, 10 * 3600));
  const { runScheduledJobs } = await import('./scheduled-jobs.ts');
  const { logger } = await import('../../shared/logger.ts');
  const clock = await import('../../shared/domain/clock.ts');

  const server = createLocalServer();
  try {
    await listen(server, port);
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
  const timer = setInterval(() => {
    runScheduledJobs(clock.now()).catch((error: unknown) =>
      logger.error('scheduled jobs failed', { error: error instanceof Error ? error.name : 'unknown' }),
    );
  }, jobIntervalMs);
  // Plain text, not a log line: the first thing a person reads, with what to do next.
  // The console (issue 15) is served under /console by the local server once its function exists.
  const hasConsole = existsSync(resolve(import.meta.dirname, '../../functions/console'));
  process.stdout.write(
    [
      `Alături is running on ${baseUrl}`,
      ...(hasConsole ? [`  console: ${baseUrl}/console`] : []),
      `  a token: npm run -s token -- --role coordinator --county DJ --sub ana`,
      `  DynamoDB Local: ${dynamo.endpoint}, data in ${dataDir}`,
      '  Ctrl-C stops everything',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    server.close();
    server.closeAllConnections();
    await dynamo.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, stop);
  }
  watchStarters(stop);
}

/**
 * `npm start` is npm -> sh -> tsx -> this process, and neither npm's shell nor tsx passes on every signal:
 * SIGTERM to npm ends npm and sh and leaves tsx, this server and DynamoDB Local running; SIGHUP to tsx ends
 * tsx alone. So the processes that started this one, up to npm, are watched: the first to end stops
 * everything. Nothing above npm is watched, so `nohup npm start &` outlives the shell that typed it.
 */
function watchStarters(stop: () => Promise<void>): void {
  const starters = launchers();
  const timer = setInterval(() => {
    if (starters.some((pid) => !alive(pid))) void stop();
  }, 500);
  timer.unref();
}

/** The parent, and above it the chain up to the nearest npm process, if one is a few levels up. */
function launchers(): number[] {
  const chain: number[] = [];
  let pid = process.ppid;
  for (let level = 0; level < 4 && pid > 1; level += 1) {
    chain.push(pid);
    if (/^npm\b/.test(describe(pid).command)) return chain;
    pid = describe(pid).parent ?? 0;
  }
  return [process.ppid];
}

/** A process's command name, parent and whether it has ended (a zombie has), from /proc or else ps. */
function describe(pid: number): { command: string; parent?: number; ended: boolean } {
  try {
    // /proc/<pid>/stat: "pid (command) state ppid ..."; the command may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    return { command, parent: Number(parent), ended: state === 'Z' || state === 'X' };
  } catch {
    try {
      const [parent, state, ...command] = execFileSync(
        'ps',
        ['-o', 'ppid=,state=,comm=', '-p', String(pid)],
        {
          encoding: 'utf8',
        },
      )
        .trim()
        .split(/\s+/);
      return { command: command.join(' '), parent: Number(parent), ended: state?.startsWith('Z') ?? true };
    } catch {
      return { command: '', ended: true };
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !describe(pid).ended;
}
/** Listens on `port`; a port another process holds is a sentence, not an EADDRINUSE stack. */
function listen(server: import('node:http').Server, port: number): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} is already in use: stop what holds it, or start with PORT=<another port>`)
          : error,
      ),
    );
    server.listen(port, done);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`Could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
