// The console in the CDK template: a Lambda on the HTTP API under /console with no JWT authorizer, a Hosted UI
// client (code flow) with its callback on the API, its own sessions table, and no grant on anything else.
import { App, type CfnResource } from 'aws-cdk-lib';
import { Match, type Matcher, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { AlaturiStack } from '../../infra/alaturi-stack.ts';

const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const stack = new AlaturiStack(app, 'Alaturi', { env: { region: 'eu-central-1' } });
const template = Template.fromStack(stack);
const resources = template.toJSON()['Resources'] as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;
const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnResource);
const resolved = (value: unknown) => stack.resolve(value);

function expectMatch(actual: unknown, matcher: Matcher) {
  const result = matcher.test(actual);
  if (result.hasFailed()) throw new Error(result.renderMismatch());
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** Every statement of every policy on the console function's role. */
function consoleStatements(): Statement[] {
  const roleRef = { Ref: logicalId(stack.functions.console.role!) };
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => JSON.stringify(r.Properties['Roles']).includes(JSON.stringify(roleRef)))
    .flatMap((r) => (r.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement);
}

describe('the console in the stack', () => {
  it('may touch its own sessions, one item at a time, and nothing else of DynamoDB', () => {
    const dynamo = consoleStatements().filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));

    expect(dynamo).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        Resource: resolved(stack.console.sessions.tableArn),
      },
    ]);
  });

  it('has no grant on personal data, survey data, the audit trail, the data key or a secret', () => {
    const policies = JSON.stringify(consoleStatements());

    for (const table of Object.values(stack.tables))
      expect(policies).not.toContain(JSON.stringify(resolved(table.table.tableArn)));
    expect(policies).not.toContain(JSON.stringify(resolved(stack.key.keyArn)));
    expect(policies).not.toContain(JSON.stringify(resolved(stack.pepperSecret.secretArn)));
    expect(policies).not.toContain('kms:');
    expect(policies).not.toContain('secretsmanager:');
  });

  it('keeps sessions in a table of their own that expires them by TTL', () => {
    expectMatch(
      resources[logicalId(stack.console.sessions)]?.Properties,
      Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    );
  });

  it('serves /console and everything under it without a JWT authorizer', () => {
    const routes = Object.values(resources).filter(
      (r) => r.Type === 'AWS::ApiGatewayV2::Route' && String(r.Properties['RouteKey']).includes('/console'),
    );

    expect(routes.map((r) => r.Properties['RouteKey']).sort()).toEqual([
      'ANY /console',
      'ANY /console/{proxy+}',
    ]);
    for (const route of routes) expect(route.Properties['AuthorizationType'] ?? 'NONE').toBe('NONE');
  });

  it('signs in through a Hosted UI client: code flow only, the callback on the API, a domain', () => {
    const client = resources[logicalId(stack.consoleClient)]?.Properties;

    expectMatch(
      client,
      Match.objectLike({
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid'],
        GenerateSecret: false,
        CallbackURLs: [
          {
            'Fn::Join': Match.arrayWith([Match.arrayWith(['/console/callback'])]),
          },
        ],
      }),
    );
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    expectMatch(
      resources[logicalId(stack.functions.console)]?.Properties,
      Match.objectLike({
        Environment: {
          Variables: Match.objectLike({
            CONSOLE_SESSIONS_TABLE: resolved(stack.console.sessions.tableName),
            COGNITO_CLIENT_ID: resolved(stack.consoleClient.userPoolClientId),
          }),
        },
      }),
    );
  });

  it('lets the API accept the console client’s ID tokens', () => {
    const authorizers = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Authorizer');

    expect(JSON.stringify(authorizers)).toContain(
      JSON.stringify(resolved(stack.consoleClient.userPoolClientId)),
    );
  });
});
