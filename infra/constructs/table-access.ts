// Explicit grants on the tables and their key: named actions (never Scan, no `*` in an action) on a table and
// its named indexes (never `/index/*`), so each function's policy says exactly what it may do.

import { Stack } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { ENCRYPTION_CONTEXT_KIND } from '../../shared/data/personal-data-cipher.ts';
import type { TableDefinition } from '../../shared/data/tables.ts';

/** ConditionCheckItem is how a transaction reads; there is no Scan: no request path lists a whole table. */
export const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
/**
 * Nothing calls BatchWriteItem, and only the SMS webhook deletes (an opt-out on START, a survey session in
 * a transaction): DeleteItem is granted there alone (TABLE_DELETE_ACTIONS), never by default.
 */
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
export const TABLE_DELETE_ACTIONS = ['dynamodb:DeleteItem'];

/** What DynamoDB needs from the caller to use a table encrypted with a customer-managed key. */
export const KEY_TABLE_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
export const KEY_TABLE_WRITE_ACTIONS = [
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];
/** The personal-data cipher (shared/data/personal-data-cipher.ts) asks KMS for data keys and unwraps them. */
export const KEY_ENVELOPE_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];
/** Direct use of the key must name what it protects (the cipher's encryption context, always with a kind). */
export const ENVELOPE_CONTEXT_CONDITION = {
  Null: { [`kms:EncryptionContext:${ENCRYPTION_CONTEXT_KIND}`]: 'false' },
};

/**
 * Limits a statement to the items whose partition key matches one of `patterns` (`SESSION#*`, or an exact key).
 * Every action granted with it names a key (never Scan), so the set of leading keys is never empty.
 */
export function leadingKeysCondition(patterns: readonly string[]) {
  return { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...patterns] } };
}

