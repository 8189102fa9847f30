import { beforeAll, describe, expect, it } from 'vitest';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { GetCommand } from '../../shared/data/document-client.ts';
import { surveyKeys } from '../../shared/data/keys.ts';
import { phoneHash } from '../../shared/data/phone-hash.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import type { OutboundSms, SmsGateway } from '../../shared/sms/gateway.ts';
import { twimlMessage } from '../../shared/sms/twiml.ts';
import { call } from '../support/api.ts';
import { admin, aPhone, coordinatorDJ } from '../support/factories.ts';
import {
  aCoordinator,
  aMessageSid,
  openCase,
  scheduleHearing,
  storedMessages,
  twilioPost,
  useOwnTables,
} from '../support/messaging-factories.ts';

beforeAll(async () => {
  await useOwnTables('webhooks');
});

async function insightsItem(key: { pk: string; sk: string }) {
  const out = await getDocumentClient().send(new GetCommand({ TableName: tableNames().insights, Key: key }));
  return out.Item;
}

const optedOut = async (phone: string) =>
  (await insightsItem(surveyKeys.optOut(await phoneHash(phone)))) !== undefined;

const inbound = (from: string, body: string, sid = aMessageSid()) => ({
  MessageSid: sid,
  From: from,
  Body: body,
});

