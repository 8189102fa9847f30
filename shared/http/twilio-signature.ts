// X-Twilio-Signature, checked before anything in a webhook is read for its meaning. Uses the twilio
// package's own webhook module (no REST client), so the webhook function stays small.
import webhooks from 'twilio/lib/webhooks/webhooks.js';
import { getConfig } from '../config.ts';
import { getTwilioCredentials, refreshTwilioCredentials, TwilioNotConfiguredError } from '../data/secrets.ts';
import { ForbiddenError } from '../domain/errors.ts';

/** The token that signs webhooks: Twilio's auth token, or locally a stand-in so the phone simulator can sign. */
export async function webhookSigningToken(): Promise<string> {
  const credentials = await getTwilioCredentials();
  if (credentials) return credentials.authToken;
  const config = getConfig();
  if (config.STAGE === 'aws') throw new Error('Twilio credentials are required in AWS');
  return config.HMAC_PEPPER ?? 'local-webhook-token';
}

export async function verifyTwilioSignature(
  signature: string | undefined,
  url: string,
  rawBody: string,
  contentType: string | undefined,
): Promise<void> {
  const formEncoded = (contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
  if (!signature || !formEncoded) throw new ForbiddenError('The Twilio signature is missing or wrong.');
  const params = Object.fromEntries(new URLSearchParams(rawBody));
  const validWith = async () => {
    try {
      return webhooks.validateRequest(await webhookSigningToken(), signature, url, params);
    } catch (error) {
      // A secret still holding placeholders signs nothing: the request is refused as unsigned, not a 500.
      if (error instanceof TwilioNotConfiguredError) return false;
      throw error;
    }
  };
  // A token rotated since it was cached fails here first: read the secret again (rate-limited) and retry once.
  const valid = (await validWith()) || (refreshTwilioCredentials() && (await validWith()));
  if (!valid) throw new ForbiddenError('The Twilio signature is missing or wrong.');
}

export async function signTwilioRequest(url: string, params: Record<string, string>): Promise<string> {
  return webhooks.getExpectedTwilioSignature(await webhookSigningToken(), url, params);
}
