// The analyst's console in a real browser against the real `npm start` (k = 3), on a programme seeded through
// the API: Indicators and Feedback in English and Romanian (axe, no console error, no other origin, under
// 60 KB), each chart saying the same numbers as its table, a withheld cell reading "< 3" and drawn as missing
// (never as 0), and both CSV downloads parsing with the project's CSV reader, byte for byte the API's files.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PALETTE, VALUE_COLOUR } from '../../functions/console/chart-engine.ts';
import {
  download,
  FREE_TEXT,
  readChart,
  readSeries,
  readTable,
  SURVEY_ID,
  seedProgramme,
  signInAsAnalyst,
} from '../support/console-analyst-flows.ts';
import { consoleSuite } from '../support/console-browser.ts';
import { parseCsv } from '../support/csv-parser.ts';
import { E2E_START, halfYear } from '../support/local-runtime.ts';

/** The half-year everything is seeded in; the clock may move past it (30 June 23:59), so it is chosen. */
const PERIOD = halfYear(E2E_START);
const BAR = PALETTE[0] as string;

const suite = consoleSuite({ SUPPRESSION_K: '3' });
const { fresh, flows } = suite;
let analystToken: string;

beforeAll(async () => {
  await seedProgramme(suite.runtime, PERIOD);
  analystToken = suite.runtime.token('--role', 'analyst', '--sub', 'console-analyst-api');
});

/** Clean and within budget; the inline SVG carries no inline style the CSP would refuse. */
async function expectClean(page: Page, name: string): Promise<void> {
  await suite.expectClean(page, name);
  expect(await page.locator('main svg [style], main svg style, main [style]').count(), name).toBe(0);
}

async function showIndicators(page: Page, labels = { period: 'Period', groupBy: 'Group by', show: 'Show' }) {
  await page.getByLabel(labels.period, { exact: true }).selectOption(PERIOD);
  await page.getByLabel(labels.groupBy, { exact: true }).selectOption('county');
  await page.getByRole('button', { name: labels.show, exact: true }).click();
  await page.waitForURL(/period=/);
}

describe('the analyst on Indicators', () => {
  it('sees each county bar chart say the numbers of the table, with a withheld county as "< 3" and no bar', async () => {
    const page = await signInAsAnalyst(await fresh(), suite.runtime.base);
    await showIndicators(page);
    await expectClean(page, 'console-indicators');

    const table = await readTable(page.getByRole('table', { name: `Programme indicators, ${PERIOD}` }));
    const victims = table.get('Victims coordinated') as Record<string, string>;
    // GJ's one is withheld (with whatever would give it back from the national total); CJ's eleven, the
    // largest, are published.
    expect(victims['CJ']).toBe('11');
    expect(victims['GJ']).toMatch(/^< 3/);
    const chart = await readChart(
      page.getByRole('figure', { name: 'Victims coordinated, by county' }),
      VALUE_COLOUR,
    );
    expect([...chart.said.keys()]).toEqual(['CJ', 'DJ', 'GJ']);
    for (const [county, said] of chart.said) expect(said, county).toBe(victims[county]);
    const published = [...chart.said.values()].filter((value) => !value.startsWith('<'));
    const withheld = [...chart.said.values()].filter((value) => value.startsWith('<'));
    expect(withheld.length).toBeGreaterThan(0);
    // Drawn: one bar and one label per published county, nothing (no 0) for a withheld one.
    expect(await chart.bars(BAR)).toBe(published.length);
    expect(chart.drawnLabels.sort()).toEqual(published.sort());
    expect(chart.drawnLabels).not.toContain('0');

    const trend = await readChart(page.getByRole('figure', { name: /^National figures, / }), VALUE_COLOUR);
    expect(trend.drawnLabels).toContain(table.get('Victims coordinated')?.['National']);
    flows.push('indicators chart and table agree, withheld county not drawn');
  });

  it('downloads the CSV and JSON exports, the API files byte for byte, and the CSV parses', async () => {
    const page = await signInAsAnalyst(await fresh(), suite.runtime.base);
    await showIndicators(page);

    const csv = await download(page, 'Download CSV');
    expect(csv.name).toBe(`indicators-${PERIOD}.csv`);
    const api = await suite.runtime.http(
      'GET',
      `/exports/indicators?period=${PERIOD}&groupBy=county&format=csv`,
      {
        token: analystToken,
      },
    );
    expect(csv.text).toBe(api.text);
    const parsed = parseCsv(csv.text);
    expect(parsed.bom).toBe(true);
    expect(parsed.header).toEqual(['level', 'county', 'indicator', 'value', 'suppressed']);
    expect(
      parsed.rows.find((r) => r['county'] === 'CJ' && r['indicator'] === 'victims_coordinated')?.['value'],
    ).toBe('11');

    const json = await download(page, 'Download JSON');
    expect(json.name).toBe(`indicators-${PERIOD}.json`);
    expect(JSON.parse(json.text)).toMatchObject({ period: PERIOD, k: 3, groupBy: 'county' });
    flows.push('indicators CSV and JSON downloaded');
  });
});

