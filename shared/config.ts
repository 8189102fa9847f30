// The environment, parsed with zod when this module loads: a missing or wrong setting fails the start, not a request.
// The only module of shared/ and functions/ that reads process.env.
import * as z from 'zod/mini';
import './domain/zod-setup.ts';
import { LANGUAGES } from './domain/enums.ts';
import { type ChannelDefaults, parseChannelDefaults } from './domain/reply-channel.ts';
import { findForbiddenWords } from './sms/forbidden-words.ts';

const csvNumbers = z.pipe(
  z.string().check(z.regex(/^\d+(,\d+)*$/)),
  z.transform((s: string) => s.split(',').map(Number)),
);

/** A name or address a phone shows beside our messages: a forbidden word there tells the holder what they are about. */
const isDiscreet = (value: string) => findForbiddenWords(value.replace(/[./:_-]+/g, ' ')).length === 0;
const discreet = (what: string) =>
  z.refine<string>(
    isDiscreet,
    `${what} must not carry a word an SMS must never carry (shared/sms/forbidden-words.ts)`,
  );

const channelDefaults = z.pipe(
  z.string().check(
    z.superRefine((text, ctx) => {
      try {
        parseChannelDefaults(text);
      } catch (error) {
        ctx.issues.push({ code: 'custom', input: text, message: (error as Error).message });
      }
    }),
  ),
  z.transform((text: string): ChannelDefaults => parseChannelDefaults(text)),
);

/** `{"survey_invitation":{"ro":"HX...","en":"HX..."}}`: the approved WhatsApp content template per kind and language. */
const ContentSid = z.string().check(z.regex(/^HX[0-9a-fA-F]{32}$/, 'Must be a Twilio content SID (HX...)'));
const whatsappTemplates = z.pipe(
  z.pipe(
    z.string(),
    z.transform((text: string, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.issues.push({ code: 'custom', input: text, message: 'Must be JSON' });
        return z.NEVER;
      }
    }),
  ),
  z.record(z.string(), z.partialRecord(z.enum(LANGUAGES), ContentSid)),
);

