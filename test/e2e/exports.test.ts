// Issue 6 over HTTP on the real `npm start` (k = 3): everything seeded through the API (cases in three
// counties, hearings with outcomes, a protection decision, vouchers, survey answers by SMS), then the
// analyst exports checked against what was seeded, with primary and secondary suppression, in JSON and CSV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../support/csv-parser.ts';
import { aCase } from '../support/factories.ts';
import {
  bucharestDate,
  E2E_START,
  type HttpResult,
  halfYear,
  type LocalRuntime,
  nextDaytime,
  now,
  startLocalRuntime,
  uniquePhone,
} from '../support/local-runtime.ts';

const HOUR = 3_600_000;
const PERIOD = halfYear(E2E_START);
const SURVEY_ID = 'e2e-exit';
/** DJ is published; GJ (1 person) is invited under k = 3, so unnamed; CJ (3 people) keeps GJ's from the total. */
const PEOPLE = { DJ: 4, CJ: 3, GJ: 1 } as const;
const GRANTED = [100_000, 200_000, 600_000];

type IndicatorGroupJson = {
  stratum: { county?: string };
  suppressedIndicators: string[];
  indicators: Record<string, number | null>;
};

let runtime: LocalRuntime;
const tokens: Record<string, string> = {};
const phones: string[] = [];
const names: string[] = [];

const survey = {
  id: SURVEY_ID,
  title: 'Exit survey',
  languages: ['ro'],
  intro: { ro: 'Câteva întrebări scurte.' },
  questions: [
    { id: 'safe', type: 'scale', min: 1, max: 5, text: { ro: 'Cât de în siguranță v-ați simțit?' } },
    { id: 'helped', type: 'yes_no', text: { ro: 'V-a fost de folos sprijinul?' } },
    { id: 'comment', type: 'text', text: { ro: 'Ce ar trebui să facem altfel?' } },
  ],
  thanks: { ro: 'Mulțumim! STOP = oprire' },
};

async function ok(promise: Promise<HttpResult>, status: number): Promise<HttpResult['body']> {
  const res = await promise;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
  return res.body;
}

/** A case of `county` whose victim answered the survey by SMS (safe 4, helped yes). */
async function answeringVictim(county: keyof typeof PEOPLE): Promise<string> {
  const token = tokens[county] as string;
  const phone = uniquePhone();
  const fullName = `Elena Exportcheck${phones.length}`;
  phones.push(phone);
  names.push(fullName);
  const opened = await ok(
    runtime.http('POST', '/cases', {
      token,
      body: aCase({ county, victim: { phone, fullName, birthYear: 1995 } }),
    }),
    201,
  );
  await ok(
    runtime.http('POST', `/cases/${opened.id}/survey-invitations`, {
      token,
      // Answered by two-way SMS below: a +40 number would otherwise be invited to the web page.
      body: { surveyId: SURVEY_ID, wave: PERIOD, channel: 'sms' },
    }),
    202,
  );
  return opened.id;
}

async function answer(phone: string) {
  expect(await runtime.sms(phone, 'DA')).toContain('(1-5)');
  expect(await runtime.sms(phone, '4')).toContain('(DA/NU)');
  expect(await runtime.sms(phone, 'da')).toBe('Ce ar trebui să facem altfel?\nSTOP = oprire mesaje');
  expect(await runtime.sms(phone, 'Nimic de schimbat')).toBe('Mulțumim! STOP = oprire');
}

/** A hearing that began hours ago, and its outcome. */
async function heldHearing(county: string, caseId: string, hoursAgo: number, outcome: object) {
  const token = tokens[county] as string;
  const hearing = await ok(
    runtime.http('POST', `/cases/${caseId}/hearings?allowConflict=true`, {
      token,
      body: {
        startsAt: new Date(now().getTime() - hoursAgo * HOUR).toISOString(),
        durationMinutes: 60,
        kind: 'prosecutor_hearing',
        remindVictim: false,
      },
    }),
    201,
  );
  await ok(
    runtime.http('POST', `/cases/${caseId}/hearings/${hearing.id}/outcome`, {
      token,
      ifMatch: 1,
      body: outcome,
    }),
    200,
  );
}

