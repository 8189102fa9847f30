// The whole service in one stack: three KMS-encrypted tables, the staff directory, five Lambdas each with only
// the grants its bounded context needs, the HTTP API built from the route table, the outbox triggers.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Annotations,
  CfnOutput,
  Duration,
  Lazy,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct, IConstruct } from 'constructs';
import { SMS_CASE_PUT_ATTRIBUTES } from '../shared/data/inbound-message-repository.ts';
import { INDICATOR_COUNTER_ATTRIBUTES } from '../shared/data/indicator-counters.ts';
import { phonePointerKeys } from '../shared/data/keys.ts';
import { HOLD_ATTRIBUTES, HOLD_READ_ATTRIBUTES } from '../shared/data/outbox-repository.ts';
import {
  AUDIT_TABLE,
  COORDINATION_TABLE,
  INSIGHTS_TABLE,
  type TableDefinition,
} from '../shared/data/tables.ts';
import type { RouteDefinition } from '../shared/http/route.ts';
import { routes as routeTable } from '../shared/http/routes.ts';
import { esbuildOptions, type LambdaName, lambdaEntries } from './bundling.ts';
import { ConsoleSite, consoleClient } from './constructs/console-site.ts';
import { partitionPatterns } from './constructs/insights-partitions.ts';
import {
  type AlarmThresholds,
  type BackupPlanSettings,
  DEFAULT_ALARM_THRESHOLDS,
  DEFAULT_BACKUP_PLAN,
  Operations,
} from './constructs/operations.ts';
import { deployedRoutes, ServiceApi } from './constructs/service-api.ts';
import {
  type DefinedTable,
  ENVELOPE_CONTEXT_CONDITION,
  TABLE_DELETE_ACTIONS,
  TableAccess,
} from './constructs/table-access.ts';
import { UserDirectory } from './constructs/user-directory.ts';
import { openApiDocumentFile } from './openapi-asset.ts';

/** The attributes recordDeliveryStatus names (update and condition); keep in step with it. */
/** What the SMS webhook may Put on a case: an alert or an inbound message, and no other attribute. */
export { SMS_CASE_PUT_ATTRIBUTES };

export const DELIVERY_STATUS_ATTRIBUTES = [
  'entity',
  'providerId',
  'deliveryStatus',
  'deliveryRank',
  'deliveryUpdatedAt',
  'deliveryError',
];

/**
 * Which InsightsTable partitions each function may touch, by action (IAM dynamodb:LeadingKeys; issue 13). Each
 * list follows the repositories its code calls (test/infra/grants-follow-code.test.ts derives the tables, and
 * test/integration/grant-rules.test.ts runs the survey path under these conditions).
 */
export const COORDINATION_INSIGHTS = {
  /** findSurveyVersion, findLatestSurvey, listSurveys. */
  read: partitionPatterns(['surveyDefinitions', 'surveyCatalogue']),
  /** recordInvitation: the phone is not opted out (a yes or no, never the item). */
  check: partitionPatterns(['optOuts']),
  /** optOutWeeks: the case shows that its phones opted out, and the week (issue 19), never more. */
  optOutRead: partitionPatterns(['optOuts']),
  /**
   * insertSurveyVersion, sessionStart (conditional: a live session refuses it), replyPut (the web reply link,
   * written with its session), voucherAmountRecord, phoneLanguagePut.
   */
  put: partitionPatterns([
    'surveyDefinitions',
    'surveyCatalogue',
    'sessions',
    'replies',
    'voucherAmounts',
    'phoneLanguages',
  ]),
  /** The invitation counters and answer values (AGG#), indicatorIncrement (IND#). */
  update: partitionPatterns(['surveyCounters', 'indicatorCounters']),
  /** phoneLanguageDelete, when a phone leaves a case or its personal data is erased. */
  delete: partitionPatterns(['phoneLanguages']),
};
export const SMS_INSIGHTS = {
  /** findSessionAndPhoneLanguage, findSurveyVersion, answeredReply, findReply (GET and POST /r/{token}). */
  read: partitionPatterns(['sessions', 'phoneLanguages', 'surveyDefinitions', 'inboundSeen', 'replies']),
  /** recordInboundAnswer, optOutPut, sessionReplace, responsePut. */
  put: partitionPatterns(['inboundSeen', 'optOuts', 'sessions', 'responses']),
  /** surveyCounterIncrements, indicatorIncrement (survey_responses), replyUse (a web reply link spent). */
  update: partitionPatterns(['surveyCounters', 'indicatorCounters', 'replies']),
  /** optOutDelete (START), surveySessionDelete (STOP), sessionEnd. */
  delete: partitionPatterns(['optOuts', 'sessions']),
};
/**
 * shared/data/export-repository.ts reads these partitions and no other: the counters, and the survey catalogue
 * (ids and titles) for the surveys whose counters make up a period's survey indicators.
 */
