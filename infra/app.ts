// The CDK app: one stack in one region, checked by cdk-nag's AWS Solutions, NIST 800-53 rev 5, HIPAA Security
// and Serverless rules on every synth.
// Context (cdk.json or -c): stackName, region, minGrossSalaryRon, twilioSecretName, publicBaseUrl, messaging, tracing, throttles
// (per-route rate and burst by class: staff, twilio, health, public), keyAdministratorArns, sesFromEmail,
// sesFromName, sesRegion (Cognito's e-mail through SES), alarmEmails, alarms (thresholds), backupPlan.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import { AlaturiStack, type RouteThrottles } from './alaturi-stack.ts';

const app = new App();
const context = (key: string): string | undefined => {
  const value = app.node.tryGetContext(key);
  return value === undefined || value === null || value === '' ? undefined : String(value);
};

function jsonContext(key: string): unknown {
  const value = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? JSON.parse(value) : value;
}

// A TableV2 with a customer-managed key needs a concrete region at synth time. The `region` context (cdk.json,
// or -c region=...) decides; CDK_DEFAULT_REGION, which the CDK CLI fills from the caller's profile, only when no
// context names one: victims' data goes where the repository says, not where a shell happens to point.
const region = context('region') ?? process.env['CDK_DEFAULT_REGION'] ?? 'eu-central-1';
const minGrossSalary = context('minGrossSalaryRon');
const sesFromEmail = context('sesFromEmail');

// One stack per stage: the key alias and other names derive from it (-c stackName=AlaturiStaging).
new AlaturiStack(app, context('stackName') ?? 'Alaturi', {
  env: { region, account: process.env['CDK_DEFAULT_ACCOUNT'] },
  description: 'Alaturi: coordination of support for trafficking victims in criminal proceedings',
  minGrossSalaryRon: minGrossSalary === undefined ? undefined : Number(minGrossSalary),
  twilioSecretName: context('twilioSecretName'),
  publicBaseUrl: context('publicBaseUrl'),
  // JSON object of the reply channels' settings (README "Reply channels"); objects become JSON strings.
  messaging: Object.fromEntries(
    Object.entries((jsonContext('messaging') ?? {}) as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === 'string' ? v : JSON.stringify(v),
    ]),
  ),
  tracing: context('tracing') !== 'false',
  // Objects from cdk.json arrive as objects; from -c as JSON text.
  routeThrottles: jsonContext('throttles') as Partial<RouteThrottles> | undefined,
  keyAdministratorArns: jsonContext('keyAdministratorArns') as string[] | undefined,
  sesEmail: sesFromEmail
    ? { fromEmail: sesFromEmail, fromName: context('sesFromName'), sesRegion: context('sesRegion') }
    : undefined,
  alarmEmails: jsonContext('alarmEmails') as string[] | undefined,
  alarmThresholds: jsonContext('alarms') as Record<string, number> | undefined,
  backupPlan: jsonContext('backupPlan') as Record<string, number> | undefined,
});

// cdk-nag 3 is a policy-validation plugin (it replaced the v2 Aspect): a violation fails the synth.
// The compliance packs run beside AwsSolutions; every remaining finding is acknowledged with its reason
// (alaturi-stack.ts acknowledgeComplianceFindings).
Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
  new NIST80053R5Checks(app, { verbose: true }),
  new HIPAASecurityChecks(app, { verbose: true }),
  new ServerlessChecks(app, { verbose: true }),
);
