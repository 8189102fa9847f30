// What tells a small team that something is wrong (issue 17): alarms to an SNS topic whose subscribers come from
// configuration, a dashboard with the same figures, and AWS Backup beside point-in-time recovery.
// Every custom metric an alarm reads is named in shared/observability/metric-names.ts, which the code emits from.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  METRIC_NAMESPACE,
  METRIC_SERVICE,
  METRICS,
  type MetricName,
} from '../../shared/observability/metric-names.ts';

/** The levels at which someone is woken; cdk.json context `alarms` overrides any of them. */
export interface AlarmThresholds {
  /** Messages that reached `failed` in 15 minutes. */
  senderFailures: number;
  /** Seconds the oldest due message may wait. */
  senderLagSeconds: number;
  /** 5xx answers of the API in 5 minutes. */
  serverErrors: number;
  /** Seconds an urgent alert (duress, help) may stay unacknowledged. */
  urgentAlertSeconds: number;
  /** Share of sends Twilio refuses, over 15 minutes with at least 10 attempts. */
  twilioErrorRate: number;
}

export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = {
  senderFailures: 5,
  senderLagSeconds: 15 * 60,
  serverErrors: 5,
  urgentAlertSeconds: 30 * 60,
  twilioErrorRate: 0.1,
};

/** AWS Backup's plan (cdk.json context `backupPlan`): a daily and a monthly recovery point, kept this long. */
export interface BackupPlanSettings {
  dailyRetentionDays: number;
  monthlyRetentionDays: number;
}

export const DEFAULT_BACKUP_PLAN: BackupPlanSettings = { dailyRetentionDays: 35, monthlyRetentionDays: 365 };

/** The calls the service makes (an alarm's math may hold 10 metrics; the PartiQL ones are never used). */
const TABLE_OPERATIONS = [
  dynamodb.Operation.GET_ITEM,
  dynamodb.Operation.BATCH_GET_ITEM,
  dynamodb.Operation.QUERY,
  dynamodb.Operation.SCAN,
  dynamodb.Operation.PUT_ITEM,
  dynamodb.Operation.UPDATE_ITEM,
  dynamodb.Operation.DELETE_ITEM,
  dynamodb.Operation.BATCH_WRITE_ITEM,
  dynamodb.Operation.TRANSACT_WRITE_ITEMS,
  dynamodb.Operation.TRANSACT_GET_ITEMS,
];

export interface OperationsProps {
  alarmEmails: readonly string[];
  thresholds: AlarmThresholds;
  backupPlan: BackupPlanSettings;
  tables: Record<string, dynamodb.TableV2>;
  httpApi: apigw.HttpApi;
  sender: lambda.IFunction;
  dailyJobs: lambda.IFunction;
  deadLetterQueue: sqs.IQueue;
}