export const EXPORTS_INSIGHTS = {
  read: partitionPatterns(['surveyCounters', 'indicatorCounters', 'voucherAmounts', 'surveyCatalogue']),
};
/** isOptedOut, optedOutAmong: the sender checks the opt-out list before each send. */
export const SENDER_INSIGHTS = { read: partitionPatterns(['optOuts']) };
/** The period rollover moves indicator counters. */
export const DAILY_JOBS_INSIGHTS = { update: partitionPatterns(['indicatorCounters']) };

/**
 * The sender's run (issue 20). A run sends at most `batchLimit` messages, `concurrency` at a time; a Twilio call
 * and the writes around it take well under a second, so a full batch needs about 1000 / 10 x 0.5 s = 50 s and
 * the 2-minute timeout leaves room for a slow Twilio. The run claims nothing once less than
 * `deadlineMarginMs` is left (one Twilio call with its 10 s timeout, then markSent), so the timeout cannot cut
 * a send off between Twilio and "sent". The claim timeout (10 min) stays far above the Lambda timeout.
 * Reserved concurrency caps the stream trigger and the sweep together at 5 runs, 50 sends in flight:
 * enough for a county's morning reminders, and it keeps a stream burst from starving the API's concurrency.
 */
export const SENDER_RUN = {
  batchLimit: 1000,
  concurrency: 10,
  deadlineMarginMs: 15_000,
  timeoutSeconds: 120,
  reservedConcurrency: 5,
} as const;

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The environment settings of the reply channels a deployment may set (README "Reply channels"). */
export const MESSAGING_SETTINGS = [
  'SURVEY_CHANNEL_DEFAULTS',
  'SMS_SENDER_ID',
  'WHATSAPP_FROM',
  'WHATSAPP_DISPLAY_NAME',
  'WHATSAPP_TEMPLATES',
  'REPLY_BASE_URL',
] as const;

export interface AlaturiStackProps extends StackProps {
  /** The gross minimum wage that caps a voucher advance (DOMAIN.md); changes by government decision. */
  minGrossSalaryRon?: number;
  /** Import an existing Twilio secret by name instead of creating one with placeholder values. */
  twilioSecretName?: string;
  /** The URL Twilio calls, when a custom domain fronts the API; the API's own URL otherwise. */
  publicBaseUrl?: string;
  /** The console's Cognito Hosted UI domain prefix (unique in the region); `<stack name>-console` by default. */
  consoleDomainPrefix?: string;
  /**
   * The reply channels' settings (cdk.json context `messaging`), passed to every function as they are and
   * checked by shared/config.ts at each cold start: a forbidden word in a sender name stops the function.
   */
  messaging?: Partial<Record<(typeof MESSAGING_SETTINGS)[number], string>>;
  /** X-Ray active tracing on every function (default on). */
  tracing?: boolean;
  logRetention?: logs.RetentionDays;
  throttle?: Throttle;
  /** Per-route throttles by class of caller (cdk.json context `throttles`); see ROUTE_THROTTLES. */
  routeThrottles?: Partial<RouteThrottles>;
  /** The route table; tests may pass another. */
  routes?: readonly RouteDefinition[];
  /**
   * IAM principals (ARNs) that administer the data key: manage, rotate, schedule deletion, but never encrypt or
   * decrypt. Default: the account (IAM policies then decide who administers).
   */
  keyAdministratorArns?: readonly string[];
  /**
   * Cognito's invitations and recovery codes through SES (cdk.json context `sesFromEmail`, `sesFromName`,
   * `sesRegion`): the address or its domain must be a verified SES identity. Without it Cognito's own sender
   * is used, which sends 50 e-mails a day: enough to try the stack, not to run it.
   */
  sesEmail?: { fromEmail: string; fromName?: string; replyTo?: string; sesRegion?: string };
  /** Who receives the alarms (cdk.json context `alarmEmails`); each confirms the SNS subscription once. */
  alarmEmails?: readonly string[];
  /** Alarm levels (cdk.json context `alarms`), over DEFAULT_ALARM_THRESHOLDS. */
  alarmThresholds?: Partial<AlarmThresholds>;
  /** AWS Backup retention (cdk.json context `backupPlan`), over DEFAULT_BACKUP_PLAN. */
  backupPlan?: Partial<BackupPlanSettings>;
}

export interface Throttle {
  rateLimit: number;
  burstLimit: number;
}
export type ThrottleClass = 'staff' | 'twilio' | 'health' | 'public';
export type RouteThrottles = Record<ThrottleClass, Throttle>;

