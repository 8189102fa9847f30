import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SmsGateway, SmsPermanentError, SmsTransientError } from '../../shared/sms/gateway.ts';
import { createTwilioGateway } from '../../shared/sms/twilio-gateway.ts';

// The real SDK against a local imitation of Twilio's Messages API: what goes over the wire is the SDK's
// own (path, Basic auth, form fields), and the stub's answers are Twilio's documented ones.

const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const AUTH_TOKEN = 'test-auth-token';
const SERVICE_SID = `MG${'2'.repeat(32)}`;
const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;

interface Received {
  method: string | undefined;
  path: string | undefined;
  headers: IncomingHttpHeaders;
  form: Record<string, string>;
}

interface Scripted {
  status: number;
  body: Record<string, unknown>;
}

let server: Server;
let baseUrl: string;
const received: Received[] = [];
const script: Scripted[] = [];

function twilioError(status: number, code: number, message: string): Scripted {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      raw += chunk;
    });
    req.on('end', () => {
      received.push({
        method: req.method,
        path: req.url,
        headers: req.headers,
        form: Object.fromEntries(new URLSearchParams(raw)),
      });
      const expectedAuth = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
      let answer: Scripted;
      if (req.method !== 'POST' || req.url !== MESSAGES_PATH) answer = twilioError(404, 20404, 'Not found');
      else if (req.headers.authorization !== expectedAuth) answer = twilioError(401, 20003, 'Authenticate');
      else
        answer = script.shift() ?? { status: 201, body: { sid: `SM${'a'.repeat(32)}`, status: 'accepted' } };
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

beforeEach(() => {
  received.length = 0;
  script.length = 0;
});

function aGateway(overrides: Partial<Parameters<typeof createTwilioGateway>[0]> = {}): SmsGateway {
  return createTwilioGateway({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    messagingServiceSid: SERVICE_SID,
    baseUrl,
    ...overrides,
  });
}

const aMessage = (body = 'Reamintire: programare 10.12 10:00. STOP = oprire mesaje') => ({
  to: '+40712345678',
  body,
  idempotencyKey: 'msg-01',
});

/** The rejection of a send, so a test fails (rather than passes) when nothing is thrown. */
async function failureOf(send: Promise<unknown>): Promise<unknown> {
  return send.then(
    () => expect.unreachable('the send should have failed'),
    (error: unknown) => error,
  );
}

describe('createTwilioGateway', () => {
  it('posts To, Body and MessagingServiceSid with Basic auth and returns the message sid', async () => {
    script.push({ status: 201, body: { sid: 'SM0123456789abcdef0123456789abcdef', status: 'accepted' } });

    const result = await aGateway({ statusCallbackUrl: 'https://example.org/webhooks/twilio/status' }).send(
      aMessage(),
    );

    expect(result).toEqual({ providerId: 'SM0123456789abcdef0123456789abcdef' });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(MESSAGES_PATH);
    expect(request?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request?.headers['user-agent']).toMatch(/^twilio-node\//);
    expect(request?.form).toEqual({
      To: '+40712345678',
      Body: 'Reamintire: programare 10.12 10:00. STOP = oprire mesaje',
      MessagingServiceSid: SERVICE_SID,
      StatusCallback: 'https://example.org/webhooks/twilio/status',
    });
  });

  it('sends no StatusCallback when none is configured, so the Messaging Service one applies', async () => {
    await aGateway().send(aMessage());
    expect(received[0]?.form).not.toHaveProperty('StatusCallback');
  });

  it('carries diacritics, Cyrillic and a WhatsApp address through unchanged', async () => {
    await aGateway().send({
      to: 'whatsapp:+40712345678',
      body: 'Зустріч 10.12 — ș ț ă',
      idempotencyKey: 'k',
    });
    expect(received[0]?.form).toMatchObject({ To: 'whatsapp:+40712345678', Body: 'Зустріч 10.12 — ș ț ă' });
  });

  it('sends a WhatsApp template as ContentSid and ContentVariables from the WhatsApp sender, with no Body', async () => {
    const contentSid = `HX${'0'.repeat(31)}1`;
    await aGateway({ whatsappFrom: 'whatsapp:+40700000001' }).send({
      to: 'whatsapp:+40712345678',
      body: 'Reamintire: programare mie., 10 dec., 10:00. STOP = oprire mesaje',
      idempotencyKey: 'k',
      template: { contentSid, variables: { '1': 'mie., 10 dec., 10:00', '2': '' } },
    });
    expect(received[0]?.form).toEqual({
      To: 'whatsapp:+40712345678',
      From: 'whatsapp:+40700000001',
      ContentSid: contentSid,
      ContentVariables: '{"1":"mie., 10 dec., 10:00","2":""}',
    });
  });

  it('still sends an SMS through the Messaging Service when a WhatsApp sender is configured', async () => {
    await aGateway({ whatsappFrom: 'whatsapp:+40700000001' }).send(aMessage());
    expect(received[0]?.form).toMatchObject({ To: '+40712345678', MessagingServiceSid: SERVICE_SID });
    expect(received[0]?.form).not.toHaveProperty('From');
  });

  it('keeps a path prefix of baseUrl', async () => {
    const error = await failureOf(aGateway({ baseUrl: `${baseUrl}/twilio-stub/` }).send(aMessage()));
    expect(received[0]?.path).toBe(`/twilio-stub${MESSAGES_PATH}`);
    expect(error).toBeInstanceOf(SmsPermanentError);
    expect((error as SmsPermanentError).httpStatus).toBe(404);
  });

  it('reports a 500 as transient, to be retried', async () => {
    script.push(twilioError(500, 20500, 'Internal Server Error'));
    const error = await failureOf(aGateway().send(aMessage()));
    expect(error).toBeInstanceOf(SmsTransientError);
    expect(error).toMatchObject({ providerCode: 20500, httpStatus: 500 });
  });

  it('reports a 429 as transient and does not retry inside the SDK', async () => {
    script.push(twilioError(429, 20429, 'Too Many Requests'));
    const error = await failureOf(aGateway().send(aMessage()));
    expect(error).toBeInstanceOf(SmsTransientError);
    expect(error).toMatchObject({ providerCode: 20429, httpStatus: 429 });
    expect(received).toHaveLength(1);
  });

  it('reports an invalid number (400, code 21211) as permanent', async () => {
    script.push(twilioError(400, 21211, "The 'To' number +40000 is not a valid phone number."));
    const error = await failureOf(aGateway().send(aMessage()));
    expect(error).toBeInstanceOf(SmsPermanentError);
    expect(error).toMatchObject({ providerCode: 21211, httpStatus: 400, name: 'SmsPermanentError' });
  });

  it('reports a number unsubscribed at the carrier (400, code 21610) as permanent', async () => {
    script.push(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'));
    const error = await failureOf(aGateway().send(aMessage()));
    expect(error).toBeInstanceOf(SmsPermanentError);
    expect(error).toMatchObject({ providerCode: 21610 });
  });

  it('reports wrong credentials (401, code 20003) as permanent: the stub checks Basic auth', async () => {
    const error = await failureOf(aGateway({ authToken: 'wrong-token' }).send(aMessage()));
    expect(error).toBeInstanceOf(SmsPermanentError);
    expect(error).toMatchObject({ providerCode: 20003, httpStatus: 401 });
  });

  it('reports an unreachable provider as transient with the network code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await failureOf(aGateway({ baseUrl: `http://127.0.0.1:${port}` }).send(aMessage()));
    expect(error).toBeInstanceOf(SmsTransientError);
    expect(error).toMatchObject({ providerCode: 'ECONNREFUSED', httpStatus: undefined });
  });
});
