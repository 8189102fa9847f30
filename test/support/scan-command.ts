// A whole-table Scan for tests only (privacy scans of every item): the service itself never scans.
import { type ScanCommandOutput, ScanCommand as ScanItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DocumentCommand, NativeItem } from '../../shared/data/document-client.ts';

export class ScanCommand implements DocumentCommand<{ Items?: NativeItem[]; LastEvaluatedKey?: NativeItem }> {
  constructor(
    readonly input: {
      TableName: string;
      ExclusiveStartKey?: NativeItem;
      Limit?: number;
      ConsistentRead?: boolean;
    },
  ) {}
  toLow() {
    return new ScanItemsCommand({
      TableName: this.input.TableName,
      Limit: this.input.Limit,
      ConsistentRead: this.input.ConsistentRead,
      ExclusiveStartKey: this.input.ExclusiveStartKey ? marshall(this.input.ExclusiveStartKey) : undefined,
    });
  }
  fromLow(output: ScanCommandOutput) {
    return {
      Items: output.Items?.map((item) => unmarshall(item)),
      LastEvaluatedKey: output.LastEvaluatedKey ? unmarshall(output.LastEvaluatedKey) : undefined,
    };
  }
}
