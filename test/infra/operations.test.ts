// Issue 17 as a template: every alarm a small team needs, wired to one SNS topic whose subscribers come from
// configuration, a dashboard holding those figures, log retention on every log group, and AWS Backup over
// the three tables beside point-in-time recovery.
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AlaturiStack } from '../../infra/alaturi-stack.ts';
import { METRIC_NAMESPACE, METRICS } from '../../shared/observability/metric-names.ts';

function synth(props: ConstructorParameters<typeof AlaturiStack>[2] = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new AlaturiStack(app, 'Alaturi', { env: { region: 'eu-central-1' }, ...props });
  return { stack, template: Template.fromStack(stack) };
}

const { stack, template } = synth({
  alarmEmails: ['oncall@example.org', 'lead@example.org'],
  alarmThresholds: { senderFailures: 3 },
  backupPlan: { dailyRetentionDays: 14 },
});

const topicRef = () => ({ Ref: stack.getLogicalId(stack.operations.topic.node.defaultChild as never) });
type Alarm = { Properties: Record<string, unknown> };
const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Alarm[];

function alarmOn(metricName: string): Alarm['Properties'] {
  const found = alarms.filter((alarm) => JSON.stringify(alarm.Properties).includes(`"${metricName}"`));
  expect(found.length, `alarms on ${metricName}`).toBeGreaterThan(0);
  return (found[0] as Alarm).Properties;
}

describe('the alarms', () => {
  it('each notify the one alarm topic, when they fire and when they clear', () => {
    expect(alarms.length).toBe(11);
    for (const alarm of alarms) {
      expect(alarm.Properties['AlarmActions']).toEqual([topicRef()]);
      expect(alarm.Properties['OKActions']).toEqual([topicRef()]);
    }
  });

  it('send to the subscribers configuration names, over an encrypted topic that refuses plain HTTP', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.org',
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
  });

  it('fire on sender failures above the configured threshold', () => {
    expect(alarmOn(METRICS.messagesFailed)).toMatchObject({
      Namespace: METRIC_NAMESPACE,
      Statistic: 'Sum',
      Period: 900,
      Threshold: 3,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('fire when the oldest due message has waited 15 minutes', () => {
    expect(alarmOn(METRICS.senderLagSeconds)).toMatchObject({ Statistic: 'Maximum', Threshold: 900 });
  });

  it('fire when an urgent alert has waited 30 minutes for a coordinator', () => {
    expect(alarmOn(METRICS.oldestOpenUrgentAlertSeconds)).toMatchObject({
      Threshold: 1800,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('fire on a burst of 5xx from the API', () => {
    expect(alarmOn('5xx')).toMatchObject({ Namespace: 'AWS/ApiGateway', Statistic: 'Sum', Threshold: 5 });
  });

  it('fire on DynamoDB throttling, table by table', () => {
    const throttled = alarms.filter((alarm) =>
      JSON.stringify(alarm.Properties).includes('"ThrottledRequests"'),
    );
    expect(throttled).toHaveLength(3);
  });

  it('fire when the dead-letter queue holds anything', () => {
    expect(alarmOn('ApproximateNumberOfMessagesVisible')).toMatchObject({
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('fire on the share of sends Twilio refuses', () => {
    const rate = alarmOn(METRICS.twilioErrors);
    expect(JSON.stringify(rate['Metrics'])).toContain('refused / (sent + refused)');
    expect(rate['Threshold']).toBe(0.1);
  });

  it('fire when the scheduled jobs have not run, counting silence as failure', () => {
    const notRunning = alarms.filter((alarm) => JSON.stringify(alarm.Properties).includes('"Invocations"'));
    expect(notRunning).toHaveLength(2);
    for (const alarm of notRunning) {
      expect(alarm.Properties).toMatchObject({
        TreatMissingData: 'breaching',
        ComparisonOperator: 'LessThanThreshold',
      });
    }
  });
});

describe('the dashboard', () => {
  it('shows every alarm and every custom metric the alarms read', () => {
    const dashboards = template.findResources('AWS::CloudWatch::Dashboard');
    expect(Object.keys(dashboards)).toHaveLength(1);
    const body = JSON.stringify(stack.resolve(Object.values(dashboards)[0]?.['Properties']['DashboardBody']));
    for (const metric of Object.values(METRICS).filter((name) => !name.startsWith('Api'))) {
      expect(body, metric).toContain(metric);
    }
    for (const alarm of Object.values(stack.operations.alarms)) {
      expect(body).toContain(stack.getLogicalId(alarm.node.defaultChild as never));
    }
  });
});

describe('logs and backups', () => {
  it('keep every log group for a set retention', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThan(4);
    for (const group of groups) expect(group['Properties']['RetentionInDays']).toBe(90);
  });

  it('back up the three tables daily and monthly, kept as configured, in an encrypted vault kept on delete', () => {
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: Match.arrayWith([
          Match.objectLike({ RuleName: 'Daily', Lifecycle: { DeleteAfterDays: 14 } }),
          Match.objectLike({ RuleName: 'Monthly', Lifecycle: { DeleteAfterDays: 365 } }),
        ]),
      },
    });
    template.hasResource('AWS::Backup::BackupVault', {
      Properties: { EncryptionKeyArn: Match.anyValue() },
      DeletionPolicy: 'Retain',
    });
    const selection = Object.values(template.findResources('AWS::Backup::BackupSelection'))[0];
    const resourcesSelected = JSON.stringify(selection?.['Properties']['BackupSelection']['Resources']);
    for (const table of Object.values(stack.tables)) {
      expect(resourcesSelected).toContain(stack.getLogicalId(table.table.node.defaultChild as never));
    }
  });

  it('keep point-in-time recovery on every data table', () => {
    // The console's sessions table is left out: sessions last 10 hours at most, and a restore would revive them.
    const all = template.findResources('AWS::DynamoDB::GlobalTable');
    const tables = Object.values(stack.tables).map(
      (table) => all[stack.getLogicalId(table.table.node.defaultChild as never)],
    );
    expect(tables).toHaveLength(3);
    for (const table of tables) {
      expect(JSON.stringify(table?.['Properties'])).toContain('"PointInTimeRecoveryEnabled":true');
    }
  });
});
