// The DynamoDB document client, created once per container from configuration; repositories share it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../config.ts';

let documentClient: DynamoDBDocumentClient | undefined;

export function getDocumentClient(): DynamoDBDocumentClient {
  if (!documentClient) {
    const config = getConfig();
    const local = config.DYNAMODB_ENDPOINT !== undefined;
    const client = new DynamoDBClient({
      region: config.AWS_REGION,
      endpoint: config.DYNAMODB_ENDPOINT,
      credentials: local ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
      maxAttempts: 3,
    });
    documentClient = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return documentClient;
}

/** Tests point the client at another endpoint, or inject faults through its middleware stack. */
export function setDocumentClient(client: DynamoDBDocumentClient | undefined): void {
  documentClient = client;
}

export function tableNames() {
  const config = getConfig();
  return {
    coordination: config.COORDINATION_TABLE,
    insights: config.INSIGHTS_TABLE,
    audit: config.AUDIT_TABLE,
  };
}
