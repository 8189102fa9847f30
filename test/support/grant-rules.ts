// The stack's IAM grants applied to local runs (issue 13): DynamoDB Local and the local key accept any call, so a
// grant the code needs but the stack lacks (the SMS webhook's KMS use, a LeadingKeys partition) would pass
// locally. Here each call made while acting as a function is checked against that function's synthesized
// policy (and, for KMS, the key policy too), and refused as AWS would refuse it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { App, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AlaturiStack } from '../../infra/alaturi-stack.ts';
import type { LambdaName } from '../../infra/bundling.ts';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { type KmsDataKeys, kmsCipher, useCipher } from '../../shared/data/personal-data-cipher.ts';

type Condition = Record<string, Record<string, string | string[]>>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Condition;
  Principal?: { AWS?: unknown };
}

/** One request as IAM sees it: the action, what it acts on (`table:<id>`, `index:<id>`, `key`), its context keys. */
export interface IamRequest {
  action: string;
  resource: string;
  context: Record<string, string | string[] | undefined>;
}

export class AccessDeniedError extends Error {
  constructor(role: string, request: IamRequest) {
    super(`${role} is not authorized to perform ${request.action} on ${request.resource}`);
    this.name = 'AccessDeniedException';
  }
}

const like = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

/** The condition operators the stack uses; any other makes the statement deny (fail closed). */
function conditionHolds(operator: string, key: string, expected: string[], request: IamRequest): boolean {
  const actual = request.context[key];
  const values = actual === undefined ? [] : list(actual);
  switch (operator) {
    case 'StringEquals':
      return values.length > 0 && values.every((v) => expected.includes(v));
    case 'StringEqualsIfExists':
      return values.every((v) => expected.includes(v));
    case 'StringLike':
      return values.length > 0 && values.every((v) => expected.some((p) => like(p).test(v)));
    case 'ForAllValues:StringEquals':
      return values.every((v) => expected.includes(v));
    case 'ForAllValues:StringLike':
      return values.every((v) => expected.some((p) => like(p).test(v)));
    case 'Null':
      return expected.every((e) => (e === 'true') === (actual === undefined));
    default:
      return false;
  }
}

function allows(statements: readonly Statement[], resourceOf: (r: unknown) => string[], request: IamRequest) {
  return statements.some(
    (s) =>
      s.Effect === 'Allow' &&
      list(s.Action as string | string[]).some((a) => like(a).test(request.action)) &&
      resourceOf(s.Resource).includes(request.resource) &&
      Object.entries(s.Condition ?? {}).every(([operator, keys]) =>
        Object.entries(keys).every(([key, expected]) =>
          conditionHolds(operator, key, list(expected), request),
        ),
      ),
  );
}

/** Each function's statements and the key policy's statements for its role, from one synthesized stack. */
export interface GrantRules {
  statements: Record<LambdaName, Statement[]>;
  keyPolicy: Record<LambdaName, Statement[]>;
  /** Template tokens -> `table:<id>`, `index:<id>`, `key`. */
  resourceOf: (resource: unknown) => string[];
}

