// The environment, parsed once with zod at cold start: a missing or wrong setting fails the start, not a request.
import * as z from 'zod';

const csvNumbers = z
  .string()
  .regex(/^\d+(,\d+)*$/)
  .transform((s) => s.split(',').map(Number));

const ConfigSchema = z.object({
  STAGE: z.enum(['local', 'test', 'aws']).default('local'),
  AWS_REGION: z.string().default('eu-central-1'),
  DYNAMODB_ENDPOINT: z.url().optional(),
  COORDINATION_TABLE: z.string().min(1).default('alaturi-coordination'),
  INSIGHTS_TABLE: z.string().min(1).default('alaturi-insights'),
  AUDIT_TABLE: z.string().min(1).default('alaturi-audit'),

  /** Token verification: a JWKS URL (Cognito) or, locally, the issuer's public keys inline. */
  JWT_ISSUER: z.string().min(1).default('alaturi-local'),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_JWKS_URL: z.url().optional(),
  JWT_PUBLIC_JWKS: z.string().optional(),

  /** Envelope encryption of personal data: a KMS key in AWS, a local 32-byte key (base64) elsewhere. */
  KMS_KEY_ID: z.string().optional(),
  PERSONAL_DATA_KEY: z.string().optional(),
  /** The pepper of hmac(phone): a Secrets Manager secret in AWS, the environment locally. */
  HMAC_PEPPER_SECRET_ARN: z.string().optional(),
  HMAC_PEPPER: z.string().min(16).optional(),

  TWILIO_SECRET_ARN: z.string().optional(),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_MESSAGING_SERVICE_SID: z.string().optional(),
  TWILIO_BASE_URL: z.url().optional(),
  /** The public URL Twilio calls, used to check X-Twilio-Signature (the signature covers the URL). */
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  SMS_TRANSLITERATE: z.stringbool().default(false),

  MIN_GROSS_SALARY_RON: z.coerce.number().int().positive().default(4050),
  VOUCHER_VALIDITY_DAYS: z.coerce.number().int().positive().default(90),
  REMINDER_OFFSETS_HOURS: csvNumbers.default([72, 24]),
  QUIET_HOURS_START: z
    .string()
    .regex(/^\d\d:\d\d$/)
    .default('21:00'),
  QUIET_HOURS_END: z
    .string()
    .regex(/^\d\d:\d\d$/)
    .default('08:00'),
  TIME_ZONE: z.string().default('Europe/Bucharest'),
  SUPPRESSION_K: z.coerce
    .number()
    .int()
    .min(3, 'k below 3 would publish cells small enough to single a person out')
    .default(5),
  SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Backoff after a transient send failure: base, 2 base, 4 base ... up to the cap (seconds). */
  SEND_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).default(60),
  SEND_RETRY_MAX_SECONDS: z.coerce.number().int().min(1).default(3600),
  /** A message claimed longer ago than this belongs to a crashed sender and is retried (minutes). */
  SEND_CLAIM_TIMEOUT_MINUTES: z.coerce.number().int().min(1).default(10),
  /** Most messages one sender run handles, and how many it sends at once. */
  SEND_BATCH_LIMIT: z.coerce.number().int().min(1).default(1000),
  SEND_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(10),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(65_536),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
});

export type Config = z.infer<typeof ConfigSchema>;

let cached: Config | undefined;

export function getConfig(): Config {
  if (!cached) {
    const parsed = ConfigSchema.safeParse(process.env);
    if (!parsed.success) {
      const fields = parsed.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ');
      throw new Error(`Invalid configuration: ${fields}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Tests and the local runtime change the environment, then read it again. */
export function resetConfig(): void {
  cached = undefined;
}
