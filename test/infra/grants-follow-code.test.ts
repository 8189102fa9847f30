// Grants that follow the code (issue 13): each function's bundle says which tables, keys and secrets its code can
// reach; the synthesized stack must grant its role exactly those, no more and no less.
import { App, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlaturiStack } from '../../infra/alaturi-stack.ts';
import { type LambdaName, lambdaEntries } from '../../infra/bundling.ts';
import { routes } from '../../shared/http/routes.ts';
import {
  type CodeReach,
  classify,
  codeReach,
  grantDifferences,
  grantedCapabilities,
  type PolicyStatement,
  type StackResources,
} from '../support/grant-derivation.ts';

const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
// With the SES identity configured, as a deployment that sends notification e-mail is.
const stack = new AlaturiStack(app, 'Alaturi', {
  env: { region: 'eu-central-1' },
  sesEmail: { fromEmail: 'no-reply@alaturi.example.ro' },
});
const template = Template.fromStack(stack).toJSON() as {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
};
const resolved = (value: unknown) => stack.resolve(value);
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnResource);

function resourcesOf(name: LambdaName): StackResources {
  const { coordination, insights, audit } = stack.tables;
  return {
    tables: {
      coordination: resolved(coordination.table.tableArn),
      insights: resolved(insights.table.tableArn),
      audit: resolved(audit.table.tableArn),
      consoleSessions: resolved(stack.console.sessions.tableArn),
    },
    streams: [resolved(coordination.table.tableStreamArn)],
    key: resolved(stack.key.keyArn),
    secrets: {
      pepper: resolved(stack.pepperSecret.secretArn),
      twilio: resolved(stack.twilioSecret.secretArn),
    },
    logGroup: { 'Fn::GetAtt': [logicalId(stack.node.findChild(`Logs-${name}`)), 'Arn'] },
    failureQueues: [resolved(stack.senderFailures.queueArn)],
  };
}

/** Every statement of the role's inline policies, in a template given as JSON (so a test can alter it). */
function statementsIn(json: typeof template, name: LambdaName): PolicyStatement[] {
  const roleRef = JSON.stringify({ Ref: logicalId(stack.functions[name].role as never) });
  return Object.values(json.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties['Roles']).includes(roleRef))
    .flatMap((r) => (r.Properties['PolicyDocument'] as { Statement: PolicyStatement[] }).Statement);
}

const routesOf = (name: LambdaName) => routes.filter((route) => route.fn === name);
const reach = {} as Record<LambdaName, CodeReach>;

// Six bundles take a few seconds each on a loaded machine.
beforeAll(async () => {
  for (const entry of lambdaEntries) reach[entry.name] = await codeReach(entry, routesOf(entry.name));
}, 120_000);

describe('grants that follow the code', () => {
  it.each(lambdaEntries.map((e) => [e.name]))('grants %s exactly what its bundle can reach', (name) => {
    const granted = grantedCapabilities(statementsIn(template, name), resourcesOf(name));
    expect(grantDifferences(name, reach[name], granted)).toEqual([]);
  });

  it('reads from the bundles what each function reaches', () => {
    const capabilities = Object.fromEntries(
      lambdaEntries.map(({ name }) => [name, reach[name].capabilities]),
    );
    expect(capabilities).toEqual({
      // Its sessions and nothing else: no personal data, survey data, audit, key or secret (issue 15).
      console: ['table:consoleSessions'],
      coordination: [
        'key:direct',
        'key:through-dynamodb',
        'secret:pepper',
        'table:audit',
        'table:coordination',
        'table:insights',
      ],
      // Free-text answers are sealed with a data key: the SMS webhook reaches KMS itself.
      sms: [
        'key:direct',
        'key:through-dynamodb',
        'secret:pepper',
        'secret:twilio',
        'table:coordination',
        'table:insights',
      ],
      exports: ['key:through-dynamodb', 'table:insights'],
      'send-messages': [
        'key:direct',
        'key:through-dynamodb',
        'secret:pepper',
        'secret:twilio',
        'ses',
        'table:coordination',
        'table:insights',
      ],
      'daily-jobs': ['key:direct', 'key:through-dynamodb', 'table:coordination', 'table:insights'],
    });
    expect(reach.sms.because['key:direct']).toContain('shared/data/personal-data-cipher.ts');
  });

  it('fails on a stack whose SMS webhook cannot use the key for free-text answers', () => {
    const altered = structuredClone(template);
    const key = JSON.stringify(resolved(stack.key.keyArn));
    for (const policy of Object.values(altered.Resources)) {
      if (policy.Type !== 'AWS::IAM::Policy') continue;
      const document = policy.Properties['PolicyDocument'] as { Statement: PolicyStatement[] };
      document.Statement = document.Statement.filter(
        (s) => !(JSON.stringify(s.Resource) === key && classify(s, resourcesOf('sms')) === 'key:direct'),
      );
    }
    const granted = grantedCapabilities(statementsIn(altered, 'sms'), resourcesOf('sms'));
    expect(grantDifferences('sms', reach.sms, granted)).toEqual([
      'sms: the code reaches key:direct (shared/data/personal-data-cipher.ts), the stack grants none',
    ]);
  });

  it('fails on a grant no code reaches, and on one no rule knows', () => {
    const extra: PolicyStatement[] = [
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: resolved(stack.tables.audit.table.tableArn) },
      { Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*' },
    ];
    const granted = grantedCapabilities(
      [...statementsIn(template, 'exports'), ...extra],
      resourcesOf('exports'),
    );
    expect(grantDifferences('exports', reach.exports, granted)).toEqual([
      'exports: the stack grants table:audit, no code of the function reaches it',
      'exports: the stack grants unclassified:ses:SendEmail, no code of the function reaches it',
    ]);
  });
});
