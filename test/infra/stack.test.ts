// The CDK stack as a template: tables, keys, the staff directory, the API built from the route table, and each
// function's grants, asserted per concern with Match (resources are found through the stack, never by logical id).
import { App, type CfnResource, Validations } from 'aws-cdk-lib';
import { Match, type Matcher, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import {
  AlaturiStack,
  DELIVERY_STATUS_ATTRIBUTES,
  KEY_ADMIN_ACTIONS,
  ROUTE_THROTTLES,
  SENDER_RUN,
  SMS_CASE_PUT_ATTRIBUTES,
} from '../../infra/alaturi-stack.ts';
import { esbuildOptions, type LambdaName, lambdaEntries } from '../../infra/bundling.ts';
import { INSIGHTS_PARTITIONS } from '../../infra/constructs/insights-partitions.ts';
import { deployedRoutes } from '../../infra/constructs/service-api.ts';
import type { DefinedTable } from '../../infra/constructs/table-access.ts';
import {
  ENVELOPE_CONTEXT_CONDITION,
  KEY_ENVELOPE_ACTIONS,
  TABLE_READ_ACTIONS,
  TABLE_WRITE_ACTIONS,
} from '../../infra/constructs/table-access.ts';
import { INDICATOR_COUNTER_ATTRIBUTES } from '../../shared/data/indicator-counters.ts';
import { indicatorKeys, surveyKeys } from '../../shared/data/keys.ts';
import { ROLES } from '../../shared/domain/enums.ts';
import { routes } from '../../shared/http/routes.ts';

const REGION = 'eu-central-1';

function synth(props: ConstructorParameters<typeof AlaturiStack>[2] = {}) {
  // Bundling is skipped: the template is what is under test; `npm run synth` bundles for real.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new AlaturiStack(app, 'Alaturi', { env: { region: REGION }, ...props });
  return { app, stack, template: Template.fromStack(stack) };
}

const { app, stack, template } = synth();
const resources = template.toJSON()['Resources'] as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnResource);
const resolved = (value: unknown) => stack.resolve(value);
const actionsOf = (statement: Statement) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
const mentions = (statement: Statement, value: unknown) =>
  JSON.stringify(statement.Resource).includes(JSON.stringify(value));

function expectMatch(actual: unknown, matcher: Matcher) {
  const result = matcher.test(actual);
  if (result.hasFailed()) throw new Error(result.renderMismatch());
}

function resourceOf(construct: IConstruct) {
  const resource = resources[logicalId(construct)];
  if (!resource) throw new Error(`no resource for ${construct.node.path}`);
  return resource;
}

/** Every statement of every inline policy attached to the function's role. */
function statementsOf(name: LambdaName): Statement[] {
  const roleRef = { Ref: logicalId(stack.functions[name].role!) };
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => JSON.stringify(r.Properties['Roles']).includes(JSON.stringify(roleRef)))
    .flatMap((r) => (r.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement);
}

/** Every function but the console, which holds no grant on the data tables or the key at all. */
const dataFunctions = lambdaEntries.filter(({ name }) => name !== 'console');
const tableArn = (t: DefinedTable) => resolved(t.table.tableArn);
const tableAndIndexes = (t: DefinedTable) => [
  tableArn(t),
  ...t.definition.indexes.map((i) => ({ 'Fn::Join': ['', [tableArn(t), `/index/${i.name}`]] })),
];
const keyArn = () => resolved(stack.key.keyArn);
const viaDynamoDb = { StringEquals: { 'kms:ViaService': `dynamodb.${REGION}.amazonaws.com` } };

function expectStatement(name: LambdaName, statement: Record<string, unknown>) {
  expectMatch(statementsOf(name), Match.arrayWith([Match.objectLike({ Effect: 'Allow', ...statement })]));
}

function expectNoStatementOn(name: LambdaName, target: unknown) {
  const offending = statementsOf(name).filter((s) => mentions(s, target));
  expect(offending).toEqual([]);
}

/** The statements of a function on the InsightsTable, in the order granted. */
const insightsStatements = (name: LambdaName) =>
  statementsOf(name).filter((s) => mentions(s, tableArn(stack.tables.insights)));
const returnNothing = { StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' } };
/** A statement on the InsightsTable's items whose partition key matches `partitions` (IAM LeadingKeys). */
const onInsights = (action: string | string[], partitions: string[], extra: object = {}) => ({
  Effect: 'Allow',
  Action: action,
  Resource: tableArn(stack.tables.insights),
  Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitions }, ...extra },
});
const leadingKeysOf = (s: Statement) =>
  (s.Condition as { 'ForAllValues:StringLike'?: { 'dynamodb:LeadingKeys': string[] } } | undefined)?.[
    'ForAllValues:StringLike'
  ]?.['dynamodb:LeadingKeys'];