describe('POST /sms/inbound', () => {
  it('refuses a wrong or missing signature with 403 and stores nothing', async () => {
    const phone = aPhone();
    const params = inbound(phone, 'STOP');
    const wrong = await twilioPost('/sms/inbound', params, 'bm90IGEgc2lnbmF0dXJl');
    const missing = await twilioPost('/sms/inbound', params, '');
    for (const res of [wrong, missing]) {
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toBe('application/problem+json');
    }
    expect(await optedOut(phone)).toBe(false);
    expect(await insightsItem(surveyKeys.inboundSeen(params.MessageSid))).toBeUndefined();
  });

  it('refuses a request signed for other parameters with 403', async () => {
    const phone = aPhone();
    const { signTwilioRequest } = await import('../../shared/http/twilio-signature.ts');
    const signature = await signTwilioRequest('https://api.alaturi.test/sms/inbound', inbound(phone, 'HELP'));
    const res = await twilioPost('/sms/inbound', inbound(phone, 'STOP'), signature);
    expect(res.status).toBe(403);
    expect(await optedOut(phone)).toBe(false);
  });

  it('opts the number out on STOP and answers in TwiML, keyed by hmac(phone) only', async () => {
    const phone = aPhone();
    const res = await twilioPost('/sms/inbound', inbound(phone, 'Stop'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>[\s\S]*<\/Message><\/Response>$/,
    );
    expect(twimlMessage(res.text)).toBe(
      'Nu veți mai primi mesaje. START = reluare\nYou will receive no more messages. START = resume',
    );
    expect(await optedOut(phone)).toBe(true);
    const item = await insightsItem(surveyKeys.optOut(await phoneHash(phone)));
    expect(JSON.stringify(item)).not.toContain(phone.slice(3));
  });

  it('opts back in on START and answers HELP neutrally, in Romanian for a phone it does not know', async () => {
    const phone = aPhone();
    await twilioPost('/sms/inbound', inbound(phone, 'STOPP'));
    expect(await optedOut(phone)).toBe(true);
    const start = await twilioPost('/sms/inbound', inbound(phone, 'start'));
    expect(twimlMessage(start.text)).toBe(
      'Mesajele au fost reluate. STOP = oprire mesaje\nMessages resumed. STOP = no more messages',
    );
    expect(await optedOut(phone)).toBe(false);
    // The word is German or Ukrainian; the phone is nobody's we know: no guess from the word.
    for (const word of ['Hilfe', 'ДОПОМОГА']) {
      const help = await twilioPost('/sms/inbound', inbound(phone, word));
      expect(twimlMessage(help.text)).toBe(
        'Mesaje automate despre programările dvs. STOP = oprire mesaje, START = reluare\nAutomated messages about your appointments. STOP = no more messages, START = resume',
      );
    }
  });

  it('answers any other text with the neutral closed-number reply', async () => {
    const res = await twilioPost('/sms/inbound', inbound(aPhone(), 'Cine sunteți? <script>'));
    expect(res.status).toBe(200);
    expect(twimlMessage(res.text)).toBe('Număr automat, răspunsurile nu sunt citite. STOP = oprire mesaje');
  });

  it('answers a replayed MessageSid with the same reply and no second effect', async () => {
    const phone = aPhone();
    const stop = inbound(phone, 'STOP');
    const first = await twilioPost('/sms/inbound', stop);
    await twilioPost('/sms/inbound', inbound(phone, 'START'));
    expect(await optedOut(phone)).toBe(false);
    const replay = await twilioPost('/sms/inbound', stop);
    expect(replay.status).toBe(200);
    expect(replay.text).toBe(first.text);
    expect(await optedOut(phone)).toBe(false);
    const seen = await insightsItem(surveyKeys.inboundSeen(stop.MessageSid));
    expect(seen?.['expiresAt']).toBeGreaterThan(Date.now() / 1000 + 6 * 86_400);
  });

  it('applies concurrent deliveries of one MessageSid once', async () => {
    const phone = aPhone();
    const stop = inbound(phone, 'STOP');
    const answers = await Promise.all([1, 2, 3].map(() => twilioPost('/sms/inbound', stop)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(await optedOut(phone)).toBe(true);
  });

  it('refuses a form body without MessageSid with 400 after the signature check', async () => {
    const res = await twilioPost('/sms/inbound', { From: aPhone(), Body: 'STOP' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('MessageSid');
  });
});

describe('the language of automatic replies', () => {
  const reply = async (phone: string, body: string) =>
    twimlMessage((await twilioPost('/sms/inbound', inbound(phone, body))).text);

  it('answers STOP, START, HELP and any text from a victim phone in the case language, whatever the word', async () => {
    // HELP and any other text from a phone of a case reach a person (an alert): the reply says someone will call.
    const { body } = await openCase({ victim: { language: 'uk', nationality: 'UA' } });
    const phone = body.victim.phone as string;
    expect(await reply(phone, 'STOP')).toBe(
      'Ви більше не отримуватимете повідомлень. START = відновити\nNu veți mai primi mesaje. START = reluare\nYou will receive no more messages. START = resume',
    );
    expect(await optedOut(phone)).toBe(true);
    expect(await reply(phone, 'START')).toBe(
      'Повідомлення відновлено. STOP = відписатися\nMesajele au fost reluate. STOP = oprire mesaje\nMessages resumed. STOP = no more messages',
    );
    expect(await reply(phone, 'AJUTOR')).toBe(
      'Дякуємо, ми скоро вам зателефонуємо. STOP = відписатися\nMulțumim, vă sunăm în curând. STOP = oprire mesaje\nThank you, we will call you soon. STOP = no more messages',
    );
    expect(await reply(phone, 'Добрий день')).toBe(
      'Дякуємо, ми скоро вам зателефонуємо. STOP = відписатися\nMulțumim, vă sunăm în curând. STOP = oprire mesaje\nThank you, we will call you soon. STOP = no more messages',
    );
  });

  it.each([
    ['ro', 'Nu veți mai primi mesaje. START = reluare'],
    ['en', 'You will receive no more messages. START = resume'],
    ['uk', 'Ви більше не отримуватимете повідомлень. START = відновити'],
    ['ru', 'Вы больше не будете получать сообщения. START = возобновить'],
    ['hu', 'Több üzenetet nem kap. START = újraindítás'],
    ['fr', 'Vous ne recevrez plus de messages. START = reprise'],
    ['es', 'Baja confirmada. START = reanudar'],
    ['it', 'Non riceverà più messaggi. START = riattivazione'],
    ['de', 'Sie erhalten keine Nachrichten mehr. START = fortsetzen'],
  ] as const)('confirms STOP in %s to a victim whose case is in that language', async (language, text) => {
    const { body } = await openCase({ victim: { language } });
    // In the case's language first, then in Romanian and English, as Romanian operators expect.
    const answer = await reply(body.victim.phone as string, 'STOP');
    expect(answer?.split('\n')).toEqual([
      ...new Set([
        text,
        'Nu veți mai primi mesaje. START = reluare',
        'You will receive no more messages. START = resume',
      ]),
    ]);
  });

  it('gives the help reply, not an opt-out, to "cancel" in the victim language', async () => {
    const { body } = await openCase({ victim: { language: 'es', nationality: 'ES' } });
    const phone = body.victim.phone as string;
    expect(await reply(phone, 'CANCELAR')).toBe(
      'Gracias, le llamaremos pronto. STOP = darse de baja\nMulțumim, vă sunăm în curând. STOP = oprire mesaje\nThank you, we will call you soon. STOP = no more messages',
    );
    expect(await optedOut(phone)).toBe(false);
  });

  it('answers the legal representative in the case language too', async () => {
    const representative = aPhone();
    await openCase({
      victim: {
        language: 'de',
        birthYear: 2012,
        legalRepresentative: { name: 'R', phone: representative, safeToContact: true },
      },
    });
    expect(await reply(representative, 'HELP')).toBe(
      'Danke, wir rufen Sie bald an. STOP = abmelden\nMulțumim, vă sunăm în curând. STOP = oprire mesaje\nThank you, we will call you soon. STOP = no more messages',
    );
  });

  it('follows the case when its language or phone changes, and forgets the phones of an erased case', async () => {
    const opened = await openCase({ victim: { language: 'fr', nationality: 'FR' } });
    const oldPhone = opened.body.victim.phone as string;
    const patched = await call('PATCH', `/cases/${opened.id}`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { victim: { language: 'it' } },
    });
    expect(patched.status).toBe(200);
    expect(await reply(oldPhone, 'INFO')).toBe(
      'Grazie, La richiameremo presto. STOP = disiscrizione\nMulțumim, vă sunăm în curând. STOP = oprire mesaje\nThank you, we will call you soon. STOP = no more messages',
    );

    const newPhone = aPhone();
    const moved = await call('PATCH', `/cases/${opened.id}`, {
      as: coordinatorDJ,
      ifMatch: 2,
      body: { victim: { phone: newPhone } },
    });
    expect(moved.status).toBe(200);
    // Someone else may hold the old phone now: it is a stranger's phone again.
    expect(await reply(oldPhone, 'INFO')).toBe(
      'Mesaje automate despre programările dvs. STOP = oprire mesaje, START = reluare\nAutomated messages about your appointments. STOP = no more messages, START = resume',
    );
    expect(await reply(newPhone, 'INFO')).toMatch(/^Grazie, La richiameremo/);

    const erased = await call('DELETE', `/cases/${opened.id}/personal-data`, {
      as: admin,
      body: { reason: 'Erasure request' },
    });
    expect(erased.status).toBe(204);
    expect(await insightsItem(surveyKeys.phoneLanguage(await phoneHash(newPhone)))).toBeUndefined();
    expect(await reply(newPhone, 'INFO')).toMatch(/^Mesaje automate/);
  });

  it('keeps the language alone by hmac(phone): no case id, no phone, no time', async () => {
    const opened = await openCase({ victim: { language: 'hu', nationality: 'HU' } });
    const hash = await phoneHash(opened.body.victim.phone as string);
    expect(await insightsItem(surveyKeys.phoneLanguage(hash))).toEqual({
      pk: `LANG#${hash}`,
      sk: 'LANG',
      entity: 'phone_language',
      language: 'hu',
    });
  });

  it('answers an unknown phone in Romanian, whatever language its word is in', async () => {
    const phone = aPhone();
    expect(await reply(phone, 'СТОП')).toBe(
      'Nu veți mai primi mesaje. START = reluare\nYou will receive no more messages. START = resume',
    );
    expect(await reply(phone, 'ANNULLA')).toBe(
      'Mesaje automate despre programările dvs. STOP = oprire mesaje, START = reluare\nAutomated messages about your appointments. STOP = no more messages, START = resume',
    );
    expect(await reply(phone, 'Hello?')).toBe(
      'Număr automat, răspunsurile nu sunt citite. STOP = oprire mesaje',
    );
  });
});

class SidGateway implements SmsGateway {
  readonly sent: OutboundSms[] = [];
  async send(message: OutboundSms) {
    this.sent.push(message);
    return { providerId: `SM${String(this.sent.length).padStart(32, 'c')}` };
  }
}

describe('POST /sms/status', () => {
  it('records the delivery status on the message idempotently and never moves it backwards', async () => {
    const c = await openCase();
    const hearing = await scheduleHearing(c.id, aCoordinator());
    const gateway = new SidGateway();
    await sendDueMessages(new Date(hearing.reminders[0].sendAt), gateway);
    const [sms] = gateway.sent;
    const callbackUrl = sms?.statusCallbackUrl as string;
    // A sealed token, never the case id: Twilio keeps this URL beside the number it texted.
    expect(callbackUrl).toMatch(/^https:\/\/api\.alaturi\.test\/sms\/status\?m=[\w-]+$/);
    expect(callbackUrl).not.toContain(c.id);
    const path = callbackUrl.replace('https://api.alaturi.test', '');
    const sid = `SM${'1'.padStart(32, 'c')}`;
    const status = (MessageStatus: string) =>
      twilioPost(path, { MessageSid: sid, MessageStatus, AccountSid: `AC${'1'.repeat(32)}` });

    expect((await status('sent')).status).toBe(204);
    expect((await status('delivered')).status).toBe(204);
    expect((await status('delivered')).status).toBe(204);
    expect((await status('sent')).status).toBe(204);

    const view = await call('GET', `/cases/${c.id}/hearings/${hearing.id}`, { as: coordinatorDJ });
    expect(view.body.reminders[0]).toMatchObject({ status: 'sent', deliveryStatus: 'delivered' });
    const stored = (await storedMessages(c.id)).find((m) => m['providerId'] === sid);
    expect(stored).toMatchObject({ deliveryStatus: 'delivered', version: 3 });
  });

  it('records nothing for a token altered by someone who can sign but cannot seal', async () => {
    const c = await openCase();
    const hearing = await scheduleHearing(c.id, aCoordinator());
    const gateway = new SidGateway();
    await sendDueMessages(new Date(hearing.reminders[0].sendAt), gateway);
    const token = new URL(String(gateway.sent[0]?.statusCallbackUrl)).searchParams.get('m') as string;
    const flipped = Buffer.from(token, 'base64url');
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
    const tampered = await twilioPost(`/sms/status?m=${flipped.toString('base64url')}`, {
      MessageSid: `SM${'1'.padStart(32, 'c')}`,
      MessageStatus: 'failed',
    });
    expect(tampered.status).toBe(204);
    const view = await call('GET', `/cases/${c.id}/hearings/${hearing.id}`, { as: coordinatorDJ });
    expect(view.body.reminders[0].deliveryStatus).toBeUndefined();
  });

  it('ignores a callback naming another provider id, and refuses an unsigned one with 403', async () => {
    const c = await openCase();
    const hearing = await scheduleHearing(c.id, aCoordinator());
    const gateway = new SidGateway();
    await sendDueMessages(new Date(hearing.reminders[0].sendAt), gateway);
    const path = String(gateway.sent[0]?.statusCallbackUrl).replace('https://api.alaturi.test', '');
    const other = await twilioPost(path, { MessageSid: `SM${'9'.repeat(32)}`, MessageStatus: 'failed' });
    expect(other.status).toBe(204);
    const unsigned = await twilioPost(
      path,
      { MessageSid: `SM${'1'.padStart(32, 'c')}`, MessageStatus: 'failed' },
      '',
    );
    expect(unsigned.status).toBe(403);
    const view = await call('GET', `/cases/${c.id}/hearings/${hearing.id}`, { as: coordinatorDJ });
    expect(view.body.reminders[0].deliveryStatus).toBeUndefined();
  });
});
