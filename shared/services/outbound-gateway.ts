// Which gateway the sender sends through: Twilio when credentials are configured, otherwise (locally) one
// in-memory outbox that GET /_local/outbox reads. Only the sender imports this module, so only the sender's
// bundle carries Twilio's REST client. The Twilio gateway follows the secret: it is rebuilt when the cached
// credentials change (their TTL ran out), and when Twilio rejects them the secret is read again at once.
import { getConfig } from '../config.ts';
import { getTwilioCredentials, refreshTwilioCredentials, type TwilioCredentials } from '../data/secrets.ts';
import { type SmsGateway, SmsTransientError } from '../sms/gateway.ts';
import { MemoryOutboxGateway } from '../sms/memory-outbox-gateway.ts';
import { createTwilioGateway } from '../sms/twilio-gateway.ts';

/** The local runtime's outbox; "sent at" is read from the service clock (POST /_local/clock sets it). */
export const localOutbox = new MemoryOutboxGateway();

/** Twilio's answers to credentials it does not accept: 20003 authentication failed, 20005 account not active. */
const CREDENTIALS_REJECTED = new Set(['20003', '20005']);

const rejectedCredentials = (error: unknown) =>
  CREDENTIALS_REJECTED.has(String((error as { providerCode?: unknown }).providerCode));

function twilioFor(credentials: TwilioCredentials): SmsGateway {
  const { TWILIO_BASE_URL: baseUrl, WHATSAPP_FROM: whatsappFrom } = getConfig();
  return createTwilioGateway({
    ...credentials,
    ...(baseUrl ? { baseUrl } : {}),
    ...(whatsappFrom ? { whatsappFrom } : {}),
  });
}

/** Sends with the credentials the secret holds now; a rejection refetches them and tries once more. */
function rotatingTwilioGateway(): SmsGateway {
  let built: { credentials: TwilioCredentials; gateway: SmsGateway } | undefined;
  const current = async () => {
    const credentials = await getTwilioCredentials();
    if (!credentials) throw new Error('Twilio credentials disappeared from the configuration');
    if (!built || !same(built.credentials, credentials))
      built = { credentials, gateway: twilioFor(credentials) };
    return built;
  };
  return {
    async send(message) {
      const used = await current();
      try {
        return await used.gateway.send(message);
      } catch (error) {
        if (!rejectedCredentials(error)) throw error;
        refreshTwilioCredentials();
        // Another lane may have read the new secret already; either way, retry only with other credentials.
        const fresh = await current();
        if (!same(fresh.credentials, used.credentials)) {
          try {
            return await fresh.gateway.send(message);
          } catch (retryError) {
            if (!rejectedCredentials(retryError)) throw retryError;
          }
        }
        // Our credentials, not this message, are wrong: a later attempt may succeed once they are fixed.
        const { providerCode, httpStatus } = error as { providerCode: string | number; httpStatus?: number };
        throw new SmsTransientError(
          'Twilio rejected the credentials in the secret',
          providerCode,
          httpStatus,
          {
            cause: error,
          },
        );
      }
    },
  };
}

const same = (a: TwilioCredentials, b: TwilioCredentials) =>
  a.accountSid === b.accountSid &&
  a.authToken === b.authToken &&
  a.messagingServiceSid === b.messagingServiceSid;

let gateway: Promise<SmsGateway> | undefined;

export function outboundGateway(): Promise<SmsGateway> {
  gateway ??= (async () => {
    const credentials = await getTwilioCredentials();
    const config = getConfig();
    if (credentials) return rotatingTwilioGateway();
    if (config.STAGE === 'aws') throw new Error('Twilio credentials are required in AWS');
    return localOutbox;
  })();
  gateway.catch(() => {
    gateway = undefined;
  });
  return gateway;
}

/** Tests: choose the gateway again from the configuration. */
export function resetOutboundGateway(): void {
  gateway = undefined;
}