describe('tables', () => {
  const tables = () => Object.values(stack.tables);

  it.each(['coordination', 'insights', 'audit'] as const)(
    'the %s table has the keys and indexes of tables.ts, all strings, on demand',
    (id) => {
      const { table, definition } = stack.tables[id];
      const indexAttributes = definition.indexes.flatMap((i) => [i.partitionKey, i.sortKey]);
      expectMatch(
        resourceOf(table).Properties,
        Match.objectLike({
          KeySchema: [
            { AttributeName: definition.partitionKey, KeyType: 'HASH' },
            { AttributeName: definition.sortKey, KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [definition.partitionKey, definition.sortKey, ...indexAttributes].map(
            (name) => ({ AttributeName: name, AttributeType: 'S' }),
          ),
          GlobalSecondaryIndexes:
            definition.indexes.length === 0
              ? Match.absent()
              : definition.indexes.map((i) => ({
                  IndexName: i.name,
                  KeySchema: [
                    { AttributeName: i.partitionKey, KeyType: 'HASH' },
                    { AttributeName: i.sortKey, KeyType: 'RANGE' },
                  ],
                  Projection: { ProjectionType: 'ALL' },
                })),
          BillingMode: 'PAY_PER_REQUEST',
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          StreamSpecification: definition.stream ? { StreamViewType: 'NEW_IMAGE' } : Match.absent(),
        }),
      );
    },
  );

  it('encrypts every table with the customer-managed key, with PITR and deletion protection, retained', () => {
    expect(tables()).toHaveLength(3);
    for (const { table } of tables()) {
      const resource = resourceOf(table) as { Properties: Record<string, unknown>; DeletionPolicy?: string };
      expect(resource.DeletionPolicy).toBe('Retain');
      expectMatch(
        resource.Properties,
        Match.objectLike({
          SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
          Replicas: [
            Match.objectLike({
              Region: REGION,
              DeletionProtectionEnabled: true,
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
              SSESpecification: { KMSMasterKeyId: keyArn() },
            }),
          ],
        }),
      );
    }
  });

  it('rotates the key and keeps it when the stack goes', () => {
    const key = resourceOf(stack.key) as { Properties: Record<string, unknown>; DeletionPolicy?: string };
    expect(key.Properties['EnableKeyRotation']).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
  });
});

describe('functions', () => {
  it.each(lambdaEntries.map((e) => [e.name, e.kind] as const))(
    '%s runs on nodejs22.x, arm64, 512 MB, with the timeout of an %s function',
    (name, kind) => {
      expectMatch(
        resourceOf(stack.functions[name]).Properties,
        Match.objectLike({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          MemorySize: 512,
          Timeout: name === 'send-messages' ? SENDER_RUN.timeoutSeconds : kind === 'api' ? 10 : 60,
          Handler: 'index.handler',
          LoggingConfig: { LogGroup: Match.anyValue() },
        }),
      );
    },
  );

  it('gives each function the configuration it parses at cold start, and secrets only to their readers', () => {
    const env = (name: LambdaName) =>
      (resourceOf(stack.functions[name]).Properties['Environment'] as { Variables: Record<string, unknown> })
        .Variables;
    const issuer = {
      'Fn::Join': [
        '',
        [`https://cognito-idp.${REGION}.amazonaws.com/`, resolved(stack.users.userPool.userPoolId)],
      ],
    };
    expectMatch(
      env('coordination'),
      Match.objectLike({
        STAGE: 'aws',
        COORDINATION_TABLE: resolved(stack.tables.coordination.table.tableName),
        INSIGHTS_TABLE: resolved(stack.tables.insights.table.tableName),
        AUDIT_TABLE: resolved(stack.tables.audit.table.tableName),
        KMS_KEY_ID: keyArn(),
        JWT_ISSUER: issuer,
        JWT_AUDIENCE: resolved(stack.users.client.userPoolClientId),
        JWT_JWKS_URL: {
          'Fn::Join': [
            '',
            [
              `https://cognito-idp.${REGION}.amazonaws.com/`,
              resolved(stack.users.userPool.userPoolId),
              '/.well-known/jwks.json',
            ],
          ],
        },
        HMAC_PEPPER_SECRET_ARN: resolved(stack.pepperSecret.secretArn),
        PUBLIC_BASE_URL: resolved(stack.api.httpApi.apiEndpoint),
        MIN_GROSS_SALARY_RON: '4050',
        TWILIO_SECRET_ARN: Match.absent(),
      }),
    );
    expect(env('sms')['TWILIO_SECRET_ARN']).toEqual(resolved(stack.twilioSecret.secretArn));
    expect(env('send-messages')['TWILIO_SECRET_ARN']).toEqual(resolved(stack.twilioSecret.secretArn));
    expect(env('exports')['HMAC_PEPPER_SECRET_ARN']).toBeUndefined();
    expect(env('exports')['TWILIO_SECRET_ARN']).toBeUndefined();
    expect(env('daily-jobs')['TWILIO_SECRET_ARN']).toBeUndefined();
  });

  it('bundles minified ESM for node22 with the SDK external and a require shim for CommonJS packages', () => {
    expect(esbuildOptions).toMatchObject({ format: 'esm', target: 'node22', minify: true, sourcemap: false });
    expect(esbuildOptions.external).toEqual(['@aws-sdk/*']);
    expect(esbuildOptions.banner.js).toContain("createRequire as __cr } from 'node:module'");
    expect(esbuildOptions.banner.js).toContain('const require = __cr(import.meta.url)');
  });
});

describe('grants', () => {
  const { coordination, insights, audit } = stack.tables;

  it('lets the coordination API read and write cases and counters, append and query the audit, use the key', () => {
    expectStatement('coordination', { Action: TABLE_READ_ACTIONS, Resource: tableAndIndexes(coordination) });
    expectStatement('coordination', { Action: TABLE_WRITE_ACTIONS, Resource: tableArn(coordination) });
    expect(insightsStatements('coordination')).toEqual([
      onInsights(['dynamodb:GetItem', 'dynamodb:Query'], ['SURVEY#*', 'SURVEYS']),
      onInsights('dynamodb:ConditionCheckItem', ['OPTOUT#*']),
      onInsights('dynamodb:BatchGetItem', ['OPTOUT#*']),
      onInsights(
        'dynamodb:PutItem',
        ['SURVEY#*', 'SURVEYS', 'SESSION#*', 'REPLY#*', 'VAMT#*', 'LANG#*'],
        returnNothing,
      ),
      onInsights('dynamodb:UpdateItem', ['AGG#*', 'IND#*'], returnNothing),
      onInsights('dynamodb:DeleteItem', ['LANG#*'], returnNothing),
    ]);
    expectStatement('coordination', { Action: 'dynamodb:PutItem', Resource: tableArn(audit) });
    expectStatement('coordination', { Action: 'dynamodb:Query', Resource: tableAndIndexes(audit) });
    expectStatement('coordination', { Action: KEY_ENVELOPE_ACTIONS, Resource: keyArn() });
    expectStatement('coordination', {
      Action: Match.arrayWith(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']),
      Resource: keyArn(),
      Condition: viaDynamoDb,
    });
    expectStatement('coordination', {
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource: resolved(stack.pepperSecret.secretArn),
    });
    expectNoStatementOn('coordination', resolved(stack.twilioSecret.secretArn));
  });

  it('lets the SMS webhook use the InsightsTable and, on the CoordinationTable, only read phone pointers and set delivery fields', () => {
    expect(insightsStatements('sms')).toEqual([
      onInsights(
        ['dynamodb:GetItem', 'dynamodb:BatchGetItem'],
        ['SESSION#*', 'LANG#*', 'SURVEY#*', 'MSG#*', 'REPLY#*'],
      ),
      onInsights('dynamodb:PutItem', ['MSG#*', 'OPTOUT#*', 'SESSION#*', 'RESP#*'], returnNothing),
      onInsights('dynamodb:UpdateItem', ['AGG#*', 'IND#*', 'REPLY#*'], returnNothing),
      onInsights('dynamodb:DeleteItem', ['OPTOUT#*', 'SESSION#*'], returnNothing),
    ]);
    const onCoordination = statementsOf('sms').filter((s) => mentions(s, tableArn(coordination)));
    expect(onCoordination).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:UpdateItem',
        Resource: tableArn(coordination),
        Condition: {
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', ...DELIVERY_STATUS_ATTRIBUTES] },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
        },
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:Query'],
        Resource: tableArn(coordination),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PHONE#*'] } },
      },
      {
        Effect: 'Allow',
        Action: 'dynamodb:PutItem',
        Resource: tableArn(coordination),
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] },
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', ...SMS_CASE_PUT_ATTRIBUTES] },
        },
      },
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: tableArn(coordination),
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] },
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'status', 'version'] },
          StringEqualsIfExists: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
        },
      },
      {
        Effect: 'Allow',
        Action: 'dynamodb:UpdateItem',
        Resource: tableArn(coordination),
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] },
          'ForAllValues:StringEquals': {
            'dynamodb:Attributes': [
              'pk',
              'sk',
              'status',
              'version',
              'updatedAt',
              'heldAt',
              'gsi1pk',
              'gsi1sk',
            ],
          },
        },
      },
    ]);
    // Nothing it may Put on a case is a field of the case item itself (a victim, a phone, a name).
    expect(SMS_CASE_PUT_ATTRIBUTES).not.toContain('victim');
    expect(SMS_CASE_PUT_ATTRIBUTES).not.toContain('consents');
    expectStatement('sms', {
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource: resolved(stack.twilioSecret.secretArn),
    });
    expectStatement('sms', {
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource: resolved(stack.pepperSecret.secretArn),
    });
    // It decrypts nothing itself: the tables through DynamoDB, and directly only new data keys for sealing
    // free-text answers, always with an encryption context.
    const onKey = statementsOf('sms').filter((s) => mentions(s, keyArn()));
    expect(onKey.map((s) => s.Condition)).toEqual([viaDynamoDb, ENVELOPE_CONTEXT_CONDITION]);
    expect(actionsOf(onKey[1] as (typeof onKey)[number])).toEqual(['kms:GenerateDataKey']);
  });

  it('lets exports only query the counter partitions and the survey catalogue, and nothing of the CoordinationTable', () => {
    const statements = statementsOf('exports');
    expect(JSON.stringify(statements)).not.toContain(logicalId(coordination.table));
    expectNoStatementOn('exports', tableArn(coordination));
    expectNoStatementOn('exports', tableArn(audit));
    const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toEqual([onInsights('dynamodb:Query', ['AGG#*', 'IND#*', 'VAMT#*', 'SURVEYS'])]);
    const kms = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));
    expect(kms).toEqual([
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:DescribeKey'],
        Resource: keyArn(),
        Condition: viaDynamoDb,
      },
    ]);
    expect(statements.filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')))).toEqual([]);
  });

  it('lets the sender read and write messages, read the stream and the opt-out list, decrypt and reach Twilio', () => {
    expectStatement('send-messages', { Action: TABLE_READ_ACTIONS, Resource: tableAndIndexes(coordination) });
    expectStatement('send-messages', { Action: TABLE_WRITE_ACTIONS, Resource: tableArn(coordination) });
    expect(insightsStatements('send-messages')).toEqual([
      onInsights(['dynamodb:GetItem', 'dynamodb:BatchGetItem'], ['OPTOUT#*']),
    ]);
    expectStatement('send-messages', {
      Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      Resource: resolved(coordination.table.tableStreamArn),
    });
    expectStatement('send-messages', { Action: KEY_ENVELOPE_ACTIONS, Resource: keyArn() });
    expectStatement('send-messages', {
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource: resolved(stack.twilioSecret.secretArn),
    });
    const insightsWrites = statementsOf('send-messages').filter(
      (s) => mentions(s, tableArn(insights)) && actionsOf(s).some((a) => TABLE_WRITE_ACTIONS.includes(a)),
    );
    expect(insightsWrites).toEqual([]);
  });

  it('lets the daily jobs read and write the CoordinationTable and only update counters in the InsightsTable', () => {
    expectStatement('daily-jobs', {
      Action: TABLE_READ_ACTIONS,
      Resource: tableAndIndexes(coordination),
    });
    expectStatement('daily-jobs', { Action: TABLE_WRITE_ACTIONS, Resource: tableArn(coordination) });
    expectStatement('daily-jobs', { Action: KEY_ENVELOPE_ACTIONS, Resource: keyArn() });
    const insightsActions = statementsOf('daily-jobs')
      .filter((s) => mentions(s, tableArn(insights)))
      .flatMap(actionsOf);
    expect(insightsActions).toEqual(['dynamodb:UpdateItem']);
    expect(insightsStatements('daily-jobs')[0]?.Condition).toEqual({
      'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', ...INDICATOR_COUNTER_ATTRIBUTES] },
      ...returnNothing,
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['IND#*'] },
    });
    expectNoStatementOn('daily-jobs', tableArn(audit));
    const secrets = statementsOf('daily-jobs').filter((s) =>
      actionsOf(s).some((a) => a.startsWith('secretsmanager:')),
    );
    expect(secrets).toEqual([]);
  });

  it('allows only PutItem and Query on the AuditTable, to every role', () => {
    const auditActions = lambdaEntries.flatMap(({ name }) =>
      statementsOf(name)
        .filter((s) => mentions(s, tableArn(audit)))
        .flatMap(actionsOf),
    );
    expect(auditActions.sort()).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
  });

  it('lets only the SMS webhook and the sender read the Twilio secret', () => {
    const twilio = resolved(stack.twilioSecret.secretArn);
    const readers = lambdaEntries
      .filter(({ name }) => statementsOf(name).some((s) => mentions(s, twilio)))
      .map(({ name }) => name);
    expect(readers).toEqual(['sms', 'send-messages']);
    const policies = Object.values(resources).filter(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties).includes(JSON.stringify(twilio)),
    );
    expect(policies).toHaveLength(2);
  });

  it('lets only the functions that hash phones (the API, the SMS webhook, the sender) read the pepper', () => {
    const pepper = resolved(stack.pepperSecret.secretArn);
    const readers = lambdaEntries
      .filter(({ name }) => statementsOf(name).some((s) => mentions(s, pepper)))
      .map(({ name }) => name);
    expect(readers).toEqual(['coordination', 'sms', 'send-messages']);
    const policies = Object.values(resources).filter(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties).includes(JSON.stringify(pepper)),
    );
    expect(policies).toHaveLength(3);
  });

  it('grants no Scan, no wildcard action and no AWS managed policy to any function', () => {
    for (const { name } of lambdaEntries) {
      const actions = statementsOf(name).flatMap(actionsOf);
      expect(actions).not.toContain('dynamodb:Scan');
      expect(actions.filter((a) => a.includes('*'))).toEqual([]);
      expect(resourceOf(stack.functions[name].role!).Properties['ManagedPolicyArns']).toBeUndefined();
    }
  });
});