/**
 * Each route has its own token bucket, sized for who calls it (README "Throttles"): a burst of Twilio status
 * callbacks or of /health probes cannot use up what coordinators need, and the unauthenticated routes get the
 * least. Staff: a few hundred users whose console pages make a handful of calls each. Twilio: up to ~4 status
 * callbacks per SMS while the sender sends up to 50 at once. Health: a monitor's probes, nothing more.
 */
export const ROUTE_THROTTLES: RouteThrottles = {
  staff: { rateLimit: 50, burstLimit: 100 },
  twilio: { rateLimit: 100, burstLimit: 200 },
  health: { rateLimit: 2, burstLimit: 5 },
  public: { rateLimit: 5, burstLimit: 10 },
};

export function throttleClassOf(route: RouteDefinition): ThrottleClass {
  if (route.path === '/health') return 'health';
  if (route.access.kind === 'twilio') return 'twilio';
  return route.access.kind === 'roles' ? 'staff' : 'public';
}

/**
 * What a key administrator may do with the data key: everything but use it. No kms:Decrypt, Encrypt,
 * GenerateDataKey*, ReEncrypt* and no CreateGrant (a grant to oneself would be use by another name).
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:UpdateAlias',
  'kms:DescribeKey',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:RotateKeyOnDemand',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RetireGrant',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateKeyDescription',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

type Functions = Record<LambdaName, NodejsFunction>;

export class AlaturiStack extends Stack {
  readonly key: kms.Key;
  readonly tables: { coordination: DefinedTable; insights: DefinedTable; audit: DefinedTable };
  readonly pepperSecret: secretsmanager.Secret;
  readonly twilioSecret: secretsmanager.ISecret;
  readonly users: UserDirectory;
  readonly functions: Functions;
  readonly api: ServiceApi;
  readonly senderFailures: sqs.Queue;
  readonly operations: Operations;
  readonly console: ConsoleSite;
  readonly consoleClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: AlaturiStackProps = {}) {
    super(scope, id, props);
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;

    this.key = new kms.Key(this, 'DataKey', {
      description: 'Alaturi: tables, personal-data envelope encryption',
      // Named after the stack, so a second stage (another stack name) can deploy in the same account.
      alias: `alias/${this.stackName}-data`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Replaces the default policy (kms:* for the account root); use statements follow the grants (keyPolicy).
      policy: this.keyAdministration(props.keyAdministratorArns),
    });

    this.tables = {
      coordination: this.table('CoordinationTable', COORDINATION_TABLE),
      insights: this.table('InsightsTable', INSIGHTS_TABLE),
      audit: this.table('AuditTable', AUDIT_TABLE),
    };

    this.pepperSecret = new secretsmanager.Secret(this, 'HmacPepper', {
      description: 'Alaturi: pepper of hmac(phone) for opt-outs and survey sessions. Never rotate it.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.pepperSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The pepper keys every hmac(phone) in the InsightsTable (opt-outs, survey sessions): rotating it would silently forget every STOP.',
    });
    this.twilioSecret = props.twilioSecretName
      ? secretsmanager.Secret.fromSecretNameV2(this, 'TwilioCredentials', props.twilioSecretName)
      : this.createTwilioSecret();

    this.users = new UserDirectory(this, 'Users', { email: this.staffEmail(props.sesEmail) });
    // The console's Hosted UI client; its callback is on this API, known once the API exists (hence Lazy).
    this.consoleClient = consoleClient(
      this.users.userPool,
      Lazy.string({ produce: () => props.publicBaseUrl ?? this.api.httpApi.apiEndpoint }),
    );

    this.functions = this.createFunctions(props, logRetention);
    this.keyPolicy(this.grantAccess());
    this.grantMailSend(props.sesEmail);
    this.senderFailures = this.wireJobs();

    this.api = new ServiceApi(this, 'Api', {
      routes: props.routes ?? routeTable,
      functions: {
        coordination: this.functions.coordination,
        sms: this.functions.sms,
        exports: this.functions.exports,
      },
      userPool: this.users.userPool,
      client: this.users.client,
      otherClients: [this.consoleClient],
      logRetention,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
    });
    this.throttleRoutes(props.routes ?? routeTable, { ...ROUTE_THROTTLES, ...props.routeThrottles });
    const publicBaseUrl = props.publicBaseUrl ?? this.api.httpApi.apiEndpoint;
    for (const fn of Object.values(this.functions)) fn.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl);
    this.console = new ConsoleSite(this, 'Console', {
      httpApi: this.api.httpApi,
      fn: this.functions.console,
      userPool: this.users.userPool,
      client: this.consoleClient,
      domainPrefix:
        props.consoleDomainPrefix ?? `${this.stackName.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-console`,
    });

    this.operations = new Operations(this, 'Operations', {
      alarmEmails: props.alarmEmails ?? [],
      thresholds: { ...DEFAULT_ALARM_THRESHOLDS, ...props.alarmThresholds },
      backupPlan: { ...DEFAULT_BACKUP_PLAN, ...props.backupPlan },
      tables: {
        Coordination: this.tables.coordination.table,
        Insights: this.tables.insights.table,
        Audit: this.tables.audit.table,
      },
      httpApi: this.api.httpApi,
      sender: this.functions['send-messages'],
      dailyJobs: this.functions['daily-jobs'],
      deadLetterQueue: this.senderFailures,
    });

    this.acknowledgeComplianceFindings();

    new CfnOutput(this, 'ApiUrl', { value: publicBaseUrl });
    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.users.client.userPoolClientId });
    new CfnOutput(this, 'TwilioSecretArn', { value: this.twilioSecret.secretArn });
    new CfnOutput(this, 'SenderFailureQueueUrl', { value: this.senderFailures.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.operations.dashboard.dashboardName });
  }

  private table(id: string, definition: TableDefinition): DefinedTable {
    const attribute = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    const table = new dynamodb.TableV2(this, id, {
      partitionKey: attribute(definition.partitionKey),
      sortKey: attribute(definition.sortKey),
      globalSecondaryIndexes: definition.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
      })),
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: definition.timeToLiveAttribute,
      // The sender reads only what an insert wrote (sendInsertedMessages): no old image, no personal data twice.
      dynamoStream: definition.stream ? dynamodb.StreamViewType.NEW_IMAGE : undefined,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    return { table, definition };
  }

  private createTwilioSecret(): secretsmanager.Secret {
    // Placeholders, set after deploy; the auth token is random until then, so no webhook signature verifies.
    const secret = new secretsmanager.Secret(this, 'TwilioCredentials', {
      description:
        'Alaturi: Twilio {accountSid, authToken, messagingServiceSid}. Set the real values after deploy.',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({
          accountSid: 'SET_AFTER_DEPLOY',
          messagingServiceSid: 'SET_AFTER_DEPLOY',
        }),
        generateStringKey: 'authToken',
        passwordLength: 32,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "Twilio's auth token is rotated in Twilio's console (primary/secondary token), then pasted here; Secrets Manager cannot rotate it.",
    });
    return secret;
  }

  private createFunctions(props: AlaturiStackProps, logRetention: logs.RetentionDays): Functions {
    const { coordination, insights, audit } = this.tables;
    const base: Record<string, string> = {
      STAGE: 'aws',
      COORDINATION_TABLE: coordination.table.tableName,
      INSIGHTS_TABLE: insights.table.tableName,
      AUDIT_TABLE: audit.table.tableName,
      KMS_KEY_ID: this.key.keyArn,
      JWT_ISSUER: this.users.issuer,
      JWT_AUDIENCE: this.users.client.userPoolClientId,
      JWT_CONSOLE_AUDIENCE: this.consoleClient.userPoolClientId,
      JWT_JWKS_URL: this.users.jwksUrl,
      MIN_GROSS_SALARY_RON: String(props.minGrossSalaryRon ?? 4050),
    };
    for (const name of MESSAGING_SETTINGS) {
      const value = props.messaging?.[name];
      if (value !== undefined) base[name] = value;
    }
    const pepper = { HMAC_PEPPER_SECRET_ARN: this.pepperSecret.secretArn };
    // An imported secret's ARN is partial (no random suffix): name it instead; GetSecretValue takes either.
    const twilio = { TWILIO_SECRET_ARN: props.twilioSecretName ?? this.twilioSecret.secretArn };
    // Only functions that can read a secret are told where it is.
    const extraEnvironment: Record<LambdaName, Record<string, string>> = {
      coordination: pepper,
      sms: { ...pepper, ...twilio },
      exports: {},
      'send-messages': {
        ...pepper,
        ...twilio,
        SEND_BATCH_LIMIT: String(SENDER_RUN.batchLimit),
        SEND_CONCURRENCY: String(SENDER_RUN.concurrency),
        SEND_DEADLINE_MARGIN_MS: String(SENDER_RUN.deadlineMarginMs),
        // Notification e-mail goes out from the identity Cognito's e-mail uses (cdk.json `sesFromEmail`).
        ...(props.sesEmail
          ? {
              MAIL_FROM: props.sesEmail.fromEmail,
              ...(props.sesEmail.sesRegion ? { SES_REGION: props.sesEmail.sesRegion } : {}),
            }
          : {}),
      },
      'daily-jobs': {},
      console: {},
    };
    const descriptions: Record<LambdaName, string> = {
      coordination: 'Alaturi coordination API: cases, hearings, protection, vouchers, invitations, audit',
      sms: 'Alaturi Twilio webhooks: inbound replies (TwiML) and delivery callbacks',
      exports: 'Alaturi analyst exports: counters only, no access to the CoordinationTable',
      'send-messages':
        'Alaturi outbox sender: delivers pending SMS and notification e-mail (stream trigger and 5-minute sweep)',
      'daily-jobs': 'Alaturi daily jobs: expires lapsed vouchers, counts open cases into the period',
      console: 'Alaturi web console: renders pages, holds sessions, calls the API with the user token',
    };

    // X-Ray on by default (issue 20): traces carry ids and timings, never a request body.
    const tracing = props.tracing ?? true;
    const functions: Partial<Functions> = {};
    for (const { name, entry, kind } of lambdaEntries) {
      const role = new iam.Role(this, `Role-${name}`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `Alaturi ${name} function: only the grants its bounded context needs`,
      });
      const logGroup = new logs.LogGroup(this, `Logs-${name}`, {
        retention: logRetention,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      // Instead of AWSLambdaBasicExecutionRole (logs:* on every group): write to this function's group only.
      logGroup.grantWrite(role);

      const fn = new NodejsFunction(this, `Function-${name}`, {
        description: descriptions[name],
        entry: join(PROJECT_ROOT, entry),
        handler: 'handler',
        projectRoot: PROJECT_ROOT,
        depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 512,
        timeout:
          name === 'send-messages'
            ? Duration.seconds(SENDER_RUN.timeoutSeconds)
            : kind === 'api'
              ? Duration.seconds(10)
              : Duration.seconds(60),
        // The sender's fits its batch (SENDER_RUN); the daily jobs never need two runs at once.
        reservedConcurrentExecutions:
          name === 'send-messages' ? SENDER_RUN.reservedConcurrency : name === 'daily-jobs' ? 1 : undefined,
        role,
        logGroup,
        tracing: tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
        environment: { ...base, ...extraEnvironment[name] },
        bundling: {
          format: OutputFormat.ESM,
          target: esbuildOptions.target,
          minify: esbuildOptions.minify,
          sourceMap: esbuildOptions.sourcemap,
          mainFields: esbuildOptions.mainFields,
          externalModules: esbuildOptions.external,
          banner: esbuildOptions.banner.js,
          // The coordination function serves /openapi.json from a file generated at synth (public-handlers.ts).
          commandHooks:
            name === 'coordination'
              ? {
                  beforeBundling: () => [],
                  beforeInstall: () => [],
                  afterBundling: (_input: string, output: string) => [
                    `cp "${openApiDocumentFile()}" "${output}/openapi.json"`,
                  ],
                }
              : undefined,
        },
      });
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          'nodejs22.x is the runtime the project targets and tests (Node 22 LTS, supported by Lambda); a newer major is adopted deliberately, not by default.',
      });
      if (tracing) {
        Validations.of(role).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions.',
        });
      }
      functions[name] = fn;
    }
    return functions as Functions;
  }

  /** The permission matrix of DESIGN.md, one block per function. Tests assert each line. */
  private grantAccess(): TableAccess[] {
    const { coordination, insights, audit } = this.tables;
    const granted: TableAccess[] = [];
    const access = (name: LambdaName) => {
      const table = new TableAccess(this.functions[name].role as iam.IRole, this.key);
      granted.push(table);
      return table;
    };

    // Coordination API: the case files, the counters they move, the audit trail (append and query only).
    // On the InsightsTable it reads survey definitions and checks an invitation's opt-out, and otherwise only
    // writes what its code moves: a new version of a definition, the session an invitation starts, the
    // invitation and indicator counters, voucher amounts, the language of a case's phones (deleted when a
    // phone leaves the case). It cannot read a session or a response (IAM LeadingKeys, RETURN_NOTHING).
    access('coordination')
      .readWrite(coordination)
      .items(insights, ['dynamodb:GetItem', 'dynamodb:Query'], COORDINATION_INSIGHTS.read)
      .items(insights, ['dynamodb:ConditionCheckItem'], COORDINATION_INSIGHTS.check)
      .items(insights, ['dynamodb:BatchGetItem'], COORDINATION_INSIGHTS.optOutRead)
      .items(insights, ['dynamodb:PutItem'], COORDINATION_INSIGHTS.put)
      .items(insights, ['dynamodb:UpdateItem'], COORDINATION_INSIGHTS.update)
      .items(insights, TABLE_DELETE_ACTIONS, COORDINATION_INSIGHTS.delete)
      .write(audit, ['dynamodb:PutItem'])
      .read(audit, ['dynamodb:Query'])
      .envelope();
    this.pepperSecret.grantRead(this.functions.coordination);

    // SMS webhook: sessions, opt-outs, responses and counters; it never reads a case. Twilio's delivery
    // callbacks (/sms/status) set the delivery fields of the outbox message the callback URL names
    // (shared/data/outbox-repository.ts recordDeliveryStatus): that update, and nothing else, on the
    // CoordinationTable.
    // Free-text answers are sealed with a data key before they are stored (survey-repository.ts): the webhook
    // may generate data keys, never unwrap one, so it cannot read back what a person typed.
    // On the InsightsTable, only the partitions of the survey conversation and the opt-out list (LeadingKeys):
    // it writes responses and never reads one back.
    access('sms')
      .items(insights, ['dynamodb:GetItem', 'dynamodb:BatchGetItem'], SMS_INSIGHTS.read)
      .items(insights, ['dynamodb:PutItem'], SMS_INSIGHTS.put)
      .items(insights, ['dynamodb:UpdateItem'], SMS_INSIGHTS.update)
      .items(insights, TABLE_DELETE_ACTIONS, SMS_INSIGHTS.delete)
      .updateAttributes(coordination, DELIVERY_STATUS_ATTRIBUTES)
      // The phone pointers (PHONE#<hmac>): which case a phone belongs to, for alerts and the duress word.
      .onLeadingKeys(coordination, ['dynamodb:GetItem', 'dynamodb:Query'], phonePointerKeys.leadingKeyPattern)
      // On a pointer's case (shared/services/case-contact.ts), and no more than this: Put an alert or an
      // inbound message (those attributes only; the text sealed with a data key it cannot unwrap), list the
      // case's messages by key and status (a projection: nothing else of any item is readable), and move a
      // pending message to held. IAM cannot name a sort-key prefix, so the attribute lists are the fence.
      .onLeadingKeys(coordination, ['dynamodb:PutItem'], 'CASE#*', { names: SMS_CASE_PUT_ATTRIBUTES })
      .onLeadingKeys(coordination, ['dynamodb:Query'], 'CASE#*', {
        names: HOLD_READ_ATTRIBUTES,
        select: true,
      })
      .onLeadingKeys(coordination, ['dynamodb:UpdateItem'], 'CASE#*', { names: HOLD_ATTRIBUTES })
      .envelope(['kms:GenerateDataKey']);
    this.pepperSecret.grantRead(this.functions.sms);
    this.twilioSecret.grantRead(this.functions.sms);

    // Exports: counters only (AGG#, IND#, VAMT#), each partition read whole by Query; IAM refuses any other
    // partition. No grant on the CoordinationTable, so anonymity holds by construction.
    access('exports').items(insights, ['dynamodb:Query'], EXPORTS_INSIGHTS.read);

    // Sender: claims and updates messages, decrypts the recipient, checks the opt-out list.
    access('send-messages')
      .readWrite(coordination)
      .items(insights, ['dynamodb:GetItem', 'dynamodb:BatchGetItem'], SENDER_INSIGHTS.read)
      .envelope();
    this.pepperSecret.grantRead(this.functions['send-messages']);
    this.twilioSecret.grantRead(this.functions['send-messages']);

    // Daily jobs: voucher expiry reads and rewrites voucher items (envelope-encrypted fields); the period
    // rollover rewrites open cases and moves their indicator counters (IND# items: those attributes only).
    access('daily-jobs')
      .readWrite(coordination)
      .updateAttributes(insights, INDICATOR_COUNTER_ATTRIBUTES, DAILY_JOBS_INSIGHTS.update)
      .envelope();
    return granted;
  }

  /**
   * Notification e-mail (issue 14 point 7): ses:SendEmail for the sender alone, on the configured identity (the
   * address, or its domain when the domain is the verified identity) and from that address only. Without
   * `sesFromEmail` there is no grant: each e-mail fails as mail_not_configured (shared/mail/outbound-mail.ts).
   */
  private grantMailSend(ses: AlaturiStackProps['sesEmail']): void {
    if (!ses) return;
    const region = ses.sesRegion ?? this.region;
    const domain = ses.fromEmail.slice(ses.fromEmail.indexOf('@') + 1);
    const identity = (name: string) =>
      this.formatArn({ service: 'ses', region, resource: 'identity', resourceName: name });
    this.functions['send-messages'].addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [identity(ses.fromEmail), identity(domain)],
        conditions: { StringEquals: { 'ses:FromAddress': ses.fromEmail } },
      }),
    );
  }

  /**
   * What the NIST 800-53 rev 5, HIPAA Security and Serverless packs still report, each with the reason it
   * stays (issue 20; test/infra/stack.test.ts runs the packs and prints the counts).
   */
  private acknowledgeComplianceFindings(): void {
    const acknowledge = (scope: IConstruct, rules: string[], reason: string) => {
      for (const id of rules) Validations.of(scope).acknowledge({ id, reason });
    };
    const [nist, hipaa] = ['NIST.800.53.R5', 'HIPAA.Security'];
    const both = (rule: string) => [`${nist}-${rule}`, `${hipaa}-${rule}`];

    for (const secret of [this.pepperSecret, this.twilioSecret]) {
      acknowledge(
        secret,
        both('SecretsManagerUsingKMSKey'),
        "Who reads the secret is decided by IAM grants to two or three named function roles; Secrets Manager's AWS managed key adds no reader, and a customer key would add a second key policy to keep in step with the same roles.",
      );
    }
    acknowledge(
      this.pepperSecret,
      both('SecretsManagerRotationEnabled'),
      'The pepper keys every hmac(phone) in the InsightsTable (opt-outs, survey sessions): rotating it would silently forget every STOP.',
    );
    acknowledge(
      this.twilioSecret,
      both('SecretsManagerRotationEnabled'),
      "Twilio's auth token is rotated in Twilio's console (secondary token promoted), then pasted here; the functions re-read the secret every 5 minutes and at once when Twilio rejects the cached token.",
    );
    for (const [name, fn] of Object.entries(this.functions) as [LambdaName, NodejsFunction][]) {
      acknowledge(
        fn.role as iam.Role,
        both('IAMNoInlinePolicy'),
        'One role per function, and its policy belongs to that role alone: an inline policy cannot be attached to another role by mistake, which a managed policy could.',
      );
      acknowledge(
        fn,
        [...both('LambdaInsideVPC')],
        'The functions reach only AWS APIs (DynamoDB, KMS, Secrets Manager) and Twilio, all over TLS with IAM or signed requests; there is no private resource to protect, and a VPC would add NAT gateways and cold-start time.',
      );
      acknowledge(
        fn,
        ['Serverless-LambdaLatestVersion'],
        'nodejs22.x is the runtime the project targets and tests (Node 22 LTS, supported by Lambda); a newer major is adopted deliberately, not by default.',
      );
      const api = name === 'coordination' || name === 'sms' || name === 'exports' || name === 'console';
      acknowledge(
        fn,
        [...both('LambdaDLQ'), 'Serverless-LambdaDLQ'],
        api
          ? 'Invoked synchronously by API Gateway only: a failure is the HTTP response, there is no asynchronous event to keep.'
          : 'Asynchronous failures go to the on-failure destination (EventInvokeConfig to the encrypted failures queue), which keeps the error with the event; a dead-letter queue would duplicate it.',
      );
      if (api) {
        acknowledge(
          fn,
          both('LambdaConcurrency'),
          'An API function is limited by the per-route throttles of the HTTP API; reserved concurrency would reject staff requests below those limits and take capacity from the account pool for nothing.',
        );
      }
    }
    for (const logGroup of [
      ...lambdaEntries.map(({ name }) => this.node.findChild(`Logs-${name}`)),
      this.api.accessLogs,
    ]) {
      acknowledge(
        logGroup,
        both('CloudWatchLogGroupEncrypted'),
        'Log lines carry ids, counts and timings only (shared/logger.ts redacts numbers and tokens; test/integration/log-leaks.test.ts checks it), and CloudWatch Logs encrypts them at rest; a customer key would guard no personal data.',
      );
    }
    acknowledge(
      this.senderFailures,
      ['Serverless-SQSRedrivePolicy'],
      'The failures queue is the last stop of the stream trigger and the scheduled functions: an operator reads it (and its alarm) and nothing consumes it, so there is nothing to redrive.',
    );
  }

  /** Staff e-mail (issue 20): SES when configured, with a synth warning when not. */
  private staffEmail(ses: AlaturiStackProps['sesEmail']): cognito.UserPoolEmail | undefined {
    if (!ses) {
      Annotations.of(this).addWarningV2(
        'alaturi:cognito-default-email',
        'Cognito sends staff e-mail with its default sender (50 a day): set sesFromEmail in cdk.json.',
      );
      return undefined;
    }
    return cognito.UserPoolEmail.withSES({
      fromEmail: ses.fromEmail,
      fromName: ses.fromName ?? 'Alaturi',
      replyTo: ses.replyTo,
      sesRegion: ses.sesRegion ?? this.region,
    });
  }

  /**
   * Throttles per route (issue 20): every deployed route gets the rate and burst of its class. The stage's
   * default (props.throttle) stays as the limit of any route added without a class.
   */
  private throttleRoutes(routes: readonly RouteDefinition[], throttles: RouteThrottles): void {
    const stage = this.api.stage.node.defaultChild as apigw.CfnStage;
    const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of deployedRoutes(routes)) {
      const { rateLimit, burstLimit } = throttles[throttleClassOf(route)];
      settings[`${route.method} ${route.path}`] = {
        ThrottlingRateLimit: rateLimit,
        ThrottlingBurstLimit: burstLimit,
      };
    }
    stage.routeSettings = settings;
    // Route settings name route keys, which must exist before the stage is updated.
    for (const child of this.api.node.children) {
      if (child instanceof apigw.HttpRoute) stage.node.addDependency(child);
    }
  }

  /**
   * The data key's policy, part 1 (issue 20): administrators manage the key and cannot use it. CloudFormation
   * (or whoever creates the tables) may let DynamoDB create its grants for the tables, and nothing more.
   */
  private keyAdministration(adminArns: readonly string[] | undefined): iam.PolicyDocument {
    const admins =
      adminArns && adminArns.length > 0
        ? adminArns.map((arn) => new iam.ArnPrincipal(arn))
        : [new iam.AccountRootPrincipal()];
    return new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'KeyAdministrationWithoutUse',
          principals: admins,
          actions: KEY_ADMIN_ACTIONS,
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'TableGrantsForDynamoDb',
          principals: [new iam.AccountRootPrincipal()],
          actions: ['kms:CreateGrant'],
          resources: ['*'],
          conditions: {
            StringEquals: {
              'kms:ViaService': `dynamodb.${this.region}.amazonaws.com`,
              'kms:CallerAccount': this.account,
            },
            Bool: { 'kms:GrantIsForAWSResource': 'true' },
          },
        }),
      ],
    });
  }

  /**
   * The data key's policy, part 2: use by the function roles only, as granted in grantAccess. Through DynamoDB
   * each role gets the actions its table grants need; directly (the envelope cipher) only with the
   * encryption context the cipher always passes, so a bare Decrypt of a stolen data key fails.
   */
  private keyPolicy(granted: readonly TableAccess[]): void {
    const viaDynamoDb = { StringEquals: { 'kms:ViaService': `dynamodb.${this.region}.amazonaws.com` } };
    granted.forEach(({ keyUse }, index) => {
      if (keyUse.throughDynamoDb.length > 0) {
        this.key.addToResourcePolicy(
          new iam.PolicyStatement({
            sid: `UseThroughDynamoDb${index}`,
            principals: [keyUse.role],
            actions: [...keyUse.throughDynamoDb].sort(),
            resources: ['*'],
            conditions: viaDynamoDb,
          }),
        );
      }
      if (keyUse.direct.length > 0) {
        this.key.addToResourcePolicy(
          new iam.PolicyStatement({
            sid: `UseDirectlyWithContext${index}`,
            principals: [keyUse.role],
            actions: keyUse.direct,
            resources: ['*'],
            conditions: ENVELOPE_CONTEXT_CONDITION,
          }),
        );
      }
    });
  }

  /** The outbox triggers (DESIGN.md): the stream sends immediate messages, the sweep the scheduled ones. */
  private wireJobs(): sqs.Queue {
    const sender = this.functions['send-messages'];
    const failures = new sqs.Queue(this, 'SenderFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself the last stop: the stream trigger's on-failure destination (batch pointers), the scheduled functions' async on-failure destination (the event and the error) and EventBridge's dead-letter queue; nothing is retried from it automatically.",
    });
    this.routeAsyncFailures(failures);

    sender.addEventSource(
      new DynamoEventSource(this.tables.coordination.table, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 25,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 3,
        onFailure: new SqsDlq(failures),
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: {
              NewImage: {
                entity: { S: lambda.FilterRule.isEqual('message') },
                status: { S: lambda.FilterRule.isEqual('pending') },
              },
            },
          }),
        ],
      }),
    );

    new events.Rule(this, 'SenderSweep', {
      description: 'Alaturi: send scheduled reminders and retries every 5 minutes',
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [
        new targets.LambdaFunction(sender, {
          retryAttempts: 2,
          maxEventAge: Duration.minutes(5),
          deadLetterQueue: failures,
        }),
      ],
    });
    new events.Rule(this, 'DailyVoucherExpiry', {
      description: 'Alaturi: expire lapsed vouchers daily, after midnight in Bucharest',
      schedule: events.Schedule.cron({ minute: '30', hour: '0' }),
      targets: [
        new targets.LambdaFunction(this.functions['daily-jobs'], {
          retryAttempts: 2,
          maxEventAge: Duration.hours(2),
          deadLetterQueue: failures,
        }),
      ],
    });
    return failures;
  }

  /**
   * No silent loss (issue 20): when a scheduled function itself throws, Lambda retries the asynchronous
   * invocation, then sends the event and the error to the failures queue. EventBridge's dead-letter queue
   * catches only a failed delivery, never a function error.
   */
  private routeAsyncFailures(failures: sqs.Queue): void {
    const asyncOptions = {
      retryAttempts: 2,
      onFailure: new destinations.SqsDestination(failures),
    };
    // A sweep older than the next one is worth nothing: the next sweep sees the same due messages.
    this.functions['send-messages'].configureAsyncInvoke({
      ...asyncOptions,
      maxEventAge: Duration.minutes(5),
    });
    this.functions['daily-jobs'].configureAsyncInvoke({ ...asyncOptions, maxEventAge: Duration.hours(6) });
  }
}
