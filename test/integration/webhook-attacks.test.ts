// Forged Twilio webhooks: a signature that does not cover exactly this URL and these parameters is a 403
// before anything is read for its meaning: no MessageSid record, no opt-out, no delivery status.
// (A wrong, a missing signature and one over other parameters are in sms-webhooks.test.ts.)

import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { GetCommand } from '../../shared/data/document-client.ts';
import { surveyKeys } from '../../shared/data/keys.ts';
import { phoneHash } from '../../shared/data/phone-hash.ts';
import { signTwilioRequest } from '../../shared/http/twilio-signature.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import { MemoryOutboxGateway } from '../../shared/sms/memory-outbox-gateway.ts';
import { call } from '../support/api.ts';
import { aPhone, coordinatorDJ } from '../support/factories.ts';
import {
  aCoordinator,
  aMessageSid,
  openCase,
  scheduleHearing,
  storedMessages,
  twilioPost,
  useOwnTables,
} from '../support/messaging-factories.ts';

const BASE = 'https://api.alaturi.test';
let attacks = 0;

beforeAll(async () => {
  await useOwnTables('webhook-attacks');
});

afterAll(() => {
  process.stdout.write(`webhook-attacks: ${attacks} forged webhooks tried, all 403 with nothing stored\n`);
});

async function insightsItem(key: { pk: string; sk: string }) {
  const out = await getDocumentClient().send(
    new GetCommand({ TableName: tableNames().insights, Key: key, ConsistentRead: true }),
  );
  return out.Item;
}

/** Posts a form with a given signature, as an attacker who controls every byte would. */
function post(path: string, params: Record<string, string>, signature: string, contentType?: string) {
  attacks += 1;
  return call('POST', path, {
    rawBody: new URLSearchParams(params).toString(),
    headers: {
      'content-type': contentType ?? 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
    },
  });
}

async function expectNothingStored(phone: string, sid: string) {
  expect(await insightsItem(surveyKeys.inboundSeen(sid))).toBeUndefined();
  expect(await insightsItem(surveyKeys.optOut(await phoneHash(phone)))).toBeUndefined();
}

describe('forged POST /sms/inbound', () => {
  const stop = (phone: string, sid = aMessageSid()) => ({ MessageSid: sid, From: phone, Body: 'STOP' });

  it.each([
    ['another host', 'http://evil/sms/inbound'],
    ['http instead of https', 'http://api.alaturi.test/sms/inbound'],
    ['another path', `${BASE}/sms/status`],
    ['a query string the request does not have', `${BASE}/sms/inbound?x=1`],
    ['a port the request does not have', 'https://api.alaturi.test:8443/sms/inbound'],
  ])('refuses a request signed for %s with 403', async (_name, signedUrl) => {
    const phone = aPhone();
    const params = stop(phone);
    const res = await post('/sms/inbound', params, await signTwilioRequest(signedUrl, params));
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toBe('application/problem+json');
    await expectNothingStored(phone, params.MessageSid);
  });

  it('refuses parameters changed, added or removed after signing with 403', async () => {
    const phone = aPhone();
    const signed = stop(phone);
    const signature = await signTwilioRequest(`${BASE}/sms/inbound`, signed);
    const tampered = [
      { ...signed, From: aPhone() },
      { ...signed, MessageSid: aMessageSid() },
      { ...signed, Body: 'STOP ' },
      { ...signed, NumMedia: '0' },
      { MessageSid: signed.MessageSid, From: signed.From },
    ];
    for (const params of tampered) {
      const res = await post('/sms/inbound', params as Record<string, string>, signature);
      expect(res.status).toBe(403);
      await expectNothingStored(params.From, params.MessageSid);
    }
    await expectNothingStored(phone, signed.MessageSid);
  });

  it('refuses the right signature sent with a JSON body, or base64 of it, with 403', async () => {
    const phone = aPhone();
    const params = stop(phone);
    const signature = await signTwilioRequest(`${BASE}/sms/inbound`, params);
    attacks += 1;
    const json = await call('POST', '/sms/inbound', {
      body: params,
      headers: { 'x-twilio-signature': signature },
    });
    expect(json.status).toBe(403);
    const hex = Buffer.from(signature, 'base64').toString('hex');
    expect((await post('/sms/inbound', params, hex)).status).toBe(403);
    expect((await post('/sms/inbound', params, signature.toLowerCase())).status).toBe(403);
    await expectNothingStored(phone, params.MessageSid);
  });

  it('refuses the signature of a status callback replayed on /sms/inbound with 403', async () => {
    const phone = aPhone();
    const sid = aMessageSid();
    const status = { MessageSid: sid, MessageStatus: 'delivered' };
    const statusSignature = await signTwilioRequest(`${BASE}/sms/status`, status);
    // The genuine callback is accepted where it was meant to go...
    expect((await twilioPost('/sms/status', status, statusSignature)).status).toBe(204);
    // ...and refused on the inbound webhook, with its own parameters or with a STOP.
    expect((await post('/sms/inbound', status, statusSignature)).status).toBe(403);
    expect((await post('/sms/inbound', stop(phone, sid), statusSignature)).status).toBe(403);
    await expectNothingStored(phone, sid);
  });

  it('answers a genuine replay (same signature, same parameters) once, with the same reply', async () => {
    const phone = aPhone();
    const params = stop(phone);
    const signature = await signTwilioRequest(`${BASE}/sms/inbound`, params);
    const first = await twilioPost('/sms/inbound', params, signature);
    const replay = await twilioPost('/sms/inbound', params, signature);
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(replay.text).toBe(first.text);
    expect(await insightsItem(surveyKeys.optOut(await phoneHash(phone)))).toBeDefined();
  });
});

describe('forged POST /sms/status', () => {
  it('refuses a callback whose signed URL named another message, or whose status was changed, with 403', async () => {
    const c = await openCase();
    const hearing = await scheduleHearing(c.id, aCoordinator());
    const gateway = new MemoryOutboxGateway();
    await sendDueMessages(new Date(hearing.reminders[0].sendAt), gateway);
    const [message] = (await storedMessages(c.id)).filter((m) => m['status'] === 'sent');
    const providerId = message?.['providerId'] as string;
    const genuinePath = `/sms/status?caseId=${c.id}&messageId=${message?.['id']}`;
    const otherPath = `/sms/status?caseId=${c.id}&messageId=${ulid()}`;
    const params = { MessageSid: providerId, MessageStatus: 'delivered' };
    const signature = await signTwilioRequest(`${BASE}${genuinePath}`, params);

    expect((await post(otherPath, params, signature)).status).toBe(403);
    expect((await post(genuinePath, { ...params, MessageStatus: 'failed' }, signature)).status).toBe(403);
    expect((await post(`/sms/status?caseId=${c.id}`, params, signature)).status).toBe(403);

    const view = await call('GET', `/cases/${c.id}/hearings/${hearing.id}`, { as: coordinatorDJ });
    expect(view.body.reminders[0].deliveryStatus).toBeUndefined();
    const [after] = (await storedMessages(c.id)).filter((m) => m['id'] === message?.['id']);
    expect(after?.['version']).toBe(message?.['version']);
  });
});
