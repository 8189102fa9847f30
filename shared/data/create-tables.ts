// Creates the tables of tables.ts in DynamoDB Local (the local runtime, tests and bench); CDK does it in AWS.
import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLES, type TableDefinition } from './tables.ts';

export async function createTables(
  client: DynamoDBClient,
  names: Record<Exclude<TableDefinition['id'], 'sessions'>, string>,
) {
  for (const table of TABLES) await createTable(client, table, names[table.id as keyof typeof names]);
}

/** One table of tables.ts under `name`; an existing one is left as it is. */
export async function createTable(client: DynamoDBClient, table: TableDefinition, name: string) {
  {
    const attributes = new Set([table.partitionKey, table.sortKey]);
    for (const index of table.indexes) {
      attributes.add(index.partitionKey);
      attributes.add(index.sortKey);
    }
    try {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
          KeySchema: [
            { AttributeName: table.partitionKey, KeyType: 'HASH' },
            { AttributeName: table.sortKey, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: table.indexes.length
            ? table.indexes.map((index) => ({
                IndexName: index.name,
                KeySchema: [
                  { AttributeName: index.partitionKey, KeyType: 'HASH' },
                  { AttributeName: index.sortKey, KeyType: 'RANGE' },
                ],
                Projection: { ProjectionType: 'ALL' },
              }))
            : undefined,
          StreamSpecification: table.stream
            ? { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' }
            : undefined,
        }),
      );
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
}
