// Secrets: from Secrets Manager in AWS (read once per container), from the environment locally. Never logged.
import { getConfig } from '../config.ts';

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
  messagingServiceSid: string;
}

const cache = new Map<string, Promise<string>>();

async function secretString(arn: string): Promise<string> {
  let value = cache.get(arn);
  if (!value) {
    value = import('@aws-sdk/client-secrets-manager').then(async (m) => {
      const out = await new m.SecretsManagerClient({}).send(new m.GetSecretValueCommand({ SecretId: arn }));
      if (!out.SecretString) throw new Error('secret has no string value');
      return out.SecretString;
    });
    cache.set(arn, value);
    value.catch(() => cache.delete(arn));
  }
  return value;
}

/** The pepper of hmac(phone). */
export async function getPepper(): Promise<string> {
  const config = getConfig();
  if (config.HMAC_PEPPER) return config.HMAC_PEPPER;
  if (config.HMAC_PEPPER_SECRET_ARN) return secretString(config.HMAC_PEPPER_SECRET_ARN);
  throw new Error('Set HMAC_PEPPER_SECRET_ARN (AWS) or HMAC_PEPPER (local)');
}

/** Twilio credentials, or undefined when none are configured (the local runtime then uses its outbox). */
export async function getTwilioCredentials(): Promise<TwilioCredentials | undefined> {
  const config = getConfig();
  if (config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN && config.TWILIO_MESSAGING_SERVICE_SID) {
    return {
      accountSid: config.TWILIO_ACCOUNT_SID,
      authToken: config.TWILIO_AUTH_TOKEN,
      messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID,
    };
  }
  if (config.TWILIO_SECRET_ARN)
    return JSON.parse(await secretString(config.TWILIO_SECRET_ARN)) as TwilioCredentials;
  return undefined;
}

export function resetSecrets(): void {
  cache.clear();
}
