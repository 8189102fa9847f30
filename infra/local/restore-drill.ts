// `npm run restore-drill`: proves a backup can be restored. Exports every table of a DynamoDB Local store,
// restores each into a fresh table with the same keys and indexes, and compares the two item by item
// (count and a SHA-256 of every item). Runs on a copy of the data directory, so live data is never touched;
// or, with --endpoint, against a running DynamoDB Local (fresh tables created there and deleted afterwards).
// The AWS drill (README, "Restore drill") does the same with a point-in-time restore instead of the copy.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ScanCommand,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';

type Item = Record<string, AttributeValue>;

export interface TableDrill {
  table: string;
  exported: number;
  restored: number;
  matched: number;
  /** Keys of items whose restored copy differs, is missing, or was never exported. */
  mismatched: string[];
}

/** A stable text for an item: attribute names sorted at every level, so equal items hash equally. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function checksum(item: Item): string {
  return createHash('sha256').update(canonical(item)).digest('hex');
}

/** Compares two snapshots of one table, keyed by primary key: what matched and which keys did not. */
export function compareSnapshots(
  table: string,
  keyNames: string[],
  exported: Item[],
  restored: Item[],
): TableDrill {
  const keyOf = (item: Item) => canonical(keyNames.map((name) => item[name]));
  const before = new Map(exported.map((item) => [keyOf(item), checksum(item)]));
  const after = new Map(restored.map((item) => [keyOf(item), checksum(item)]));
  const mismatched: string[] = [];
  let matched = 0;
  for (const [key, sum] of before) {
    if (after.get(key) === sum) matched++;
    else mismatched.push(key);
  }
  for (const key of after.keys()) if (!before.has(key)) mismatched.push(key);
  return { table, exported: exported.length, restored: restored.length, matched, mismatched };
}

async function scanAll(client: DynamoDBClient, table: string): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

async function writeAll(client: DynamoDBClient, table: string, items: Item[]): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    let requests = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`restore drill: ${table}: unprocessed items after 8 retries`);
      const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
      requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((done) => setTimeout(done, 50 * 2 ** attempt));
    }
  }
}

/** A fresh, empty table with the source's keys and indexes (what a point-in-time restore creates). */
async function createLike(client: DynamoDBClient, source: TableDescription, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: source.AttributeDefinitions,
      KeySchema: source.KeySchema,
      GlobalSecondaryIndexes: source.GlobalSecondaryIndexes?.map((index) => ({
        IndexName: index.IndexName,
        KeySchema: index.KeySchema,
        Projection: index.Projection,
      })),
    }),
  );
}

export async function drill(client: DynamoDBClient, runId: string): Promise<TableDrill[]> {
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  const results: TableDrill[] = [];
  for (const table of TableNames.filter((name) => !name.startsWith('restore-drill-'))) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    if (!Table?.KeySchema) throw new Error(`restore drill: ${table} has no key schema`);
    const exported = await scanAll(client, table);
    const restoredName = `restore-drill-${runId}-${table}`;
    await createLike(client, Table, restoredName);
    try {
      await writeAll(client, restoredName, exported);
      const restored = await scanAll(client, restoredName);
      const keyNames = Table.KeySchema.map((key) => key.AttributeName as string);
      results.push(compareSnapshots(table, keyNames, exported, restored));
    } finally {
      await client.send(new DeleteTableCommand({ TableName: restoredName }));
    }
  }
  return results;
}

export function report(results: TableDrill[]): string {
  const sum = (pick: (result: TableDrill) => number) =>
    results.reduce((total, result) => total + pick(result), 0);
  const lines = results.map(
    (result) =>
      `  ${result.table}: ${result.exported} exported, ${result.restored} restored, ${result.matched} checksums matched, ${result.mismatched.length} mismatched`,
  );
  lines.push(
    `restore drill: ${results.length} tables, ${sum((r) => r.exported)} items exported, ${sum((r) => r.restored)} restored, ${sum((r) => r.matched)} checksums matched, ${sum((r) => r.mismatched.length)} mismatched`,
  );
  return lines.join('\n');
}

const USAGE = `Usage: npm run restore-drill -- [options]

Exports every table, restores each into a fresh table, and compares item counts and a SHA-256 of every item.

Options:
  --data-dir DIR    the data directory of \`npm start\` (default: DATA_DIR or .data); the drill works on a copy
  --endpoint URL    a running DynamoDB Local instead (fresh tables are created there, then deleted)
  --help            this text
Exit code 1 when any item differs.`;

async function main(): Promise<void> {
  let options: { 'data-dir'?: string; endpoint?: string; help?: boolean };
  try {
    options = parseArgs({
      options: { 'data-dir': { type: 'string' }, endpoint: { type: 'string' }, help: { type: 'boolean' } },
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const runId = Date.now().toString(36);
  let endpoint = options.endpoint;
  let stop = async () => {};
  if (!endpoint) {
    const dataDir = resolve(options['data-dir'] ?? process.env['DATA_DIR'] ?? '.data');
    const store = join(dataDir, 'dynamodb');
    if (!existsSync(store)) {
      process.stderr.write(
        `restore drill: no DynamoDB Local data in ${store}; run \`npm start\` once first\n`,
      );
      process.exit(1);
    }
    const copy = mkdtempSync(join(tmpdir(), 'alaturi-restore-drill-'));
    cpSync(store, copy, { recursive: true });
    const { startDynamoDbLocal } = await import('./dynamodb-local.ts');
    const dynamo = await startDynamoDbLocal({ dbPath: copy });
    endpoint = dynamo.endpoint;
    stop = async () => {
      await dynamo.stop();
      rmSync(copy, { recursive: true, force: true });
    };
  }
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const results = await drill(client, runId);
    process.stdout.write(`${report(results)}\n`);
    if (results.some((result) => result.mismatched.length > 0)) process.exitCode = 1;
  } finally {
    client.destroy();
    await stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`restore drill failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
