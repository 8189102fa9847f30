// Issue 5 over HTTP on the real `npm start` (k = 3): an SMS survey in Romanian and Ukrainian, invited through
// the outbox, answered through the phone simulator and through signed Twilio webhooks; STOP stores nothing
// and stops reminders; a replayed MessageSid changes nothing; a wrong signature is refused.

import webhooks from 'twilio/lib/webhooks/webhooks.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCase } from '../support/factories.ts';
import {
  bucharestAt,
  E2E_START,
  expectedSegments,
  halfYear,
  INDISCREET,
  type LocalRuntime,
  nextDaytime,
  now,
  startLocalRuntime,
  uniquePhone,
} from '../support/local-runtime.ts';
import { aSurvey } from '../support/survey-definition.ts';

const HOUR = 3_600_000;
const WAVE = halfYear(E2E_START);
const SURVEY_ID = 'e2e-feedback';

const survey = aSurvey({ id: SURVEY_ID });

interface Victim {
  caseId: string;
  phone: string;
  fullName: string;
  language: 'ro' | 'uk';
}

let runtime: LocalRuntime;
let admin: string;
let coordinator: string;
let analyst: string;
const victims: Victim[] = [];

async function invitedVictim(language: 'ro' | 'uk'): Promise<Victim> {
  const phone = uniquePhone();
  const fullName = `Maria Surveycheck${victims.length}`;
  const opened = await runtime.http('POST', '/cases', {
    token: coordinator,
    // 1980: 36+ in any year the clock is set to. A victim born in 1990 is 26-35 when invited on
    // 31 December and 36+ the next morning, and one person alone in an age band rightly hides more cells.
    body: aCase({ proceedingsStage: 'trial', victim: { phone, fullName, language, birthYear: 1980 } }),
  });
  expect(opened.status).toBe(201);
  const invited = await runtime.http('POST', `/cases/${opened.body.id}/survey-invitations`, {
    token: coordinator,
    // Two-way SMS on purpose: a +40 number would otherwise be invited to the web page (SURVEY_CHANNEL_DEFAULTS).
    body: { surveyId: SURVEY_ID, wave: WAVE, channel: 'sms' },
  });
  expect(invited.status).toBe(202);
  expect(invited.body).toEqual({ status: 'sent', wave: WAVE, channel: 'sms' });
  const victim = { caseId: opened.body.id, phone, fullName, language };
  victims.push(victim);
  return victim;
}

/** One inbound SMS exactly as Twilio posts it: form-encoded, signed over the public URL with the token. */
let sidCounter = 0;
function aMessageSid(): string {
  sidCounter += 1;
  return `SM${Date.now().toString(16).padStart(24, '0')}${sidCounter.toString(16).padStart(8, '0')}`;
}

async function twilioInbound(from: string, body: string, sid: string, token = runtime.webhookToken()) {
  const params = {
    MessageSid: sid,
    AccountSid: `AC${'0'.repeat(32)}`,
    From: from,
    To: '+40700000000',
    Body: body,
  };
  const signature = webhooks.getExpectedTwilioSignature(token, `${runtime.base}/sms/inbound`, params);
  const res = await runtime.http('POST', '/sms/inbound', {
    rawBody: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
  });
  const match = /<Message>([\s\S]*?)<\/Message>/.exec(res.text);
  return { status: res.status, contentType: res.headers.get('content-type'), reply: match?.[1] ?? null };
}

async function feedbackByLanguage() {
  const res = await runtime.http(
    'GET',
    `/exports/feedback?surveyId=${SURVEY_ID}&wave=${WAVE}&groupBy=language`,
    { token: analyst },
  );
  expect(res.status).toBe(200);
  return res.body;
}

const respondents = (exported: { groups: { stratum: { language: string }; respondents: number | null }[] }) =>
  Object.fromEntries(exported.groups.map((g) => [g.stratum.language, g.respondents]));

beforeAll(async () => {
  runtime = await startLocalRuntime({ SUPPRESSION_K: '3' });
  admin = runtime.token('--role', 'admin', '--sub', 'e2e-admin');
  coordinator = runtime.token('--role', 'coordinator', '--county', 'DJ', '--sub', 'e2e-coord');
  analyst = runtime.token('--role', 'analyst', '--sub', 'e2e-analyst');
});

afterAll(async () => {
  await runtime.stop();
});

