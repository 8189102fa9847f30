import { beforeAll, describe, expect, it } from 'vitest';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { GetCommand, QueryCommand } from '../../shared/data/document-client.ts';
import { invitationKeys, surveyKeys, surveyMargins } from '../../shared/data/keys.ts';
import { phoneHash } from '../../shared/data/phone-hash.ts';
import { halfYearOf } from '../../shared/domain/periods.ts';
import { call } from '../support/api.ts';
import { admin, analyst, coordinatorDJ, coordinatorGJ, prosecutorCraiova } from '../support/factories.ts';
import { indicatorCount, openCase, storedMessages, useOwnTables } from '../support/messaging-factories.ts';
import { aSurvey, invite, publishSurvey, sms } from '../support/survey-factories.ts';

beforeAll(async () => {
  await useOwnTables('surveys');
});

async function insightsItem(key: { pk: string; sk: string }) {
  const out = await getDocumentClient().send(
    new GetCommand({ TableName: tableNames().insights, Key: key, ConsistentRead: true }),
  );
  return out.Item;
}

const paths = (body: { errors: { path: string }[] }) => body.errors.map((e) => e.path);

describe('POST /surveys', () => {
  it('publishes version 1 with the SMS segments of each question per language', async () => {
    const body = aSurvey();
    const res = await call('POST', '/surveys', { as: admin, body });
    expect(res.status).toBe(201);
    expect(res.headers['etag']).toBe('"1"');
    expect(res.body).toMatchObject({ id: body.id, version: 1, languages: ['ro', 'uk'] });
    // "Cât de în siguranță v-ați simțit? (1-5)" has diacritics: UCS-2, one segment of 70.
    expect(res.body.segments).toEqual([
      { questionId: 'safe', segments: { ro: 1, uk: 1 } },
      { questionId: 'helped', segments: { ro: 1, uk: 1 } },
      { questionId: 'comment', segments: { ro: 1, uk: 1 } },
    ]);
  });

  it('counts a question that spills into a second segment', async () => {
    const long = 'Ați fost informată la timp despre fiecare întâlnire și despre ce se va întâmpla acolo?';
    const res = await call('POST', '/surveys', {
      as: admin,
      body: aSurvey({
        languages: ['ro'],
        intro: { ro: 'Bună ziua.' },
        thanks: { ro: 'Mulțumim.' },
        questions: [{ id: 'informed', type: 'scale', min: 1, max: 5, text: { ro: long } }],
      }),
    });
    expect(res.status).toBe(201);
    expect(res.body.segments).toEqual([{ questionId: 'informed', segments: { ro: 2 } }]);
  });

  it('creates the next version when the id exists, and keeps the earlier one readable', async () => {
    const first = await publishSurvey();
    const second = await call('POST', '/surveys', {
      as: admin,
      body: aSurvey({ id: first.id, title: 'Feedback, second edition' }),
    });
    expect(second.status).toBe(201);
    expect(second.body.version).toBe(2);
    expect(second.headers['location']).toBe(`/surveys/${first.id}?version=2`);

    const latest = await call('GET', `/surveys/${first.id}`, { as: coordinatorDJ });
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({ version: 2, title: 'Feedback, second edition' });
    expect(latest.headers['etag']).toBe('"2"');
    const older = await call('GET', `/surveys/${first.id}?version=1`, { as: analyst });
    expect(older.body).toMatchObject({ version: 1, title: 'Feedback after the hearings' });
    const missing = await call('GET', `/surveys/${first.id}?version=3`, { as: admin });
    expect(missing.status).toBe(404);
  });

  it('lists every survey once, with its latest version, from the catalogue', async () => {
    const a = await publishSurvey();
    await call('POST', '/surveys', { as: admin, body: aSurvey({ id: a.id }) });
    const b = await publishSurvey();
    const res = await call('GET', '/surveys?limit=100', { as: analyst });
    expect(res.status).toBe(200);
    const byId = new Map(res.body.items.map((s: { id: string }) => [s.id, s]));
    expect(byId.get(a.id)).toMatchObject({ latestVersion: 2 });
    expect(byId.get(b.id)).toMatchObject({ latestVersion: 1 });
    expect(res.body.items.filter((s: { id: string }) => s.id === a.id)).toHaveLength(1);
  });

  it.each([
    [
      'a question without text in a declared language',
      { questions: [{ id: 'safe', type: 'scale', min: 1, max: 5, text: { ro: 'Cum a fost?' } }] },
      'questions.0.text.uk',
    ],
    [
      'a scale with min >= max',
      { questions: [{ id: 'safe', type: 'scale', min: 5, max: 5, text: { ro: 'A?', uk: 'Б?' } }] },
      'questions.0.max',
    ],
    [
      'a choice with one option',
      { questions: [{ id: 'how', type: 'choice', choices: ['SMS'], text: { ro: 'A?', uk: 'Б?' } }] },
      'questions.0.choices',
    ],
    ['a forbidden word in the intro', { intro: { ro: 'Despre procuror.', uk: 'Привіт.' } }, 'intro.ro'],
    ['missing thanks in Ukrainian', { thanks: { ro: 'Mulțumim.' } }, 'thanks.uk'],
    [
      'a question id that could forge a counter key',
      { questions: [{ id: '_respondents', type: 'text', text: { ro: 'A?', uk: 'Б?' } }] },
      'questions.0.id',
    ],
    ['an unknown language', { languages: ['ro', 'pt'] }, 'languages.1'],
  ])('refuses %s with 400 naming the path', async (_name, overrides, path) => {
    const res = await call('POST', '/surveys', { as: admin, body: aSurvey(overrides) });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(paths(res.body)).toContain(path);
  });

  it('refuses every role but admin with 403', async () => {
    for (const who of [coordinatorDJ, analyst, prosecutorCraiova]) {
      const res = await call('POST', '/surveys', { as: who, body: aSurvey() });
      expect(res.status).toBe(403);
    }
  });
});

