// Nothing personal reaches the logs: a realistic day (a case with a name and phones, a hearing and its outcome
// with notes, a protection request with its summary, a survey answered in free text with a name and a phone,
// tokens in every request, reminders sent, one error that becomes a 500) runs at LOG_LEVEL=DEBUG while every
// write to stdout, stderr and console is captured; no line may hold a phone in any format, a name, the free
// text, a token or its payload, the pepper or the personal-data key.
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { getDocumentClient } from '../../shared/data/client.ts';
import { logger } from '../../shared/logger.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import { MemoryOutboxGateway } from '../../shared/sms/memory-outbox-gateway.ts';
import { call, tokenFor } from '../support/api.ts';
import { aCase, aPhone, coordinatorDJ, prosecutorCraiova } from '../support/factories.ts';
import { aHearing, aMessageSid, twilioPost, useOwnTables } from '../support/messaging-factories.ts';
import { aProtectionRequest } from '../support/protection-voucher-factories.ts';
import { invite, publishSurvey, replyTokenOf, sms, submitReplyPage } from '../support/survey-factories.ts';

const captured: string[] = [];
const print = process.stdout.write.bind(process.stdout);
const spies: MockInstance[] = [];

function capture(target: object, method: string) {
  const spy = vi
    .spyOn(target as Record<string, (...args: unknown[]) => unknown>, method)
    .mockImplementation((...args: unknown[]) => {
      captured.push(args.map((a) => (typeof a === 'string' ? a : String(a))).join(' '));
      return true;
    });
  spies.push(spy as unknown as MockInstance);
}

const previousLevel = logger.getLevelName();

beforeAll(async () => {
  // Its own tables: the sender run below must only send this file's messages.
  await useOwnTables('log-leaks');
  process.env['LOG_LEVEL'] = 'DEBUG';
  logger.setLogLevel('DEBUG');
  // injectLambdaContext puts the configured level back at every invocation (debug sampling): hold it at DEBUG.
  spies.push(
    vi
      .spyOn(logger, 'refreshSampleRateCalculation')
      .mockImplementation(() => logger.setLogLevel('DEBUG')) as unknown as MockInstance,
  );
  capture(process.stdout, 'write');
  capture(process.stderr, 'write');
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace']) capture(console, method);
});

afterAll(() => {
  for (const spy of spies) spy.mockRestore();
  logger.setLogLevel(previousLevel);
  process.env['LOG_LEVEL'] = 'WARN';
});

const name = 'Ioana Mărginean-Vlădescu';
const representative = 'Gheorghița Tănăsoiu';
const phone = aPhone();
const representativePhone = aPhone();
/** The phone of a second victim, who answers on the private web page. */
const webPhone = aPhone();
const summary = 'Recrutorul Dorel Zamfirache i-a amenințat sora la Băilești';
const notes = 'Interpretul de ucraineană vine cu ea; se teme de Zamfirache';
const reason = 'Riscul descris de Zamfirache nu mai este actual';
const comment = `Mulțumesc, sunt ${name}, sunați-mă la ${phone} sau 0${phone.slice(-9)}`;

/** Every form a phone takes in a log line: +40722..., 40722..., 0722..., the last nine digits. */
const phoneForms = (p: string) => [p, p.slice(1), `0${p.slice(-9)}`, p.slice(-9)];

const tokens: string[] = [];

