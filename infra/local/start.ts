// `npm start`: the whole service on one machine. DynamoDB Local (data in .data/), the tables, the HTTP API
// on PORT, the scheduled jobs on an interval, the local token issuer. Ctrl-C stops everything.
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTables } from '../../shared/data/create-tables.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { applyLocalEnvironment, LOCAL_TABLES, loadLocalSecrets } from './local-environment.ts';
import { createIssuer } from './token-issuer.ts';

const dataDir = resolve(process.env['DATA_DIR'] ?? resolve(import.meta.dirname, '../../.data'));
const port = Number(process.env['PORT'] ?? 3000);
const jobIntervalMs = Number(process.env['JOB_INTERVAL_MS'] ?? 60_000);

async function main() {
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
  client.destroy();

  // Imported after the environment is set: the handlers read their configuration once.
  const { createLocalServer } = await import('./server.ts');
  await import('./local-features.ts');
  const { runScheduledJobs } = await import('./scheduled-jobs.ts');
  const { logger } = await import('../../shared/logger.ts');
  const clock = await import('../../shared/domain/clock.ts');

  const server = createLocalServer(() => baseUrl);
  await new Promise<void>((done) => server.listen(port, done));
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

main().catch((error: unknown) => {
  process.stderr.write(`Could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
