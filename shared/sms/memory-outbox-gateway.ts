// The SMS gateway of the local runtime: nothing leaves the machine, every message is kept in memory
// so the `/_local/` outbox route and the tests can read what a phone would have received.

import * as clock from '../domain/clock.ts';
import type { OutboundSms, SmsGateway } from './gateway.ts';
import { countSegments, type SmsEncoding } from './segment-counter.ts';

export interface OutboxEntry {
  providerId: string;
  to: string;
  body: string;
  encoding: SmsEncoding;
  segments: number;
  /** ISO 8601 instant. */
  sentAt: string;
  idempotencyKey: string;
}

export class MemoryOutboxGateway implements SmsGateway {
  readonly #entries: OutboxEntry[] = [];
  readonly #now: () => Date;

  /** `now` lets the local clock route and tests decide what "sent at" means. */
  constructor(options: { now?: () => Date } = {}) {
    this.#now = options.now ?? clock.now;
  }

  // Every call is recorded, repeats included: a message sent twice must show up twice, not be hidden.
  async send(message: OutboundSms): Promise<{ providerId: string }> {
    const { encoding, segments } = countSegments(message.body);
    const providerId = `LOCAL${String(this.#entries.length + 1).padStart(8, '0')}`;
    this.#entries.push({
      providerId,
      to: message.to,
      body: message.body,
      encoding,
      segments,
      sentAt: this.#now().toISOString(),
      idempotencyKey: message.idempotencyKey,
    });
    return { providerId };
  }

  /** Messages in the order they were sent, all of them or those to one number; copies, safe to keep. */
  list(to?: string): OutboxEntry[] {
    return this.#entries
      .filter((entry) => to === undefined || entry.to === to)
      .map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
