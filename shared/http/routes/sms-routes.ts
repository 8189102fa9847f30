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

/** A reply link's token; its shape is checked by the service, so a wrong one gets the same page as an unknown one. */
export const ReplyParams = z.object({ token: z.string().check(z.minLength(1), z.maxLength(64)) });

const FormValue = z.string().check(z.maxLength(2000));
/** The reply form: `q<n>` per question and `stop` for the way out; anything else is ignored. */
export const ReplyForm = z.record(
  z.string().check(z.maxLength(32)),
  z.union([FormValue, z.array(FormValue).check(z.maxLength(20))]),
);

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
  // The private web reply (DESIGN.md "Reply channels"): served by the function that owns survey sessions,
  // never the coordination or console functions. No token: the link's own token is the key.
  route({
    id: 'getReply',
    method: 'GET',
    path: '/r/{token}',
    fn: 'sms',
    access: { kind: 'public' },
    summary: 'The private survey reply page of one invitation (404 unknown or expired, 410 already answered)',
    params: ReplyParams,
    successStatus: 200,
    produces: 'text/html',
    otherErrorStatuses: [410],
  }),
  route({
    id: 'postReply',
    method: 'POST',
    path: '/r/{token}',
    fn: 'sms',
    access: { kind: 'public' },
    summary: 'Answer the survey on the reply page, or opt the phone out; the link is spent either way',
    params: ReplyParams,
    body: ReplyForm,
    bodyType: 'form',
    successStatus: 200,
    produces: 'text/html',
    otherErrorStatuses: [410, 422],
  }),
];