async function grantedVoucher(caseId: string, amount: number) {
  const token = tokens['DJ'] as string;
  const filed = await ok(
    runtime.http('POST', `/cases/${caseId}/voucher-requests`, {
      token,
      body: {
        kind: 'advance_voucher',
        amountRequested: { amount, currency: 'RON' },
        filedAt: bucharestDate(0),
        tribunal: 'Tribunalul Dolj',
        uses: ['food'],
        documents: ['criminal_complaint'],
      },
    }),
    201,
  );
  await ok(
    runtime.http('POST', `/cases/${caseId}/voucher-requests/${filed.id}/decision`, {
      token,
      ifMatch: 1,
      body: {
        outcome: 'approved',
        amountGranted: { amount, currency: 'RON' },
        decidedAt: now().toISOString(),
        reference: 'Hot. 1/2026',
      },
    }),
    200,
  );
}

beforeAll(async () => {
  runtime = await startLocalRuntime({ SUPPRESSION_K: '3' });
  for (const county of Object.keys(PEOPLE)) {
    tokens[county] = runtime.token('--role', 'coordinator', '--county', county, '--sub', `e2e-${county}`);
  }
  tokens['admin'] = runtime.token('--role', 'admin', '--sub', 'e2e-admin');
  tokens['analyst'] = runtime.token('--role', 'analyst', '--sub', 'e2e-analyst');
  tokens['prosecutor'] = runtime.token(
    '--role',
    'prosecutor',
    '--unit',
    'DIICOT-CRAIOVA',
    '--sub',
    'e2e-pros',
  );

  await ok(runtime.http('POST', '/surveys', { token: tokens['admin'], body: survey }), 201);
  const cases: Record<string, string[]> = { DJ: [], CJ: [], GJ: [] };
  for (const [county, n] of Object.entries(PEOPLE) as [keyof typeof PEOPLE, number][]) {
    for (let i = 0; i < n; i += 1) cases[county]?.push(await answeringVictim(county));
  }
  const [dj1, dj2] = cases['DJ'] as [string, string];
  await heldHearing('DJ', dj1, 3, { attended: true, heardInSpecialRoom: true, heardRemotely: false });
  await heldHearing('DJ', dj2, 5, { attended: true, heardInSpecialRoom: false, heardRemotely: true });
  await heldHearing('GJ', cases['GJ']?.[0] as string, 4, {
    attended: true,
    heardInSpecialRoom: true,
    heardRemotely: false,
  });

  const request = await ok(
    runtime.http('POST', `/cases/${dj1}/protection-requests`, {
      token: tokens['DJ'],
      body: {
        stage: 'prosecution',
        riskAssessment: { factors: ['threats_from_offender'], level: 'high', summary: 'Threatened by phone' },
        measures: [
          { type: 'escort_travel', justification: 'Travels alone' },
          { type: 'remote_av_distorted', justification: 'Fears the defendant' },
        ],
      },
    }),
    201,
  );
  await ok(
    runtime.http('POST', `/cases/${dj1}/protection-requests/${request.id}/decision`, {
      token: tokens['prosecutor'],
      ifMatch: 1,
      body: {
        decisions: [
          { measure: 'escort_travel', outcome: 'confirmed', reviewBy: bucharestDate(30) },
          { measure: 'remote_av_distorted', outcome: 'rejected', reason: 'A screen will do' },
        ],
        threatenedWitnessOrdinance: { number: '3/P/2026', date: bucharestDate(0) },
      },
    }),
    200,
  );
  for (const [i, amount] of GRANTED.entries()) await grantedVoucher(cases['DJ']?.[i] as string, amount);
  // Last, because sending waits for daytime: at 23:59 on 30 June that is the next half-year, where nothing
  // above belongs.
  expect((await runtime.clock(nextDaytime(now()))).sent).toBe(8);
  for (const phone of phones) await answer(phone);
});

afterAll(async () => {
  await runtime.stop();
});

const feedback = (format = 'json') =>
  runtime.http(
    'GET',
    `/exports/feedback?surveyId=${SURVEY_ID}&wave=${PERIOD}&groupBy=county&format=${format}`,
    {
      token: tokens['analyst'],
    },
  );
const indicators = (format = 'json') =>
  runtime.http(
    'GET',
    `/exports/indicators?period=${PERIOD}&groupBy=county&surveyId=${SURVEY_ID}&format=${format}`,
    {
      token: tokens['analyst'],
    },
  );

