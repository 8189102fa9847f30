// The local runtime's messaging: the outbox route (what phones "received"), the phone simulator (a signed
// inbound SMS), the clock that runs the scheduled jobs as of a given time, and the sender as a scheduled job.
import { randomBytes } from 'node:crypto';
import { getConfig } from '../../shared/config.ts';
import * as clock from '../../shared/domain/clock.ts';
import { signTwilioRequest } from '../../shared/http/twilio-signature.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import { localOutbox, outboundGateway } from '../../shared/services/outbound-gateway.ts';
import { twimlMessage } from '../../shared/sms/twiml.ts';
import { dispatch } from './lambda-adapter.ts';
import { localRoutes } from './local-routes.ts';
import { runScheduledJobs, scheduledJobs } from './scheduled-jobs.ts';

const bad = (path: string, message: string) => ({
  status: 400,
  body: { type: 'about:blank', title: 'Bad Request', status: 400, errors: [{ path, message }] },
});

scheduledJobs.push({
  name: 'send-messages',
  run: async (now) => sendDueMessages(now, await outboundGateway()),
});

localRoutes.push(
  {
    method: 'GET',
    path: '/_local/outbox',
    handle: async ({ query }) => {
      const to = query.get('to') ?? undefined;
      const items = localOutbox
        .list(to)
        .map(({ to, body, encoding, segments, sentAt }) => ({ to, body, encoding, segments, sentAt }));
      return { status: 200, body: { items } };
    },
  },
  {
    method: 'POST',
    path: '/_local/clock',
    handle: async ({ body }) => {
      const now = new Date(String((body as { now?: unknown } | undefined)?.now ?? ''));
      if (Number.isNaN(now.getTime())) return bad('now', 'Must be an ISO 8601 instant');
      // The whole service now reads this instant until the next call: requests, jobs and the outbox.
      clock.setClock(now);
      const { sent, deferred, failed } = await runScheduledJobs(now);
      return { status: 200, body: { sent, deferred, failed } };
    },
  },
  {
    method: 'POST',
    path: '/_local/sms',
    handle: async ({ body }, context) => {
      const input = (body ?? {}) as { from?: unknown; body?: unknown };
      if (typeof input.from !== 'string' || input.from === '') return bad('from', 'Required');
      if (typeof input.body !== 'string') return bad('body', 'Required');
      // What Twilio posts for an inbound SMS, signed exactly as Twilio signs it (URL + sorted form fields).
      const params = {
        MessageSid: `SM${randomBytes(16).toString('hex')}`,
        AccountSid: `AC${'0'.repeat(32)}`,
        From: input.from,
        To: '+40700000000',
        Body: input.body,
        NumMedia: '0',
      };
      const url = `${getConfig().PUBLIC_BASE_URL.replace(/\/$/, '')}/sms/inbound`;
      const result = await dispatch(
        {
          method: 'POST',
          path: '/sms/inbound',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': await signTwilioRequest(url, params),
          },
          body: new URLSearchParams(params).toString(),
        },
        context.handlers,
      );
      if (result.statusCode !== 200) return { status: result.statusCode ?? 500, body: { reply: null } };
      return { status: 200, body: { reply: twimlMessage(result.body ?? '') } };
    },
  },
);