describe('outbox triggers', () => {
  const sender = () => resolved(stack.functions['send-messages'].functionName);

  it('sends pending messages from the CoordinationTable stream in bisected batches, failures to a queue', () => {
    const mapping = template.findResources('AWS::Lambda::EventSourceMapping', {
      Properties: { FunctionName: sender() },
    });
    const all = Object.values(mapping).map((r) => r['Properties'] as Record<string, unknown>);
    expect(all).toHaveLength(1);
    const properties = all[0] as Record<string, unknown>;
    expectMatch(
      properties,
      Match.objectLike({
        EventSourceArn: resolved(stack.tables.coordination.table.tableStreamArn),
        BatchSize: 25,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 3,
        StartingPosition: 'LATEST',
        DestinationConfig: { OnFailure: { Destination: resolved(stack.senderFailures.queueArn) } },
      }),
    );
    const filters = (properties['FilterCriteria'] as { Filters: { Pattern: string }[] }).Filters;
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([
      {
        eventName: ['INSERT'],
        dynamodb: { NewImage: { entity: { S: ['message'] }, status: { S: ['pending'] } } },
      },
    ]);
  });

  it('sweeps due messages every 5 minutes and expires vouchers daily', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Arn: resolved(stack.functions['send-messages'].functionArn) })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: Match.stringLikeRegexp('^cron\\(\\d+ \\d+ \\* \\* \\? \\*\\)$'),
      Targets: [Match.objectLike({ Arn: resolved(stack.functions['daily-jobs'].functionArn) })],
    });
  });

  it('keeps failure records encrypted and reachable over TLS only', () => {
    expectMatch(
      resourceOf(stack.senderFailures).Properties,
      Match.objectLike({ SqsManagedSseEnabled: true }),
    );
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('HTTP API', () => {
  const deployed = deployedRoutes(routes);
  const integrationOf = (route: (typeof deployed)[number]) => {
    const fnArn = resolved(stack.functions[route.fn].functionArn);
    const [id] = Object.keys(
      template.findResources('AWS::ApiGatewayV2::Integration', { Properties: { IntegrationUri: fnArn } }),
    );
    return { 'Fn::Join': ['', ['integrations/', { Ref: id }]] };
  };

  it('has one API Gateway route per deployed entry of the route table and no other', () => {
    expect(deployed.length).toBeGreaterThan(0);
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r['Properties'].RouteKey,
    );
    // Beside them, the console's own two routes (test/infra/console-stack.test.ts).
    const console = ['ANY /console', 'ANY /console/{proxy+}'];
    expect(routeKeys.sort()).toEqual([...deployed.map((r) => `${r.method} ${r.path}`), ...console].sort());
  });

  it.each(deployed.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s goes to its function, with a JWT check when it needs a role',
    (routeKey, route) => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: route.access.kind === 'roles' ? 'JWT' : 'NONE',
        Target: integrationOf(route),
      });
    },
  );

  it('deploys no local-only route: the table has them, the API has none of them', () => {
    const local = routes.filter((r) => r.fn === 'local').map((r) => `${r.method} ${r.path}`);
    expect(local).toContain('POST /_local/clock');
    const deployedKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (resource) => (resource as { Properties: { RouteKey: string } }).Properties.RouteKey,
    );
    expect(deployedKeys.filter((key) => key.includes('/_local'))).toEqual([]);
  });

  it("checks tokens against the user pool's issuer and the app client's audience", () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [
          resolved(stack.users.client.userPoolClientId),
          resolved(stack.consoleClient.userPoolClientId),
        ],
        Issuer: {
          'Fn::Join': [
            '',
            [`https://cognito-idp.${REGION}.amazonaws.com/`, resolved(stack.users.userPool.userPoolId)],
          ],
        },
      },
    });
  });

  it('logs access to a log group and throttles the default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: resolved(stack.api.accessLogs.logGroupArn),
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });
});