describe('POST /cases/{caseId}/survey-invitations', () => {
  let surveyId: string;
  beforeAll(async () => {
    surveyId = (await publishSurvey()).id;
  });

  it('sends: one survey_invitation in the outbox, the invitation on the case, a session and the counters', async () => {
    const opened = await openCase({ victim: { language: 'uk', birthYear: 1975 }, proceedingsStage: 'trial' });
    const wave = halfYearOf(new Date());
    const res = await invite(opened.id, surveyId);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'sent', wave, channel: 'sms' });

    const messages = await storedMessages(opened.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      kind: 'survey_invitation',
      language: 'uk',
      status: 'pending',
      gsi1pk: 'OUTBOX#PENDING',
    });
    const invitation = await getDocumentClient().send(
      new GetCommand({
        TableName: tableNames().coordination,
        Key: invitationKeys.item(opened.id, surveyId, wave),
      }),
    );
    expect(invitation.Item).toMatchObject({ surveyId, wave, version: 1, messageId: messages[0]?.['id'] });

    const session = await insightsItem(
      surveyKeys.session(await phoneHash(opened.body.victim.phone as string)),
    );
    expect(session).toMatchObject({
      state: 'awaiting_consent',
      surveyId,
      version: 1,
      wave,
      language: 'uk',
      strata: { county: 'DJ', language: 'uk', stage: 'trial', ageBand: '36+' },
    });
    // The TTL: at least 72 hours and a margin from now, rounded up to a Monday 00:00 UTC (epoch seconds).
    const expiresAt = session?.['expiresAt'] as number;
    const ttl = expiresAt - Date.now() / 1000;
    expect(ttl).toBeGreaterThan(72 * 3600);
    expect(ttl).toBeLessThan(73 * 3600 + 7 * 86_400);
    expect(new Date(expiresAt * 1000).toISOString()).toMatch(/T00:00:00\.000Z$/);
    expect(new Date(expiresAt * 1000).getUTCDay()).toBe(1);
    expect(JSON.stringify(session)).not.toContain(opened.id);

    // One invitation counted in each published table, never under the four strata together.
    for (const margin of ['county=DJ', 'language=uk', 'stage=trial', 'age=36+']) {
      expect(await insightsItem(surveyKeys.counter(surveyId, wave, margin, '_invited', '_'))).toMatchObject({
        count: 1,
      });
    }
    const values = await insightsItem(surveyKeys.answerValues(surveyId, wave));
    // Every answer value the questions can take, so the exports list the ones nobody chose; no free text.
    expect([...((values?.['values'] as Set<string> | undefined) ?? [])].sort()).toEqual([
      'helped#no',
      'helped#yes',
      'safe#1',
      'safe#2',
      'safe#3',
      'safe#4',
      'safe#5',
    ]);
    expect(await indicatorCount(wave, 'DJ', 'survey_invitations')).toBeGreaterThanOrEqual(1);
  });

  it('records an unknown birth year as the age band "unknown"', async () => {
    const opened = await openCase({ victim: { birthYear: undefined } });
    expect((await invite(opened.id, surveyId, '2031-S1')).status).toBe(202);
    const session = await insightsItem(
      surveyKeys.session(await phoneHash(opened.body.victim.phone as string)),
    );
    expect(session?.['strata']).toMatchObject({ ageBand: 'unknown' });
  });

  it('skips a case without survey consent, and writes nothing', async () => {
    const opened = await openCase({ consents: { smsReminders: true, feedbackSurveys: false } });
    const res = await invite(opened.id, surveyId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'skipped', reason: 'no_consent' });
    expect(await storedMessages(opened.id)).toHaveLength(0);
  });

  it.each([
    ['a birth year under 18', { birthYear: new Date().getUTCFullYear() - 15 }],
    [
      'an uncertain age the coordinator treats as a minor',
      { birthYear: 1990, ageUncertainTreatAsMinor: true },
    ],
  ])('skips a minor (%s)', async (_name, victim) => {
    const opened = await openCase({ victim });
    const res = await invite(opened.id, surveyId);
    expect(res.body).toEqual({ status: 'skipped', reason: 'minor' });
    expect(await storedMessages(opened.id)).toHaveLength(0);
  });

  it('skips a phone that sent STOP, and writes nothing', async () => {
    const opened = await openCase();
    await sms(opened.body.victim.phone as string, 'STOP');
    const res = await invite(opened.id, surveyId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'skipped', reason: 'opted_out' });
    // The STOP itself is kept on the case (a message in); nothing goes out.
    const outbound = (await storedMessages(opened.id)).filter((m) => m['direction'] !== 'in');
    expect(outbound).toHaveLength(0);
  });

  it('skips a second invitation to the same wave, leaving one message and one counted invitation', async () => {
    const opened = await openCase({ victim: { birthYear: 1985 }, proceedingsStage: 'appeal' });
    const wave = '2030-S2';
    const [stratum] = surveyMargins({ county: 'DJ', language: 'ro', stage: 'appeal', ageBand: '36+' });
    const invitedBefore = (
      await insightsItem(surveyKeys.counter(surveyId, wave, stratum as string, '_invited', '_'))
    )?.['count'] as number | undefined;
    expect((await invite(opened.id, surveyId, wave)).status).toBe(202);
    const again = await invite(opened.id, surveyId, wave);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ status: 'skipped', reason: 'already_invited' });
    expect(await storedMessages(opened.id)).toHaveLength(1);
    const invited = await insightsItem(
      surveyKeys.counter(surveyId, wave, stratum as string, '_invited', '_'),
    );
    expect(invited?.['count']).toBe((invitedBefore ?? 0) + 1);
  });

  it('refuses with 409 while the phone answers another survey, and writes nothing', async () => {
    const opened = await openCase();
    const other = await publishSurvey();
    expect((await invite(opened.id, other.id)).status).toBe(202);
    const res = await invite(opened.id, surveyId);
    expect(res.status).toBe(409);
    expect(await storedMessages(opened.id)).toHaveLength(1);
  });

  it('refuses a survey not in the victim’s language with 422, and an unknown survey with 404', async () => {
    const opened = await openCase({ victim: { language: 'hu' } });
    expect((await invite(opened.id, surveyId)).status).toBe(422);
    expect((await invite(opened.id, 'no-such-survey')).status).toBe(404);
  });

  it('refuses a wave that is not a half-year with 400', async () => {
    const opened = await openCase();
    const res = await invite(opened.id, surveyId, 'spring');
    expect(res.status).toBe(400);
    expect(paths(res.body)).toContain('wave');
  });

  it('answers 404 to a coordinator of another county, as if the case did not exist', async () => {
    const opened = await openCase();
    const res = await invite(opened.id, surveyId, undefined, coordinatorGJ as never);
    expect(res.status).toBe(404);
    expect(await storedMessages(opened.id)).toHaveLength(0);
  });

  it('leaves an audit item naming the case', async () => {
    const opened = await openCase();
    expect((await invite(opened.id, surveyId, '2030-S1')).status).toBe(202);
    const out = await getDocumentClient().send(
      new QueryCommand({
        TableName: tableNames().audit,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `AUDIT#${opened.id}` },
      }),
    );
    expect(out.Items?.map((i) => i['entity'])).toContain('survey_invitation');
  });
});
