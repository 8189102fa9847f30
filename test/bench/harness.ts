// The benchmark's own service: DynamoDB Local in memory, fresh tables, local keys in a temp folder, the local
// token issuer, and a `call` that runs the real Lambda handler chain (same route table, same event shape).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import type { LambdaHandler, PlainRequest } from '../../infra/local/lambda-adapter.ts';
import {
  applyLocalEnvironment,
  LOCAL_TABLES,
  loadLocalSecrets,
} from '../../infra/local/local-environment.ts';
import { createIssuer, type LocalIssuer } from '../../infra/local/token-issuer.ts';
import { createTable, createTables } from '../../shared/data/create-tables.ts';
import type { DocumentClient } from '../../shared/data/document-client.ts';
import { CONSOLE_SESSIONS_TABLE } from '../../shared/data/tables.ts';
import { attachMeter } from './capacity-meter.ts';

export const PUBLIC_BASE_URL = 'https://api.alaturi.test';

export type Who =
  | { role: 'coordinator'; county: string; sub: string }
  | { role: 'prosecutor'; unit: string; sub: string }
  | { role: 'analyst' | 'admin'; sub: string };

export interface CallOptions {
  as?: Who;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  ifMatch?: number;
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: the benchmark reads ids and versions out of arbitrary JSON
  body: any;
}

export interface Harness {
  dataDir: string;
  issuer: LocalIssuer;
  documentClient: DocumentClient;
  call(method: string, pathAndQuery: string, options?: CallOptions): Promise<CallResult>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const dynamo = await startDynamoDbLocal();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, LOCAL_TABLES);
  // The console's own sessions table, as `npm start` creates it (the console pages are measured too).
  await createTable(client, CONSOLE_SESSIONS_TABLE, 'alaturi-console-sessions');
  client.destroy();
  const dataDir = mkdtempSync(join(tmpdir(), 'alaturi-bench-'));
  const issuer = await createIssuer(join(dataDir, 'jwt-key.json'));
  applyLocalEnvironment({
    stage: 'test',
    dynamoEndpoint: dynamo.endpoint,
    secrets: loadLocalSecrets(dataDir),
    publicJwks: issuer.publicJwks,
    issuer: issuer.issuer,
    publicBaseUrl: PUBLIC_BASE_URL,
  });
  // Imported after the environment is set: the handlers and the logger read it once, at import.
  const { dispatch } = await import('../../infra/local/lambda-adapter.ts');
  const { apiHandlers } = await import('../../infra/local/server.ts');
  const { getDocumentClient } = await import('../../shared/data/client.ts');
  const documentClient = getDocumentClient();
  attachMeter(documentClient);

  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (who: Who) => {
    const key = JSON.stringify(who);
    let token = tokens.get(key);
    if (!token) {
      token = issuer.sign({
        role: who.role,
        sub: who.sub,
        county: 'county' in who ? who.county : undefined,
        unit: 'unit' in who ? who.unit : undefined,
      });
      tokens.set(key, token);
    }
    return token;
  };

  return {
    dataDir,
    issuer,
    documentClient,
    async call(method, pathAndQuery, options = {}) {
      const [path = '/', query = ''] = pathAndQuery.split('?');
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.as) headers['authorization'] = `Bearer ${await tokenFor(options.as)}`;
      if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
      let body = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const request: PlainRequest = { method, path, query, headers, body };
      const result = await dispatch(request, apiHandlers as Record<string, LambdaHandler>);
      const text = result.body ?? '';
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      return {
        status: result.statusCode ?? 200,
        headers: (result.headers ?? {}) as Record<string, string>,
        body: parsed,
      };
    },
    async stop() {
      await dynamo.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Fails the benchmark loudly when a setup call does not answer as expected: figures of a 4xx mean nothing. */
export function expectStatus(result: CallResult, status: number, what: string): CallResult {
  if (result.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${result.status} ${JSON.stringify(result.body)}`);
  }
  return result;
}