const ConfigSchema = z.object({
  STAGE: z._default(z.enum(['local', 'test', 'aws']), 'local'),
  AWS_REGION: z._default(z.string(), 'eu-central-1'),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  COORDINATION_TABLE: z._default(z.string().check(z.minLength(1)), 'alaturi-coordination'),
  INSIGHTS_TABLE: z._default(z.string().check(z.minLength(1)), 'alaturi-insights'),
  AUDIT_TABLE: z._default(z.string().check(z.minLength(1)), 'alaturi-audit'),
  /** The console's sessions: the only table the console function may touch. */
  CONSOLE_SESSIONS_TABLE: z._default(z.string().check(z.minLength(1)), 'alaturi-console-sessions'),
  /** The HTTP API the console calls with the user's token; PUBLIC_BASE_URL when unset (same API). */
  CONSOLE_API_URL: z.optional(z.url()),
  /** Cognito Hosted UI for the console's sign-in in AWS (authorization code with PKCE). */
  COGNITO_DOMAIN: z.optional(z.url()),
  COGNITO_CLIENT_ID: z.optional(z.string().check(z.minLength(1))),

  /** Token verification: a JWKS URL (Cognito) or, locally, the issuer's public keys inline. */
  JWT_ISSUER: z._default(z.string().check(z.minLength(1)), 'alaturi-local'),
  JWT_AUDIENCE: z.optional(z.string().check(z.minLength(1))),
  /** The console's app client: its users' ID tokens reach the API through the console (CONSOLE.md). */
  JWT_CONSOLE_AUDIENCE: z.optional(z.string().check(z.minLength(1))),
  JWT_JWKS_URL: z.optional(z.url()),
  JWT_PUBLIC_JWKS: z.optional(z.string()),

  /** Envelope encryption of personal data: a KMS key in AWS, a local 32-byte key (base64) elsewhere. */
  KMS_KEY_ID: z.optional(z.string()),
  PERSONAL_DATA_KEY: z.optional(z.string()),
  /** The pepper of hmac(phone): a Secrets Manager secret in AWS, the environment locally. */
  HMAC_PEPPER_SECRET_ARN: z.optional(z.string()),
  HMAC_PEPPER: z.optional(z.string().check(z.minLength(16))),

  TWILIO_SECRET_ARN: z.optional(z.string()),
  /** Secrets are read again after this long (seconds), so a rotated Twilio token reaches warm containers. */
  SECRETS_CACHE_TTL_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(0)), 300),
  /** A rejected token forces a fresh read at most this often (seconds): forged signatures cost no reads. */
  SECRETS_MIN_REFRESH_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(0)), 30),
  TWILIO_ACCOUNT_SID: z.optional(z.string()),
  TWILIO_AUTH_TOKEN: z.optional(z.string()),
  TWILIO_MESSAGING_SERVICE_SID: z.optional(z.string()),
  TWILIO_BASE_URL: z.optional(z.url()),
  /** The public URL Twilio calls, used to check X-Twilio-Signature (the signature covers the URL). */
  PUBLIC_BASE_URL: z._default(z.url(), 'http://localhost:3000'),
  SMS_TRANSLITERATE: z._default(z.stringbool(), false),
  /** The verified SES identity notification e-mail is sent from (cdk.json `sesFromEmail`); required in AWS. */
  MAIL_FROM: z.optional(z.email()),
  /** The SES region when it is not the function's own (cdk.json `sesRegion`). */
  SES_REGION: z.optional(z.string()),
  /**
   * The alphanumeric sender ID the Messaging Service shows (Romania: one-way SMS only, under a registered
   * alphanumeric sender), and the WhatsApp display name: shown beside every message, so checked like a text.
   */
  SMS_SENDER_ID: z.optional(
    z
      .string()
      .check(
        z.regex(/^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/, 'Must be 1-11 letters, digits or spaces'),
        discreet('SMS_SENDER_ID'),
      ),
  ),
  WHATSAPP_DISPLAY_NAME: z.optional(z.string().check(z.minLength(1), discreet('WHATSAPP_DISPLAY_NAME'))),
  /** The WhatsApp sender (`whatsapp:+40...`) business-initiated messages go from. */
  WHATSAPP_FROM: z.optional(
    z.string().check(z.regex(/^whatsapp:\+[1-9]\d{6,14}$/, 'Must be whatsapp:+<E.164>')),
  ),
  WHATSAPP_TEMPLATES: z._default(whatsappTemplates, {}),
  /** Which reply channel an invitation uses when the coordinator names none, by the phone's country. */
  SURVEY_CHANNEL_DEFAULTS: z._default(channelDefaults, parseChannelDefaults('RO=web,*=sms')),
  /** Where the private reply links (`/r/{token}`) point; PUBLIC_BASE_URL when unset. Shown in the SMS. */
  REPLY_BASE_URL: z.optional(z.url().check(discreet('REPLY_BASE_URL'))),

  MIN_GROSS_SALARY_RON: z._default(z.coerce.number().check(z.int(), z.positive()), 4050),
  /**
   * Days from a measure's decision or review to its next review during prosecution: the default review date and
   * the due list's reminder. CPP art. 126(5) asks for review "at reasonable intervals" and sets no number, so
   * this is a reminder, never a cap on the date a prosecutor gives.
   */
  PROTECTION_REVIEW_DAYS: z._default(z.coerce.number().check(z.int(), z.positive()), 60),
  /**
   * The request kinds whose amounts add up under the advance cap (5 x MIN_GROSS_SALARY_RON). DOMAIN.md names
   * the cap for the voucher advance (HG 541/2023); whether the cash advance of Law 211/2004 art. 30 shares it
   * is not settled there, so it is configuration: `advance_voucher` by default, `advance_voucher,advance_cash` to add it.
   */
  ADVANCE_CAP_KINDS: z._default(
    z.pipe(
      z.string().check(z.regex(/^(advance_voucher|advance_cash)(,(advance_voucher|advance_cash))*$/)),
      z.transform((s: string) => s.split(',')),
    ),
    ['advance_voucher'],
  ),
  VOUCHER_VALIDITY_DAYS: z._default(z.coerce.number().check(z.int(), z.positive()), 90),
  REMINDER_OFFSETS_HOURS: z._default(csvNumbers, [72, 24]),
  QUIET_HOURS_START: z._default(z.string().check(z.regex(/^\d\d:\d\d$/)), '21:00'),
  QUIET_HOURS_END: z._default(z.string().check(z.regex(/^\d\d:\d\d$/)), '08:00'),
  TIME_ZONE: z._default(z.string(), 'Europe/Bucharest'),
  SUPPRESSION_K: z._default(
    z.coerce
      .number()
      .check(z.int(), z.gte(3, 'k below 3 would publish cells small enough to single a person out')),
    5,
  ),
  SEND_MAX_ATTEMPTS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(20)), 5),
  /** Backoff after a transient send failure: base, 2 base, 4 base ... up to the cap (seconds). */
  SEND_RETRY_BASE_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(1)), 60),
  SEND_RETRY_MAX_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(1)), 3600),
  /** A message claimed longer ago than this belongs to a crashed sender and is retried (minutes). */
  SEND_CLAIM_TIMEOUT_MINUTES: z._default(z.coerce.number().check(z.int(), z.gte(1)), 10),
  /** Most messages one sender run handles, and how many it sends at once. */
  SEND_BATCH_LIMIT: z._default(z.coerce.number().check(z.int(), z.gte(1)), 1000),
  SEND_CONCURRENCY: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), 10),
  /**
   * The sender claims no new message once the invocation has less time left than this (milliseconds): one
   * Twilio call (the gateway gives up after 10 s) and the markSent write that follows (up to 4 tries, ~1 s),
   * with slack. A message claimed and then cut off by the Lambda timeout would be sent twice (see
   * message-sender.ts); one never claimed simply waits for the next run.
   */
  SEND_DEADLINE_MARGIN_MS: z._default(z.coerce.number().check(z.int(), z.gte(0)), 15_000),
  MAX_BODY_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 65_536),
  LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']), 'INFO'),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Every wrong setting, each named, in one message: the operator fixes them all in one go. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${fields}`);
  }
  return parsed.data;
}

// Parsed when the module loads: a bad value throws during the import, so the Lambda's cold start (and
// `npm start`) stops with the setting's name instead of the first request failing.
let current: Config = parseConfig(process.env);

export function getConfig(): Config {
  return current;
}

/** The local runtime and tests set the environment after import, then read it again (and fail as a start would). */
export function resetConfig(): void {
  current = parseConfig(process.env);
}
