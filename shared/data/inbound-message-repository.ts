// What a case's phones wrote to us (outside a survey), kept on the case beside the outbox (pk CASE#, sk
// MESSAGE#, `direction: 'in'`) so the coordinator reads one conversation. The text is encrypted; survey
// answers never come here (they stay anonymous in the InsightsTable).
import type { RecipientRole } from '../domain/recipient.ts';
import { ALERT_ATTRIBUTES } from './alert-repository.ts';
import { tableNames } from './client.ts';
import { messageKeys } from './keys.ts';
import { MAIL_PUT_ATTRIBUTES } from './outbox-repository.ts';
import { getCipher } from './personal-data-cipher.ts';
import type { TransactItem } from './transactions.ts';

/** duress, help, message (anything else outside a survey), stop, start. */
export type InboundKind = 'duress' | 'help' | 'message' | 'stop' | 'start';

export interface InboundMessage {
  id: string;
  caseId: string;
  kind: InboundKind;
  from: RecipientRole;
  body: string;
  receivedAt: string;
  alertId?: string;
}

/** The attributes an inbound message item may have: the SMS webhook's PutItem grant names them (infra). */
export const INBOUND_MESSAGE_ATTRIBUTES = [
  'entity',
  'direction',
  'id',
  'caseId',
  'kind',
  'status',
  'from',
  'body',
  'sentAt',
  'createdAt',
  'alertId',
  'version',
];

/**
 * What the SMS webhook may Put on a case: an alert, an inbound message, or the e-mail an urgent alert sends to
 * its county (outbox-repository.ts mailMessagePut), and no other attribute (infra).
 */
export const SMS_CASE_PUT_ATTRIBUTES = [
  ...new Set([...ALERT_ATTRIBUTES, ...INBOUND_MESSAGE_ATTRIBUTES, ...MAIL_PUT_ATTRIBUTES]),
];

export const inboundBodyContext = (caseId: string, messageId: string) =>
  `case:${caseId}:message:${messageId}:body`;

export async function inboundMessagePut(message: InboundMessage): Promise<TransactItem> {
  return {
    Put: {
      TableName: tableNames().coordination,
      Item: {
        ...messageKeys.item(message.caseId, message.id),
        entity: 'message',
        direction: 'in',
        id: message.id,
        caseId: message.caseId,
        kind: message.kind,
        status: 'received',
        from: message.from,
        body: await getCipher().encrypt(message.body, inboundBodyContext(message.caseId, message.id)),
        sentAt: message.receivedAt,
        createdAt: message.receivedAt,
        alertId: message.alertId,
        version: 1,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
