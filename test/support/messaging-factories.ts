// Test data and harness for hearings and messaging: tables of their own (the outbox is one global due index,
// so another file's sender run must never take this file's messages), cases, hearings and outbox messages.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { expect, inject } from 'vitest';
import { resetConfig } from '../../shared/config.ts';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { createTables } from '../../shared/data/create-tables.ts';
import { GetCommand, QueryCommand } from '../../shared/data/document-client.ts';
import { indicatorKeys, messageKeys } from '../../shared/data/keys.ts';
import { type NewOutboxMessage, outboxMessagePut } from '../../shared/data/outbox-repository.ts';
import { writeTransaction } from '../../shared/data/transactions.ts';
import { zonedTimeToUtc } from '../../shared/domain/bucharest-time.ts';
import { signTwilioRequest } from '../../shared/http/twilio-signature.ts';
import { call } from './api.ts';
import { aCase, coordinatorDJ } from './factories.ts';

let tableCounter = 0;

/** Fresh, empty tables for what follows in this worker (config is re-read, so every layer uses them). */
export async function useOwnTables(label: string): Promise<void> {
  tableCounter += 1;
  const suffix = `${label}-${process.pid}-${Date.now()}-${tableCounter}`;
  const names = { coordination: `c-${suffix}`, insights: `i-${suffix}`, audit: `a-${suffix}` };
  const client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, names);
  client.destroy();
  Object.assign(process.env, {
    COORDINATION_TABLE: names.coordination,
    INSIGHTS_TABLE: names.insights,
    AUDIT_TABLE: names.audit,
  });
  resetConfig();
}

let subCounter = 0;

/** A DJ coordinator with a calendar of their own, so one test's hearings never overlap another's. */
export function aCoordinator() {
  subCounter += 1;
  return { ...coordinatorDJ, sub: `coord-dj-${process.pid}-${subCounter}` };
}

type CaseOverrides = Parameters<typeof aCase>[0];

export async function openCase(
  overrides: CaseOverrides = {},
  as = coordinatorDJ as { role: 'coordinator'; county: string; sub?: string },
) {
  const body = aCase(overrides);
  const res = await call('POST', '/cases', { as, body });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, body, version: res.body.version as number };
}

/** `days` ahead of today at a Bucharest wall-clock hour (12:00 by default, far from quiet hours). */
export function localNoonIn(days: number, hour = 12): string {
  const day = new Date(Date.now() + days * 86_400_000);
  const [year, month, date] = day
    .toLocaleDateString('en-CA', { timeZone: 'Europe/Bucharest' })
    .split('-')
    .map(Number) as [number, number, number];
  return zonedTimeToUtc({ year, month, day: date, hour, minute: 0 }).toISOString();
}

export function aHearing(overrides: Record<string, unknown> = {}) {
  return {
    startsAt: localNoonIn(5),
    durationMinutes: 120,
    kind: 'prosecutor_hearing',
    publicLocation: 'Str. Unirii 10, Craiova',
    room: 'special_hearing_room',
    accommodations: ['trusted_person_present', 'psychologist'],
    transportNeeded: true,
    remindVictim: true,
    ...overrides,
  };
}

export async function scheduleHearing(
  caseId: string,
  as: { role: 'coordinator'; county: string; sub?: string },
  overrides: Record<string, unknown> = {},
) {
  const res = await call('POST', `/cases/${caseId}/hearings?allowConflict=true`, {
    as,
    body: aHearing(overrides),
  });
  expect(res.status).toBe(201);
  return res.body;
}

/** The raw items of the outbox of a case, as stored. */
export async function storedMessages(caseId: string): Promise<Record<string, unknown>[]> {
  const out = await getDocumentClient().send(
    new QueryCommand({
      TableName: tableNames().coordination,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':prefix': messageKeys.prefix },
    }),
  );
  return out.Items ?? [];
}

/** Writes outbox messages directly (as a survey invitation or a hearing would), 100 per transaction. */
export async function putMessages(messages: NewOutboxMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 100) {
    const chunk = messages.slice(i, i + 100);
    await writeTransaction(await Promise.all(chunk.map(outboxMessagePut)));
  }
}

export function aMessage(caseId: string, overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  return {
    id: ulid(),
    caseId,
    kind: 'reminder',
    language: 'ro',
    params: { startsAt: '2030-01-11T10:00:00.000Z', publicLocation: 'Str. Unirii 10' },
    sendAt: '2030-01-10T08:00:00.000Z',
    createdAt: '2030-01-01T08:00:00.000Z',
    ...overrides,
  };
}

export async function indicatorCount(period: string, county: string, indicator: string): Promise<number> {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().insights,
      Key: indicatorKeys.counter(period, county, indicator),
    }),
  );
  return (out.Item?.['count'] as number | undefined) ?? 0;
}

/** A Twilio webhook as Twilio sends it: form-encoded and signed over the public URL. */
export async function twilioPost(path: string, params: Record<string, string>, signature?: string) {
  const url = `${process.env['PUBLIC_BASE_URL']}${path}`;
  return call('POST', path, {
    rawBody: new URLSearchParams(params).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature === ''
        ? {}
        : { 'x-twilio-signature': signature ?? (await signTwilioRequest(url, params)) }),
    },
  });
}

let sidCounter = 0;
export function aMessageSid(): string {
  sidCounter += 1;
  return `SM${process.pid.toString(16).padStart(8, '0')}${Date.now().toString(16).padStart(16, '0')}${sidCounter.toString(16).padStart(8, '0')}`;
}