export function synthesizeGrantRules(): GrantRules {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new AlaturiStack(app, 'Alaturi', { env: { region: 'eu-central-1' } });
  const json = Template.fromStack(stack).toJSON() as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  const token = (value: unknown) => JSON.stringify(stack.resolve(value));
  const names = new Map<string, string>([[token(stack.key.keyArn), 'key']]);
  for (const [id, { table, definition }] of Object.entries(stack.tables)) {
    names.set(token(table.tableArn), `table:${id}`);
    for (const index of definition.indexes) {
      names.set(
        JSON.stringify({ 'Fn::Join': ['', [stack.resolve(table.tableArn), `/index/${index.name}`]] }),
        `index:${id}`,
      );
    }
  }
  const resourceOf = (resource: unknown) =>
    (Array.isArray(resource) ? resource : [resource]).map((r) => names.get(JSON.stringify(r)) ?? '?');
  const names5 = Object.keys(stack.functions) as LambdaName[];
  const role = (name: LambdaName) =>
    stack.functions[name].role as unknown as { node: { defaultChild: unknown } };
  const roleId = (name: LambdaName) => stack.getLogicalId(role(name).node.defaultChild as CfnResource);
  const policies = Object.values(json.Resources);
  const keyDocument = (json.Resources[stack.getLogicalId(stack.key.node.defaultChild as CfnResource)]
    ?.Properties['KeyPolicy'] ?? { Statement: [] }) as { Statement: Statement[] };
  const statements = {} as GrantRules['statements'];
  const keyPolicy = {} as GrantRules['keyPolicy'];
  for (const name of names5) {
    const ref = JSON.stringify({ Ref: roleId(name) });
    statements[name] = policies
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties['Roles']).includes(ref))
      .flatMap((r) => (r.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement);
    const arn = JSON.stringify({ 'Fn::GetAtt': [roleId(name), 'Arn'] });
    // Key policy statements name their resource `*`: the key itself.
    keyPolicy[name] = keyDocument.Statement.filter((s) => JSON.stringify(s.Principal?.AWS) === arn).map(
      (s) => ({
        ...s,
        Resource: stack.resolve(stack.key.keyArn),
      }),
    );
  }
  return { statements, keyPolicy, resourceOf };
}

type Wire = Record<string, { S?: string }>;

/** The IAM requests a low-level DynamoDB command makes: one per item of a transaction, one per table of a batch. */
function dynamoRequests(command: string, input: Record<string, unknown>): IamRequest[] {
  const tableIds = new Map(Object.entries(tableNames()).map(([id, name]) => [name, id]));
  const table = (name: unknown) => `table:${tableIds.get(String(name)) ?? String(name)}`;
  const request = (
    action: string,
    tableName: unknown,
    pks: (string | undefined)[],
    extra = {},
  ): IamRequest => ({
    action: `dynamodb:${action}`,
    resource: table(tableName),
    context: { 'dynamodb:LeadingKeys': pks.map((pk) => pk ?? ''), ...extra },
  });
  const pkOf = (key: unknown) => (key as Wire | undefined)?.['pk']?.S;
  const returnValues = (i: Record<string, unknown>) =>
    i['ReturnValues'] === undefined ? {} : { 'dynamodb:ReturnValues': String(i['ReturnValues']) };
  const attributes = (i: Record<string, unknown>) => {
    const named = Object.values((i['ExpressionAttributeNames'] as Record<string, string> | undefined) ?? {});
    const keys = Object.keys((i['Key'] as Wire | undefined) ?? {});
    return { 'dynamodb:Attributes': [...new Set([...keys, ...named])] };
  };
  switch (command) {
    case 'GetItemCommand':
      return [request('GetItem', input['TableName'], [pkOf(input['Key'])])];
    case 'PutItemCommand':
      return [request('PutItem', input['TableName'], [pkOf(input['Item'])], returnValues(input))];
    case 'UpdateItemCommand':
      return [
        request('UpdateItem', input['TableName'], [pkOf(input['Key'])], {
          ...returnValues(input),
          ...attributes(input),
        }),
      ];
    case 'DeleteItemCommand':
      return [request('DeleteItem', input['TableName'], [pkOf(input['Key'])], returnValues(input))];
    case 'QueryCommand': {
      const values = (input['ExpressionAttributeValues'] as Wire | undefined) ?? {};
      const match = /(#?\w+)\s*=\s*(:\w+)/.exec(String(input['KeyConditionExpression']));
      const pk = match ? values[match[2] as string]?.S : undefined;
      const onIndex = input['IndexName'] !== undefined;
      const query = request('Query', input['TableName'], [pk]);
      return [onIndex ? { ...query, resource: query.resource.replace('table:', 'index:') } : query];
    }
    case 'BatchGetItemCommand':
      return Object.entries(input['RequestItems'] as Record<string, { Keys: Wire[] }>).map(
        ([name, { Keys }]) => request('BatchGetItem', name, Keys.map(pkOf)),
      );
    case 'TransactWriteItemsCommand':
      return (input['TransactItems'] as Record<string, Record<string, unknown>>[]).map((item) => {
        if (item['Put']) return request('PutItem', item['Put']['TableName'], [pkOf(item['Put']['Item'])]);
        if (item['Update'])
          return request(
            'UpdateItem',
            item['Update']['TableName'],
            [pkOf(item['Update']['Key'])],
            attributes(item['Update']),
          );
        if (item['Delete'])
          return request('DeleteItem', item['Delete']['TableName'], [pkOf(item['Delete']['Key'])]);
        const check = item['ConditionCheck'] ?? {};
        return request('ConditionCheckItem', check['TableName'], [pkOf(check['Key'])]);
      });
    default:
      // Scan, BatchWriteItem and anything new: checked by name alone, which no statement grants today.
      return [
        {
          action: `dynamodb:${command.replace(/Command$/, '')}`,
          resource: table(input['TableName']),
          context: {},
        },
      ];
  }
}

/** A KMS stand-in with KMS's rules: data keys wrapped under a local master key and bound to their context. */
/** One master key per test process, so what one enforcement sealed another can open (KMS keeps its key too). */
const master = randomBytes(32);

function standInKms(check: (request: IamRequest) => void, calls: IamRequest[]): KmsDataKeys {
  const aad = (context: Record<string, string>) =>
    Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b))));
  const request = (action: string, context: Record<string, string>): IamRequest => ({
    action,
    resource: 'key',
    context: Object.fromEntries(Object.entries(context).map(([k, v]) => [`kms:EncryptionContext:${k}`, v])),
  });
  return {
    async generateDataKey(context) {
      const call = request('kms:GenerateDataKey', context);
      check(call);
      calls.push(call);
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', master, iv).setAAD(aad(context));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return { plaintext, wrapped: Buffer.concat([iv, cipher.getAuthTag(), body]) };
    },
    async decrypt(wrapped, context) {
      const call = request('kms:Decrypt', context);
      check(call);
      calls.push(call);
      const bytes = Buffer.from(wrapped);
      const decipher = createDecipheriv('aes-256-gcm', master, bytes.subarray(0, 12)).setAAD(aad(context));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
    },
  };
}

