// Who is told by e-mail (issue 14 point 7): the addresses of a prosecutor's unit or of a county's
// coordinators, set by admins. The scope is spelled `unit:<unit>` or `county:<county>`.
import * as z from 'zod/mini';
import { COUNTIES } from './enums.ts';
import type { NotifyScope } from './outbox-message.ts';

/** A unit id as cases spell it (case.ts ProsecutorUnit), or a county code of COUNTIES. */
const SCOPE = new RegExp(`^(unit:[A-Z0-9][A-Z0-9-]{1,39}|county:(${COUNTIES.join('|')}))$`);

export const MAX_NOTIFICATION_EMAILS = 20;

export const NotificationScopeParams = z.object({
  scope: z
    .string()
    .check(
      z.regex(SCOPE, 'A scope is unit:<unit id> (unit:DIICOT-CRAIOVA) or county:<county code> (county:DJ)'),
    ),
});

export const NotificationTargetsBody = z.strictObject({
  emails: z
    .array(z.email('An e-mail address like name@example.ro'))
    .check(z.maxLength(MAX_NOTIFICATION_EMAILS, `At most ${MAX_NOTIFICATION_EMAILS} addresses`)),
});

export interface NotificationTargets {
  scope: NotifyScope;
  emails: string[];
  /** 0 while no address was ever set: If-Match "0" creates the list. */
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

/** The addresses as stored: trimmed, lower-cased, each once, in the order given. */
export function normalisedEmails(emails: readonly string[]): string[] {
  return [...new Set(emails.map((e) => e.trim().toLowerCase()))];
}

export const unitScope = (unit: string): NotifyScope => `unit:${unit}`;
export const countyScope = (county: string): NotifyScope => `county:${county}`;