describe('staff directory', () => {
  it('lets only admins create users, requires TOTP MFA and a strong password, enforces threat protection', () => {
    expectMatch(
      resourceOf(stack.users.userPool).Properties,
      Match.objectLike({
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 14,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        DeletionProtection: 'ACTIVE',
        Schema: Match.arrayWith([
          Match.objectLike({ Name: 'county', AttributeDataType: 'String', Mutable: true }),
          Match.objectLike({ Name: 'unit', AttributeDataType: 'String', Mutable: true }),
        ]),
      }),
    );
  });

  it('has one group per role', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => g['Properties'].GroupName,
    );
    expect(groups.sort()).toEqual([...ROLES].sort());
  });

  it('gives the app client SRP sign-in without a secret, and no way to write the scope attributes', () => {
    const client = resourceOf(stack.users.client).Properties;
    expectMatch(
      client,
      Match.objectLike({
        GenerateSecret: false,
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        ReadAttributes: Match.arrayWith(['custom:county', 'custom:unit']),
      }),
    );
    expect(client['WriteAttributes']).toBeDefined();
    expect(client['WriteAttributes']).not.toContain('custom:county');
    expect(client['WriteAttributes']).not.toContain('custom:unit');
  });
});

const PACKS = [
  { prefix: 'AwsSolutions', pack: () => new AwsSolutionsChecks(undefined, { verbose: true }) },
  { prefix: 'NIST.800.53.R5', pack: () => new NIST80053R5Checks(undefined, { verbose: true }) },
  { prefix: 'HIPAA.Security', pack: () => new HIPAASecurityChecks(undefined, { verbose: true }) },
  { prefix: 'Serverless', pack: () => new ServerlessChecks(undefined, { verbose: true }) },
];

