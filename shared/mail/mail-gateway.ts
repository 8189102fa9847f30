// The one interface e-mail goes through: SES in AWS (ses-mail-gateway.ts), an in-memory outbox locally
// (memory-mail-outbox.ts). The sender classifies a failure by its class, as it does for SMS.

export interface OutboundMail {
  to: readonly string[];
  subject: string;
  text: string;
  /** The outbox message id: a gateway that can deduplicate uses it; the local outbox shows it. */
  idempotencyKey: string;
}

export interface MailGateway {
  send(mail: OutboundMail): Promise<{ providerId: string }>;
}

/** Retrying cannot help (an address or the sender identity refused): the message fails at once. */
export class MailPermanentError extends Error {
  constructor(
    message: string,
    readonly providerCode: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MailPermanentError';
  }
}

/** Throttled, timed out, or a fault on the provider's side: retried with backoff. */
export class MailTransientError extends Error {
  constructor(
    message: string,
    readonly providerCode: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MailTransientError';
  }
}