export class Operations extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: Record<string, cloudwatch.Alarm> = {};
  readonly dashboard: cloudwatch.Dashboard;
  readonly backupPlan: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.topic = this.alarmTopic(props.alarmEmails);
    this.defineAlarms(props);
    this.dashboard = this.defineDashboard(props);
    this.backupPlan = this.defineBackups(props);
  }

  private alarmTopic(emails: readonly string[]): sns.Topic {
    // CloudWatch cannot publish to a topic under an AWS-managed key: the topic has its own key that lets it.
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Alaturi: alarm notifications (no personal data)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Alaturi alarms',
      masterKey: key,
      enforceSSL: true,
    });
    for (const email of emails) topic.addSubscription(new subscriptions.EmailSubscription(email));
    return topic;
  }

  private metric(name: MetricName, statistic: string, period: Duration): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName: name,
      dimensionsMap: { service: METRIC_SERVICE },
      statistic,
      period,
    });
  }

  private alarm(
    name: string,
    props: Omit<cloudwatch.AlarmProps, 'evaluationPeriods'> & { evaluationPeriods?: number },
  ): void {
    const alarm = new cloudwatch.Alarm(this, name, {
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms[name] = alarm;
  }

  private defineAlarms(props: OperationsProps): void {
    const { thresholds } = props;
    const quarter = Duration.minutes(15);
    const five = Duration.minutes(5);
    this.alarm('SenderFailures', {
      alarmDescription: `More than ${thresholds.senderFailures} messages reached "failed" in 15 minutes: a coordinator must phone those victims.`,
      metric: this.metric(METRICS.messagesFailed, 'Sum', quarter),
      threshold: thresholds.senderFailures,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    this.alarm('SenderLag', {
      alarmDescription:
        'The oldest due message has waited more than 15 minutes: reminders are not going out.',
      metric: this.metric(METRICS.senderLagSeconds, 'Maximum', five),
      threshold: thresholds.senderLagSeconds,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    this.alarm('ServerErrors', {
      alarmDescription: 'A burst of 5xx answers from the API.',
      metric: props.httpApi.metricServerError({ period: five, statistic: 'Sum' }),
      threshold: thresholds.serverErrors,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    for (const [name, table] of Object.entries(props.tables)) {
      this.alarm(`${name}Throttled`, {
        alarmDescription: `DynamoDB throttled requests on the ${name} table.`,
        metric: table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, period: five }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }
    this.alarm('DeadLetterQueueNotEmpty', {
      alarmDescription:
        'The sender failures queue holds something: a stream batch or a scheduled run gave up. See README "Operations".',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: five,
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    this.alarm('UrgentAlertUnacknowledged', {
      alarmDescription: 'An urgent alert (duress or help) has waited 30 minutes for a coordinator.',
      metric: this.metric(METRICS.oldestOpenUrgentAlertSeconds, 'Maximum', five),
      threshold: thresholds.urgentAlertSeconds,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    const attempts = this.metric(METRICS.messagesSent, 'Sum', quarter);
    const refused = this.metric(METRICS.twilioErrors, 'Sum', quarter);
    this.alarm('TwilioErrorRate', {
      alarmDescription: `Twilio refused more than ${thresholds.twilioErrorRate * 100}% of sends in 15 minutes (at least 10 attempts).`,
      metric: new cloudwatch.MathExpression({
        expression: 'IF(sent + refused >= 10, refused / (sent + refused), 0)',
        usingMetrics: { sent: attempts, refused },
        period: quarter,
        label: 'Twilio error rate',
      }),
      threshold: thresholds.twilioErrorRate,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    // No invocation at all is the failure here: missing data breaches.
    this.alarm('SenderNotRunning', {
      alarmDescription: 'The message sender has not run for 15 minutes (its sweep runs every 5).',
      metric: props.sender.metricInvocations({ period: quarter, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    this.alarm('DailyJobsNotRunning', {
      alarmDescription: 'The daily jobs (voucher expiry, half-year counts) have not run for a day.',
      metric: props.dailyJobs.metricInvocations({ period: Duration.days(1), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }

  private defineDashboard(props: OperationsProps): cloudwatch.Dashboard {
    const five = Duration.minutes(5);
    const byService = (names: MetricName[], statistic = 'Sum') =>
      names.map((name) => this.metric(name, statistic, five));
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
    });
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: Object.values(this.alarms),
        width: 24,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Messages',
        left: byService([
          METRICS.messagesSent,
          METRICS.messagesDeferred,
          METRICS.messagesFailed,
          METRICS.messagesHeld,
        ]),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Sender lag and oldest urgent alert (seconds)',
        left: byService([METRICS.senderLagSeconds, METRICS.oldestOpenUrgentAlertSeconds], 'Maximum'),
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Inbound, surveys, alerts',
        left: byService([
          METRICS.inboundMessages,
          METRICS.surveyCompletions,
          METRICS.alertsRaised,
          METRICS.alertsAcknowledged,
        ]),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'API errors and Twilio refusals',
        left: [
          props.httpApi.metricServerError({ period: five, statistic: 'Sum' }),
          props.httpApi.metricClientError({ period: five, statistic: 'Sum' }),
          ...byService([METRICS.twilioErrors]),
        ],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      // One graph per table: each table's throttle sum is a math expression with the same metric ids.
      ...Object.entries(props.tables).map(
        ([name, table]) =>
          new cloudwatch.GraphWidget({
            title: `DynamoDB throttling: ${name}`,
            left: [
              table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, period: five }),
            ],
            width: 4,
          }),
      ),
      new cloudwatch.GraphWidget({
        title: 'Scheduled jobs and dead letters',
        left: [
          props.sender.metricInvocations({ period: five, statistic: 'Sum' }),
          props.dailyJobs.metricInvocations({ period: five, statistic: 'Sum' }),
          props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
            period: five,
            statistic: 'Maximum',
          }),
        ],
        width: 12,
      }),
    );
    return dashboard;
  }

  private defineBackups(props: OperationsProps): backup.BackupPlan {
    const key = new kms.Key(this, 'BackupKey', {
      description: 'Alaturi: AWS Backup vault',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = new backup.BackupPlan(this, 'Plan', {
      backupVault: vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: '1' }),
          deleteAfter: Duration.days(props.backupPlan.dailyRetentionDays),
        }),
        new backup.BackupPlanRule({
          ruleName: 'Monthly',
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: '2', day: '1' }),
          deleteAfter: Duration.days(props.backupPlan.monthlyRetentionDays),
        }),
      ],
    });
    const selection = plan.addSelection('Tables', {
      resources: Object.values(props.tables).map((table) => backup.BackupResource.fromArn(table.tableArn)),
    });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        "AWS Backup's own service-role policy, assumed only by backup.amazonaws.com for this selection (the three tables); AWS keeps it current as Backup's DynamoDB support changes.",
    });
    return plan;
  }
}
