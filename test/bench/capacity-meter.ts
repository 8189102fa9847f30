// Counts DynamoDB requests and the capacity they consume, by an SDK middleware on the service's own document
// client: every data command gets ReturnConsumedCapacity TOTAL injected, and its answer's figures are summed.
import type { DocumentClient } from '../../shared/data/document-client.ts';

/** The commands that read or write items; table management (CreateTable, ListTables) is not metered. */
const DATA_COMMANDS = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactGetItemsCommand',
  'TransactWriteItemsCommand',
]);

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

export interface Metered {
  requests: number;
  /** Requests per command name without the `Command` suffix, e.g. { GetItem: 1, TransactWriteItems: 1 }. */
  byCommand: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  /** Requests whose answer carried no ConsumedCapacity at all (the figures above then miss them). */
  withoutCapacity: number;
  /** TransactWriteItems costed from item sizes (see transactionWriteUnits), not from DynamoDB Local's figure. */
  estimatedTransactions: number;
}

type TransactAction = Partial<
  Record<
    'Put' | 'Update' | 'Delete' | 'ConditionCheck',
    { Item?: unknown; Key?: unknown; ExpressionAttributeValues?: unknown }
  >
>;

const kilobytes = (value: unknown) =>
  Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(value ?? {})) / 1024));

/**
 * What DynamoDB bills a transaction: 2 WCU per started KB of each item written or checked, plus 1 WCU per KB
 * for each GSI a Put item is projected into (the tables project ALL). Item size is approximated by its JSON;
 * an Update or Delete is costed by its key and new values (the stored item may be larger: a lower bound).
 */
export function transactionWriteUnits(actions: readonly TransactAction[]): number {
  let units = 0;
  for (const action of actions) {
    if (action.Put) {
      const item = (action.Put.Item ?? {}) as Record<string, unknown>;
      const size = kilobytes(item);
      const indexes = ['gsi1pk', 'gsi2pk'].filter((k) => item[k] !== undefined).length;
      units += 2 * size + indexes * size;
    } else if (action.Update) {
      units += 2 * kilobytes([action.Update.Key, action.Update.ExpressionAttributeValues]);
    } else {
      units += 2 * kilobytes((action.Delete ?? action.ConditionCheck)?.Key);
    }
  }
  return units;
}

const empty = (): Metered => ({
  requests: 0,
  byCommand: {},
  readUnits: 0,
  writeUnits: 0,
  withoutCapacity: 0,
  estimatedTransactions: 0,
});

let current = empty();

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

function addCapacity(command: string, consumed: Capacity | Capacity[] | undefined): void {
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  if (list.length === 0) {
    current.withoutCapacity += 1;
    return;
  }
  for (const c of list) {
    // TOTAL gives only CapacityUnits for most commands; which kind it is follows from the command.
    if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
      current.readUnits += c.ReadCapacityUnits ?? 0;
      current.writeUnits += c.WriteCapacityUnits ?? 0;
    } else if (READS.has(command)) current.readUnits += c.CapacityUnits ?? 0;
    else current.writeUnits += c.CapacityUnits ?? 0;
  }
}

/** Attaches the meter once to a document client (the service's singleton from getDocumentClient()). */
export function attachMeter(client: DocumentClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? '');
      if (!DATA_COMMANDS.has(command)) return next(args);
      const name = command.replace(/Command$/, '');
      const input = args.input as Record<string, unknown>;
      input['ReturnConsumedCapacity'] = 'TOTAL';
      current.requests += 1;
      current.byCommand[name] = (current.byCommand[name] ?? 0) + 1;
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: Capacity | Capacity[] };
      if (name === 'TransactWriteItems') {
        // DynamoDB Local reports a few units per table whatever the transaction holds (7 items: 4 WCU), so
        // transactions are costed from their item sizes instead, as DynamoDB bills them.
        current.writeUnits += transactionWriteUnits(input['TransactItems'] as TransactAction[]);
        current.estimatedTransactions += 1;
      } else addCapacity(name, output.ConsumedCapacity);
      return result;
    },
    { step: 'initialize', name: 'benchCapacityMeter', priority: 'high' },
  );
}

/** Runs `work` and returns what it cost; work must not overlap with other metered work. */
export async function metered<T>(work: () => Promise<T>): Promise<{ result: T; cost: Metered }> {
  current = empty();
  const result = await work();
  const cost = current;
  current = empty();
  return { result, cost };
}
