// How the costs that must stay flat behave as the data grows: an export against the number of stored
// responses (it reads counters), a sender tick against the number of future hearings (it reads the due
// index), the calendar against other coordinators' hearings (it reads one coordinator's index partition).
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { resetConfig } from '../../shared/config.ts';
import { tableNames } from '../../shared/data/client.ts';
import { createTables } from '../../shared/data/create-tables.ts';
import { toHearingItem } from '../../shared/data/hearing-repository.ts';
import { surveyKeys, surveyStratum } from '../../shared/data/keys.ts';
import type { HearingRecord } from '../../shared/domain/hearing.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import { MemoryOutboxGateway } from '../../shared/sms/memory-outbox-gateway.ts';
import { expectStatus, type Harness, type Who } from './harness.ts';
import {
  analyst,
  aPhone,
  bucharestNoonIn,
  coordinator,
  openCase,
  outboxItem,
  seedDueMessages,
} from './operations.ts';
import { batchPut, median } from './seed.ts';

export interface ScalePoint {
  size: number;
  medianMs: number;
}

export interface ScaleSeries {
  name: string;
  /** What `size` counts. */
  unit: string;
  points: ScalePoint[];
  /** Median time at the largest size / at the smallest. */
  ratio: number;
}

type Tables = { coordination: string; insights: string; audit: string };
let tableCounter = 0;

