// The console in a real browser against the real `npm start`: every page passes axe-core with no console
// error and no request to another origin, and each role's main job works end to end through forms only.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage } from '../support/browser.ts';
import { consoleSuite } from '../support/console-browser.ts';
import {
  createCase,
  landedOnCaseFile,
  type NewCase,
  scheduleHearing,
  signIn,
} from '../support/console-flows.ts';
import { bucharestDate, now, uniquePhone } from '../support/local-runtime.ts';
import { aProtectionRequest } from '../support/protection-voucher-factories.ts';

const suite = consoleSuite();
const { fresh, expectClean, flows, sizes } = suite;

const coordinator = { role: 'coordinator', county: 'DJ', user: 'coord-ana' } as const;
const prosecutor = { role: 'prosecutor', unit: 'DIICOT-CRAIOVA', user: 'pros-ion' } as const;

let caseCounter = 0;
function aNewCase(overrides: Partial<NewCase> = {}): NewCase {
  caseCounter += 1;
  return {
    pseudonym: `V-${caseCounter}`,
    fullName: 'Maria Popescu',
    phone: uniquePhone(),
    county: 'DJ',
    unit: 'DIICOT-CRAIOVA',
    criminalCaseNumber: `${100 + caseCounter}/D/P/2026`,
    ...overrides,
  };
}

/** A day of its own for each hearing: one coordinator's hearings must not overlap (the API answers 409). */
let hearingDay = 6;
function nextHearingDay(): string {
  hearingDay += 1;
  return bucharestDate(hearingDay);
}

/** A coordinator's case with a hearing a week or more ahead, made through the forms. */
async function caseWithHearing(page: Page, overrides: Partial<NewCase> = {}) {
  const url = await createCase(page, suite.runtime.base, aNewCase(overrides));
  await scheduleHearing(page, {
    date: nextHearingDay(),
    time: '10:00',
    place: 'Str. Unirii 10',
    accommodation: 'Psychologist',
  });
  return url;
}

