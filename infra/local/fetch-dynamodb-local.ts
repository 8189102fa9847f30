// `npm run ddb:fetch`: fetches DynamoDB Local into .dynamodb-local/ (once), so a test run's first start is not
// also its download.
import { ensureDynamoDbLocal } from './dynamodb-local.ts';

process.stdout.write(`DynamoDB Local in ${ensureDynamoDbLocal()}\n`);
