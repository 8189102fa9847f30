// Secrets that rotate: the Twilio secret is cached for a TTL, read again at once when Twilio rejects the
// cached token or a webhook signature fails against it, and a placeholder secret stops a sender run with one
// clear error. Secrets Manager is a local stand-in, Twilio a local HTTP stub; DynamoDB is DynamoDB Local.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import webhooks from 'twilio/lib/webhooks/webhooks.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as sendMessagesHandler } from '../../functions/jobs/send-messages.ts';
import { resetConfig } from '../../shared/config.ts';
import { getTwilioCredentials, useSecretFetcher } from '../../shared/data/secrets.ts';
import * as clock from '../../shared/domain/clock.ts';
import { verifyTwilioSignature } from '../../shared/http/twilio-signature.ts';
import { logger } from '../../shared/logger.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import { outboundGateway, resetOutboundGateway } from '../../shared/services/outbound-gateway.ts';
import {
  aMessage,
  openCase,
  putMessages,
  storedMessages,
  useOwnTables,
} from '../support/messaging-factories.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:111122223333:secret:alaturi-twilio-AbCdEf';
const ACCOUNT_SID = `AC${'a'.repeat(32)}`;
const SERVICE_SID = `MG${'b'.repeat(32)}`;
const OLD_TOKEN = 'old-token-0123456789abcdef';
const NEW_TOKEN = 'new-token-fedcba9876543210';
const T0 = new Date('2030-01-10T10:00:00Z'); // 12:00 in Bucharest

const twilioSecret = (authToken: string, accountSid = ACCOUNT_SID) =>
  JSON.stringify({ accountSid, authToken, messagingServiceSid: SERVICE_SID });

/** Secrets Manager, standing in: holds one secret and counts the reads. */
const secretsManager = { value: twilioSecret(OLD_TOKEN), reads: 0 };

/** Twilio's Messages API, standing in: accepts only the token it currently holds (HTTP Basic auth). */
const twilio = { acceptedToken: OLD_TOKEN, sent: [] as { to: string; token: string }[], rejected: 0 };
let stub: Server;

