// The e-mail gateway of the local runtime and the tests: nothing leaves the machine, every e-mail is kept in
// memory so GET /_local/mail and the tests can read what each inbox would have received.
import * as clock from '../domain/clock.ts';
import type { MailGateway, OutboundMail } from './mail-gateway.ts';

export interface MailEntry {
  providerId: string;
  to: string[];
  subject: string;
  text: string;
  /** ISO 8601 instant, from the service clock. */
  sentAt: string;
  idempotencyKey: string;
}

export class MemoryMailOutbox implements MailGateway {
  readonly #entries: MailEntry[] = [];

  // Every call is recorded, repeats included: an e-mail sent twice must show up twice.
  async send(mail: OutboundMail): Promise<{ providerId: string }> {
    const providerId = `LOCALMAIL${String(this.#entries.length + 1).padStart(8, '0')}`;
    this.#entries.push({
      providerId,
      to: [...mail.to],
      subject: mail.subject,
      text: mail.text,
      sentAt: clock.now().toISOString(),
      idempotencyKey: mail.idempotencyKey,
    });
    return { providerId };
  }

  /** E-mails in the order they were sent, all of them or those addressed to one address; copies. */
  list(to?: string): MailEntry[] {
    const wanted = to?.toLowerCase();
    return this.#entries
      .filter((entry) => wanted === undefined || entry.to.some((a) => a.toLowerCase() === wanted))
      .map((entry) => ({ ...entry, to: [...entry.to] }));
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
