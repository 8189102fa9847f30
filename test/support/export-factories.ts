// Seeds the counter items the exports read, in exactly the formats the writers use (keys.ts,
// indicator-counters.ts): atomic ADD on AGG# and IND# counters, one item per granted voucher amount.

import { ulid } from 'ulid';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { PutCommand, UpdateCommand } from '../../shared/data/document-client.ts';
import { indicatorKeys, surveyKeys, surveyMargins } from '../../shared/data/keys.ts';

export interface SeedStratum {
  county: string;
  language?: string;
  stage?: string;
  ageBand?: string;
}

async function add(key: { pk: string; sk: string }, by: number, attributes: Record<string, unknown> = {}) {
  const names = Object.keys(attributes);
  const set = names.length > 0 ? ` SET ${names.map((_, i) => `#a${i} = :a${i}`).join(', ')}` : '';
  await getDocumentClient().send(
    new UpdateCommand({
      TableName: tableNames().insights,
      Key: key,
      UpdateExpression: `ADD #count :by${set}`,
      ExpressionAttributeNames: {
        '#count': 'count',
        ...Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
      },
      ExpressionAttributeValues: {
        ':by': by,
        ...Object.fromEntries(names.map((name, i) => [`:a${i}`, attributes[name]])),
      },
    }),
  );
}

/**
 * The counters of one survey stratum as the survey writes them: in each published table (county, language,
 * stage, age band) respondents, invitations, and a count per question and answer.
 */
export async function seedSurveyStratum(
  surveyId: string,
  wave: string,
  stratum: SeedStratum,
  counts: { respondents: number; invited: number; answers?: Record<string, Record<string, number>> },
): Promise<void> {
  const margins = surveyMargins({
    county: stratum.county,
    language: stratum.language ?? 'ro',
    stage: stratum.stage ?? 'trial',
    ageBand: stratum.ageBand ?? '26-35',
  });
  const writes: Promise<void>[] = [];
  for (const margin of margins) {
    writes.push(
      add(surveyKeys.counter(surveyId, wave, margin, '_respondents', '_'), counts.respondents),
      add(surveyKeys.counter(surveyId, wave, margin, '_invited', '_'), counts.invited),
    );
    for (const [question, byAnswer] of Object.entries(counts.answers ?? {})) {
      for (const [answer, n] of Object.entries(byAnswer)) {
        writes.push(add(surveyKeys.counter(surveyId, wave, margin, question, answer), n));
      }
    }
  }
  await Promise.all(writes);
}

export async function seedIndicator(
  period: string,
  county: string,
  indicator: string,
  by: number,
  type?: string,
): Promise<void> {
  await add(indicatorKeys.counter(period, county, indicator, type), by, {
    indicator,
    county,
    type: type ?? null,
  });
}

export async function seedVoucherAmounts(period: string, county: string, amounts: number[]): Promise<void> {
  await Promise.all(
    amounts.map((amount) =>
      getDocumentClient().send(
        new PutCommand({
          TableName: tableNames().insights,
          Item: { ...indicatorKeys.voucherAmount(period, ulid()), county, amount },
        }),
      ),
    ),
  );
}

/** An anonymous response item, which no export may ever read. */
export async function seedResponse(surveyId: string, wave: string): Promise<void> {
  await getDocumentClient().send(
    new PutCommand({
      TableName: tableNames().insights,
      Item: { ...surveyKeys.response(surveyId, wave, ulid()), answers: { safe: 1 }, county: 'DJ' },
    }),
  );
}

/** The catalogue item of a survey (survey-repository writes it on publishing): how exports find a period's surveys. */
export async function seedSurveyCatalogue(surveyId: string): Promise<void> {
  await getDocumentClient().send(
    new PutCommand({
      TableName: tableNames().insights,
      Item: {
        ...surveyKeys.catalogue(surveyId),
        entity: 'survey-catalogue',
        id: surveyId,
        title: 'Exit survey',
        languages: ['ro'],
        latestVersion: 1,
      },
    }),
  );
}