beforeAll(async () => {
  stub = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    req.on('end', () => {
      const [, token] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
        .toString('utf8')
        .split(':');
      res.setHeader('content-type', 'application/json');
      if (token !== twilio.acceptedToken) {
        twilio.rejected += 1;
        res.writeHead(401);
        res.end(JSON.stringify({ code: 20003, message: 'Authenticate', status: 401 }));
        return;
      }
      const to = new URLSearchParams(raw).get('To') ?? '';
      twilio.sent.push({ to, token });
      res.writeHead(201);
      res.end(
        JSON.stringify({ sid: `SM${String(twilio.sent.length).padStart(32, '0')}`, status: 'accepted' }),
      );
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => stub.close(() => resolve()));
});

beforeEach(async () => {
  await useOwnTables('secrets');
  secretsManager.value = twilioSecret(OLD_TOKEN);
  secretsManager.reads = 0;
  Object.assign(twilio, { acceptedToken: OLD_TOKEN, sent: [], rejected: 0 });
  Object.assign(process.env, {
    TWILIO_SECRET_ARN: SECRET_ARN,
    TWILIO_BASE_URL: `http://127.0.0.1:${(stub.address() as AddressInfo).port}`,
  });
  resetConfig();
  useSecretFetcher(async (secretId) => {
    expect(secretId).toBe(SECRET_ARN);
    secretsManager.reads += 1;
    return secretsManager.value;
  });
  resetOutboundGateway();
  clock.setClock(T0);
});

afterEach(() => {
  delete process.env['TWILIO_SECRET_ARN'];
  delete process.env['TWILIO_BASE_URL'];
  resetConfig();
  useSecretFetcher(undefined);
  resetOutboundGateway();
  clock.setClock(undefined);
  vi.restoreAllMocks();
});

/** Rotation as an operator does it: Twilio switches tokens, then the new one is pasted into the secret. */
function rotate() {
  twilio.acceptedToken = NEW_TOKEN;
  secretsManager.value = twilioSecret(NEW_TOKEN);
}

const later = (seconds: number) => clock.setClock(new Date(T0.getTime() + seconds * 1000));

describe('the Twilio secret cache', () => {
  it('reads the secret once within its five-minute TTL and again after it', async () => {
    await getTwilioCredentials();
    later(299);
    expect((await getTwilioCredentials())?.authToken).toBe(OLD_TOKEN);
    expect(secretsManager.reads).toBe(1);

    rotate();
    later(300);
    expect((await getTwilioCredentials())?.authToken).toBe(NEW_TOKEN);
    expect(secretsManager.reads).toBe(2);
  });
});

describe('the sender after a token rotation', () => {
  it('reads the secret again at once when Twilio rejects the cached token, and sends each message once', async () => {
    const c = await openCase();
    const first = aMessage(c.id);
    await putMessages([first]);
    expect(await sendDueMessages(T0, await outboundGateway())).toMatchObject({ sent: 1 });
    expect(secretsManager.reads).toBe(1);

    rotate();
    later(60); // well inside the TTL: only Twilio's rejection can tell the sender
    const second = aMessage(c.id, { sendAt: '2030-01-10T09:00:00.000Z' });
    await putMessages([second]);
    const outcome = await sendDueMessages(new Date(T0.getTime() + 60_000), await outboundGateway());

    expect(outcome).toMatchObject({ sent: 1, deferred: 0, failed: 0 });
    expect(secretsManager.reads).toBe(2);
    expect(twilio.rejected).toBe(1);
    expect(twilio.sent.map((s) => s.token)).toEqual([OLD_TOKEN, NEW_TOKEN]);
    const statuses = (await storedMessages(c.id)).map((m) => m['status']);
    expect(statuses).toEqual(['sent', 'sent']);
  });

  it('keeps a message for a later try, not failed, while the secret still holds a rejected token', async () => {
    const c = await openCase();
    await putMessages([aMessage(c.id)]);
    twilio.acceptedToken = NEW_TOKEN; // rotated in Twilio, not yet pasted into the secret

    const outcome = await sendDueMessages(T0, await outboundGateway());

    expect(outcome).toMatchObject({ sent: 0, deferred: 1, failed: 0 });
    const [message] = await storedMessages(c.id);
    expect(message?.['status']).toBe('pending');
  });
});

describe('webhook signatures after a token rotation', () => {
  const url = 'https://api.alaturi.test/sms/status';
  const params = { MessageSid: `SM${'c'.repeat(32)}`, MessageStatus: 'delivered' };
  const signedWith = (token: string) => webhooks.getExpectedTwilioSignature(token, url, params);
  const verify = (signature: string) =>
    verifyTwilioSignature(
      signature,
      url,
      new URLSearchParams(params).toString(),
      'application/x-www-form-urlencoded',
    );

  it('accepts a request signed with the new token at once, reading the secret again once', async () => {
    await verify(signedWith(OLD_TOKEN));
    rotate();
    later(60);

    await expect(verify(signedWith(NEW_TOKEN))).resolves.toBeUndefined();
    expect(secretsManager.reads).toBe(2);
  });

  it('rejects forged signatures without a Secrets Manager read for each', async () => {
    await verify(signedWith(OLD_TOKEN));
    later(60);
    await expect(verify(signedWith('forged-token-000000000000'))).rejects.toMatchObject({ status: 403 });
    for (let i = 0; i < 5; i += 1) {
      await expect(verify(signedWith(`forged-${i}`))).rejects.toMatchObject({ status: 403 });
    }
    expect(secretsManager.reads).toBe(2);
  });
});

describe('a secret still holding the placeholders', () => {
  it('stops each sender run with one clear error, leaving the messages pending, and refuses webhooks with 403', async () => {
    secretsManager.value = twilioSecret('0123456789abcdefghijABCDEFGHIJ01', 'SET_AFTER_DEPLOY');
    const c = await openCase();
    await putMessages([aMessage(c.id)]);
    const errors = vi.spyOn(logger, 'error');

    for (const run of [1, 2]) {
      const outcome = await sendMessagesHandler({ source: 'aws.events' } as never, {
        getRemainingTimeInMillis: () => 60_000,
      });
      expect(outcome).toEqual({ sent: 0, deferred: 0, failed: 0, skipped: 0 });
      expect(errors).toHaveBeenCalledTimes(run);
    }
    expect(String(errors.mock.calls[0]?.[0])).toMatch(/Twilio secret is not set up \(accountSid/);
    expect(twilio.sent).toEqual([]);
    expect(secretsManager.reads).toBe(1);
    const url = 'https://api.alaturi.test/sms/status';
    const anySignature = webhooks.getExpectedTwilioSignature('0123456789abcdefghijABCDEFGHIJ01', url, {});
    await expect(
      verifyTwilioSignature(anySignature, url, '', 'application/x-www-form-urlencoded'),
    ).rejects.toMatchObject({ status: 403 });
    expect((await storedMessages(c.id)).map((m) => m['status'])).toEqual(['pending']);
  });
});
