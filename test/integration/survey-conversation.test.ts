import { beforeAll, describe, expect, it } from 'vitest';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { GetCommand, QueryCommand, UpdateCommand } from '../../shared/data/document-client.ts';
import { surveyKeys, surveyMargins } from '../../shared/data/keys.ts';
import { phoneHash } from '../../shared/data/phone-hash.ts';
import { replyTokenHash } from '../../shared/data/reply-token.ts';
import * as clock from '../../shared/domain/clock.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import { keywordReply } from '../../shared/sms/keyword-replies.ts';
import { MemoryOutboxGateway } from '../../shared/sms/memory-outbox-gateway.ts';
import { renderGonePage } from '../../shared/sms/reply-page.ts';
import { smsText } from '../../shared/sms/templates.ts';
import { call } from '../support/api.ts';
import { aPhone, coordinatorDJ } from '../support/factories.ts';
import {
  aMessage,
  aMessageSid,
  indicatorCount,
  openCase,
  putMessages,
  storedMessages,
  twilioPost,
  useOwnTables,
} from '../support/messaging-factories.ts';
import { ScanCommand } from '../support/scan-command.ts';
import { invite, publishSurvey, replyTokenOf, sms, submitReplyPage } from '../support/survey-factories.ts';

const WAVE = '2031-S1';
/** Everything this file put into a case or a phone, to look for in the InsightsTable at the end. */
const created = {
  caseIds: [] as string[],
  phones: [] as string[],
  names: [] as string[],
  tokens: [] as string[],
};

let surveyId: string;

beforeAll(async () => {
  await useOwnTables('survey-conversation');
  surveyId = (await publishSurvey()).id;
});

type VictimOverrides = { language?: 'ro' | 'uk'; birthYear?: number; fullName?: string; phone?: string };

/** A case whose victim has just been invited to `survey` (wave 2031-S1). */
async function invitedVictim(
  victim: VictimOverrides = {},
  survey = surveyId,
  stage = 'trial' as const,
  channel: 'sms' | 'web' = 'sms',
) {
  const phone = victim.phone ?? aPhone();
  const fullName = victim.fullName ?? `Ana Popescu ${created.names.length}`;
  const opened = await openCase({
    victim: { birthYear: 1992, ...victim, phone, fullName },
    proceedingsStage: stage,
  });
  created.caseIds.push(opened.id);
  created.phones.push(phone);
  created.names.push(fullName);
  const res = await invite(opened.id, survey, WAVE, undefined, channel);
  expect(res.status).toBe(202);
  return { caseId: opened.id, phone, fullName };
}

/** A victim invited to answer on the private page; the token is kept to look for it in the table. */
async function invitedToTheWebPage(victim: VictimOverrides = {}) {
  const invited = await invitedVictim(victim, surveyId, 'trial', 'web');
  const token = await replyTokenOf(invited.caseId);
  created.tokens.push(token);
  return { ...invited, token };
}

const getPage = (token: string) => call('GET', `/r/${token}`);

async function insightsItem(key: { pk: string; sk: string }) {
  const out = await getDocumentClient().send(
    new GetCommand({ TableName: tableNames().insights, Key: key, ConsistentRead: true }),
  );
  return out.Item;
}

const session = async (phone: string) => insightsItem(surveyKeys.session(await phoneHash(phone)));

/** The counts of one answer in each published table the strata fall in: county, language, stage, age band. */
async function count(survey: string, strata: Parameters<typeof surveyMargins>[0], q: string, a: string) {
  const counts: number[] = [];
  for (const margin of surveyMargins(strata)) {
    const item = await insightsItem(surveyKeys.counter(survey, WAVE, margin, q, a));
    counts.push((item?.['count'] as number | undefined) ?? 0);
  }
  return counts;
}

const plusOne = (before: number[]) => before.map((n) => n + 1);

