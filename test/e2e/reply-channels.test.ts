// Issue 18 over HTTP on the real `npm start` (k = 3): Romanian numbers cannot answer by SMS, so three victims
// answer on the private web page their invitation SMS links to, and three over WhatsApp through the phone
// simulator; the export counts all six. The reply page is private: no-store, no referrer, a strict CSP,
// a spent link answers 410 and an unknown one 404 with the same page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCase } from '../support/factories.ts';
import {
  E2E_START,
  halfYear,
  INDISCREET,
  type LocalRuntime,
  nextDaytime,
  now,
  startLocalRuntime,
  uniquePhone,
} from '../support/local-runtime.ts';
import { aSurvey } from '../support/survey-definition.ts';

const WAVE = halfYear(E2E_START);
const SURVEY_ID = 'e2e-replies';

let runtime: LocalRuntime;
let admin: string;
let coordinator: string;
let analyst: string;
const web: { phone: string; link?: string }[] = [];
const whatsapp: { phone: string }[] = [];

async function invited(channel: 'web' | 'whatsapp'): Promise<string> {
  const phone = uniquePhone();
  const opened = await runtime.http('POST', '/cases', {
    token: coordinator,
    body: aCase({
      proceedingsStage: 'trial',
      victim: {
        phone,
        fullName: `Ioana Replycheck${web.length + whatsapp.length}`,
        language: 'ro',
        birthYear: 1980,
        ...(channel === 'whatsapp' ? { channel: 'whatsapp' } : {}),
      },
    }),
  });
  expect(opened.status).toBe(201);
  // The web channel is the default for a +40 number: no channel named.
  const res = await runtime.http('POST', `/cases/${opened.body.id}/survey-invitations`, {
    token: coordinator,
    body:
      channel === 'web' ? { surveyId: SURVEY_ID, wave: WAVE } : { surveyId: SURVEY_ID, wave: WAVE, channel },
  });
  expect(res.status).toBe(202);
  expect(res.body).toEqual({ status: 'sent', wave: WAVE, channel });
  return phone;
}

/** The page as a browser without JavaScript posts it. */
function post(link: string, fields: Record<string, string>) {
  return fetch(link, {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

async function exported() {
  const res = await runtime.http(
    'GET',
    `/exports/feedback?surveyId=${SURVEY_ID}&wave=${WAVE}&groupBy=language`,
    {
      token: analyst,
    },
  );
  expect(res.status).toBe(200);
  return res.body;
}

beforeAll(async () => {
  runtime = await startLocalRuntime({ SUPPRESSION_K: '3' });
  admin = runtime.token('--role', 'admin', '--sub', 'e2e-admin');
  coordinator = runtime.token('--role', 'coordinator', '--county', 'DJ', '--sub', 'e2e-coord');
  analyst = runtime.token('--role', 'analyst', '--sub', 'e2e-analyst');
  expect(
    (await runtime.http('POST', '/surveys', { token: admin, body: aSurvey({ id: SURVEY_ID }) })).status,
  ).toBe(201);
});

afterAll(async () => {
  await runtime.stop();
});

describe('survey replies where two-way SMS does not exist', () => {
  it('texts a Romanian number a private link, and a WhatsApp-preferring victim on WhatsApp', async () => {
    for (let i = 0; i < 3; i += 1) web.push({ phone: await invited('web') });
    for (let i = 0; i < 3; i += 1) whatsapp.push({ phone: await invited('whatsapp') });
    expect(await runtime.clock(nextDaytime(now()))).toMatchObject({
      sent: 6,
      deferred: 0,
      failed: 0,
      skipped: 0,
    });

    for (const victim of web) {
      const [sms, ...more] = await runtime.outbox(victim.phone);
      expect(more).toEqual([]);
      const link = new RegExp(`${runtime.base}/r/[A-Za-z0-9_-]{22}`).exec(sms?.body ?? '')?.[0];
      expect(sms?.body).toBe(`Un chestionar scurt, anonim: ${link} STOP = oprire mesaje`);
      expect(sms?.body).not.toMatch(INDISCREET);
      victim.link = link;
    }
    for (const victim of whatsapp) {
      expect(await runtime.outbox(victim.phone)).toEqual([]);
      const [message] = await runtime.outbox(`whatsapp:${victim.phone}`);
      expect(message?.body).toMatch(/^Un chestionar scurt și anonim\? Trimiteți DA\./);
    }
  });

  it('takes the WhatsApp victims through the survey by WhatsApp, as SMS would', async () => {
    for (const { phone } of whatsapp) {
      const from = `whatsapp:${phone}`;
      expect(await runtime.sms(from, 'DA')).toBe(
        'Câteva întrebări scurte.\nCât de în siguranță v-ați simțit? (1-5)\nSTOP = oprire mesaje',
      );
      expect(await runtime.sms(from, '4')).toBe('V-a fost de folos sprijinul? (DA/NU)\nSTOP = oprire mesaje');
      expect(await runtime.sms(from, 'da')).toBe('Ce ar trebui să facem altfel?\nSTOP = oprire mesaje');
      expect(await runtime.sms(from, 'nimic')).toBe('Mulțumim! STOP = oprire');
    }
  });

  it('serves each web victim a private page and takes the answers in one submission', async () => {
    for (const victim of web) {
      const link = victim.link as string;
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
      const html = await page.text();
      expect(html).toContain('Cât de în siguranță v-ați simțit?');
      expect(html).not.toMatch(INDISCREET);

      const answered = await post(link, { q0: '5', q1: 'NU', q2: 'Mai multă răbdare' });
      expect(answered.status).toBe(200);
      expect(await answered.text()).toContain('Mulțumim! STOP = oprire');
    }
    const spent = web[0]?.link as string;
    const again = await post(spent, { q0: '1' });
    const unknown = await fetch(`${runtime.base}/r/AAAAAAAAAAAAAAAAAAAAAA`);
    expect([again.status, unknown.status]).toEqual([410, 404]);
    expect(await again.text()).toBe(await unknown.text());
  });

  it('counts the web and the WhatsApp answers alike in the export', async () => {
    const feedback = await exported();
    // Everyone invited answered: the invitations would say so (README "Publishable tables").
    expect(feedback.total).toEqual({ respondents: 6, invited: null, responseRate: null });
    expect(feedback.groups).toMatchObject([
      { stratum: { language: 'ro' }, suppressed: false, respondents: 6 },
    ]);
    // Three said yes on WhatsApp and three no on the page: neither answer is unanimous, so both show.
    expect(feedback.groups[0].questions.helped).toEqual({ no: 3, yes: 3 });
  });

  it('writes no phone, link token or answer to its logs', () => {
    const output = runtime.output();
    for (const { phone } of [...web, ...whatsapp]) expect(output).not.toContain(phone.slice(-9));
    for (const { link } of web) expect(output).not.toContain(String(link).split('/r/')[1]);
    expect(output).not.toContain('Mai multă răbdare');
  });
});
