// The analyst's console as a person and a screen reader see it, for the browser tests: sign in as an analyst,
// a programme seeded through the real API (cases in three counties answering a survey by SMS), and a chart's
// numbers read back from its accessible name and its drawn labels, a table's from its cells.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { County } from '../../shared/domain/enums.ts';
import { aCase } from './factories.ts';
import { type HttpResult, type LocalRuntime, nextDaytime, now, uniquePhone } from './local-runtime.ts';
import { aRomanianSurvey } from './survey-definition.ts';

export const SURVEY_ID = 'console-exit';

/** Signs in with the local form as an analyst, in `lang`; the page lands on Indicators. */
export async function signInAsAnalyst(context: BrowserContext, base: string, lang: 'en' | 'ro' = 'en') {
  const page = await context.newPage();
  await page.goto(`${base}/console/login?lang=${lang}`);
  await page.getByLabel(lang === 'en' ? 'Role' : 'Rol', { exact: true }).selectOption('analyst');
  await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : 'Autentificare' }).click();
  await page.waitForURL(/\/console\/indicators/);
  return page;
}

async function ok(promise: Promise<HttpResult>, status: number): Promise<HttpResult['body']> {
  const res = await promise;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
  return res.body;
}

/**
 * Victims per county who answer the survey, each with their answers to `safe` (1-5) and `helped` (yes/no).
 * With k = 3 both counties are named groups of the feedback tables, and within them some answer counts are
 * published (three said 5) and some withheld (nobody said 1 to 3, and what would give those away).
 */
const SIX = [
  { safe: 4, helped: 'da' },
  { safe: 4, helped: 'da' },
  { safe: 4, helped: 'da' },
  { safe: 5, helped: 'nu' },
  { safe: 5, helped: 'nu' },
  { safe: 5, helped: 'nu' },
] as const;
export const ANSWERS: Partial<Record<County, readonly { safe: number; helped: 'da' | 'nu' }[]>> = {
  DJ: SIX,
  CJ: SIX,
};
/**
 * Cases with no survey. On Indicators (victims coordinated: CJ 11, DJ 6, GJ 1) GJ's one is withheld, with
 * what would give it back from the national total (DJ's six, the smallest other); CJ's eleven are published.
 */
export const SILENT: Partial<Record<County, number>> = { CJ: 1, GJ: 1 };
/**
 * Invited and never answering. Without them everyone invited answered, and the invitations would be withheld
 * (they would tell a reader that every withheld group answered in full: README "Publishable tables").
 */
export const INVITED_SILENT: Partial<Record<County, number>> = { CJ: 4 };

const survey = aRomanianSurvey({ id: SURVEY_ID, title: 'Exit survey' });

/** A free-text answer every victim sends: it must never show on a console page. */
export const FREE_TEXT = 'Nimic de schimbat la tribunal';

/**
 * Through the API only: the survey published, a case per victim (which counts victims_coordinated in its
 * county), each invited for `wave` and answering by SMS, a free-text answer included.
 */