describe('the console, page by page', () => {
  it('shows the sign-in page in Romanian by default and in English by its link, remembered', async () => {
    const context = await fresh();
    const page = await context.newPage();
    const response = await page.goto(`${suite.runtime.base}/console`);

    expect(await page.locator('html').getAttribute('lang')).toBe('ro');
    expect(response?.status()).toBe(200);
    await expectClean(page, 'console-sign-in-ro');
    await page.getByRole('link', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sign in');
    await expectClean(page, 'console-sign-in-en');
    await page.goto(`${suite.runtime.base}/console/login`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('sends the security headers on every page and no-store where personal data shows', async () => {
    const context = await fresh();
    const page = await signIn(context, suite.runtime.base, coordinator);
    const response = await page.goto(`${suite.runtime.base}/console/cases`);
    const headers = response?.headers() ?? {};

    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("form-action 'self'");
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cache-control']).toBe('no-store');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'alaturi_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
  });

  it("checks every coordinator page: Today, Cases, New case, the case file, Schedule hearing, the hearing's actions, Calendar", async () => {
    const page = await signIn(await fresh(), suite.runtime.base, coordinator);
    await expectClean(page, 'console-today');
    await page.getByRole('link', { name: 'Cases' }).click();
    await expectClean(page, 'console-cases');
    await page.getByRole('link', { name: 'New case' }).click();
    await expectClean(page, 'console-new-case');
    const url = await caseWithHearing(page);
    await expectClean(page, 'console-case-file');
    await page.getByRole('link', { name: 'Schedule hearing' }).click();
    await page.getByLabel('Date', { exact: true }).fill(nextHearingDay());
    await page.getByLabel('Time', { exact: true }).fill('11:30');
    await page.getByRole('button', { name: 'Preview the reminder' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Reminder SMS preview' }).count()).toBe(1);
    await expectClean(page, 'console-schedule-hearing-preview');
    await page.goto(url);
    await page.getByRole('link', { name: /Reschedule/ }).click();
    await expectClean(page, 'console-hearing-actions');
    await page.getByRole('link', { name: 'Calendar' }).click();
    await expectClean(page, 'console-calendar');
    await page.getByRole('link', { name: 'Next week' }).click();
    await expectClean(page, 'console-calendar-next-week');
    const missing = await page.goto(`${suite.runtime.base}/console/nowhere`);
    // The browser logs the 404 itself; the page must still be accessible and load nothing from elsewhere.
    expect(missing?.status()).toBe(404);
    expect(await checkPage(page, 'console-not-found')).toMatchObject({ violations: [], foreignRequests: [] });
  });

  it('shows every form problem in an error summary, with the input kept', async () => {
    const page = await signIn(await fresh(), suite.runtime.base, coordinator);
    await page.goto(`${suite.runtime.base}/console/cases/new`);
    await page.getByLabel('Phone', { exact: true }).fill('0722 not a number');
    await page.getByRole('button', { name: 'Create case' }).click();

    await expect.poll(() => page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
    expect(await page.getByLabel('Phone', { exact: true }).inputValue()).toBe('0722 not a number');
    await expectClean(page, 'console-new-case-errors');
  });
});

describe('the coordinator', () => {
  it('creates a case, schedules a hearing and sees its reminders', async () => {
    const page = await signIn(await fresh(), suite.runtime.base, coordinator);
    await caseWithHearing(page, { pseudonym: 'V-reminders' });

    const reminders = page.getByRole('table', { name: /^Reminders/ });
    const rows = await reminders.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.includes('Pending'))).toBe(true);
    expect(await page.locator('h1').textContent()).toBe('Case file: V-reminders');
    flows.push('coordinator creates a case, schedules a hearing, sees its reminders');
  });

  it('sees the phone masked until "Show phone", which the API audits as a read of the phone', async () => {
    const page = await signIn(await fresh(), suite.runtime.base, coordinator);
    const phone = uniquePhone();
    await createCase(page, suite.runtime.base, aNewCase({ phone }));

    const caseId = page.url().split('/').pop() as string;
    const adminToken = suite.runtime.token('--role', 'admin');
    const phoneReads = async () =>
      (
        (await suite.runtime.http('GET', `/audit?caseId=${caseId}`, { token: adminToken })).body.items as {
          entity: string;
          action: string;
          actor: string;
        }[]
      ).filter((item) => item.entity === 'phone' && item.action === 'read');
    expect(await page.locator('main').textContent()).not.toContain(phone);
    expect(await phoneReads()).toEqual([]);

    await page.getByRole('button', { name: 'Show phone' }).click();

    await expect.poll(() => page.locator('main').textContent()).toContain(phone);
    expect((await phoneReads()).map((item) => item.actor)).toEqual(['coord-ana']);
    flows.push('phone masked until Show phone');
  });

  it('does the main flow with the keyboard alone', async () => {
    const context = await fresh();
    const page = await context.newPage();
    await page.goto(`${suite.runtime.base}/console/login?lang=en`);
    await tabTo(page, 'Role');
    await page.keyboard.type('coordinator');
    await tabTo(page, 'User');
    await page.keyboard.type('coord-keys');
    await tabTo(page, 'Sign in');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/today$/);
    await tabTo(page, 'Cases');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/cases$/);
    await tabTo(page, 'New case');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/cases\/new$/);
    const details = aNewCase({ pseudonym: 'V-keys' });
    for (const [label, value] of [
      ['Pseudonym', details.pseudonym],
      ['Phone', details.phone],
      ['Prosecutor unit', details.unit],
      ['Criminal case number', details.criminalCaseNumber],
    ] as const) {
      await tabTo(page, label);
      await page.keyboard.type(value);
    }
    await tabTo(page, 'SMS reminders');
    await page.keyboard.press('Space');
    await tabTo(page, 'Create case');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/cases\/[0-9A-Z]{26}$/);
    await tabTo(page, 'Schedule hearing');
    await page.keyboard.press('Enter');
    await page.waitForURL(/hearings\/new$/);
    await tabTo(page, 'Date');
    // Chromium's date and time fields take digits in the order they show (month/day/year, 12-hour clock).
    const [year, month, day] = nextHearingDay().split('-');
    await page.keyboard.type(`${month}${day}${year}`);
    await tabTo(page, 'Time');
    await page.keyboard.type('1000AM');
    const formUrl = page.url();
    await tabTo(page, 'Schedule');
    await page.keyboard.press('Enter');
    await landedOnCaseFile(page, formUrl);

    expect(await page.locator('h1').textContent()).toBe('Case file: V-keys');
    expect(
      await page
        .getByRole('table', { name: /^Reminders/ })
        .locator('tbody tr')
        .count(),
    ).toBeGreaterThan(0);
    flows.push('coordinator main flow by keyboard alone');
  });
});

/** Presses Tab until the focused element is the one with this label or text (a person reading the screen). */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let presses = 0; presses < 80; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element) return '';
      const id = element.getAttribute('id');
      const label = id ? document.querySelector(`label[for="${id}"]`)?.textContent : undefined;
      return (label ?? element.textContent ?? '').trim();
    });
    if (focused === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

describe('the prosecutor', () => {
  it('decides a request measure by measure, and the coordinator sees the decision', async () => {
    const coordinatorPage = await signIn(await fresh(), suite.runtime.base, coordinator);
    const caseUrl = await createCase(
      coordinatorPage,
      suite.runtime.base,
      aNewCase({ pseudonym: 'V-protect' }),
    );
    const caseId = caseUrl.split('/').pop() as string;
    const token = suite.runtime.token('--role', 'coordinator', '--county', 'DJ', '--sub', 'coord-ana');
    const filed = await suite.runtime.http('POST', `/cases/${caseId}/protection-requests`, {
      token,
      body: aProtectionRequest({ urgent: true }),
    });
    expect(filed.status).toBe(201);

    const page = await signIn(await fresh(), suite.runtime.base, prosecutor);
    await expectClean(page, 'console-queue');
    expect(await page.locator('.counts').textContent()).toMatch(/Urgent: \d+/);
    await page.getByRole('link', { name: 'Due for review' }).click();
    await expectClean(page, 'console-due-for-review');
    await page.getByRole('link', { name: 'Calendar' }).click();
    await expectClean(page, 'console-unit-calendar');
    await page.goto(`${suite.runtime.base}/console/cases/${caseId}/protection/${filed.body.id}`);
    await expectClean(page, 'console-protection-request');

    const escort = page.getByRole('group', { name: 'Escort travel' });
    await escort.getByLabel('Confirm').check();
    await escort.getByLabel('Review by').fill(bucharestDate(30));
    const remote = page.getByRole('group', { name: 'Remote av distorted' });
    await remote.getByLabel('Reject').check();
    await remote.getByLabel('Reason', { exact: true }).fill('Not needed: the hearing is recorded');
    // Escort travel is a CPP 126(1)(b) measure: confirming it during prosecution needs the threatened-witness ordinance.
    await page.getByLabel('Ordinance number', { exact: true }).fill('3/II/2027');
    await page.getByLabel('Ordinance date', { exact: true }).fill(bucharestDate(0));
    await page.getByRole('button', { name: 'Record decision' }).click();
    await expect.poll(() => page.getByRole('table', { name: /^Decided/ }).count()).toBe(1);
    await expectClean(page, 'console-protection-request-decided');

    await coordinatorPage.goto(caseUrl);
    const decisions = await coordinatorPage.getByRole('table', { name: 'Requests' }).textContent();
    expect(decisions).toContain('Escort travel: Confirmed');
    expect(decisions).toContain('Remote av distorted: Rejected');
    expect(await coordinatorPage.getByRole('table', { name: 'Active measures' }).textContent()).toContain(
      bucharestDate(30),
    );
    flows.push('prosecutor decides a request, coordinator sees the decision');
  });
});

describe('the console refuses', () => {
  it('gives back XSS payloads in text fields as text', async () => {
    const page = await signIn(await fresh(), suite.runtime.base, coordinator);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const script = '<script>alert(1)</script>';
    const image = '"><img src=x onerror=alert(2)>';
    await createCase(
      page,
      suite.runtime.base,
      aNewCase({ pseudonym: 'X<i>s</i>', fullName: script, criminalCaseNumber: image }),
    );
    await scheduleHearing(page, { date: nextHearingDay(), time: '12:00', place: '<b>Loc</b>' });

    const main = await page.locator('main').textContent();
    expect(main).toContain(image);
    expect(main).toContain('<b>Loc</b>');
    expect(await page.locator('h1').textContent()).toBe('Case file: X<i>s</i>');
    expect(await page.locator('main img, main script, main i, main b').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await expectClean(page, 'console-case-file-xss');
    flows.push('XSS payloads escaped');
  });

  it('answers 403 to a POST without the CSRF token, or from another origin', async () => {
    const context = await fresh();
    const page = await signIn(context, suite.runtime.base, coordinator);
    const form = { pseudonym: 'V-csrf', 'victim.pseudonym': 'V-csrf' };

    const withoutToken = await page.request.post(`${suite.runtime.base}/console/cases`, {
      form,
      headers: { origin: suite.runtime.base },
    });
    await page.goto(`${suite.runtime.base}/console/cases/new`);
    const csrf = await page.locator('input[name="csrf"]').first().inputValue();
    const foreign = await page.request.post(`${suite.runtime.base}/console/cases`, {
      form: { ...form, csrf },
      headers: { origin: 'https://elsewhere.example' },
    });

    expect(withoutToken.status()).toBe(403);
    expect(foreign.status()).toBe(403);
    flows.push('POST without CSRF token or from another origin is 403');
  });

  it('sends a session idle for more than 30 minutes back to sign-in', async () => {
    const page = await signIn(await fresh(), suite.runtime.base, coordinator);
    await page.goto(`${suite.runtime.base}/console/cases`);
    expect(page.url()).toMatch(/\/console\/cases$/);

    await suite.runtime.clock(new Date(now().getTime() + 31 * 60 * 1000));
    await page.goto(`${suite.runtime.base}/console/cases`);

    expect(page.url()).toMatch(/\/console\/login\?ended=1$/);
    await expectClean(page, 'console-session-ended');
    flows.push('session past idle timeout back to sign-in');
  });
});

describe('the console budget', () => {
  it('keeps every page under 60 KB and its CSS and JS under 150 KB', async () => {
    const css = await suite.runtime.http('GET', '/console/static/console.css');

    expect(css.status).toBe(200);
    expect(Buffer.byteLength(css.text)).toBeLessThan(150 * 1024);
    expect(sizes.size).toBeGreaterThan(10);
    for (const [name, size] of sizes) expect(size, name).toBeLessThan(60 * 1024);
  });
});
