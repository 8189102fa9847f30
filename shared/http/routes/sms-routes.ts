// Twilio webhooks: API.md "Twilio webhooks". The signature is checked before the form is read for meaning.
import * as z from 'zod';
import { Ulid } from '../../domain/common-schemas.ts';
import { route } from '../route.ts';

const Sid = z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, 'Must be a Twilio SID');

/** Twilio posts many more fields; only these are read. */
export const InboundSmsForm = z.object({
  MessageSid: Sid,
  From: z.string().min(3).max(64),
  Body: z.string().max(1600).default(''),
});

export const StatusCallbackForm = z.object({
  MessageSid: Sid,
  MessageStatus: z.string().regex(/^[a-z_]{1,20}$/),
  ErrorCode: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional(),
});

/** The sender puts the message's key in the callback URL, which the signature covers: no lookup needed. */
export const StatusCallbackQuery = z.object({ caseId: Ulid.optional(), messageId: Ulid.optional() });

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
