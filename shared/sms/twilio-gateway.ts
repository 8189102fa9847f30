// Sends SMS through Twilio's Messages API with the SDK's own auth, encoding and HTTP client, but only its
// Message resource: importing `twilio` itself bundles every Twilio product (several MB) into the sender.

import BaseTwilio from 'twilio/lib/base/BaseTwilio.js';
import DomainModule from 'twilio/lib/base/Domain.js';
import RequestClient from 'twilio/lib/base/RequestClient.js';
import VersionModule from 'twilio/lib/base/Version.js';
import { MessageListInstance } from 'twilio/lib/rest/api/v2010/account/message.js';
import { type SmsGateway, SmsPermanentError, SmsTransientError } from './gateway.ts';

export interface TwilioGatewayOptions {
  accountSid: string;
  authToken: string;
  /** Sends through a Messaging Service, whose sender can receive replies (DESIGN.md "SMS channel"). */
  messagingServiceSid: string;
  /** The WhatsApp sender (`whatsapp:+40...`) a `whatsapp:` recipient is written from; else the Messaging Service. */
  whatsappFrom?: string;
  /** Delivery callbacks; without it the Messaging Service's own callback URL applies. */
  statusCallbackUrl?: string;
  /** Replaces `https://api.twilio.com` (and any edge host), for a local stub; a path prefix is kept. */
  baseUrl?: string;
  /** Per request, in milliseconds; a Lambda must give up before its own timeout. Default 10 s. */
  timeoutMs?: number;
}

// These modules are CommonJS with `exports.default`. Node and esbuild hand an ESM default import the
// whole `module.exports` (the class sits one level down); Vitest's interop already unwraps it.
function cjsDefault<T>(module: { default: T }): T {
  return typeof module === 'function' ? (module as T) : module.default;
}
const Domain = cjsDefault(DomainModule);
const Version = cjsDefault(VersionModule);

const API_ORIGIN = 'https://api.twilio.com';
const API_VERSION = '2010-04-01';

/** The SDK's own HTTP client, with every request's origin moved to `baseUrl` (RECIPES.md "Twilio, offline"). */
class RebasedRequestClient extends RequestClient {
  readonly #base: string;

  constructor(baseUrl: string, options: RequestClient.RequestClientOptions) {
    super(options);
    this.#base = baseUrl.replace(/\/+$/, '');
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = new URL(opts.uri);
    return super.request({ ...opts, uri: `${this.#base}${uri.pathname}${uri.search}` });
  }
}

export function createTwilioGateway(options: TwilioGatewayOptions): SmsGateway {
  const timeout = options.timeoutMs ?? 10_000;
  // Retries are the sender's job (with its backoff and its report after the last try), not the SDK's.
  const httpClient =
    options.baseUrl === undefined
      ? new RequestClient({ timeout, autoRetry: false })
      : new RebasedRequestClient(options.baseUrl, { timeout, autoRetry: false });
  const client = new BaseTwilio.Client(options.accountSid, options.authToken, { httpClient });
  const version = new Version(new Domain(client, API_ORIGIN), API_VERSION);
  // MessageListInstance only calls Version's generic create(); the full V2010 class would pull in every
  // resource of the 2010 API for nothing.
  const messages = MessageListInstance(
    version as Parameters<typeof MessageListInstance>[0],
    options.accountSid,
  );

  return {
    async send(message) {
      // Twilio's Messages API has no idempotency key; exactly-once rests on the sender's conditional claim.
      const statusCallback = message.statusCallbackUrl ?? options.statusCallbackUrl;
      try {
        const whatsapp = message.to.startsWith('whatsapp:') && options.whatsappFrom !== undefined;
        const created = await messages.create({
          to: message.to,
          // A template message carries no body: WhatsApp sends the approved text with these variables.
          ...(message.template
            ? {
                contentSid: message.template.contentSid,
                contentVariables: JSON.stringify(message.template.variables),
              }
            : { body: message.body }),
          ...(whatsapp
            ? { from: options.whatsappFrom }
            : { messagingServiceSid: options.messagingServiceSid }),
          ...(statusCallback === undefined ? {} : { statusCallback }),
        });
        return { providerId: created.sid };
      } catch (error) {
        throw toSmsError(error);
      }
    },
  };
}

/**
 * 429, 408 and 5xx are worth another try, as is anything that never got an HTTP answer (refused, reset,
 * timed out); any other 4xx is about this message or these credentials (21211 invalid number, 21610
 * unsubscribed at the carrier, 20003 authentication) and would fail the same way again.
 */
export function toSmsError(error: unknown): SmsPermanentError | SmsTransientError {
  if (error instanceof SmsPermanentError || error instanceof SmsTransientError) return error;
  const { status, code, message } = describe(error);
  if (status === undefined) {
    return new SmsTransientError(`SMS provider unreachable: ${message}`, code ?? 'network', undefined, {
      cause: error,
    });
  }
  const providerCode = code ?? status;
  if (status === 429 || status === 408 || status >= 500) {
    return new SmsTransientError(`SMS provider answered ${status}: ${message}`, providerCode, status, {
      cause: error,
    });
  }
  return new SmsPermanentError(
    `SMS provider refused the message (${status}): ${message}`,
    providerCode,
    status,
    {
      cause: error,
    },
  );
}

// RestException and TwilioServiceException carry `status` and a numeric `code`; axios network errors
// carry only a string `code` (ECONNREFUSED, ECONNABORTED).
function describe(error: unknown): { status?: number; code?: number | string; message: string } {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const { status, code, message } = error as { status?: unknown; code?: unknown; message?: unknown };
  return {
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof code === 'number' || (typeof code === 'string' && code !== '') ? { code } : {}),
    message: typeof message === 'string' ? message : 'unknown error',
  };
}
