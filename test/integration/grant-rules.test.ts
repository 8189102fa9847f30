// The survey path under the stack's own grants (issue 13): DynamoDB Local and the local key allow everything, so
// here each call is checked against the synthesized IAM policy of the function that makes it (LeadingKeys
// included) and the KMS calls go to a stand-in with KMS's rules. A grant the code needs and the stack lacks
// fails here, as it would in AWS, instead of losing a person's last answer there.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { QueryCommand } from '../../shared/data/document-client.ts';
import { surveyKeys } from '../../shared/data/keys.ts';
import { phoneHash } from '../../shared/data/phone-hash.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import { keywordReply } from '../../shared/sms/keyword-replies.ts';
import { MemoryOutboxGateway } from '../../shared/sms/memory-outbox-gateway.ts';
import { smsText } from '../../shared/sms/templates.ts';
import { call } from '../support/api.ts';
import { analyst, aPhone } from '../support/factories.ts';
import {
  enforceGrants,
  type GrantEnforcement,
  type GrantRules,
  synthesizeGrantRules,
} from '../support/grant-rules.ts';
import { aMessageSid, openCase, twilioPost, useOwnTables } from '../support/messaging-factories.ts';
import { invite, publishSurvey, sms } from '../support/survey-factories.ts';

const WAVE = '2031-S1';
let rules: GrantRules;
let surveyId: string;
let enforcement: GrantEnforcement | undefined;

// Synthesizing the stack loads aws-cdk-lib: slow on a loaded machine.
beforeAll(async () => {
  await useOwnTables('grant-rules');
  rules = synthesizeGrantRules();
  surveyId = (await publishSurvey()).id;
}, 180_000);

afterEach(() => {
  enforcement?.stop();
  enforcement = undefined;
});

