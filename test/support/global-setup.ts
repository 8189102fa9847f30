// Starts one DynamoDB Local (in memory) for the integration and e2e projects, creates the tables, and hands
// the endpoint and a local token issuer to the test workers. The JVM dies with this process, however it ends.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { LOCAL_TABLES } from '../../infra/local/local-environment.ts';
import { createIssuer } from '../../infra/local/token-issuer.ts';
import { createTables } from '../../shared/data/create-tables.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    jwtKeyFile: string;
    dataDir: string;
  }
}

let dynamo: DynamoDbLocal | undefined;

export async function setup(project: TestProject) {
  dynamo = await startDynamoDbLocal();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, LOCAL_TABLES);
  client.destroy();
  const dataDir = mkdtempSync(join(tmpdir(), 'alaturi-test-'));
  const jwtKeyFile = join(dataDir, 'jwt-key.json');
  await createIssuer(jwtKeyFile);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('jwtKeyFile', jwtKeyFile);
  project.provide('dataDir', dataDir);
}

export async function teardown() {
  await dynamo?.stop();
}
