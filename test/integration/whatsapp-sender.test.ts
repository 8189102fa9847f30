// The sender over WhatsApp: a case that prefers WhatsApp gets its business-initiated messages at
// `whatsapp:+40...` as the approved content template of the kind and language (WHATSAPP_TEMPLATES), its
// representative still by SMS; an invitation sent with `channel: "whatsapp"` goes there whatever the case prefers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../shared/config.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import type { OutboundSms, SmsGateway } from '../../shared/sms/gateway.ts';
import { aPhone } from '../support/factories.ts';
import {
  aMessage,
  openCase,
  putMessages,
  storedMessages,
  useOwnTables,
} from '../support/messaging-factories.ts';

const REMINDER_RO = `HX${'1'.repeat(32)}`;
const NOON = new Date('2030-01-10T10:00:00Z');

/** A gateway that keeps what the sender handed it, templates included. */
function recordingGateway(): SmsGateway & { sent: OutboundSms[] } {
  const sent: OutboundSms[] = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
      return { providerId: `SM${String(sent.length).padStart(32, '0')}` };
    },
  };
}

beforeAll(async () => {
  await useOwnTables('whatsapp-sender');
  process.env['WHATSAPP_TEMPLATES'] = JSON.stringify({ reminder: { ro: REMINDER_RO } });
  resetConfig();
});

afterAll(() => {
  delete process.env['WHATSAPP_TEMPLATES'];
  resetConfig();
});

describe('sending to a victim who prefers WhatsApp', () => {
  it('sends a reminder as the approved template to whatsapp:+40..., with the time and place as variables', async () => {
    const phone = aPhone();
    const opened = await openCase({ victim: { phone, channel: 'whatsapp', birthYear: 1990 } });
    await putMessages([aMessage(opened.id)]);
    const gateway = recordingGateway();

    expect(await sendDueMessages(NOON, gateway)).toMatchObject({ sent: 1, failed: 0 });

    expect(gateway.sent).toHaveLength(1);
    const [message] = gateway.sent;
    expect(message?.to).toBe(`whatsapp:${phone}`);
    expect(message?.template).toEqual({
      contentSid: REMINDER_RO,
      variables: { '1': 'vin., 11 ian., 12:00', '2': ', Str. Unirii 10' },
    });
    // The text as the template reads it, for the record and the local outbox.
    expect(message?.body).toBe(
      'Reamintire: programare vin., 11 ian., 12:00, Str. Unirii 10. STOP = oprire mesaje',
    );
  });

  it('sends by SMS a message the coordinator addressed to SMS, even when the case prefers WhatsApp', async () => {
    const phone = aPhone();
    const opened = await openCase({ victim: { phone, channel: 'whatsapp', birthYear: 1990 } });
    await putMessages([aMessage(opened.id, { channel: 'sms' })]);
    const gateway = recordingGateway();

    await sendDueMessages(NOON, gateway);

    expect(gateway.sent.map((m) => [m.to, m.template])).toEqual([[phone, undefined]]);
  });

  it('sends an invitation marked for WhatsApp there, as text where no template is configured (locally)', async () => {
    const phone = aPhone();
    const opened = await openCase({ victim: { phone, birthYear: 1990 } });
    await putMessages([aMessage(opened.id, { kind: 'survey_invitation', channel: 'whatsapp', params: {} })]);
    const gateway = recordingGateway();

    await sendDueMessages(NOON, gateway);

    expect(gateway.sent.map((m) => [m.to, m.template])).toEqual([[`whatsapp:${phone}`, undefined]]);
    expect((await storedMessages(opened.id))[0]).toMatchObject({ status: 'sent', channel: 'whatsapp' });
  });
});