async function responses() {
  const out = await getDocumentClient().send(
    new QueryCommand({
      TableName: tableNames().insights,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': surveyKeys.response(surveyId, WAVE, '').pk },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

/** A victim opened and invited by the coordination API, and the three answers before the free text. */
async function victimAtTheFreeTextQuestion(grants: GrantEnforcement) {
  const phone = aPhone();
  const opened = await grants.as('coordination', () =>
    openCase({ victim: { birthYear: 1992, phone, language: 'ro' }, proceedingsStage: 'trial' }),
  );
  const invited = await grants.as('coordination', () => invite(opened.id, surveyId, WAVE));
  expect(invited.status).toBe(202);
  await grants.as('sms', () => sms(phone, 'DA'));
  await grants.as('sms', () => sms(phone, '4'));
  expect(await grants.as('sms', () => sms(phone, 'da'))).toBe(
    'Ce ar trebui să facem altfel?\nSTOP = oprire mesaje',
  );
  return phone;
}

describe('the free-text answer under the SMS webhook’s grants', () => {
  it('seals the answer with a data key the webhook may generate, and stores the response', async () => {
    enforcement = enforceGrants(rules);
    const phone = await victimAtTheFreeTextQuestion(enforcement);
    const before = await responses();

    const thanks = await enforcement.as('sms', () => sms(phone, 'Mai multă răbdare. Ion Ionescu'));

    expect(thanks).toBe('Mulțumim! STOP = oprire');
    expect(enforcement.refused).toEqual([]);
    const stored = (await responses()).filter((r) => !before.some((b) => b['sk'] === r['sk']));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.['answers']['comment']).toMatch(/^enc1:/);
    // The webhook asked KMS for a data key bound to the survey, and never to unwrap one.
    const smsKeyCalls = enforcement.kmsCalls.filter(
      (c) => c.context['kms:EncryptionContext:kind'] === 'survey-response',
    );
    expect(smsKeyCalls.map((c) => [c.action, c.context['kms:EncryptionContext:surveyId']])).toEqual([
      ['kms:GenerateDataKey', surveyId],
    ]);
  });

  it('loses the last answer when the webhook cannot use the key, as AWS would refuse it', async () => {
    const withoutKey: GrantRules = {
      ...rules,
      statements: {
        ...rules.statements,
        // The envelope statement is the one conditioned on an encryption context (Null).
        sms: rules.statements.sms.filter((s) => !('Null' in (s.Condition ?? {}))),
      },
    };
    enforcement = enforceGrants(withoutKey);
    const phone = await victimAtTheFreeTextQuestion(enforcement);
    const before = await responses();

    const res = await enforcement.as('sms', () =>
      twilioPost('/sms/inbound', { MessageSid: aMessageSid(), From: phone, Body: 'Mai multă răbdare.' }),
    );

    expect(res.status).toBe(500);
    expect(enforcement.refused).toEqual(['sms kms:GenerateDataKey key']);
    expect(await responses()).toHaveLength(before.length);
  });

  it('sends the invitation and takes STOP and START, each function within its own grants', async () => {
    enforcement = enforceGrants(rules);
    const grants = enforcement;
    const phone = aPhone();
    const opened = await grants.as('coordination', () =>
      openCase({ victim: { birthYear: 1985, phone, language: 'ro' }, proceedingsStage: 'trial' }),
    );
    await grants.as('coordination', () => invite(opened.id, surveyId, WAVE));
    const noon = new Date('2031-01-10T10:00:00Z');
    const gateway = new MemoryOutboxGateway({ now: () => noon });

    await grants.as('send-messages', () => sendDueMessages(noon, gateway));
    expect(gateway.list(phone).map((m) => m.body)).toEqual([smsText('survey_invitation', 'ro').body]);
    await grants.as('sms', () => sms(phone, 'DA'));
    expect(await grants.as('sms', () => sms(phone, 'STOP'))).toBe(keywordReply('opted_out', 'ro'));
    expect(await grants.as('sms', () => sms(phone, 'START'))).toBe(keywordReply('opted_in', 'ro'));

    expect(grants.refused).toEqual([]);
    // The sender unwrapped the phone's data key with the case's context; the webhook never unwrapped one.
    expect(grants.kmsCalls.map((c) => c.action)).toContain('kms:Decrypt');
  });

  it('exports the wave’s feedback and the period’s indicators reading counter partitions only', async () => {
    enforcement = enforceGrants(rules);
    const grants = enforcement;
    const feedback = await grants.as('exports', () =>
      call('GET', `/exports/feedback?surveyId=${surveyId}&wave=${WAVE}&groupBy=county`, { as: analyst }),
    );
    const indicators = await grants.as('exports', () =>
      call('GET', `/exports/indicators?period=${WAVE}&groupBy=county&surveyId=${surveyId}`, { as: analyst }),
    );

    expect([feedback.status, indicators.status]).toEqual([200, 200]);
    expect(grants.refused).toEqual([]);
    expect([...new Set(grants.allowed)].sort()).toEqual([
      `exports dynamodb:Query table:insights AGG#${surveyId}#${WAVE}`,
      `exports dynamodb:Query table:insights IND#${WAVE}`,
      // The survey catalogue: the indicators' survey counts are the sums of every survey's published tables.
      'exports dynamodb:Query table:insights SURVEYS',
      `exports dynamodb:Query table:insights VAMT#${WAVE}`,
    ]);
  });

  it('refuses the coordination API a read of a survey session, by its partition', async () => {
    enforcement = enforceGrants(rules);
    const key = surveyKeys.session(await phoneHash(aPhone()));
    await expect(
      enforcement.as('coordination', () =>
        getDocumentClient().send(
          new QueryCommand({
            TableName: tableNames().insights,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': key.pk },
          }),
        ),
      ),
    ).rejects.toThrow('coordination is not authorized to perform dynamodb:Query on table:insights');
    expect(enforcement.refused).toEqual([`coordination dynamodb:Query table:insights ${key.pk}`]);
  });
});