describe('an SMS survey in Romanian and Ukrainian', () => {
  it('publishes a three-question survey in ro and uk', async () => {
    const res = await runtime.http('POST', '/surveys', { token: admin, body: survey });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: SURVEY_ID, version: 1, languages: ['ro', 'uk'] });
    const read = await runtime.http('GET', `/surveys/${SURVEY_ID}`, { token: coordinator });
    expect(read.body.questions.map((q: { id: string }) => q.id)).toEqual(['safe', 'helped', 'comment']);
  });

  it('puts each invitation in the outbox in the victim’s language when the clock runs', async () => {
    for (const language of ['ro', 'ro', 'ro', 'uk', 'uk', 'uk'] as const) await invitedVictim(language);
    const run = await runtime.clock(nextDaytime(now()));
    expect(run).toMatchObject({ sent: 6, deferred: 0, failed: 0, skipped: 0 });
    for (const victim of victims) {
      const received = await runtime.outbox(victim.phone);
      expect(received).toHaveLength(1);
      const [invitation] = received as [(typeof received)[number]];
      expect(invitation.body).toMatch(
        victim.language === 'ro'
          ? /^Un chestionar scurt și anonim\? Trimiteți DA\./
          : /^Коротке анонімне опитування\? Надішліть ТАК\./,
      );
      expect(invitation.body).toContain('STOP');
      expect(invitation.body).not.toMatch(INDISCREET);
      expect(invitation.segments).toBe(expectedSegments(invitation.body, invitation.encoding));
    }
  });

  it('takes a Romanian victim through the survey in Romanian', async () => {
    const { phone } = victims[0] as Victim;
    expect(await runtime.sms(phone, 'DA')).toBe(
      'Câteva întrebări scurte.\nCât de în siguranță v-ați simțit? (1-5)\nSTOP = oprire mesaje',
    );
    expect(await runtime.sms(phone, '4')).toBe('V-a fost de folos sprijinul? (DA/NU)\nSTOP = oprire mesaje');
    expect(await runtime.sms(phone, 'da')).toBe('Ce ar trebui să facem altfel?\nSTOP = oprire mesaje');
    expect(await runtime.sms(phone, 'Mai multă răbdare')).toBe('Mulțumim! STOP = oprire');
  });

  it('takes a Ukrainian victim through the survey in Ukrainian, asking again once after an invalid answer', async () => {
    const { phone } = victims[3] as Victim;
    expect(await runtime.sms(phone, 'так')).toBe(
      'Кілька коротких запитань.\nНаскільки безпечно ви почувалися? (1-5)\nSTOP = відписатися',
    );
    expect(await runtime.sms(phone, 'дуже')).toMatch(/^Наскільки безпечно ви почувалися\?\n/);
    expect(await runtime.sms(phone, '5')).toBe('Чи допомогла вам підтримка? (ТАК/НІ)\nSTOP = відписатися');
    expect(await runtime.sms(phone, 'ні')).toBe('Що нам варто робити інакше?\nSTOP = відписатися');
    expect(await runtime.sms(phone, 'Нічого')).toBe('Дякуємо! STOP = відписатися');
  });

  it('counts both responses: three per language publishes the respondents, never a unanimous answer', async () => {
    const afterTwo = await feedbackByLanguage();
    expect(afterTwo.k).toBe(3);
    // One respondent per language is below k: both hidden, whatever the total says.
    expect(afterTwo.groups.map((g: { suppressed: boolean }) => g.suppressed)).toEqual([true, true]);
    expect(afterTwo.total.respondents).toBe(null);

    for (const victim of [victims[1], victims[2], victims[4], victims[5]] as Victim[]) {
      const ro = victim.language === 'ro';
      await runtime.sms(victim.phone, ro ? 'DA' : 'ТАК');
      await runtime.sms(victim.phone, ro ? '4' : '5');
      await runtime.sms(victim.phone, ro ? 'da' : 'ні');
      expect(await runtime.sms(victim.phone, ro ? 'nimic' : 'нічого')).toMatch(/^(Mulțumim|Дякуємо)!/);
    }
    const exported = await feedbackByLanguage();
    // Three respondents per language are published; their answers are not: each language answered as one
    // (all ro "4" and "yes", all uk "5" and "no"), so any published count would say what every one of them said.
    const hiddenAnswers = (values: string[]) => Object.fromEntries(values.map((v) => [v, null]));
    expect(exported.groups).toEqual([
      {
        stratum: { language: 'ro' },
        suppressed: false,
        respondents: 3,
        questions: { safe: hiddenAnswers(['1', '2', '3', '4', '5']), helped: hiddenAnswers(['no', 'yes']) },
      },
      {
        stratum: { language: 'uk' },
        suppressed: false,
        respondents: 3,
        questions: { safe: hiddenAnswers(['1', '2', '3', '4', '5']), helped: hiddenAnswers(['no', 'yes']) },
      },
    ]);
    expect(exported.groups[0].questions.comment).toBeUndefined();
    // Everyone invited answered: the invitations would say so (README "Publishable tables").
    expect(exported.total).toEqual({ respondents: 6, invited: null, responseRate: null });
  });

  it('stores nothing when STOP comes in the middle, and opts the phone out of reminders too', async () => {
    const quitter = await invitedVictim('ro');
    await runtime.clock(nextDaytime(now()));
    expect(await runtime.outbox(quitter.phone)).toHaveLength(1);
    const before = await feedbackByLanguage();
    expect(await runtime.sms(quitter.phone, 'DA')).toContain('(1-5)');
    expect(await runtime.sms(quitter.phone, '1')).toContain('(DA/NU)');
    expect(await runtime.sms(quitter.phone, 'STOP')).toBe(
      'Nu veți mai primi mesaje. START = reluare\nYou will receive no more messages. START = resume',
    );
    // The conversation is over: a late answer starts nothing.
    expect(String(await runtime.sms(quitter.phone, 'da'))).not.toContain('Ce ar trebui');

    const after = await feedbackByLanguage();
    expect(respondents(after)).toEqual(respondents(before));
    expect(after.groups[0].questions.safe['1'] ?? 0).toBe(0);
    expect(after.total.invited).toBe(before.total.invited);

    const hearing = await runtime.http('POST', `/cases/${quitter.caseId}/hearings?allowConflict=true`, {
      token: coordinator,
      body: { startsAt: bucharestAt(6, 12), durationMinutes: 60, kind: 'court_hearing', remindVictim: true },
    });
    expect(hearing.status).toBe(201);
    for (const r of hearing.body.reminders as { sendAt: string }[]) await runtime.clock(r.sendAt);
    await runtime.clock(new Date(new Date(hearing.body.startsAt).getTime() - HOUR));
    expect(await runtime.outbox(quitter.phone)).toHaveLength(1);
  });

  it('changes nothing when a message is replayed with the same MessageSid', async () => {
    const victim = await invitedVictim('ro');
    const consent = aMessageSid();
    const first = await twilioInbound(victim.phone, 'DA', consent);
    expect(first).toMatchObject({ status: 200, reply: expect.stringContaining('(1-5)') });
    expect(first.contentType).toMatch(/^text\/xml/);
    expect((await twilioInbound(victim.phone, '4', aMessageSid())).reply).toContain('(DA/NU)');
    // Had the replayed DA been read again, it would have answered "helped", and the next message the comment.
    const replay = await twilioInbound(victim.phone, 'DA', consent);
    expect(replay).toEqual(first);
    expect((await twilioInbound(victim.phone, 'da', aMessageSid())).reply).toBe(
      'Ce ar trebui să facem altfel?\nSTOP = oprire mesaje',
    );
    const last = aMessageSid();
    expect((await twilioInbound(victim.phone, 'nimic', last)).reply).toBe('Mulțumim! STOP = oprire');

    // The national table: by language, 4 ro against 3 uk next to the national yes 4 / no 3 would tell
    // each language's answer, so the joint suppression hides both language rows.
    const national = async () =>
      (
        await runtime.http('GET', `/exports/feedback?surveyId=${SURVEY_ID}&wave=${WAVE}&groupBy=none`, {
          token: analyst,
        })
      ).body;
    const done = await national();
    // Four Romanian answers (three earlier and this one, its replayed DA counted once) and three Ukrainian.
    expect(done.groups[0].respondents).toBe(7);
    expect(done.groups[0].questions.safe).toMatchObject({ '4': 4 });
    expect(done.groups[0].questions.helped).toEqual({ yes: 4, no: 3 });
    expect(await twilioInbound(victim.phone, 'nimic', last)).toMatchObject({
      status: 200,
      reply: 'Mulțumim! STOP = oprire',
    });
    expect(await national()).toEqual(done);
  });

  it('refuses an inbound SMS with a wrong or missing signature with 403, and acts on nothing', async () => {
    const victim = victims[0] as Victim;
    const forged = await twilioInbound(victim.phone, 'STOP', aMessageSid(), 'not-the-token');
    expect(forged.status).toBe(403);
    const unsigned = await runtime.http('POST', '/sms/inbound', {
      rawBody: new URLSearchParams({
        MessageSid: aMessageSid(),
        From: victim.phone,
        Body: 'STOP',
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // Not opted out by the forged STOP: a second invitation is skipped as already invited, not opted out.
    const again = await runtime.http('POST', `/cases/${victim.caseId}/survey-invitations`, {
      token: coordinator,
      body: { surveyId: SURVEY_ID, wave: WAVE },
    });
    expect(again.body).toEqual({ status: 'skipped', reason: 'already_invited' });
  });

  it('never writes a phone number, a victim name, an answer or a token to its logs', () => {
    const output = runtime.output();
    expect(output).toContain('"route":"inboundSms"');
    for (const victim of victims) {
      expect(output).not.toContain(victim.phone.slice(3));
      expect(output).not.toContain(victim.fullName);
    }
    expect(output).not.toContain('Mai multă răbdare');
    for (const t of runtime.tokens) expect(output).not.toContain(t.split('.')[1] as string);
  });
});
