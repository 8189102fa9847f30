// `npm start`: the whole service on one machine. DynamoDB Local (data in .data/), the tables, the HTTP API
// on PORT, the scheduled jobs on an interval, the local token issuer. Ctrl-C stops everything.
// The service's modules are imported inside main(): the first one parses the configuration (shared/config.ts),
// so a bad setting stops the start right here, named, before DynamoDB Local is launched.
import { join, resolve } from 'node:path';

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
  const dynamo = await startDynamoDbLocal({ dbPath: join(dataDir, 'dynamodb') });
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
  logger.info('Alături is running', {
    url: baseUrl,
    dynamodb: dynamo.endpoint,
    token: 'npm run token -- --role coordinator --county DJ',
  });

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
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
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
