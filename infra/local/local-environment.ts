// The settings the local runtime and the tests give the service: local keys kept in .data/ (never committed),
// DynamoDB Local's endpoint, the local token issuer's public keys.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resetConfig } from '../../shared/config.ts';

export interface LocalSecrets {
  personalDataKey: string;
  pepper: string;
}

export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'local-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets = {
    personalDataKey: randomBytes(32).toString('base64'),
    pepper: randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

export const LOCAL_TABLES = {
  coordination: 'alaturi-coordination',
  insights: 'alaturi-insights',
  audit: 'alaturi-audit',
};

export function applyLocalEnvironment(settings: {
  stage: 'local' | 'test';
  dynamoEndpoint: string;
  secrets: LocalSecrets;
  publicJwks: string;
  issuer: string;
  publicBaseUrl: string;
  tables?: typeof LOCAL_TABLES;
}): void {
  const tables = settings.tables ?? LOCAL_TABLES;
  Object.assign(process.env, {
    STAGE: settings.stage,
    AWS_REGION: 'eu-central-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    DYNAMODB_ENDPOINT: settings.dynamoEndpoint,
    COORDINATION_TABLE: tables.coordination,
    INSIGHTS_TABLE: tables.insights,
    AUDIT_TABLE: tables.audit,
    PERSONAL_DATA_KEY: settings.secrets.personalDataKey,
    HMAC_PEPPER: settings.secrets.pepper,
    JWT_PUBLIC_JWKS: settings.publicJwks,
    JWT_ISSUER: settings.issuer,
    PUBLIC_BASE_URL: settings.publicBaseUrl,
    // Metrics are CloudWatch's embedded format on stdout: noise on a terminal. The e2e runtime turns them on,
    // so its scan of everything the server prints covers them too.
    POWERTOOLS_METRICS_DISABLED: process.env['POWERTOOLS_METRICS_DISABLED'] ?? 'true',
  });
  resetConfig();
}