describe('the logs of a realistic day at LOG_LEVEL=DEBUG', () => {
  it('run the scenario: case, hearing, protection, survey, reminders, a 500', async () => {
    const coordinatorToken = await tokenFor(coordinatorDJ);
    tokens.push(coordinatorToken, await tokenFor(prosecutorCraiova));

    const created = await call('POST', '/cases', {
      as: coordinatorDJ,
      body: aCase({
        victim: {
          fullName: name,
          phone,
          birthYear: 1990,
          legalRepresentative: { name: representative, phone: representativePhone, safeToContact: true },
        },
      }),
    });
    expect(created.status).toBe(201);
    const caseId = created.body.id as string;
    expect((await call('GET', `/cases/${caseId}`, { as: coordinatorDJ })).body.victim.phone).toBe(phone);
    expect((await call('GET', `/cases/${caseId}`, { as: prosecutorCraiova })).status).toBe(200);

    const hearing = await call('POST', `/cases/${caseId}/hearings?allowConflict=true`, {
      as: coordinatorDJ,
      body: aHearing(),
    });
    expect(hearing.status).toBe(201);
    const past = await call('POST', `/cases/${caseId}/hearings?allowConflict=true`, {
      as: coordinatorDJ,
      body: aHearing({ startsAt: new Date(Date.now() - 3 * 3_600_000).toISOString() }),
    });
    const outcome = await call('POST', `/cases/${caseId}/hearings/${past.body.id}/outcome`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { attended: true, heardInSpecialRoom: true, heardRemotely: false, notes },
    });
    expect(outcome.status).toBe(200);

    const request = await call('POST', `/cases/${caseId}/protection-requests`, {
      as: coordinatorDJ,
      body: aProtectionRequest({
        riskAssessment: { factors: ['threats_from_offender'], level: 'high', summary },
        measures: [{ type: 'escort_travel', justification: notes }],
      }),
    });
    expect(request.status).toBe(201);
    const decided = await call('POST', `/cases/${caseId}/protection-requests/${request.body.id}/decision`, {
      as: prosecutorCraiova,
      ifMatch: 1,
      body: { decisions: [{ measure: 'escort_travel', outcome: 'rejected', reason }] },
    });
    expect(decided.status).toBe(200);

    const survey = await publishSurvey();
    expect((await invite(caseId, survey.id, '2031-S1')).status).toBe(202);
    const noon = new Date(Date.parse(hearing.body.reminders[0].sendAt));
    const gateway = new MemoryOutboxGateway({ now: () => noon });
    expect((await sendDueMessages(noon, gateway)).sent).toBeGreaterThanOrEqual(2);
    expect(await sms(phone, 'DA')).toContain('(1-5)');
    expect(await sms(phone, '4')).toContain('(DA/NU)');
    expect(await sms(phone, 'da')).toBe('Ce ar trebui să facem altfel?\nSTOP = oprire mesaje');
    expect(await sms(phone, comment)).toBe('Mulțumim! STOP = oprire');
    // A second victim answers on the private web page: the link's token must reach no log line either.
    const webCase = await call('POST', '/cases', {
      as: coordinatorDJ,
      body: aCase({ victim: { fullName: name, phone: webPhone, birthYear: 1985 } }),
    });
    expect((await invite(webCase.body.id, survey.id, '2031-S1', coordinatorDJ, 'web')).status).toBe(202);
    const replyToken = await replyTokenOf(webCase.body.id);
    tokens.push(replyToken);
    expect((await sendDueMessages(noon, gateway)).sent).toBe(1);
    expect(gateway.list(webPhone)[0]?.body).toContain(`/r/${replyToken}`);
    expect((await call('GET', `/r/${replyToken}`)).status).toBe(200);
    expect((await submitReplyPage(replyToken, { q0: '9', q2: comment })).status).toBe(422);
    expect((await submitReplyPage(replyToken, { q0: '4', q1: 'DA', q2: comment })).status).toBe(200);
    expect((await submitReplyPage(replyToken, { q0: '4' })).status).toBe(410);
    // A message from an unknown number, and STOP over WhatsApp.
    await twilioPost('/sms/inbound', { MessageSid: aMessageSid(), From: representativePhone, Body: comment });
    await twilioPost('/sms/inbound', { MessageSid: aMessageSid(), From: `whatsapp:${phone}`, Body: 'STOP' });

    // A token that fails (tampered payload) and an error DynamoDB never sends as such: a bug, so a 500.
    const [head, , signature] = coordinatorToken.split('.');
    const forged = `${head}.${Buffer.from(JSON.stringify({ sub: name, phone })).toString('base64url')}.${signature}`;
    tokens.push(forged);
    expect((await call('GET', `/cases/${caseId}`, { token: forged })).status).toBe(401);
    const stack = getDocumentClient().middlewareStack;
    stack.add(
      () => async () => {
        const error = new Error(`Unexpected value ${phone} (${phoneForms(phone)[2]}) in ${coordinatorToken}`);
        error.name = 'InternalBug';
        throw error;
      },
      { step: 'initialize', name: 'test-log-leak-bug', override: true },
    );
    try {
      const broken = await call('GET', `/cases/${caseId}`, { as: coordinatorDJ });
      expect(broken.status).toBe(500);
      expect(broken.text).not.toContain(phone.slice(-9));
    } finally {
      stack.remove('test-log-leak-bug');
    }
  });

  it('captured the log lines of it: each outcome with its request id, a refusal at info, the 500 at error', () => {
    const lines = captured.join('\n');
    expect(lines).toMatch(/"message":"request"/);
    expect(lines).toMatch(
      /"level":"INFO","message":"request refused".*"status":401,"problem":"https:[^"]+\/unauthorized"/,
    );
    expect(lines).toMatch(/"level":"ERROR","message":"request failed".*"status":500,"problem":"about:blank"/);
    const outcomes = captured.filter((line) => /"message":"request( refused| failed)?"/.test(line));
    expect(outcomes.length).toBeGreaterThan(10);
    expect(outcomes.filter((line) => !/"requestId":"[0-9A-Z]{26}"/.test(line))).toEqual([]);
    expect(lines).toMatch(/"message":"outbox run"/);
    expect(lines).toMatch(/"level":"DEBUG"|"message":"inbound sms answered"/);
    // A Twilio message id beside a log line's time would let Twilio's records name who answered a survey.
    expect(captured.filter((line) => /\bSM[0-9a-f]{32}\b|"messageSid"/i.test(line))).toEqual([]);
  });

  it('holds no phone, name, free text, token, pepper or personal-data key in any line', () => {
    const secrets = [process.env['HMAC_PEPPER'], process.env['PERSONAL_DATA_KEY']].filter(
      (s): s is string => typeof s === 'string' && s.length >= 8,
    );
    expect(secrets).toHaveLength(2);
    const needles = [
      ...phoneForms(phone),
      ...phoneForms(representativePhone),
      ...phoneForms(webPhone),
      name,
      ...name.split(/[\s-]/),
      representative,
      'Zamfirache',
      summary,
      notes,
      reason,
      comment,
      ...tokens,
      ...tokens.map((t) => t.split('.')[1] as string),
      ...secrets,
    ];
    const offending = captured.flatMap((line) =>
      needles.filter((needle) => line.includes(needle)).map((needle) => `${needle} in ${line.slice(0, 300)}`),
    );
    print(
      `log-leaks: ${captured.length} log lines at DEBUG searched for ${needles.length} needles: ${offending.length} found\n`,
    );
    expect(offending).toEqual([]);
  });
});
