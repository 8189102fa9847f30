// The DynamoDB document client, created once per container from configuration; repositories share it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { getConfig } from '../config.ts';
import { DocumentClient } from './document-client.ts';

let documentClient: DocumentClient | undefined;

export function getDocumentClient(): DocumentClient {
  if (!documentClient) {
    const config = getConfig();
    const local = config.DYNAMODB_ENDPOINT !== undefined;
    const client = new DynamoDBClient({
      region: config.AWS_REGION,
      endpoint: config.DYNAMODB_ENDPOINT,
      credentials: local ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
      maxAttempts: 3,
    });
    documentClient = new DocumentClient(client);
  }
  return documentClient;
}

export function tableNames() {
  const config = getConfig();
  return {
    coordination: config.COORDINATION_TABLE,
    insights: config.INSIGHTS_TABLE,
    audit: config.AUDIT_TABLE,
  };
}