export interface GrantEnforcement {
  /** Runs `work` as the function `name`: its DynamoDB and KMS calls must be allowed by that function's grants. */
  as<T>(name: LambdaName, work: () => Promise<T>): Promise<T>;
  /** The KMS calls allowed so far. */
  kmsCalls: IamRequest[];
  /** Every request allowed and refused so far, as `<role> <action> <resource> <leading keys>`. */
  allowed: string[];
  refused: string[];
  stop(): void;
}

/**
 * Applies `rules` to every DynamoDB command and KMS data-key call made inside `as(...)`; outside it (a test's own
 * setup and checks) nothing is enforced. `alter` lets a test take a statement away to see the path fail.
 */
export function enforceGrants(rules: GrantRules): GrantEnforcement {
  let role: LambdaName | undefined;
  const allowed: string[] = [];
  const refused: string[] = [];
  const kmsCalls: IamRequest[] = [];
  const check = (request: IamRequest) => {
    if (!role) return;
    const iam = allows(rules.statements[role], rules.resourceOf, request);
    const key = request.resource !== 'key' || allows(rules.keyPolicy[role], rules.resourceOf, request);
    const keys = request.context['dynamodb:LeadingKeys'];
    const line = `${role} ${request.action} ${request.resource}${keys ? ` ${list(keys).join(',')}` : ''}`;
    if (iam && key) {
      allowed.push(line);
      return;
    }
    refused.push(line);
    throw new AccessDeniedError(role, request);
  };
  const stack = getDocumentClient().middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      for (const request of dynamoRequests(
        context.commandName ?? '',
        args.input as Record<string, unknown>,
      )) {
        check(request);
      }
      return next(args);
    },
    { step: 'initialize', name: 'test-grant-rules', override: true },
  );
  useCipher(kmsCipher('stand-in-key', standInKms(check, kmsCalls)));
  return {
    async as(name, work) {
      role = name;
      try {
        return await work();
      } finally {
        role = undefined;
      }
    },
    kmsCalls,
    allowed,
    refused,
    stop() {
      stack.remove('test-grant-rules');
      useCipher(undefined);
    },
  };
}
