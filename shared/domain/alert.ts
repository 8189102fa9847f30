// Alerts (issue 12, point 6): a person behind every reply. An alert is raised on a case when its victim (or
// safe contact) asks for help, writes outside a survey, types the duress word, or a message to them failed;
// a coordinator of the county calls back and acknowledges it. Only duress is urgent.
import * as z from 'zod/mini';
import { ListQuery, Ulid } from './common-schemas.ts';
import type { RecipientRole } from './recipient.ts';

export const ALERT_KINDS = ['duress', 'help', 'message', 'delivery_failed'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_STATUSES = ['open', 'acknowledged'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Urgent alerts come first in every list: the victim may be in danger right now. */
export function isUrgent(kind: AlertKind): boolean {
  return kind === 'duress';
}

/**
 * Alerts the county's coordinators hear of by e-mail at once (issue 14, "Telling people": an urgent alert,
 * duress or help); a failed delivery e-mails them from the sender. A message outside a survey waits in the list.
 */
export function mailsCountyAtOnce(kind: AlertKind): boolean {
  return kind === 'duress' || kind === 'help';
}

export interface AlertRecord {
  id: string;
  caseId: string;
  /** The case's county (never changes): the coordinators' list is per county. */
  county: string;
  kind: AlertKind;
  urgent: boolean;
  status: AlertStatus;
  /** Who wrote, by role on the case (never a number); absent for delivery_failed. */
  from?: RecipientRole;
  /** What the person wrote (encrypted at rest); absent for delivery_failed. */
  text?: string;
  /** The inbound message (help, message, duress) or the outbox message (delivery_failed) it is about. */
  messageId?: string;
  createdAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  note?: string;
  version: number;
}

export const AlertParams = z.object({ caseId: Ulid, alertId: Ulid });
export const ListAlertsQuery = z.object({
  status: z._default(z.enum(['open']), 'open'),
  ...ListQuery,
});
export const ListCaseAlertsQuery = z.object({ ...ListQuery });
export const AcknowledgeAlertBody = z.strictObject({
  note: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
});

export function alertView(alert: AlertRecord) {
  return {
    id: alert.id,
    caseId: alert.caseId,
    county: alert.county,
    kind: alert.kind,
    urgent: alert.urgent,
    status: alert.status,
    from: alert.from,
    text: alert.text,
    messageId: alert.messageId,
    createdAt: alert.createdAt,
    acknowledgedAt: alert.acknowledgedAt,
    acknowledgedBy: alert.acknowledgedBy,
    note: alert.note,
    version: alert.version,
  };
}