describe('GET /exports/feedback after answers by SMS', () => {
  it('publishes the county with at least k respondents, does not name the one invited fewer than k times, and hides its partner', async () => {
    const res = await feedback();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ surveyId: SURVEY_ID, wave: PERIOD, k: 3 });
    const byCounty = Object.fromEntries(
      res.body.groups.map((g: { stratum: { county: string } }) => [g.stratum.county, g]),
    );
    // GJ: one person invited, so not named at all (no label, no zero); its one respondent is in the total.
    expect(Object.keys(byCounty).sort()).toEqual(['CJ', 'DJ']);
    // Everyone in DJ answered alike: publishing "4: 4" and the zeros would tell each one's answer, so every
    // answer value is listed and withheld.
    expect(byCounty['DJ']).toEqual({
      stratum: { county: 'DJ' },
      suppressed: false,
      respondents: 4,
      questions: {
        safe: { '1': null, '2': null, '3': null, '4': null, '5': null },
        helped: { yes: null, no: null },
      },
    });
    // CJ has three, but shown next to the total of 8 it would give GJ's one back.
    expect(byCounty['CJ']).toEqual({
      stratum: { county: 'CJ' },
      suppressed: true,
      respondents: null,
      questions: null,
    });
    // All 8 invited answered: "8 invited" would say nobody declined, and since every named county was invited
    // at least k times, that CJ's withheld respondents are at least k. Invitations go with them.
    expect(res.body.total).toEqual({ respondents: 8, invited: null, responseRate: null });
    expect(res.text).not.toContain('Nimic');
  });

  it('refuses the county x language table that would difference the published ones, with 422 naming groupBy', async () => {
    const res = await runtime.http(
      'GET',
      `/exports/feedback?surveyId=${SURVEY_ID}&wave=${PERIOD}&groupBy=county,language`,
      { token: tokens['analyst'] },
    );
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { path: 'groupBy', message: 'Must be one of none, county, language, stage, age' },
    ]);
  });

  it('answers the same numbers as CSV with a byte order mark, a header row and n/a where nothing applies', async () => {
    const res = await feedback('csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const { bom, header, rows } = parseCsv(res.text);
    expect(bom).toBe(true);
    expect(header).toEqual(['level', 'county', 'measure', 'question', 'answer', 'value', 'suppressed']);
    const line = (r: Record<string, string>) => Object.values(r).join(',');
    expect(rows.map(line)).toEqual(
      expect.arrayContaining([
        'group,CJ,respondents,n/a,n/a,,true',
        'group,DJ,respondents,n/a,n/a,4,false',
        // All four in DJ gave the same answers: publishing 4 of 4 would say what each of them answered.
        'group,DJ,answer,safe,4,,true',
        'group,DJ,answer,helped,yes,,true',
        'total,n/a,respondents,n/a,n/a,8,false',
        'total,n/a,invited,n/a,n/a,,true',
        'total,n/a,response_rate,n/a,n/a,,true',
      ]),
    );
    const hidden = rows.filter((r) => r['county'] === 'GJ' || r['county'] === 'CJ');
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.every((r) => r['value'] === '' && r['suppressed'] === 'true')).toBe(true);
    // An empty value is only ever a suppressed one.
    expect(rows.filter((r) => r['value'] === '').every((r) => r['suppressed'] === 'true')).toBe(true);
  });
});