export async function seedProgramme(runtime: LocalRuntime, wave: string): Promise<void> {
  const admin = runtime.token('--role', 'admin', '--sub', 'console-admin');
  await ok(runtime.http('POST', '/surveys', { token: admin, body: survey }), 201);
  const answering: { phone: string; safe: number; helped: string }[] = [];
  const tokens = new Map<County, string>();
  const openCase = async (county: County) => {
    const token =
      tokens.get(county) ??
      runtime.token('--role', 'coordinator', '--county', county, '--sub', `console-${county}`);
    tokens.set(county, token);
    const phone = uniquePhone();
    const opened = await ok(
      runtime.http('POST', '/cases', {
        token,
        body: aCase({ county, victim: { phone, fullName: 'Maria Analystcheck', birthYear: 1990 } }),
      }),
      201,
    );
    return { token, phone, id: opened.id as string };
  };
  for (const [county, people] of Object.entries(ANSWERS) as [
    County,
    readonly { safe: number; helped: string }[],
  ][]) {
    for (const person of people) {
      const { token, phone, id } = await openCase(county);
      await ok(
        runtime.http('POST', `/cases/${id}/survey-invitations`, {
          token,
          body: { surveyId: SURVEY_ID, wave, channel: 'sms' },
        }),
        202,
      );
      answering.push({ phone, ...person });
    }
  }
  let invited = answering.length;
  for (const [county, n] of Object.entries(INVITED_SILENT) as [County, number][]) {
    for (let i = 0; i < n; i += 1) {
      const { token, id } = await openCase(county);
      const body = { surveyId: SURVEY_ID, wave, channel: 'sms' };
      await ok(runtime.http('POST', `/cases/${id}/survey-invitations`, { token, body }), 202);
      invited += 1;
    }
  }
  for (const [county, n] of Object.entries(SILENT) as [County, number][]) {
    for (let i = 0; i < n; i += 1) await openCase(county);
  }
  // Sending waits for daytime (the answers belong to `wave` whatever half-year that is), and a morning's
  // deferred invitations may go out over more than one tick: the clock moves on until all are sent.
  let sent = (await runtime.clock(nextDaytime(now()))).sent;
  for (let tick = 0; sent < invited && tick < 8; tick += 1)
    sent += (await runtime.clock(new Date(now().getTime() + 15 * 60_000))).sent;
  if (sent !== invited) throw new Error(`${sent} of ${invited} invitations were sent`);
  for (const person of answering) {
    await runtime.sms(person.phone, 'DA');
    await runtime.sms(person.phone, String(person.safe));
    await runtime.sms(person.phone, person.helped);
    await runtime.sms(person.phone, FREE_TEXT);
  }
}

export interface ChartReading {
  /** category -> the number said for it, or the "< k" text of a withheld one. */
  said: Map<string, string>;
  /** The value labels drawn on the bars or points. */
  drawnLabels: string[];
  /** How many bars are drawn in the given colour. */
  bars: (fill: string) => Promise<number>;
}

/**
 * A one-series chart read as assistive technology reads it: its accessible name lists `category: value`
 * pairs; the numbers drawn on it are the SVG texts in the value colour.
 */
export async function readChart(figure: Locator, valueColour: string): Promise<ChartReading> {
  const image = figure.locator('[role="img"]');
  const name = (await image.getAttribute('aria-label')) ?? '';
  const said = new Map<string, string>();
  const listing = name.slice(name.indexOf('. ') + 2);
  for (const pair of listing.split('; ')) {
    const at = pair.lastIndexOf(': ');
    const value = pair.slice(at + 2).replace(/ \(.*\)$/, '');
    said.set(pair.slice(0, at).trim(), value);
  }
  const drawnLabels = await image.locator(`svg text[fill="${valueColour}"]`).allTextContents();
  return {
    said,
    drawnLabels,
    bars: (fill) => image.locator(`svg path[fill="${fill}"]`).count(),
  };
}

/**
 * A chart of several series (one per group): its accessible name lists `group: category: value; ...` per
 * group, groups apart by ". ". Answers group -> category -> said value.
 */
export async function readSeries(figure: Locator): Promise<Map<string, Map<string, string>>> {
  const name = (await figure.locator('[role="img"]').getAttribute('aria-label')) ?? '';
  const groups = new Map<string, Map<string, string>>();
  for (const part of name.split('. ').slice(1)) {
    const at = part.indexOf(': ');
    const said = new Map<string, string>();
    for (const pair of part.slice(at + 2).split('; ')) {
      const split = pair.lastIndexOf(': ');
      said.set(pair.slice(0, split), pair.slice(split + 2).replace(/ \(.*\)$/, ''));
    }
    groups.set(part.slice(0, at), said);
  }
  return groups;
}

/** A table as rows of cells keyed by its column headers, each row named by its row header. */
export async function readTable(table: Locator): Promise<Map<string, Record<string, string>>> {
  const head = (await table.locator('thead th').allTextContents()).map((s) => s.trim());
  const rows = new Map<string, Record<string, string>>();
  for (const row of await table.locator('tbody tr').all()) {
    const cells = (await row.locator('th, td').allTextContents()).map((s) => s.trim());
    rows.set(cells[0] as string, Object.fromEntries(head.map((h, i) => [h, cells[i] ?? ''])));
  }
  return rows;
}

/** Clicks a download link and answers the file's name and text, byte order mark kept. */
export async function download(page: Page, linkName: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: linkName, exact: true }).click(),
  ]);
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return {
    name: file.suggestedFilename(),
    text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.concat(chunks)),
  };
}
