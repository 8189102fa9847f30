// The private survey reply page in a real Chromium against `npm start`: a victim opens the link of the
// invitation SMS on a phone-sized screen, finds the questions by their labels, answers and reads the thanks.
// The page must pass axe-core, show no console error (its CSP blocks nothing it needs) and ask nothing of
// any other origin. A second visit to the spent link shows the neutral page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, coverage, launchBrowser, newContext } from '../support/browser.ts';
import { aCase } from '../support/factories.ts';
import {
  E2E_START,
  halfYear,
  type LocalRuntime,
  nextDaytime,
  now,
  startLocalRuntime,
  uniquePhone,
} from '../support/local-runtime.ts';
import { aSurvey } from '../support/survey-definition.ts';

const SURVEY_ID = 'browser-replies';
let runtime: LocalRuntime;
let browser: Browser;
let link: string;

beforeAll(async () => {
  runtime = await startLocalRuntime();
  browser = await launchBrowser();
  const admin = runtime.token('--role', 'admin', '--sub', 'browser-admin');
  const coordinator = runtime.token('--role', 'coordinator', '--county', 'DJ', '--sub', 'browser-coord');
  expect(
    (await runtime.http('POST', '/surveys', { token: admin, body: aSurvey({ id: SURVEY_ID }) })).status,
  ).toBe(201);
  const phone = uniquePhone();
  const opened = await runtime.http('POST', '/cases', {
    token: coordinator,
    body: aCase({ victim: { phone, language: 'ro', birthYear: 1980 } }),
  });
  const invited = await runtime.http('POST', `/cases/${opened.body.id}/survey-invitations`, {
    token: coordinator,
    body: { surveyId: SURVEY_ID, wave: halfYear(E2E_START) },
  });
  expect(invited.body).toMatchObject({ status: 'sent', channel: 'web' });
  await runtime.clock(nextDaytime(now()));
  const [sms] = await runtime.outbox(phone);
  link = /https?:\/\/\S+\/r\/[A-Za-z0-9_-]{22}/.exec(sms?.body ?? '')?.[0] as string;
  expect(link).toMatch(/\/r\//);
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  console.log(coverage());
});

describe('the survey reply page in a browser', () => {
  it('is accessible on a phone screen, loads nothing else, and takes the answers', async () => {
    const context = await newContext(browser, runtime.base);
    const page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(link);

    expect(await page.title()).toBe('Chestionar scurt');
    const form = await checkPage(page, 'reply-form');
    expect(form).toMatchObject({ violations: [], consoleErrors: [], foreignRequests: [] });
    // Nothing wider than the screen: no sideways scrolling on a small phone.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);

    // Sent empty: the form comes back with the error summary, which must be as accessible as the form.
    await page.getByRole('button', { name: 'Trimiteți răspunsurile' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Răspundeți la cel puțin o întrebare');
    const refused = await checkPage(page, 'reply-form-error');
    expect(refused.violations).toEqual([]);
    expect(refused.consoleErrors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    expect(refused.foreignRequests).toEqual([]);

    await page.getByRole('group', { name: 'Cât de în siguranță v-ați simțit?' }).getByLabel('4').check();
    await page.getByRole('group', { name: 'V-a fost de folos sprijinul?' }).getByLabel('Da').check();
    await page.getByLabel('Ce ar trebui să facem altfel?').fill('Mai multă răbdare');
    await page.getByRole('button', { name: 'Trimiteți răspunsurile' }).click();

    await expect.poll(() => page.textContent('main')).toContain('Mulțumim! STOP = oprire');
    const thanks = await checkPage(page, 'reply-thanks');
    // The page's console keeps the refused 422 above; nothing else may be there.
    expect(thanks).toMatchObject({ violations: [], foreignRequests: [] });
    expect(thanks.consoleErrors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    await context.close();
  });

  it('shows the neutral page once the link is spent', async () => {
    const context = await newContext(browser, runtime.base);
    const page = await context.newPage();
    const response = await page.goto(link);
    expect(response?.status()).toBe(410);
    expect(await page.textContent('main')).toContain('This address is no longer valid.');
    const gone = await checkPage(page, 'reply-gone');
    // The 410 itself is a console error in Chromium ("Failed to load resource"); nothing else may be.
    expect(gone.violations).toEqual([]);
    expect(gone.consoleErrors.filter((e) => !/status of 410/.test(e))).toEqual([]);
    expect(gone.foreignRequests).toEqual([]);
    await context.close();
  });
});