/** Every acknowledgement in the app: the construct, the rule, the reason. */
function acknowledgements(root: IConstruct) {
  const found: { path: string; id: string; reason: string }[] = [];
  const visit = (construct: IConstruct) => {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: construct.node.path, id: id.replace(/^Annotation::/, ''), reason });
      }
    }
    for (const child of construct.node.children) visit(child);
  };
  visit(root);
  return found;
}

describe('cdk-nag (AWS Solutions, NIST 800-53 rev 5, HIPAA Security, Serverless)', () => {
  it('reports no unacknowledged finding in any pack, and prints the counts per pack', () => {
    const acknowledged = acknowledgements(app);
    const counts = PACKS.map(({ prefix, pack }) => {
      const report = pack().validateScope(app);
      return {
        pack: prefix,
        unacknowledged: report.violations.map(
          (v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`,
        ),
        acknowledged: acknowledged.filter((a) => a.id.startsWith(`${prefix}-`)).length,
      };
    });
    console.table(counts.map((c) => ({ ...c, unacknowledged: c.unacknowledged.length })));
    expect(counts.flatMap((c) => c.unacknowledged)).toEqual([]);
    expect(counts.every((c) => c.acknowledged > 0)).toBe(true);
  });

  it('gives every acknowledged finding a specific reason', () => {
    const acknowledged = acknowledgements(app);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledged) {
      expect(id).toMatch(
        /^(AwsSolutions-[A-Z]+\d+|NIST\.800\.53\.R5-\w+|HIPAA\.Security-\w+|Serverless-\w+)/,
      );
      expect(reason.length).toBeGreaterThan(40);
    }
    const rules = new Set(acknowledged.map((a) => a.id));
    expect([...rules].filter((r) => r.startsWith('AwsSolutions-')).sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-L1',
      'AwsSolutions-SMG4',
      'AwsSolutions-SQS3',
    ]);
  });

  it('acknowledges APIG4 only on public and Twilio routes', () => {
    const open = deployedRoutes(routes).filter((r) => r.access.kind !== 'roles');
    const paths = (construct: IConstruct): string[] => [
      ...construct.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .filter((m) => Object.keys(m.data as object).some((k) => k.endsWith('AwsSolutions-APIG4')))
        .map(() => construct.node.id),
      ...construct.node.children.flatMap(paths),
    ];
    expect(paths(stack.api).sort()).toEqual(open.map((r) => `Route-${r.id}`).sort());
  });
});

describe('throttles per route', () => {
  const routeSettings = (t: Template) =>
    (Object.values(t.findResources('AWS::ApiGatewayV2::Stage'))[0] as { Properties: Record<string, unknown> })
      .Properties['RouteSettings'] as Record<string, unknown>;
  const limits = (rate: number, burst: number) => ({
    ThrottlingRateLimit: rate,
    ThrottlingBurstLimit: burst,
  });

  it('gives staff routes, the Twilio webhooks and /health each their own rate and burst', () => {
    const settings = routeSettings(template);
    expectMatch(
      settings,
      Match.objectLike({
        'GET /health': limits(2, 5),
        'POST /sms/inbound': limits(100, 200),
        'POST /sms/status': limits(100, 200),
        'POST /cases': limits(50, 100),
        'GET /openapi.json': limits(5, 10),
      }),
    );
    expect(Object.keys(settings).sort()).toEqual(
      deployedRoutes(routes)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    );
    const staff = deployedRoutes(routes).filter((r) => r.access.kind === 'roles');
    for (const r of staff) expect(settings[`${r.method} ${r.path}`]).toEqual(limits(50, 100));
  });

  it('takes the numbers from configuration', () => {
    const configured = synth({ routeThrottles: { twilio: { rateLimit: 7, burstLimit: 9 } } });
    expectMatch(
      routeSettings(configured.template),
      Match.objectLike({
        'POST /sms/status': limits(7, 9),
        'GET /health': limits(ROUTE_THROTTLES.health.rateLimit, ROUTE_THROTTLES.health.burstLimit),
      }),
    );
  });
});

describe('the rest of the review', () => {
  it('sends staff e-mail through SES from the configured identity', () => {
    const ses = synth({ sesEmail: { fromEmail: 'no-reply@alaturi.example.ro' } });
    const pool = Object.values(ses.template.findResources('AWS::Cognito::UserPool'))[0] as {
      Properties: Record<string, unknown>;
    };
    expectMatch(
      pool.Properties,
      Match.objectLike({
        EmailConfiguration: Match.objectLike({
          EmailSendingAccount: 'DEVELOPER',
          From: 'Alaturi <no-reply@alaturi.example.ro>',
          SourceArn: Match.objectLike({
            'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(`:ses:${REGION}:`)])],
          }),
        }),
      }),
    );
  });

  it('lets only the sender send notification e-mail, from the configured identity and address', () => {
    const ses = synth({ sesEmail: { fromEmail: 'no-reply@alaturi.example.ro' } });
    const sesStatements = (name: LambdaName) =>
      Object.values(ses.template.findResources('AWS::IAM::Policy'))
        .filter((p) =>
          JSON.stringify(p['Properties']['Roles']).includes(
            JSON.stringify({
              Ref: ses.stack.getLogicalId(ses.stack.functions[name].role?.node.defaultChild as CfnResource),
            }),
          ),
        )
        .flatMap((p) => (p['Properties']['PolicyDocument'] as { Statement: Statement[] }).Statement)
        .filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
    const [send, ...others] = sesStatements('send-messages');
    expect(others).toEqual([]);
    expect(actionsOf(send as Statement)).toEqual(['ses:SendEmail']);
    expect(JSON.stringify(send?.Resource)).toContain(':identity/no-reply@alaturi.example.ro');
    expect(JSON.stringify(send?.Resource)).toContain(':identity/alaturi.example.ro');
    expect(send?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'no-reply@alaturi.example.ro' } });
    for (const { name } of lambdaEntries.filter((e) => e.name !== 'send-messages'))
      expect(sesStatements(name), name).toEqual([]);
    const sender = Object.values(ses.template.findResources('AWS::Lambda::Function')).find((f) =>
      JSON.stringify(f['Properties']['Description']).includes('outbox sender'),
    );
    expect(sender?.['Properties']['Environment']['Variables']['MAIL_FROM']).toBe(
      'no-reply@alaturi.example.ro',
    );
  });

  it('grants no function SES without a configured identity', () => {
    for (const { name } of lambdaEntries)
      expect(statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')))).toEqual([]);
  });

  it('limits every statement on the InsightsTable to named partitions (IAM dynamodb:LeadingKeys)', () => {
    for (const { name } of lambdaEntries) {
      for (const statement of insightsStatements(name)) {
        expect(leadingKeysOf(statement), `${name} ${actionsOf(statement)}`).toEqual(expect.any(Array));
      }
    }
  });

  it('lets no function read a response, and only the SMS webhook read a session', () => {
    const reads = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
    const readers = (partition: string) =>
      lambdaEntries
        .filter(({ name }) =>
          insightsStatements(name).some(
            (s) => actionsOf(s).some((a) => reads.includes(a)) && leadingKeysOf(s)?.includes(partition),
          ),
        )
        .map(({ name }) => name);
    expect(readers('RESP#*')).toEqual([]);
    expect(readers('SESSION#*')).toEqual(['sms']);
    // The coordination API reads an opt-out to show it on the case (the week, issue 19); the sender, to skip.
    expect(readers('OPTOUT#*')).toEqual(['coordination', 'send-messages']);
  });

  it('spells the partition patterns from the key builders of keys.ts', () => {
    expect(INSIGHTS_PARTITIONS).toEqual({
      surveyDefinitions: 'SURVEY#*',
      surveyCatalogue: 'SURVEYS',
      sessions: 'SESSION#*',
      replies: 'REPLY#*',
      optOuts: 'OPTOUT#*',
      phoneLanguages: 'LANG#*',
      inboundSeen: 'MSG#*',
      responses: 'RESP#*',
      surveyCounters: 'AGG#*',
      indicatorCounters: 'IND#*',
      voucherAmounts: 'VAMT#*',
    });
    const like = (pattern: string) => new RegExp(`^${pattern.replace('*', '.*')}$`);
    expect(surveyKeys.session('h1').pk).toMatch(like(INSIGHTS_PARTITIONS.sessions));
    expect(surveyKeys.counter('s', '2031-S1', 'county=DJ', 'q', 'a').pk).toMatch(
      like(INSIGHTS_PARTITIONS.surveyCounters),
    );
    expect(surveyKeys.definition('s', 1).pk).toMatch(like(INSIGHTS_PARTITIONS.surveyDefinitions));
    expect(surveyKeys.catalogue('s').pk).toMatch(like(INSIGHTS_PARTITIONS.surveyCatalogue));
    expect(surveyKeys.catalogue('s').pk).not.toMatch(like(INSIGHTS_PARTITIONS.surveyDefinitions));
    expect(indicatorKeys.voucherAmount('2031-S1', 'id').pk).toMatch(like(INSIGHTS_PARTITIONS.voucherAmounts));
  });

  it('grants DeleteItem only on InsightsTable partitions the code deletes in, and BatchWriteItem to nobody', () => {
    // The console deletes its own sessions and nothing else (test/infra/console-stack.test.ts).
    const deletes = dataFunctions.flatMap(({ name }) =>
      statementsOf(name)
        .filter((s) => actionsOf(s).includes('dynamodb:DeleteItem'))
        .map((s) => ({ name, resource: s.Resource, partitions: leadingKeysOf(s) })),
    );
    const insights = tableArn(stack.tables.insights);
    expect(deletes).toEqual([
      // A phone that leaves a case takes its reply language with it.
      { name: 'coordination', resource: insights, partitions: ['LANG#*'] },
      // START lifts an opt-out; STOP and the last answer end a session.
      { name: 'sms', resource: insights, partitions: ['OPTOUT#*', 'SESSION#*'] },
    ]);
    const all = lambdaEntries.flatMap(({ name }) => statementsOf(name).flatMap(actionsOf));
    expect(all).not.toContain('dynamodb:BatchWriteItem');
  });

  it('turns X-Ray tracing on for every function', () => {
    for (const { name } of lambdaEntries) {
      expectMatch(
        resourceOf(stack.functions[name]).Properties,
        Match.objectLike({ TracingConfig: { Mode: 'Active' } }),
      );
    }
  });
});

describe('the data key policy', () => {
  type KeyStatement = Statement & { Sid?: string; Principal: { AWS: unknown } };
  const keyStatements = () =>
    (resourceOf(stack.key).Properties['KeyPolicy'] as { Statement: KeyStatement[] }).Statement;
  const accountRoot = {
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']],
  };
  const USE_ACTIONS = /^kms:(Decrypt|Encrypt|GenerateDataKey.*|ReEncrypt.*|CreateGrant|\*)$/;
  const roleArn = (name: LambdaName) => resolved(stack.functions[name].role!.roleArn);

  it('lets administrators manage the key but never use it, and has no kms:* statement', () => {
    const admin = keyStatements().filter((s) => s.Sid === 'KeyAdministrationWithoutUse');
    expect(admin).toHaveLength(1);
    expectMatch(admin[0], Match.objectLike({ Principal: { AWS: accountRoot }, Action: KEY_ADMIN_ACTIONS }));
    expect(KEY_ADMIN_ACTIONS.filter((a) => USE_ACTIONS.test(a))).toEqual([]);
    expect(keyStatements().flatMap(actionsOf)).not.toContain('kms:*');
  });

  it('gives the account root no use of the key beyond letting DynamoDB create its table grants', () => {
    const forRoot = keyStatements().filter((s) => JSON.stringify(s.Principal).includes(':root'));
    const used = forRoot.filter((s) => actionsOf(s).some((a) => USE_ACTIONS.test(a)));
    expectMatch(
      used,
      Match.exact([
        Match.objectLike({
          Action: 'kms:CreateGrant',
          Condition: {
            StringEquals: {
              'kms:ViaService': `dynamodb.${REGION}.amazonaws.com`,
              'kms:CallerAccount': { Ref: 'AWS::AccountId' },
            },
            Bool: { 'kms:GrantIsForAWSResource': 'true' },
          },
        }),
      ]),
    );
  });

  it('lets every function role use the key through DynamoDB only, with the actions its table grants need', () => {
    for (const { name } of dataFunctions) {
      expectMatch(
        keyStatements(),
        Match.arrayWith([
          Match.objectLike({
            Principal: { AWS: roleArn(name) },
            Action: Match.arrayWith(['kms:Decrypt', 'kms:DescribeKey']),
            Condition: viaDynamoDb,
          }),
        ]),
      );
    }
    const exportsUse = keyStatements().filter(
      (s) => JSON.stringify(s.Principal) === JSON.stringify({ AWS: roleArn('exports') }),
    );
    expect(exportsUse.map((s) => s.Condition)).toEqual([viaDynamoDb]);
  });

  it('lets only the roles of the envelope cipher use the key directly, and only with an encryption context', () => {
    const direct = keyStatements().filter(
      (s) =>
        actionsOf(s).includes('kms:Decrypt') && JSON.stringify(s.Condition ?? {}).indexOf('ViaService') < 0,
    );
    expect(direct.map((s) => s.Principal.AWS)).toEqual(
      (['coordination', 'send-messages', 'daily-jobs'] as const).map(roleArn),
    );
    for (const statement of direct) {
      expectMatch(
        statement,
        Match.objectLike({
          Action: KEY_ENVELOPE_ACTIONS,
          Condition: { Null: { 'kms:EncryptionContext:kind': 'false' } },
        }),
      );
    }
    expectStatement('send-messages', {
      Action: KEY_ENVELOPE_ACTIONS,
      Condition: ENVELOPE_CONTEXT_CONDITION,
    });
  });

  it('lets the SMS webhook seal free-text answers with a data key, and never unwrap one', () => {
    // Without it a survey's free-text answer failed in AWS and was lost (issue 13); locally the key is a file.
    const smsDirect = keyStatements().filter(
      (s) =>
        JSON.stringify(s.Principal) === JSON.stringify({ AWS: roleArn('sms') }) &&
        JSON.stringify(s.Condition ?? {}).indexOf('ViaService') < 0,
    );
    expect(smsDirect.map((s) => [actionsOf(s), s.Condition])).toEqual([
      [['kms:GenerateDataKey'], ENVELOPE_CONTEXT_CONDITION],
    ]);
    expectStatement('sms', { Action: 'kms:GenerateDataKey', Condition: ENVELOPE_CONTEXT_CONDITION });
    expect(statementsOf('sms').filter((s) => actionsOf(s).includes('kms:Decrypt') && !s.Condition)).toEqual(
      [],
    );
  });

  it('names the key alias after the stack, so two stages can share an account', () => {
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/Alaturi-data' });
    const other = synth({ stackName: 'AlaturiStaging' } as never);
    other.template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/AlaturiStaging-data' });
  });

  it('takes named key administrators instead of the account when configured', () => {
    const admins = synth({ keyAdministratorArns: ['arn:aws:iam::111122223333:role/KeyAdmins'] });
    const key = Object.values(admins.template.findResources('AWS::KMS::Key'))[0] as {
      Properties: { KeyPolicy: { Statement: KeyStatement[] } };
    };
    const admin = key.Properties.KeyPolicy.Statement.find((s) => s.Sid === 'KeyAdministrationWithoutUse');
    expect(admin?.Principal).toEqual({ AWS: 'arn:aws:iam::111122223333:role/KeyAdmins' });
  });
});

describe('no silent loss in scheduled work', () => {
  const queueArn = () => resolved(stack.senderFailures.queueArn);

  it.each([
    ['send-messages', 300],
    ['daily-jobs', 21_600],
  ] as const)(
    'retries a failed asynchronous run of %s twice, then sends it to the failures queue',
    (name, age) => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: resolved(stack.functions[name].functionName),
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: age,
        DestinationConfig: { OnFailure: { Destination: queueArn() } },
      });
      expectStatement(name, { Action: Match.arrayWith(['sqs:SendMessage']), Resource: queueArn() });
    },
  );
});

describe('the sender run', () => {
  it('runs the daily jobs one at a time', () => {
    expectMatch(
      resourceOf(stack.functions['daily-jobs']).Properties,
      Match.objectLike({ ReservedConcurrentExecutions: 1 }),
    );
  });

  it('has a timeout and reserved concurrency that fit its batch, and is told its batch and deadline margin', () => {
    expectMatch(
      resourceOf(stack.functions['send-messages']).Properties,
      Match.objectLike({
        Timeout: 120,
        ReservedConcurrentExecutions: 5,
        Environment: {
          Variables: Match.objectLike({
            SEND_BATCH_LIMIT: '1000',
            SEND_CONCURRENCY: '10',
            SEND_DEADLINE_MARGIN_MS: '15000',
          }),
        },
      }),
    );
    // The margin covers one Twilio call (10 s timeout) and its write; the claim timeout outlives any run.
    expect(SENDER_RUN.deadlineMarginMs).toBeGreaterThan(10_000);
    expect(SENDER_RUN.timeoutSeconds * 1000).toBeGreaterThan(2 * SENDER_RUN.deadlineMarginMs);
    expect(SENDER_RUN.timeoutSeconds).toBeLessThan(10 * 60);
  });
});

describe('with an existing Twilio secret', () => {
  it('imports it by name, creates no placeholder and still grants it to the SMS webhook and the sender only', () => {
    const imported = synth({ twilioSecretName: 'alaturi/twilio' });
    const secrets = imported.template.findResources('AWS::SecretsManager::Secret');
    expect(Object.keys(secrets)).toHaveLength(1);
    // The name's ARN with Secrets Manager's random 6-character suffix left open.
    const policies = Object.values(imported.template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p).includes(':secret:alaturi/twilio-??????'),
    );
    const roles = policies.flatMap((p) => p['Properties'].Roles.map((r: { Ref: string }) => r.Ref));
    const expected = (['sms', 'send-messages'] as const).map((n) =>
      imported.stack.getLogicalId(imported.stack.functions[n].role!.node.defaultChild as CfnResource),
    );
    expect(roles.sort()).toEqual(expected.sort());
    const sms =
      imported.template.toJSON()['Resources'][
        imported.stack.getLogicalId(imported.stack.functions.sms.node.defaultChild as CfnResource)
      ];
    expect(sms.Properties.Environment.Variables.TWILIO_SECRET_ARN).toBe('alaturi/twilio');
    for (const { pack } of PACKS) {
      expect(
        pack()
          .validateScope(imported.app)
          .violations.map((v) => v.ruleName),
      ).toEqual([]);
    }
  });
});