/** A write under a LeadingKeys grant returns nothing, so it cannot read back the item it replaced. */
export const RETURN_NOTHING_CONDITION = { StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' } };

export interface DefinedTable {
  table: TableV2;
  definition: TableDefinition;
}

export function indexArns({ table, definition }: DefinedTable): string[] {
  return definition.indexes.map((index) => `${table.tableArn}/index/${index.name}`);
}

export class TableAccess {
  constructor(
    private readonly role: iam.IRole,
    private readonly key: kms.IKey,
  ) {}

  /** Reads on the table and its indexes, and the key use through DynamoDB that reading needs. */
  read(target: DefinedTable, actions: string[] = TABLE_READ_ACTIONS): this {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions, resources: [target.table.tableArn, ...indexArns(target)] }),
    );
    return this.keyThroughDynamoDb(KEY_TABLE_READ_ACTIONS);
  }

  /** Writes go to the table itself (indexes follow); the key use a write needs, through DynamoDB only. */
  write(target: DefinedTable, actions: string[] = TABLE_WRITE_ACTIONS): this {
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [target.table.tableArn] }));
    return this.keyThroughDynamoDb([...KEY_TABLE_READ_ACTIONS, ...KEY_TABLE_WRITE_ACTIONS]);
  }

  readWrite(target: DefinedTable): this {
    return this.read(target).write(target);
  }

  /**
   * `actions` on the items whose partition key matches `patterns` (IAM dynamodb:LeadingKeys) and on no other
   * item: AWS, not the code, keeps a function out of the partitions it has no business in. Writes also return
   * nothing. On an index LeadingKeys would constrain the index's partition key, so a table with indexes is
   * refused here until its index patterns are named (the InsightsTable has none).
   */
  items(target: DefinedTable, actions: readonly string[], patterns: readonly string[]): this {
    if (target.definition.indexes.length > 0) {
      throw new Error(`partition grants on ${target.definition.id} would also need its index patterns`);
    }
    if (patterns.length === 0) throw new Error('a partition grant names at least one partition');
    const writes = actions.some((action) => !TABLE_READ_ACTIONS.includes(action));
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...actions],
        resources: [target.table.tableArn],
        conditions: {
          ...leadingKeysCondition(patterns),
          ...(writes ? RETURN_NOTHING_CONDITION : {}),
        },
      }),
    );
    return this.keyThroughDynamoDb(
      writes ? [...KEY_TABLE_READ_ACTIONS, ...KEY_TABLE_WRITE_ACTIONS] : KEY_TABLE_READ_ACTIONS,
    );
  }

  /**
   * UpdateItem alone, limited to the named top-level attributes (plus the keys) and returning nothing: the
   * caller can set those fields on an item it names, and cannot read or overwrite anything else.
   */
  updateAttributes(target: DefinedTable, attributes: string[], patterns?: readonly string[]): this {
    const { partitionKey, sortKey } = target.definition;
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [target.table.tableArn],
        conditions: {
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': [partitionKey, sortKey, ...attributes] },
          ...RETURN_NOTHING_CONDITION,
          ...(patterns ? leadingKeysCondition(patterns) : {}),
        },
      }),
    );
    return this.keyThroughDynamoDb([...KEY_TABLE_READ_ACTIONS, ...KEY_TABLE_WRITE_ACTIONS]);
  }

  /**
   * Actions on the table itself limited to items whose partition key matches `pattern` (IAM
   * dynamodb:LeadingKeys), optionally to the named attributes too: the SMS webhook reads the phone pointers
   * (PHONE#*) and nothing else of the personal data.
   */
  onLeadingKeys(
    target: DefinedTable,
    actions: string[],
    pattern: string,
    attributes?: { names: string[]; select?: boolean },
  ): this {
    const { partitionKey, sortKey } = target.definition;
    const conditions: Record<string, Record<string, unknown>> = {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [pattern] },
    };
    if (attributes) {
      conditions['ForAllValues:StringEquals'] = {
        'dynamodb:Attributes': [partitionKey, sortKey, ...attributes.names],
      };
      if (attributes.select)
        conditions['StringEqualsIfExists'] = { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' };
    }
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions, resources: [target.table.tableArn], conditions }),
    );
    const writes = actions.some((a) => !TABLE_READ_ACTIONS.includes(a));
    return this.keyThroughDynamoDb(
      writes ? [...KEY_TABLE_READ_ACTIONS, ...KEY_TABLE_WRITE_ACTIONS] : KEY_TABLE_READ_ACTIONS,
    );
  }

  /**
   * Direct use of the key (not through DynamoDB), for functions that encrypt or decrypt personal data. A
   * function that only seals (the SMS webhook's free-text answers) gets GenerateDataKey alone.
   */
  envelope(actions: readonly string[] = KEY_ENVELOPE_ACTIONS): this {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...actions],
        resources: [this.key.keyArn],
        conditions: ENVELOPE_CONTEXT_CONDITION,
      }),
    );
    this.directActions = [...actions];
    return this;
  }

  /** For the key policy (alaturi-stack.ts keyPolicy): what this role was granted on the key. */
  get keyUse(): { role: iam.IRole; throughDynamoDb: string[]; direct: string[] } {
    return { role: this.role, throughDynamoDb: [...this.keyActions], direct: [...this.directActions] };
  }

  private directActions: string[] = [];

  private readonly keyActions = new Set<string>();
  private keyStatement?: iam.PolicyStatement;

  /**
   * One statement per role for the key through DynamoDB: a function that only reads counters cannot call
   * kms:Decrypt itself on an envelope-encrypted phone number, even if it obtained the ciphertext.
   */
  private keyThroughDynamoDb(actions: string[]): this {
    const missing = actions.filter((action) => !this.keyActions.has(action));
    if (missing.length === 0) return this;
    for (const action of missing) this.keyActions.add(action);
    if (!this.keyStatement) {
      this.keyStatement = new iam.PolicyStatement({
        actions: [],
        resources: [this.key.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this.key).region}.amazonaws.com` },
        },
      });
      this.role.addToPrincipalPolicy(this.keyStatement);
    }
    this.keyStatement.addActions(...missing);
    return this;
  }
}
