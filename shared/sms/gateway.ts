// The one seam between the service and whoever delivers SMS (Twilio, or the local outbox). The sender
// decides retries from the error class alone, so each gateway maps its provider's failures onto these two.

export interface OutboundSms {
  /** E.164 number, or a channel address such as `whatsapp:+40...`. */
  to: string;
  body: string;
  /** Stable per outbox message, so a gateway that can deduplicate does; the sender's claim is the guard. */
  idempotencyKey: string;
  /** Where the provider reports delivery for this one message; the URL may name the message (it is signed). */
  statusCallbackUrl?: string;
  /**
   * A business-initiated WhatsApp message goes as an approved content template (Twilio `contentSid` and
   * `contentVariables`); `body` is then the same text as rendered here, for the local outbox and the record.
   */
  template?: { contentSid: string; variables: Record<string, string> };
}

export interface SmsGateway {
  send(message: OutboundSms): Promise<{ providerId: string }>;
}

/** The provider's code (Twilio's numeric error code, or a network code such as `ECONNRESET`). */
export type ProviderCode = number | string;

/** A send the provider refused or could not take; the subclass says whether trying again can help. */
abstract class SmsSendError extends Error {
  readonly providerCode: ProviderCode;
  readonly httpStatus: number | undefined;
  constructor(
    message: string,
    providerCode: ProviderCode,
    httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.providerCode = providerCode;
    this.httpStatus = httpStatus;
  }
}

/** Sending again cannot help: invalid number, the person opted out at the carrier, bad credentials. */
export class SmsPermanentError extends SmsSendError {}

/** Worth retrying with backoff: rate limited (429), provider trouble (5xx), network failure. */
export class SmsTransientError extends SmsSendError {}
