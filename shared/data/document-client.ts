// A small document layer over the low-level DynamoDB client: plain values in and out, marshalled with the
// SDK's util-dynamodb. It replaces @aws-sdk/lib-dynamodb, whose import alone cost a fifth of every cold
// start (npm run bench); the commands keep lib-dynamodb's names and input shapes.
import {
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  type BatchGetItemCommandOutput,
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  type BatchWriteItemCommandOutput,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  type DeleteItemCommandOutput,
  type DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  type GetItemCommandOutput,
  PutItemCommand,
  type PutItemCommandInput,
  type PutItemCommandOutput,
  QueryCommand as QueryItemsCommand,
  type QueryCommandInput as QueryItemsInput,
  type QueryCommandOutput as QueryItemsOutput,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
  type TransactWriteItemsCommandOutput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
  type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

/**
 * An item as plain values. Values are typed loosely on purpose, as lib-dynamodb types them: an item's shape is
 * known only to the repository that reads it, which maps it to a typed record.
 */
// biome-ignore lint/suspicious/noExplicitAny: DynamoDB items are untyped until a repository maps them
export type NativeItem = Record<string, any>;
/** The low-level commands this layer sends (a union: the SDK's generic Command type does not fit them all). */
type Low =
  | GetItemCommand
  | PutItemCommand
  | UpdateItemCommand
  | DeleteItemCommand
  | QueryItemsCommand
  | TransactWriteItemsCommand
  | BatchWriteItemCommand
  | BatchGetItemCommand
  | { readonly input: object };
type Wire = Record<string, import('@aws-sdk/client-dynamodb').AttributeValue>;

const MARSHALL = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const;
const toWire = (value: NativeItem): Wire => marshall(value, MARSHALL) as Wire;
const toWireOptional = (value: NativeItem | undefined): Wire | undefined =>
  value ? toWire(value) : undefined;
const fromWire = (value: Wire | undefined): NativeItem | undefined => (value ? unmarshall(value) : undefined);

/** A command of this layer: how its input goes on the wire and how the answer comes back. */
export interface DocumentCommand<Output> {
  toLow(): Low;
  fromLow(output: unknown): Output;
}

type Values = { ExpressionAttributeValues?: NativeItem };

export type GetCommandInput = Omit<GetItemCommandInput, 'Key'> & { Key: NativeItem };
export type GetCommandOutput = Omit<GetItemCommandOutput, 'Item'> & { Item?: NativeItem };
export class GetCommand implements DocumentCommand<GetCommandOutput> {
  constructor(readonly input: GetCommandInput) {}
  toLow(): Low {
    return new GetItemCommand({ ...this.input, Key: toWire(this.input.Key) });
  }
  fromLow(output: GetItemCommandOutput): GetCommandOutput {
    return { ...output, Item: fromWire(output.Item) };
  }
}

export type PutCommandInput = Omit<PutItemCommandInput, 'Item' | 'ExpressionAttributeValues'> & {
  Item: NativeItem;
} & Values;
export type PutCommandOutput = Omit<PutItemCommandOutput, 'Attributes'> & { Attributes?: NativeItem };
export class PutCommand implements DocumentCommand<PutCommandOutput> {
  constructor(readonly input: PutCommandInput) {}
  toLow(): Low {
    return new PutItemCommand(putInput(this.input));
  }
  fromLow(output: PutItemCommandOutput): PutCommandOutput {
    return { ...output, Attributes: fromWire(output.Attributes) };
  }
}

export type UpdateCommandInput = Omit<UpdateItemCommandInput, 'Key' | 'ExpressionAttributeValues'> & {
  Key: NativeItem;
} & Values;
export type UpdateCommandOutput = Omit<UpdateItemCommandOutput, 'Attributes'> & { Attributes?: NativeItem };
export class UpdateCommand implements DocumentCommand<UpdateCommandOutput> {
  constructor(readonly input: UpdateCommandInput) {}
  toLow(): Low {
    return new UpdateItemCommand(keyedInput(this.input));
  }
  fromLow(output: UpdateItemCommandOutput): UpdateCommandOutput {
    return { ...output, Attributes: fromWire(output.Attributes) };
  }
}

export type DeleteCommandInput = Omit<DeleteItemCommandInput, 'Key' | 'ExpressionAttributeValues'> & {
  Key: NativeItem;
} & Values;
export type DeleteCommandOutput = Omit<DeleteItemCommandOutput, 'Attributes'> & { Attributes?: NativeItem };
export class DeleteCommand implements DocumentCommand<DeleteCommandOutput> {
  constructor(readonly input: DeleteCommandInput) {}
  toLow(): Low {
    return new DeleteItemCommand(keyedInput(this.input));
  }
  fromLow(output: DeleteItemCommandOutput): DeleteCommandOutput {
    return { ...output, Attributes: fromWire(output.Attributes) };
  }
}

export type QueryCommandInput = Omit<QueryItemsInput, 'ExpressionAttributeValues' | 'ExclusiveStartKey'> & {
  ExclusiveStartKey?: NativeItem;
} & Values;
export type QueryCommandOutput = Omit<QueryItemsOutput, 'Items' | 'LastEvaluatedKey'> & {
  Items?: NativeItem[];
  LastEvaluatedKey?: NativeItem;
};
export class QueryCommand implements DocumentCommand<QueryCommandOutput> {
  constructor(readonly input: QueryCommandInput) {}
  toLow(): Low {
    return new QueryItemsCommand({
      ...this.input,
      ExpressionAttributeValues: toWireOptional(this.input.ExpressionAttributeValues),
      ExclusiveStartKey: toWireOptional(this.input.ExclusiveStartKey),
    });
  }
  fromLow(output: QueryItemsOutput): QueryCommandOutput {
    return {
      ...output,
      Items: output.Items?.map((item) => unmarshall(item)),
      LastEvaluatedKey: fromWire(output.LastEvaluatedKey),
    };
  }
}

type TransactPut = Omit<
  NonNullable<NonNullable<TransactWriteItemsCommandInput['TransactItems']>[number]['Put']>,
  'Item' | 'ExpressionAttributeValues'
> & {
  Item: NativeItem;
} & Values;
type TransactKeyed<K extends 'Update' | 'Delete' | 'ConditionCheck'> = Omit<
  NonNullable<NonNullable<TransactWriteItemsCommandInput['TransactItems']>[number][K]>,
  'Key' | 'ExpressionAttributeValues'
> & { Key: NativeItem } & Values;
export interface TransactWriteCommandInput {
  TransactItems: {
    Put?: TransactPut;
    Update?: TransactKeyed<'Update'>;
    Delete?: TransactKeyed<'Delete'>;
    ConditionCheck?: TransactKeyed<'ConditionCheck'>;
  }[];
  ReturnConsumedCapacity?: TransactWriteItemsCommandInput['ReturnConsumedCapacity'];
  ClientRequestToken?: string;
}
export class TransactWriteCommand implements DocumentCommand<TransactWriteItemsCommandOutput> {
  constructor(readonly input: TransactWriteCommandInput) {}
  toLow(): Low {
    return new TransactWriteItemsCommand({
      ...this.input,
      TransactItems: this.input.TransactItems.map((item) => ({
        Put: item.Put ? putInput(item.Put) : undefined,
        Update: item.Update ? keyedInput(item.Update) : undefined,
        Delete: item.Delete ? keyedInput(item.Delete) : undefined,
        ConditionCheck: item.ConditionCheck ? keyedInput(item.ConditionCheck) : undefined,
      })) as TransactWriteItemsCommandInput['TransactItems'],
    });
  }
  fromLow(output: TransactWriteItemsCommandOutput): TransactWriteItemsCommandOutput {
    return output;
  }
}

export interface BatchWriteCommandInput {
  RequestItems: Record<string, { PutRequest?: { Item: NativeItem }; DeleteRequest?: { Key: NativeItem } }[]>;
  ReturnConsumedCapacity?: BatchWriteItemCommandInput['ReturnConsumedCapacity'];
}
export type BatchWriteCommandOutput = Omit<BatchWriteItemCommandOutput, 'UnprocessedItems'> & {
  UnprocessedItems?: BatchWriteCommandInput['RequestItems'];
};
export class BatchWriteCommand implements DocumentCommand<BatchWriteCommandOutput> {
  constructor(readonly input: BatchWriteCommandInput) {}
  toLow(): Low {
    const requests: BatchWriteItemCommandInput['RequestItems'] = {};
    for (const [table, list] of Object.entries(this.input.RequestItems)) {
      requests[table] = list.map((r) => ({
        PutRequest: r.PutRequest ? { Item: toWire(r.PutRequest.Item) } : undefined,
        DeleteRequest: r.DeleteRequest ? { Key: toWire(r.DeleteRequest.Key) } : undefined,
      }));
    }
    return new BatchWriteItemCommand({ ...this.input, RequestItems: requests });
  }
  fromLow(output: BatchWriteItemCommandOutput): BatchWriteCommandOutput {
    const unprocessed: BatchWriteCommandInput['RequestItems'] = {};
    for (const [table, list] of Object.entries(output.UnprocessedItems ?? {})) {
      unprocessed[table] = list.map((r) => ({
        PutRequest: r.PutRequest?.Item ? { Item: unmarshall(r.PutRequest.Item) } : undefined,
        DeleteRequest: r.DeleteRequest?.Key ? { Key: unmarshall(r.DeleteRequest.Key) } : undefined,
      }));
    }
    return { ...output, UnprocessedItems: unprocessed };
  }
}

export interface BatchGetCommandInput {
  RequestItems: Record<
    string,
    { Keys: NativeItem[]; ConsistentRead?: boolean; ProjectionExpression?: string }
  >;
  ReturnConsumedCapacity?: BatchGetItemCommandInput['ReturnConsumedCapacity'];
}
export type BatchGetCommandOutput = Omit<BatchGetItemCommandOutput, 'Responses' | 'UnprocessedKeys'> & {
  Responses?: Record<string, NativeItem[]>;
  UnprocessedKeys?: BatchGetCommandInput['RequestItems'];
};
export class BatchGetCommand implements DocumentCommand<BatchGetCommandOutput> {
  constructor(readonly input: BatchGetCommandInput) {}
  toLow(): Low {
    const requests: BatchGetItemCommandInput['RequestItems'] = {};
    for (const [table, request] of Object.entries(this.input.RequestItems)) {
      requests[table] = { ...request, Keys: request.Keys.map(toWire) };
    }
    return new BatchGetItemCommand({ ...this.input, RequestItems: requests });
  }
  fromLow(output: BatchGetItemCommandOutput): BatchGetCommandOutput {
    const responses: Record<string, NativeItem[]> = {};
    for (const [table, items] of Object.entries(output.Responses ?? {}))
      responses[table] = items.map((i) => unmarshall(i));
    const unprocessed: BatchGetCommandInput['RequestItems'] = {};
    for (const [table, request] of Object.entries(output.UnprocessedKeys ?? {})) {
      unprocessed[table] = {
        ConsistentRead: request.ConsistentRead,
        ProjectionExpression: request.ProjectionExpression,
        Keys: (request.Keys ?? []).map((k) => unmarshall(k)),
      };
    }
    return { ...output, Responses: responses, UnprocessedKeys: unprocessed };
  }
}

/** Every item of `keys` in `table` (consistent), in batches of 100, retrying what DynamoDB left unprocessed. */
export async function batchGetAll(
  client: DocumentClient,
  table: string,
  keys: NativeItem[],
  projection?: string,
): Promise<NativeItem[]> {
  const found: NativeItem[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending = keys.slice(i, i + 100);
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** Math.min(attempt, 6)));
      const out = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: { Keys: pending, ConsistentRead: true, ProjectionExpression: projection },
          },
        }),
      );
      found.push(...(out.Responses?.[table] ?? []));
      pending = out.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return found;
}

function putInput<T extends { Item: NativeItem } & Values>(input: T) {
  return {
    ...input,
    Item: toWire(input.Item),
    ExpressionAttributeValues: toWireOptional(input.ExpressionAttributeValues),
  };
}

function keyedInput<T extends { Key: NativeItem } & Values>(input: T) {
  return {
    ...input,
    Key: toWire(input.Key),
    ExpressionAttributeValues: toWireOptional(input.ExpressionAttributeValues),
  };
}

/** The client the repositories share. Its middleware stack is the low-level client's (fault injection, bench). */
export class DocumentClient {
  constructor(readonly client: DynamoDBClient) {}

  get middlewareStack(): DynamoDBClient['middlewareStack'] {
    return this.client.middlewareStack;
  }

  async send<Output>(command: DocumentCommand<Output>): Promise<Output> {
    return command.fromLow(await this.client.send(command.toLow() as never));
  }

  destroy(): void {
    this.client.destroy();
  }
}
