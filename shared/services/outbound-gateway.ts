// Which gateway the sender sends through: Twilio when credentials are configured, otherwise (locally) one
// in-memory outbox that GET /_local/outbox reads. Only the sender imports this module, so only the sender's
// bundle carries Twilio's REST client.
import { getConfig } from '../config.ts';
import { getTwilioCredentials } from '../data/secrets.ts';
import type { SmsGateway } from '../sms/gateway.ts';
import { MemoryOutboxGateway } from '../sms/memory-outbox-gateway.ts';
import { createTwilioGateway } from '../sms/twilio-gateway.ts';

/** The local runtime's outbox; "sent at" is read from the service clock (POST /_local/clock sets it). */
export const localOutbox = new MemoryOutboxGateway();

let gateway: Promise<SmsGateway> | undefined;

export function outboundGateway(): Promise<SmsGateway> {
  gateway ??= (async () => {
    const credentials = await getTwilioCredentials();
    const config = getConfig();
    if (credentials) {
      return createTwilioGateway({
        ...credentials,
        ...(config.TWILIO_BASE_URL ? { baseUrl: config.TWILIO_BASE_URL } : {}),
      });
    }
    if (config.STAGE === 'aws') throw new Error('Twilio credentials are required in AWS');
    return localOutbox;
  })();
  gateway.catch(() => {
    gateway = undefined;
  });
  return gateway;
}