/** Fresh tables for one size of one series: sizes live side by side, so their timings can interleave. */
async function freshTables(label: string): Promise<Tables> {
  tableCounter += 1;
  const suffix = `${label}-${tableCounter}`;
  const names = {
    coordination: `bench-c-${suffix}`,
    insights: `bench-i-${suffix}`,
    audit: `bench-a-${suffix}`,
  };
  const client = new DynamoDBClient({
    endpoint: process.env['DYNAMODB_ENDPOINT'],
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, names);
  client.destroy();
  useTables(names);
  return names;
}

/** Points every layer at these tables (the configuration is read again). */
function useTables(names: Tables): void {
  Object.assign(process.env, {
    COORDINATION_TABLE: names.coordination,
    INSIGHTS_TABLE: names.insights,
    AUDIT_TABLE: names.audit,
  });
  resetConfig();
}

/**
 * Median time of `work` per size, the sizes interleaved round by round (each on its own tables) so that all
 * of them share the machine's noise; round 0 is a warm-up (lazy imports, key loading, JIT) and not counted.
 * `repeats` is rounded up to an even number: rounds go in pairs, one in each order (see below).
 */
async function interleaved(
  sizes: readonly { size: number; tables: Tables }[],
  repeats: number,
  work: (size: number, index: number) => Promise<void>,
  before: (size: number, index: number) => Promise<void> = async () => undefined,
): Promise<{ points: ScalePoint[]; pairedRatio: number }> {
  const times = sizes.map(() => [] as number[]);
  const rounds = repeats + (repeats % 2);
  for (let round = 0; round <= rounds; round += 1) {
    // Alternate the order every round: whichever size runs second in a round must not always be the same.
    const order = [...sizes.entries()];
    if (round % 2 === 1) order.reverse();
    for (const [i, { size, tables }] of order) {
      useTables(tables);
      await before(size, i);
      const start = performance.now();
      await work(size, i);
      if (round > 0) times[i]?.push(performance.now() - start);
    }
  }
  // Each round times every size back to back, so the ratio of a round (largest / smallest) shares that
  // round's machine noise. Whichever runs first in a round can be slower for that alone (a control with two
  // tables of one size measured 1.9 with rounds taken one by one, as the runs-first side won the median):
  // two consecutive rounds run in opposite orders, and the geometric mean of their ratios cancels a factor
  // that follows the position. The median over those pairs of rounds is the budgeted figure.
  const first = times[0] ?? [];
  const last = times[times.length - 1] ?? [];
  const ratios = last.map((t, round) => t / (first[round] ?? Number.NaN));
  const pairs: number[] = [];
  for (let k = 0; k + 1 < ratios.length; k += 2) {
    pairs.push(Math.sqrt((ratios[k] ?? Number.NaN) * (ratios[k + 1] ?? Number.NaN)));
  }
  const pairedRatio = median(pairs);
  return { points: sizes.map(({ size }, i) => ({ size, medianMs: median(times[i] ?? []) })), pairedRatio };
}

function series(
  name: string,
  unit: string,
  measured: { points: ScalePoint[]; pairedRatio: number },
): ScaleSeries {
  return { name, unit, points: measured.points, ratio: measured.pairedRatio };
}

// A fixed pool of strata (10 counties x 3 languages x 2 stages x 2 age bands = 120): every size fills all
// of them, so the counter partition has the same cells at 1k responses as at 100k, as in real life.
const COUNTIES = ['DJ', 'GJ', 'MH', 'OT', 'VL', 'B', 'CJ', 'IS', 'TM', 'CT'];
const STRATA = COUNTIES.flatMap((county) =>
  ['ro', 'en', 'uk'].flatMap((language) =>
    ['investigation', 'trial'].flatMap((stage) =>
      ['18-25', '26-35'].map((ageBand) => ({ county, language, stage, ageBand })),
    ),
  ),
);
const QUESTIONS = ['q1', 'q2', 'q3', 'q4', 'q5'];
const ANSWERS = ['yes', 'no', 'unsure'];

/** RESP# items (keys.ts header) from `from` to `to`, and every AGG# cell rewritten with its count at `to`. */
async function growResponses(h: Harness, surveyId: string, wave: string, from: number, to: number) {
  const responses: Record<string, unknown>[] = [];
  for (let i = from; i < to; i += 1) {
    const strata = STRATA[i % STRATA.length] as (typeof STRATA)[number];
    responses.push({
      ...surveyKeys.response(surveyId, wave, randomUUID()),
      entity: 'response',
      surveyId,
      version: 1,
      wave,
      strata,
      completedWeek: '2025-W40',
      answers: Object.fromEntries(QUESTIONS.map((q, j) => [q, ANSWERS[(i + j) % ANSWERS.length]])),
    });
  }
  await batchPut(h.documentClient, tableNames().insights, responses);
  const counters: Record<string, unknown>[] = [];
  STRATA.forEach((strata, s) => {
    const stratum = surveyStratum(strata);
    const respondents = Math.floor(to / STRATA.length) + (s < to % STRATA.length ? 1 : 0);
    counters.push({
      ...surveyKeys.counter(surveyId, wave, stratum, '_respondents', '_'),
      count: respondents,
    });
    counters.push({
      ...surveyKeys.counter(surveyId, wave, stratum, '_invited', '_'),
      count: respondents * 2,
    });
    for (const q of QUESTIONS) {
      for (const a of ANSWERS) {
        counters.push({
          ...surveyKeys.counter(surveyId, wave, stratum, q, a),
          count: Math.round(respondents / ANSWERS.length),
        });
      }
    }
  });
  await batchPut(h.documentClient, tableNames().insights, counters);
}

export async function exportScaling(h: Harness, sizes: number[], repeats: number): Promise<ScaleSeries> {
  const surveyId = 'bench-scale';
  const wave = '2025-S2';
  const prepared: { size: number; tables: Tables }[] = [];
  for (const size of sizes) {
    const tables = await freshTables(`export-${size}`);
    await growResponses(h, surveyId, wave, 0, size);
    prepared.push({ size, tables });
  }
  const points = await interleaved(prepared, repeats, async () => {
    expectStatus(
      await h.call('GET', `/exports/feedback?surveyId=${surveyId}&wave=${wave}&groupBy=county`, {
        as: analyst,
      }),
      200,
      'GET /exports/feedback',
    );
  });
  return series('export feedback vs stored responses', 'responses', points);
}

/** Future hearings with one future pending reminder each, in the repositories' item formats. */
async function growFutureHearings(h: Harness, from: number, to: number, tomorrow: Date) {
  const items: Record<string, unknown>[] = [];
  for (let i = from; i < to; i += 1) {
    const caseId = ulid();
    const startsAt = new Date(tomorrow.getTime() + (2 + (i % 60)) * 86_400_000 + (i % 8) * 3_600_000);
    const hearing: HearingRecord = {
      id: ulid(),
      caseId,
      pseudonym: `V-${i}`,
      county: 'GJ',
      prosecutorUnit: 'DIICOT-TARGU-JIU',
      coordinator: `bench-other-${i % 50}`,
      startsAt: startsAt.toISOString(),
      durationMinutes: 60,
      kind: 'court_hearing',
      publicLocation: 'Str. Unirii 10',
      room: 'special_hearing_room',
      accommodations: [],
      transportNeeded: false,
      remindVictim: true,
      status: 'scheduled',
      version: 1,
      createdAt: tomorrow.toISOString(),
      updatedAt: tomorrow.toISOString(),
    } as HearingRecord;
    items.push(await toHearingItem(hearing));
    items.push(
      await outboxItem({
        id: ulid(),
        caseId,
        hearingId: hearing.id,
        kind: 'reminder',
        language: 'ro',
        params: { startsAt: hearing.startsAt },
        sendAt: new Date(startsAt.getTime() - 86_400_000).toISOString(),
        createdAt: tomorrow.toISOString(),
      }),
    );
  }
  await batchPut(h.documentClient, tableNames().coordination, items);
}

/**
 * The sender grows one set of tables from the smallest size to the largest and measures at each size, so its
 * rounds cannot pair sizes as the other series do. Each size on tables of its own, interleaved, measures
 * which tables were made first instead: with 10000 future hearings on the tables made first and 1000 on the
 * second, the ticks took 237 ms and 3384 ms (medians of 10 rounds), the reverse of the size; made in size
 * order, 72 and 201 ms. The sender's Query of the due index and its GSI-moving updates were timed flat
 * against partition size (1k / 10k items) on DynamoDB Local, so the cause is the second set of tables in
 * one process, not found yet.
 */
export async function senderScaling(
  h: Harness,
  sizes: number[],
  due: number,
  repeats: number,
): Promise<ScaleSeries> {
  const now = bucharestNoonIn(1);
  await freshTables('sender');
  const cases: { id: string; phone: string }[] = [];
  for (let i = 0; i < due; i += 1) {
    const phone = aPhone();
    cases.push({ id: (await openCase(h, phone)).id, phone });
  }
  const points: ScalePoint[] = [];
  let grown = 0;
  for (const size of sizes) {
    await growFutureHearings(h, grown, size, now);
    grown = size;
    const times: number[] = [];
    for (let round = 0; round <= repeats; round += 1) {
      await seedDueMessages(h, cases, now);
      const start = performance.now();
      const outcome = await sendDueMessages(now, new MemoryOutboxGateway({ now: () => now }));
      if (round > 0) times.push(performance.now() - start);
      if (outcome.sent !== due) throw new Error(`sender tick sent ${outcome.sent} of ${due}`);
    }
    points.push({ size, medianMs: median(times) });
  }
  const first = points[0]?.medianMs ?? Number.NaN;
  const last = points[points.length - 1]?.medianMs ?? Number.NaN;
  return series(`sender tick (${due} due) vs future hearings`, 'future hearings', {
    points,
    pairedRatio: last / first,
  });
}

export async function calendarScaling(h: Harness, sizes: number[], repeats: number): Promise<ScaleSeries> {
  const mine: Who = { ...coordinator, sub: 'bench-calendar-owner' };
  const from = bucharestNoonIn(20);
  const to = bucharestNoonIn(50);
  const prepared: { size: number; tables: Tables }[] = [];
  for (const size of sizes) {
    const tables = await freshTables(`calendar-${size}`);
    // The caller's own 20 hearings in the window, through the API like any coordinator's.
    for (let i = 0; i < 20; i += 1) {
      const caseId = (await openCase(h)).id;
      expectStatus(
        await h.call('POST', `/cases/${caseId}/hearings?allowConflict=true`, {
          as: mine,
          body: {
            startsAt: new Date(from.getTime() + i * 86_400_000).toISOString(),
            durationMinutes: 60,
            kind: 'court_hearing',
            room: 'special_hearing_room',
            accommodations: [],
            transportNeeded: false,
            remindVictim: false,
          },
        }),
        201,
        'POST hearing (calendar owner)',
      );
    }
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < size; i += 1) {
      items.push(
        await toHearingItem({
          id: ulid(),
          caseId: ulid(),
          pseudonym: `O-${i}`,
          county: 'DJ',
          prosecutorUnit: 'DIICOT-CRAIOVA',
          coordinator: `bench-calendar-other-${i % 10}`,
          startsAt: new Date(from.getTime() + (i % 30) * 86_400_000 + 3_600_000).toISOString(),
          durationMinutes: 60,
          kind: 'court_hearing',
          room: 'special_hearing_room',
          accommodations: [],
          transportNeeded: false,
          remindVictim: false,
          status: 'scheduled',
          version: 1,
          createdAt: from.toISOString(),
          updatedAt: from.toISOString(),
        } as HearingRecord),
      );
    }
    await batchPut(h.documentClient, tableNames().coordination, items);
    prepared.push({ size, tables });
  }
  const query = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
  const points = await interleaved(prepared, repeats, async () => {
    const res = expectStatus(await h.call('GET', `/hearings?${query}`, { as: mine }), 200, 'GET /hearings');
    if (res.body.items.length !== 20) throw new Error(`calendar shows ${res.body.items.length} of 20`);
  });
  return series('calendar (20 own) vs other coordinators’ hearings', 'other hearings', points);
}