describe('a choice the export API refuses', () => {
  it('comes back as the form with the problem named by its field, from the page and from a download', async () => {
    const page = await signInAsAnalyst(await fresh(), suite.runtime.base);
    await page.goto(`${suite.runtime.base}/console/indicators?period=2026-S9&groupBy=county`);
    const summary = page.getByRole('alert');
    expect(await summary.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
    expect(await summary.getByRole('link').getAttribute('href')).toBe('#f-period');
    await expectClean(page, 'console-indicators-error');

    await page.goto(`${suite.runtime.base}/console/indicators.csv?period=2026-S9&groupBy=county`);
    expect(page.url()).toMatch(/\/console\/indicators\?period=2026-S9/);
    expect(await page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
    flows.push('a refused period named in the error summary');
  });
});

describe('the analyst on Feedback', () => {
  async function showFeedback(page: Page, groupBy: string) {
    await page.getByRole('link', { name: 'Feedback', exact: true }).click();
    await page.getByLabel('Survey', { exact: true }).selectOption(SURVEY_ID);
    await page.getByLabel('Wave', { exact: true }).selectOption(PERIOD);
    await page.getByLabel('Group by', { exact: true }).selectOption(groupBy);
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.waitForURL(/surveyId=/);
  }

  it('sees each answer chart say the numbers of its table, withheld answers as "< 3", and no free text', async () => {
    const page = await signInAsAnalyst(await fresh(), suite.runtime.base);
    await showFeedback(page, 'none');
    await expectClean(page, 'console-feedback-national');

    expect(await page.locator('main').textContent()).not.toContain(FREE_TEXT);
    expect(await page.locator('dd').first().textContent()).toMatch(/^75% \(12 of 16 invited\)$/);
    const question = 'Answers to "Cât de în siguranță v-ați simțit?"';
    const table = await readTable(page.getByRole('table', { name: question }));
    const everyone = table.get('All respondents') as Record<string, string>;
    expect(everyone['Respondents']).toBe('12');
    const chart = await readChart(page.getByRole('figure', { name: question }), VALUE_COLOUR);
    expect([...chart.said.keys()]).toEqual(['1', '2', '3', '4', '5']);
    for (const [answer, said] of chart.said) expect(said, answer).toBe(everyone[answer]);
    const published = [...chart.said.values()].filter((value) => !value.startsWith('<'));
    expect(published.length).toBeGreaterThan(0);
    expect([...chart.said.values()].some((value) => value.startsWith('<'))).toBe(true);
    // A bar per published answer (a published 0 is a bar of no height); nothing for a withheld one.
    expect(await chart.bars(BAR)).toBe(published.length);
    expect(chart.drawnLabels.sort()).toEqual(published.sort());
    flows.push('feedback chart and table agree, withheld answers not drawn, free text absent');
  });

  it('groups by county with each group named in the chart and the table, and downloads the CSV', async () => {
    const page = await signInAsAnalyst(await fresh(), suite.runtime.base);
    await showFeedback(page, 'county');
    await expectClean(page, 'console-feedback-county');
    const question = 'Answers to "Cât de în siguranță v-ați simțit?"';
    const table = await readTable(page.getByRole('table', { name: question }));
    const figure = page.getByRole('figure', { name: question });
    const series = await readSeries(figure);
    expect([...series.keys()]).toEqual([...table.keys()]);
    let withheld = 0;
    for (const [i, [group, said]] of [...series.entries()].entries()) {
      const row = table.get(group) as Record<string, string>;
      for (const [answer, value] of said) expect(value, `${group} ${answer}`).toBe(row[answer]);
      const shown = [...said.values()].filter((value) => !value.startsWith('<'));
      withheld += said.size - shown.length;
      // Each group in its own colour: its key in the legend, then one bar per published answer and none for
      // a withheld one.
      expect(await figure.locator(`svg path[fill="${PALETTE[i]}"]`).count(), group).toBe(1 + shown.length);
    }
    expect(withheld).toBeGreaterThan(0);

    const csv = await download(page, 'Download CSV');
    expect(csv.name).toBe(`feedback-${SURVEY_ID}-${PERIOD}.csv`);
    const api = await suite.runtime.http(
      'GET',
      `/exports/feedback?surveyId=${SURVEY_ID}&wave=${PERIOD}&groupBy=county&format=csv`,
      { token: analystToken },
    );
    expect(csv.text).toBe(api.text);
    const parsed = parseCsv(csv.text);
    expect(parsed.bom).toBe(true);
    expect(parsed.header).toEqual([
      'level',
      'county',
      'measure',
      'question',
      'answer',
      'value',
      'suppressed',
    ]);
    expect(parsed.rows.some((r) => r['question'] === 'comment')).toBe(false);
    const json = await download(page, 'Download JSON');
    expect(JSON.parse(json.text)).toMatchObject({ surveyId: SURVEY_ID, wave: PERIOD, k: 3 });
    flows.push('feedback CSV and JSON downloaded');
  });
});

describe('the analyst in Romanian', () => {
  it('reads Indicators and Feedback in Romanian, with the same checks', async () => {
    const page = await signInAsAnalyst(await fresh(), suite.runtime.base, 'ro');
    await showIndicators(page, { period: 'Perioada', groupBy: 'Grupare după', show: 'Afișează' });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Indicatori');
    expect(await page.getByRole('link', { name: 'Descarcă CSV' }).count()).toBe(1);
    await expectClean(page, 'console-indicators-ro');

    await page.getByRole('link', { name: 'Feedback', exact: true }).click();
    await page.getByLabel('Chestionar', { exact: true }).selectOption(SURVEY_ID);
    await page.getByLabel('Val', { exact: true }).selectOption(PERIOD);
    await page.getByRole('button', { name: 'Afișează', exact: true }).click();
    await page.waitForURL(/surveyId=/);
    expect(await page.locator('main').textContent()).toContain('Rata de răspuns');
    await expectClean(page, 'console-feedback-ro');
    flows.push('Indicators and Feedback in Romanian');
  });
});
