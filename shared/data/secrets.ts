// Secrets: from Secrets Manager in AWS, from the environment locally. Never logged. Cached for
// SECRETS_CACHE_TTL_SECONDS, so a token rotated in Twilio and pasted into the secret reaches warm containers,
// and dropped at once when Twilio or a webhook signature says the cached Twilio token is stale.
import { getConfig } from '../config.ts';
import * as clock from '../domain/clock.ts';

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
  messagingServiceSid: string;
}

/** The Twilio secret still holds the values the stack created (or is malformed): nothing can be sent. */
export class TwilioNotConfiguredError extends Error {
  constructor(field: string) {
    super(
      `The Twilio secret is not set up (${field} is missing or a placeholder): put {accountSid, authToken, messagingServiceSid} in it (README "Deploy").`,
    );
    this.name = 'TwilioNotConfiguredError';
  }
}

/** Reads a secret's string by ARN or name; Secrets Manager in AWS, a stand-in in tests. */
export type SecretFetcher = (secretId: string) => Promise<string>;

const secretsManager: SecretFetcher = async (secretId) => {
  const m = await import('@aws-sdk/client-secrets-manager');
  client ??= new m.SecretsManagerClient({});
  const out = await client.send(new m.GetSecretValueCommand({ SecretId: secretId }));
  if (!out.SecretString) throw new Error('secret has no string value');
  return out.SecretString;
};
let client: import('@aws-sdk/client-secrets-manager').SecretsManagerClient | undefined;
let fetcher: SecretFetcher = secretsManager;

interface Cached {
  value: Promise<string>;
  fetchedAt: number;
}
const cache = new Map<string, Cached>();

function secretString(secretId: string): Promise<string> {
  const now = clock.now().getTime();
  const cached = cache.get(secretId);
  const age = cached ? now - cached.fetchedAt : Number.POSITIVE_INFINITY;
  if (cached && age >= 0 && age < getConfig().SECRETS_CACHE_TTL_SECONDS * 1000) return cached.value;
  const entry = { value: fetcher(secretId), fetchedAt: now };
  cache.set(secretId, entry);
  entry.value.catch(() => {
    if (cache.get(secretId) === entry) cache.delete(secretId);
  });
  return entry.value;
}

/**
 * Forgets the cached Twilio secret so the next read fetches it, unless it was fetched less than
 * SECRETS_MIN_REFRESH_SECONDS ago (then it is what Secrets Manager holds, and forged webhook signatures must
 * not turn into one Secrets Manager call each). True when the next read will fetch.
 */
export function refreshTwilioCredentials(): boolean {
  const secretId = getConfig().TWILIO_SECRET_ARN;
  if (!secretId) return false;
  const cached = cache.get(secretId);
  const age = cached ? clock.now().getTime() - cached.fetchedAt : Number.POSITIVE_INFINITY;
  if (cached && age >= 0 && age < getConfig().SECRETS_MIN_REFRESH_SECONDS * 1000) return false;
  cache.delete(secretId);
  return true;
}

/** The pepper of hmac(phone). */
export async function getPepper(): Promise<string> {
  const config = getConfig();
  if (config.HMAC_PEPPER) return config.HMAC_PEPPER;
  if (config.HMAC_PEPPER_SECRET_ARN) return secretString(config.HMAC_PEPPER_SECRET_ARN);
  throw new Error('Set HMAC_PEPPER_SECRET_ARN (AWS) or HMAC_PEPPER (local)');
}

const SID = { accountSid: /^AC[0-9a-fA-F]{32}$/, messagingServiceSid: /^MG[0-9a-fA-F]{32}$/ };

function parseTwilioSecret(text: string): TwilioCredentials {
  let value: Partial<Record<keyof TwilioCredentials, unknown>>;
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    throw new TwilioNotConfiguredError('the JSON');
  }
  for (const field of ['accountSid', 'messagingServiceSid'] as const) {
    const sid = value[field];
    if (typeof sid !== 'string' || !SID[field].test(sid)) throw new TwilioNotConfiguredError(field);
  }
  if (typeof value.authToken !== 'string' || value.authToken.length < 16) {
    throw new TwilioNotConfiguredError('authToken');
  }
  return value as TwilioCredentials;
}

/**
 * Twilio credentials, or undefined when none are configured (the local runtime then uses its outbox). A
 * secret still holding the stack's placeholders throws TwilioNotConfiguredError.
 */
export async function getTwilioCredentials(): Promise<TwilioCredentials | undefined> {
  const config = getConfig();
  if (config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN && config.TWILIO_MESSAGING_SERVICE_SID) {
    return {
      accountSid: config.TWILIO_ACCOUNT_SID,
      authToken: config.TWILIO_AUTH_TOKEN,
      messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID,
    };
  }
  if (config.TWILIO_SECRET_ARN) return parseTwilioSecret(await secretString(config.TWILIO_SECRET_ARN));
  return undefined;
}

/** Tests: read secrets through `next` (a local stand-in) instead of Secrets Manager; none = Secrets Manager. */
export function useSecretFetcher(next: SecretFetcher | undefined): void {
  fetcher = next ?? secretsManager;
  cache.clear();
}
