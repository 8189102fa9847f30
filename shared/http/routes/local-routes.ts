// Routes of the local runtime only (`fn: 'local'`, never deployed: the CDK stack skips them): the SMS and mail outboxes,
// a phone simulator and a clock that sets the service's time and runs the scheduled jobs as of it.
// Their handlers live with the local runtime (infra/local/).
import * as z from 'zod/mini';
import { route } from '../route.ts';

const anyone = { kind: 'public' } as const;

export const localRoutes = [
  route({
    id: 'localOutbox',
    method: 'GET',
    path: '/_local/outbox',
    fn: 'local',
    access: anyone,
    summary: 'What the phones received, optionally those sent to one number (local runtime only)',
    query: z.object({ to: z.optional(z.string()) }),
    successStatus: 200,
  }),
  route({
    id: 'localMail',
    method: 'GET',
    path: '/_local/mail',
    fn: 'local',
    access: anyone,
    summary:
      'What the notification inboxes received, optionally those sent to one address (local runtime only)',
    query: z.object({ to: z.optional(z.string()) }),
    successStatus: 200,
  }),
  route({
    id: 'localClock',
    method: 'POST',
    path: '/_local/clock',
    fn: 'local',
    access: anyone,
    summary: "Set the service's clock and run the scheduled jobs as of it (local runtime only)",
    // A time without its zone would be read in the machine's own: refused, naming the form it takes.
    body: z.object({
      now: z.iso.datetime({
        offset: true,
        error: 'An ISO 8601 instant with its zone, like 2027-03-07T09:00:00Z or 2027-03-07T11:00:00+02:00',
      }),
    }),
    successStatus: 200,
  }),
  route({
    id: 'localSms',
    method: 'POST',
    path: '/_local/sms',
    fn: 'local',
    access: anyone,
    summary: 'A phone sends an SMS: posted to /sms/inbound signed as Twilio signs it (local runtime only)',
    body: z.object({ from: z.string().check(z.minLength(1)), body: z.string() }),
    successStatus: 200,
  }),
];