async function responses(survey = surveyId) {
  const out = await getDocumentClient().send(
    new QueryCommand({
      TableName: tableNames().insights,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `RESP#${survey}#${WAVE}` },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

/** Holds the next `n` TransactWriteItems calls until all `n` were made, so they race for real. */
function holdTransactionWrites(n: number) {
  const stack = getDocumentClient().middlewareStack;
  const waiting: (() => void)[] = [];
  let held = 0;
  stack.add(
    (next, context) => async (args) => {
      if (/TransactWrite/.test(context.commandName ?? '') && held < n) {
        held += 1;
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length === n) for (const release of waiting) release();
          setTimeout(resolve, 5000);
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'test-transaction-barrier', override: true },
  );
  return { held: () => held, remove: () => stack.remove('test-transaction-barrier') };
}

describe('the SMS survey conversation through POST /sms/inbound', () => {
  it('takes a Romanian victim from consent to the thanks and stores one anonymous response', async () => {
    const { phone } = await invitedVictim({ language: 'ro', birthYear: 1992 });
    const strata = { county: 'DJ', language: 'ro', stage: 'trial', ageBand: '26-35' };
    const before = await responses();
    const respondentsBefore = await count(surveyId, strata, '_respondents', '_');
    const safeBefore = await count(surveyId, strata, 'safe', '4');
    const helpedBefore = await count(surveyId, strata, 'helped', 'yes');

    const first = await sms(phone, 'DA');
    expect(first).toBe(
      'Câteva întrebări scurte.\nCât de în siguranță v-ați simțit? (1-5)\nSTOP = oprire mesaje',
    );
    expect(await sms(phone, '4')).toBe('V-a fost de folos sprijinul? (DA/NU)\nSTOP = oprire mesaje');
    expect(await sms(phone, 'da')).toBe('Ce ar trebui să facem altfel?\nSTOP = oprire mesaje');
    // A name typed into free text is personal data: it is stored sealed, never in clear.
    expect(await sms(phone, 'Mai multă răbdare. Ana Popescu 0')).toBe('Mulțumim! STOP = oprire');

    expect(await session(phone)).toBeUndefined();
    const after = await responses();
    expect(after).toHaveLength(before.length + 1);
    const response = after.find((r) => !before.some((b) => b['sk'] === r['sk']));
    // The response keeps its wave and answers, no strata and no week: those are in no published table.
    expect(Object.keys(response ?? {}).sort()).toEqual(
      ['answers', 'entity', 'pk', 'sk', 'surveyId', 'version', 'wave'].sort(),
    );
    expect(response).toMatchObject({ wave: WAVE, version: 1 });
    expect(response?.['answers']).toMatchObject({ safe: 4, helped: true });
    expect(response?.['answers']['comment']).toMatch(/^enc1:/);
    expect(response?.['sk']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    expect(await count(surveyId, strata, '_respondents', '_')).toEqual(plusOne(respondentsBefore));
    expect(await count(surveyId, strata, 'safe', '4')).toEqual(plusOne(safeBefore));
    expect(await count(surveyId, strata, 'helped', 'yes')).toEqual(plusOne(helpedBefore));
    // Free text is never a counter cell.
    const cells = await getDocumentClient().send(
      new QueryCommand({
        TableName: tableNames().insights,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': surveyKeys.counterPartition(surveyId, WAVE) },
      }),
    );
    expect(cells.Items?.some((c) => String(c['sk']).includes('#comment#'))).toBe(false);
    expect(await indicatorCount(WAVE, 'DJ', 'survey_responses')).toBeGreaterThanOrEqual(1);
  });

  it('asks and thanks a Ukrainian victim in Ukrainian, and counts both responses', async () => {
    const { phone, caseId } = await invitedVictim({ language: 'uk', birthYear: 1980 });
    const strata = { county: 'DJ', language: 'uk', stage: 'trial', ageBand: '36+' };
    const responsesBefore = await indicatorCount(WAVE, 'DJ', 'survey_responses');
    const respondentsBefore = await count(surveyId, strata, '_respondents', '_');
    const safeBefore = await count(surveyId, strata, 'safe', '5');
    const helpedBefore = await count(surveyId, strata, 'helped', 'no');

    // The invitation itself, as the sender delivers it (at noon, outside quiet hours): Ukrainian, asking ТАК.
    const noon = new Date('2031-01-10T10:00:00Z');
    const gateway = new MemoryOutboxGateway({ now: () => noon });
    await sendDueMessages(noon, gateway);
    const [message] = (await storedMessages(caseId)).filter((m) => m['kind'] === 'survey_invitation');
    expect(message).toMatchObject({ language: 'uk', status: 'sent' });
    expect(gateway.list(phone).map((m) => m.body)).toEqual([smsText('survey_invitation', 'uk').body]);

    expect(await sms(phone, 'так')).toBe(
      'Кілька коротких запитань.\nНаскільки безпечно ви почувалися? (1-5)\nSTOP = відписатися',
    );
    // An invalid answer is asked again once, with the hint.
    expect(await sms(phone, 'дуже')).toBe(
      `Наскільки безпечно ви почувалися?\n${smsText('survey_hint', 'uk', { hint: '1-5' }).body}`,
    );
    expect(await sms(phone, '5')).toBe('Чи допомогла вам підтримка? (ТАК/НІ)\nSTOP = відписатися');
    expect(await sms(phone, 'ні')).toBe('Що нам варто робити інакше?\nSTOP = відписатися');
    expect(await sms(phone, 'Нічого')).toBe('Дякуємо! STOP = відписатися');

    expect(await count(surveyId, strata, '_respondents', '_')).toEqual(plusOne(respondentsBefore));
    expect(await count(surveyId, strata, 'safe', '5')).toEqual(plusOne(safeBefore));
    expect(await count(surveyId, strata, 'helped', 'no')).toEqual(plusOne(helpedBefore));
    expect(await indicatorCount(WAVE, 'DJ', 'survey_responses')).toBe(responsesBefore + 1);
    // The Romanian response of the test before is still counted in the language table.
    const [, romanian] = await count(surveyId, { ...strata, language: 'ro' }, '_respondents', '_');
    expect(romanian).toBeGreaterThanOrEqual(1);
    // The answers never touched the case: no inbound message kept on it, no alert (issue 12, point 7).
    expect((await storedMessages(caseId)).filter((m) => m['direction'] === 'in')).toEqual([]);
    const alerts = await call('GET', `/cases/${caseId}/alerts`, { as: coordinatorDJ });
    expect(alerts.body.items).toEqual([]);
  });

  it('works the same over WhatsApp: whatsapp:+40... is the same person as +40...', async () => {
    const { phone } = await invitedVictim({ language: 'ro', birthYear: 1970 });
    const from = `whatsapp:${phone}`;
    const before = (await responses()).length;
    expect(await sms(from, 'DA')).toContain('(1-5)');
    expect(await sms(from, '2')).toContain('(DA/NU)');
    expect(await sms(from, 'nu')).toBe('Ce ar trebui să facem altfel?\nSTOP = oprire mesaje');
    expect(await sms(from, 'nimic')).toBe('Mulțumim! STOP = oprire');
    expect(await session(phone)).toBeUndefined();
    expect(await responses()).toHaveLength(before + 1);
  });

  it('stores nothing when the person sends STOP in the middle, and opts the phone out of reminders too', async () => {
    const { phone, caseId } = await invitedVictim({ language: 'ro', birthYear: 1999 });
    const strata = { county: 'DJ', language: 'ro', stage: 'trial', ageBand: '18-25' };
    const before = (await responses()).length;
    const respondentsBefore = await count(surveyId, strata, '_respondents', '_');
    const safeBefore = await count(surveyId, strata, 'safe', '3');
    await sms(phone, 'DA');
    await sms(phone, '3');
    expect(await sms(phone, 'STOP')).toBe(keywordReply('opted_out', 'ro'));

    expect(await session(phone)).toBeUndefined();
    expect(await responses()).toHaveLength(before);
    expect(await count(surveyId, strata, '_respondents', '_')).toEqual(respondentsBefore);
    expect(await count(surveyId, strata, 'safe', '3')).toEqual(safeBefore);
    expect(await insightsItem(surveyKeys.optOut(await phoneHash(phone)))).toBeDefined();

    // An appointment reminder to the same phone is cancelled at send time, not sent.
    const reminder = aMessage(caseId, {
      sendAt: '2031-01-10T09:00:00.000Z',
      params: { startsAt: '2031-02-01T10:00:00.000Z', publicLocation: 'Str. Unirii 10' },
    });
    await putMessages([reminder]);
    const gateway = new MemoryOutboxGateway({ now: () => new Date('2031-01-10T10:00:00Z') });
    await sendDueMessages(new Date('2031-01-10T10:00:00Z'), gateway);
    expect(gateway.list(phone)).toHaveLength(0);
    const stored = (await storedMessages(caseId)).find((m) => m['id'] === reminder.id);
    expect(stored).toMatchObject({ status: 'cancelled', lastError: 'opted_out' });
    // And no survey reaches it again.
    expect((await invite(caseId, surveyId, '2031-S2')).body).toEqual({
      status: 'skipped',
      reason: 'opted_out',
    });
  });

  it('applies nothing twice when Twilio replays a MessageSid, and answers the replay the same', async () => {
    const { phone } = await invitedVictim();
    await sms(phone, 'DA');
    const sid = aMessageSid();
    const first = await sms(phone, '4', sid);
    const afterFirst = await session(phone);
    const replay = await sms(phone, '4', sid);
    expect(replay).toBe(first);
    expect(await session(phone)).toEqual(afterFirst);
    expect(afterFirst).toMatchObject({ questionIndex: 1, answers: { safe: 4 } });
  });

  it('refuses a wrong signature with 403 and leaves the session as it was', async () => {
    const { phone } = await invitedVictim();
    const before = await session(phone);
    const res = await twilioPost(
      '/sms/inbound',
      { MessageSid: aMessageSid(), From: phone, Body: 'DA' },
      'bm90IGEgc2lnbmF0dXJl',
    );
    expect(res.status).toBe(403);
    expect(await session(phone)).toEqual(before);
  });

  it('applies concurrent answers of one session once each, one question after the other', async () => {
    const scales = await publishSurvey({
      questions: ['a', 'b', 'c'].map((id) => ({
        id,
        type: 'scale',
        min: 1,
        max: 5,
        text: { ro: `Întrebarea ${id}?`, uk: `Питання ${id}?` },
      })),
    });
    const { phone } = await invitedVictim({ language: 'ro', birthYear: 1992 }, scales.id);
    const strata = { county: 'DJ', language: 'ro', stage: 'trial', ageBand: '26-35' };
    await sms(phone, 'DA');

    // Both messages read the session before either writes: their transactions are held until both exist.
    const barrier = holdTransactionWrites(2);
    const replies = await Promise.all([sms(phone, '2'), sms(phone, '5')]).finally(barrier.remove);
    expect(barrier.held()).toBe(2);
    expect(replies.sort()).toEqual([
      'Întrebarea b? (1-5)\nSTOP = oprire mesaje',
      'Întrebarea c? (1-5)\nSTOP = oprire mesaje',
    ]);
    const midway = await session(phone);
    expect(midway?.['questionIndex']).toBe(2);
    expect([midway?.['answers']['a'], midway?.['answers']['b']].sort()).toEqual([2, 5]);

    expect(await sms(phone, '3')).toBe('Mulțumim! STOP = oprire');
    const [response] = await responses(scales.id);
    expect(response?.['answers']).toEqual({ ...midway?.['answers'], c: 3 });
    const a = midway?.['answers']['a'] as number;
    const b = midway?.['answers']['b'] as number;
    expect(await count(scales.id, strata, 'a', String(a))).toEqual([1, 1, 1, 1]);
    expect(await count(scales.id, strata, 'b', String(b))).toEqual([1, 1, 1, 1]);
    expect(await count(scales.id, strata, 'c', '3')).toEqual([1, 1, 1, 1]);
    expect(await count(scales.id, strata, '_respondents', '_')).toEqual([1, 1, 1, 1]);
  });

  it('discards a session after 72 hours without a reply, with its partial answers', async () => {
    const { phone } = await invitedVictim();
    await sms(phone, 'DA');
    await sms(phone, '1');
    // As if the last reply were 73 hours ago (the stored TTL is the session's only clock; rounded up to the
    // week, it may hold up to seven days more, so the test moves it back by both).
    await getDocumentClient().send(
      new UpdateCommand({
        TableName: tableNames().insights,
        Key: surveyKeys.session(await phoneHash(phone)),
        UpdateExpression: 'SET expiresAt = expiresAt - :hours',
        ExpressionAttributeValues: { ':hours': 73 * 3600 + 7 * 86_400 },
      }),
    );
    const before = (await responses()).length;
    expect(await sms(phone, 'da')).toBe(smsText('survey_closed', 'ro').body);
    expect(await session(phone)).toBeUndefined();
    expect(await responses()).toHaveLength(before);
  });

  it('answers HELP, "cancel" and STOP during a survey in the session language, even after the case changed language', async () => {
    const { phone, caseId } = await invitedVictim({ language: 'uk', birthYear: 1985 });
    expect(await sms(phone, 'так')).toContain('(1-5)');
    // The case now says Romanian; the conversation under way is in Ukrainian, and stays so.
    const patched = await call('PATCH', `/cases/${caseId}`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { victim: { language: 'ro' } },
    });
    expect(patched.status).toBe(200);
    // A phone of a case asking for help gets a person (an alert on the case), told in the session's language.
    const help =
      'Дякуємо, ми скоро вам зателефонуємо. STOP = відписатися\nMulțumim, vă sunăm în curând. STOP = oprire mesaje\nThank you, we will call you soon. STOP = no more messages';
    expect(await sms(phone, 'HELP')).toBe(help);
    expect(await sms(phone, 'СКАСУВАТИ')).toBe(help);
    // "Cancel" is no opt-out: the survey goes on where it was.
    expect(await session(phone)).toMatchObject({ state: 'answering', questionIndex: 0 });
    expect(await insightsItem(surveyKeys.optOut(await phoneHash(phone)))).toBeUndefined();
    expect(await sms(phone, 'STOP')).toBe(
      'Ви більше не отримуватимете повідомлень. START = відновити\nNu veți mai primi mesaje. START = reluare\nYou will receive no more messages. START = resume',
    );
    // The session went with STOP: from now on the phone is answered in its case's language.
    expect(await sms(phone, 'START')).toBe(
      'Mesajele au fost reluate. STOP = oprire mesaje\nMessages resumed. STOP = no more messages',
    );
  });

  it('answers a stranger with the neutral text and stores nothing about them', async () => {
    const stranger = aPhone();
    created.phones.push(stranger);
    expect(await sms(stranger, 'DA')).toBe(smsText('survey_closed', 'ro').body);
    expect(await session(stranger)).toBeUndefined();
  });
});

describe('the private web reply on /r/{token}', () => {
  const strata = { county: 'DJ', language: 'ro', stage: 'trial', ageBand: '26-35' };

  it('shows the questions in the victim’s language as one form, with headers that keep the page private', async () => {
    const { token } = await invitedToTheWebPage({ language: 'uk', birthYear: 1992 });
    const page = await getPage(token);

    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toMatch(
      /^default-src 'none'; style-src 'sha256-[^']+'; form-action 'self'/,
    );
    expect(page.text).toContain('<html lang="uk">');
    expect(page.text).toContain('Наскільки безпечно ви почувалися?');
    expect(page.text).toContain('Кілька коротких запитань.');
    expect(page.text).toContain('Більше не звертайтеся до мене');
    // Nothing from anywhere: no script, no link to another page, no image.
    expect(page.text).not.toMatch(/<script|<img|<link|https?:\/\//);
  });

  it('stores a web answer exactly as an SMS answer: one response, the same counters, no time', async () => {
    const before = await responses();
    const respondents = await count(surveyId, strata, '_respondents', '_');
    const safe = await count(surveyId, strata, 'safe', '3');
    const helped = await count(surveyId, strata, 'helped', 'no');
    const responsesIndicator = await indicatorCount(WAVE, 'DJ', 'survey_responses');
    const { token, phone } = await invitedToTheWebPage({ language: 'ro', birthYear: 1992 });

    const answered = await submitReplyPage(token, {
      q0: '3',
      q1: 'NU',
      q2: `Mai repede. Sunați la ${phone}`,
    });

    expect(answered.status).toBe(200);
    expect(answered.text).toContain('Mulțumim! STOP = oprire');
    expect(await session(phone)).toBeUndefined();
    const after = await responses();
    expect(after).toHaveLength(before.length + 1);
    const response = after.find((r) => !before.some((b) => b['sk'] === r['sk']));
    expect(Object.keys(response ?? {}).sort()).toEqual(
      ['answers', 'entity', 'pk', 'sk', 'surveyId', 'version', 'wave'].sort(),
    );
    expect(response?.['answers']).toMatchObject({ safe: 3, helped: false });
    expect(response?.['answers']['comment']).toMatch(/^enc1:/);
    expect(await count(surveyId, strata, '_respondents', '_')).toEqual(plusOne(respondents));
    expect(await count(surveyId, strata, 'safe', '3')).toEqual(plusOne(safe));
    expect(await count(surveyId, strata, 'helped', 'no')).toEqual(plusOne(helped));
    expect(await indicatorCount(WAVE, 'DJ', 'survey_responses')).toBe(responsesIndicator + 1);
  });

  it('answers a second submission and a second visit with 410, and an unknown link with 404, on the same page', async () => {
    const { token } = await invitedToTheWebPage({ language: 'ro' });
    expect((await submitReplyPage(token, { q0: '5' })).status).toBe(200);
    const before = (await responses()).length;

    const again = await submitReplyPage(token, { q0: '1' });
    const visit = await getPage(token);
    const unknown = await getPage('AAAAAAAAAAAAAAAAAAAAAA');
    const malformed = await getPage('not-a-token');

    expect([again.status, visit.status, unknown.status, malformed.status]).toEqual([410, 410, 404, 404]);
    for (const page of [again, visit, unknown, malformed]) {
      expect(page.text).toBe(renderGonePage());
      expect(page.headers['cache-control']).toBe('no-store');
    }
    expect(await responses()).toHaveLength(before);
    // What the spent link keeps: that it was used, and no phone hash any more.
    const spent = await insightsItem(surveyKeys.reply(replyTokenHash(token)));
    expect(spent).toMatchObject({ used: true });
    expect(spent).not.toHaveProperty('phoneHash');
  });

  it('gives the form back with an error summary (422) for an answer it never offered, and stores nothing', async () => {
    const { token, phone } = await invitedToTheWebPage({ language: 'ro' });
    const before = (await responses()).length;

    const refused = await submitReplyPage(token, { q0: '9', q1: 'DA', q2: '<b>bold</b>' });
    const empty = await submitReplyPage(token, { q0: '', q1: '', q2: '  ' });

    expect(refused.status).toBe(422);
    expect(refused.text).toContain('A apărut o problemă');
    expect(refused.text).toContain('href="#q0-0">Alegeți unul dintre răspunsurile oferite');
    // What the person typed comes back, escaped.
    expect(refused.text).toContain('&lt;b&gt;bold&lt;/b&gt;</textarea>');
    expect(refused.text).not.toContain('<b>bold</b>');
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Răspundeți la cel puțin o întrebare');
    expect(await responses()).toHaveLength(before);
    expect(await session(phone)).toBeDefined();
    expect((await submitReplyPage(token, { q0: '4' })).status).toBe(200);
  });

  it('opts the phone out from "Do not contact me again" as STOP does, and spends the link', async () => {
    const { token, phone } = await invitedToTheWebPage({ language: 'ro' });
    const before = (await responses()).length;

    const stopped = await submitReplyPage(token, { stop: '1' });

    expect(stopped.status).toBe(200);
    expect(stopped.text).toContain('Nu veți mai primi mesaje.');
    expect(await insightsItem(surveyKeys.optOut(await phoneHash(phone)))).toMatchObject({ entity: 'optout' });
    expect(await session(phone)).toBeUndefined();
    expect(await responses()).toHaveLength(before);
    expect((await getPage(token)).status).toBe(410);
  });

  it('expires with the session: once the session’s week-rounded TTL has passed, the link is unknown', async () => {
    const { token } = await invitedToTheWebPage({ language: 'ro' });
    try {
      // 72 hours, rounded up to the next Monday (the session stores no finer time): gone within 11 days.
      clock.setClock(new Date(Date.now() + 11 * 24 * 3_600_000));
      expect((await getPage(token)).status).toBe(404);
      expect((await submitReplyPage(token, { q0: '4' })).status).toBe(404);
    } finally {
      clock.setClock(undefined);
    }
  });
});

describe('the InsightsTable after all of the above', () => {
  /** Epoch seconds or milliseconds between 2001 and 2100: a time, whatever the attribute is called. */
  const looksLikeEpoch = (n: number) => (n > 1e9 && n < 4.2e9) || (n > 1e12 && n < 4.2e12);
  const ISO_DATE_TIME = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

  it('holds no phone, name, case id or time finer than a week, except a definition’s publication time', async () => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await getDocumentClient().send(
        new ScanCommand({ TableName: tableNames().insights, ExclusiveStartKey: start, ConsistentRead: true }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    expect(items.length).toBeGreaterThan(20);
    expect(created.caseIds.length).toBeGreaterThanOrEqual(8);
    // The web path was taken: its links are in the table by their hash only.
    expect(created.tokens.length).toBeGreaterThanOrEqual(5);
    expect(items.filter((i) => String(i['pk']).startsWith('REPLY#')).length).toBe(created.tokens.length);

    // A phone in any format: +40722..., 0722..., whatsapp:+40722..., all contain the national digits.
    const needles = [
      ...created.phones.map((p) => p.replace(/^\+40/, '')),
      ...created.names,
      ...created.caseIds,
      ...created.tokens,
      'whatsapp:',
    ];
    for (const item of items) {
      const text = JSON.stringify(item);
      for (const needle of needles) expect(text, `${item['pk']} ${item['sk']}`).not.toContain(needle);

      const times: string[] = [];
      const visit = (value: unknown, path: string): void => {
        if (typeof value === 'string' && ISO_DATE_TIME.test(value)) times.push(path);
        if (typeof value === 'number' && looksLikeEpoch(value)) times.push(path);
        if (value && typeof value === 'object') {
          for (const [k, v] of Object.entries(value)) visit(v, path ? `${path}.${k}` : k);
        }
      };
      visit(item, '');
      const pk = String(item['pk']);
      const allowed =
        pk.startsWith('SURVEY#') && String(item['sk']).startsWith('DEF#')
          ? ['createdAt']
          : // A TTL is a time, and these two must expire: the session after 72 h, the MessageSid after 7 days.
            pk.startsWith('SESSION#') || pk.startsWith('MSG#') || pk.startsWith('REPLY#')
            ? ['expiresAt']
            : [];
      expect(
        times.filter((t) => !allowed.includes(t)),
        `${pk} ${item['sk']}`,
      ).toEqual([]);
    }
    // The response partition really was searched: it has the completion week, nothing finer.
    const stored = items.filter((i) => String(i['pk']).startsWith('RESP#'));
    expect(stored.length).toBeGreaterThanOrEqual(4);
    for (const r of stored) expect(r).not.toHaveProperty('strata');
    // Every counter is the cell of one published table: one stratum, never several together.
    const counters = items.filter((i) => String(i['pk']).startsWith('AGG#') && i['sk'] !== '_answers');
    expect(counters.length).toBeGreaterThan(8);
    for (const c of counters) expect(String(c['sk']).split('#')[0], String(c['sk'])).not.toContain('|');
    // The TTLs that must stay are week boundaries: Monday 00:00 UTC.
    const ttls = items.filter((i) => typeof i['expiresAt'] === 'number').map((i) => i['expiresAt'] as number);
    expect(ttls.length).toBeGreaterThan(0);
    for (const ttl of ttls) expect(new Date(ttl * 1000).toISOString()).toMatch(/T00:00:00\.000Z$/);
    for (const ttl of ttls) expect(new Date(ttl * 1000).getUTCDay()).toBe(1);
  });
});
