// Twilio webhooks: API.md "Twilio webhooks". The signature is checked before the form is read for meaning.
import * as z from 'zod/mini';
import { Ulid } from '../../domain/common-schemas.ts';
import { route } from '../route.ts';

const Sid = z.string().check(z.regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, 'Must be a Twilio SID'));

/** Twilio posts many more fields; only these are read. */
export const InboundSmsForm = z.object({
  MessageSid: Sid,
  From: z.string().check(z.minLength(3), z.maxLength(64)),
  Body: z._default(z.string().check(z.maxLength(1600)), ''),
});

export const StatusCallbackForm = z.object({
  MessageSid: Sid,
  MessageStatus: z.string().check(z.regex(/^[a-z_]{1,20}$/)),
  ErrorCode: z.optional(z.string().check(z.regex(/^\d{1,6}$/))),
});

/**
 * The sender names the message in the callback URL, which the signature covers: `m`, a sealed token
 * (shared/data/message-token.ts). `caseId` and `messageId` in clear are still read for callbacks of
 * messages sent before the token, and never written any more.
 */
export const StatusCallbackQuery = z.object({
  m: z.optional(z.string().check(z.regex(/^[\w-]{1,200}$/))),
  caseId: z.optional(Ulid),
  messageId: z.optional(Ulid),
});

export const smsRoutes = [
  route({
    id: 'inboundSms',
    method: 'POST',
    path: '/sms/inbound',
    fn: 'sms',
    access: { kind: 'twilio' },
    summary: 'A reply from a phone (Twilio webhook), answered with TwiML',
    body: InboundSmsForm,
    bodyType: 'form',
    successStatus: 200,
    produces: 'text/xml',
  }),
  route({
    id: 'smsStatus',
    method: 'POST',
    path: '/sms/status',
    fn: 'sms',
    access: { kind: 'twilio' },
    summary: 'A delivery status callback (Twilio webhook)',
    query: StatusCallbackQuery,
    body: StatusCallbackForm,
    bodyType: 'form',
    successStatus: 204,
  }),
];