describe('GET /exports/indicators after seeding through the API', () => {
  it('matches what was seeded in the published county and the national row, and hides the small counties whole', async () => {
    const res = await indicators();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ period: PERIOD, k: 3, groupBy: 'county', surveyId: SURVEY_ID });
    const byCounty = Object.fromEntries(
      res.body.groups.map((g: { stratum: { county: string } }) => [g.stratum.county, g]),
    );
    expect(byCounty['DJ'].suppressed).toBe(false);
    expect(byCounty['DJ'].indicators).toMatchObject({
      victims_coordinated: 4,
      victims_participating_in_proceedings: 4,
      hearings_supported: 2,
      hearings_in_special_room: 1,
      hearings_remote: 1,
      protection_requests: 1,
      protection_measures_confirmed: 1,
      'protection_measures_confirmed.escort_travel': 1,
      protection_measures_rejected: 1,
      voucher_requests_filed: 3,
      voucher_requests_approved: 3,
      voucher_amount_granted_total: 900_000,
      voucher_amount_granted_median: 200_000,
      foreign_victims_with_interpreter: 0,
      // The survey counts are the feedback tables' own: DJ's respondents are published there, its
      // invitations are not (so neither is its rate).
      survey_invitations: null,
      survey_responses: 4,
      response_rate: null,
      // Everyone in DJ answered 4: a share of 1 would say so, so it is withheld with the feedback counts.
      share_feeling_safe: null,
    });
    for (const county of ['GJ', 'CJ']) {
      expect(byCounty[county].suppressed).toBe(true);
      expect(byCounty[county].indicators.victims_coordinated).toBeNull();
      expect(byCounty[county].indicators.survey_responses).toBeNull();
    }
    // GJ's hearing is an event of one person's file: hidden with the rest of GJ.
    expect(byCounty['GJ'].indicators.hearings_supported).toBeNull();
    expect(res.body.national.suppressed).toBe(false);
    expect(res.body.national.indicators).toMatchObject({
      victims_coordinated: 8,
      victims_participating_in_proceedings: 8,
      hearings_supported: 3,
      hearings_in_special_room: 2,
      voucher_amount_granted_total: 900_000,
      voucher_amount_granted_median: 200_000,
      // Withheld with the feedback tables' invitations: nobody of the 8 declined.
      survey_invitations: null,
      survey_responses: 8,
      response_rate: null,
    });
    expect(res.body.national.suppressedIndicators).toEqual(
      expect.arrayContaining(['survey_invitations', 'response_rate']),
    );
  });

  it('answers the same numbers as CSV, in both dialects, read back with csv-parse', async () => {
    const json = (await indicators()).body;
    const groups: Array<[string, string, IndicatorGroupJson]> = [
      ...json.groups.map((g: IndicatorGroupJson) => ['county', g.stratum.county as string, g] as const),
      ['national', 'n/a', json.national],
    ];
    for (const [dialect, delimiter, decimalMark] of [
      ['rfc4180', ',', '.'],
      ['excel-ro', ';', ','],
    ] as const) {
      const res = await indicators(`csv&dialect=${dialect}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const { bom, header, rows } = parseCsv(res.text, delimiter);
      expect(bom).toBe(true);
      expect(header).toEqual(['level', 'county', 'indicator', 'value', 'suppressed']);
      const expected = groups.flatMap(([level, county, group]) =>
        Object.entries(group.indicators).map(([indicator, value]) => {
          const suppressed = group.suppressedIndicators.includes(indicator);
          const cell = suppressed ? '' : value === null ? 'n/a' : String(value).replace('.', decimalMark);
          return { level, county, indicator, value: cell, suppressed: String(suppressed) };
        }),
      );
      expect(rows).toEqual(expected);
    }
    const rows = parseCsv((await indicators('csv')).text).rows;
    expect(rows).toEqual(
      expect.arrayContaining([
        { level: 'county', county: 'DJ', indicator: 'victims_coordinated', value: '4', suppressed: 'false' },
        { level: 'county', county: 'GJ', indicator: 'victims_coordinated', value: '', suppressed: 'true' },
        {
          level: 'national',
          county: 'n/a',
          indicator: 'victims_coordinated',
          value: '8',
          suppressed: 'false',
        },
      ]),
    );
  });
});

describe('who may read what', () => {
  it('keeps an analyst out of the coordination files and a coordinator out of the exports', async () => {
    expect((await runtime.http('GET', '/cases', { token: tokens['analyst'] })).status).toBe(403);
    expect((await runtime.http('GET', '/cases', { token: tokens['DJ'] })).status).toBe(200);
    const coordinator = { token: tokens['DJ'] };
    expect(
      (await runtime.http('GET', `/exports/feedback?surveyId=${SURVEY_ID}&wave=${PERIOD}`, coordinator))
        .status,
    ).toBe(403);
    expect((await runtime.http('GET', `/exports/indicators?period=${PERIOD}`, coordinator)).status).toBe(403);
  });

  it('never writes a phone number, a victim name or a token to its logs', () => {
    const output = runtime.output();
    expect(output).toContain('"route":"exportIndicators"');
    for (const phone of phones) expect(output).not.toContain(phone.slice(3));
    for (const name of names) expect(output).not.toContain(name);
    expect(output).not.toContain('Nimic de schimbat');
    for (const t of runtime.tokens) expect(output).not.toContain(t.split('.')[1] as string);
  });
});
