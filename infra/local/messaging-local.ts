// The local runtime's messaging: the handlers of the outbox routes (what phones and inboxes "received"), the phone simulator
// (a signed inbound SMS) and the clock that runs the scheduled jobs as of a given time; the sender as a job.
import { randomBytes } from 'node:crypto';
import { getConfig } from '../../shared/config.ts';
import * as clock from '../../shared/domain/clock.ts';
import type { ApiResult, RequestOf } from '../../shared/http/route.ts';
import type { localRoutes } from '../../shared/http/routes/local-routes.ts';
import { signTwilioRequest } from '../../shared/http/twilio-signature.ts';
import { localMailOutbox } from '../../shared/mail/outbound-mail.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import { localOutbox, outboundGateway } from '../../shared/services/outbound-gateway.ts';
import { twimlMessage } from '../../shared/sms/twiml.ts';
import { dispatch } from './lambda-adapter.ts';
import { localHandlers } from './local-routes.ts';
import { runScheduledJobs, scheduledJobs } from './scheduled-jobs.ts';
import { apiHandlers } from './server.ts';

scheduledJobs.push({
  name: 'send-messages',
  run: async (now) => sendDueMessages(now, await outboundGateway()),
});

type LocalRequest<Id extends (typeof localRoutes)[number]['id']> = RequestOf<typeof localRoutes, Id>;

Object.assign(localHandlers, {
  localOutbox: async ({ query }: LocalRequest<'localOutbox'>): Promise<ApiResult> => {
    const items = localOutbox
      .list(phoneFromQuery(query.to))
      .map(({ to, body, encoding, segments, sentAt }) => ({ to, body, encoding, segments, sentAt }));
    return { status: 200, body: { items } };
  },
  localMail: async ({ query }: LocalRequest<'localMail'>): Promise<ApiResult> => {
    const items = localMailOutbox
      .list(query.to)
      .map(({ to, subject, text, sentAt }) => ({ to, subject, text, sentAt }));
    return { status: 200, body: { items } };
  },
  localClock: async ({ body }: LocalRequest<'localClock'>): Promise<ApiResult> => {
    const now = new Date(body.now);
    // The whole service now reads this instant until the next call: requests, jobs and the outbox.
    clock.setClock(now);
    // Every count, skipped messages with their reasons: a STOP's effect shows here, not as silence.
    return { status: 200, body: await runScheduledJobs(now) };
  },
  localSms: async ({ body: input }: LocalRequest<'localSms'>): Promise<ApiResult> => {
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
      apiHandlers,
    );
    if (result.statusCode !== 200) return { status: result.statusCode ?? 500, body: { reply: null } };
    return { status: 200, body: { reply: twimlMessage(result.body ?? '') } };
  },
} satisfies { [Id in (typeof localRoutes)[number]['id']]: unknown });

/**
 * `?to=+40712...` copied into a shell or a browser arrives as " 40712...": a query string reads `+` as a space.
 * A number is never meant to start with a space, so it is read back as the `+` it was.
 */
function phoneFromQuery(to: string | undefined): string | undefined {
  return to?.replace(/^ (?=\d)/, '+');
}
