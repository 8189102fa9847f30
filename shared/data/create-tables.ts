// Creates the tables of tables.ts in DynamoDB Local (the local runtime, tests and bench); CDK does it in AWS.
import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLES, type TableDefinition } from './tables.ts';

export async function createTables(client: DynamoDBClient, names: Record<TableDefinition['id'], string>) {
  for (const table of TABLES) {
    const attributes = new Set([table.partitionKey, table.sortKey]);
    for (const index of table.indexes) {
      attributes.add(index.partitionKey);
      attributes.add(index.sortKey);
    }
    try {
      await client.send(
        new CreateTableCommand({
          TableName: names[table.id],
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
          TableName: names[table.id],
          TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
}
