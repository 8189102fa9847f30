// The console as a person uses it, for the browser tests: sign in through the form, open pages by their
// links, fill forms by their labels. Elements are found by role and label, never by CSS class.
import type { BrowserContext, Page } from 'playwright-core';

export interface Person {
  role: 'coordinator' | 'prosecutor';
  county?: string;
  unit?: string;
  user?: string;
}

/** Signs in with the local form, in English; returns the page on the person's home page. */
export async function signIn(context: BrowserContext, base: string, person: Person): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/console/login?lang=en`);
  await page.getByLabel('Role', { exact: true }).selectOption(person.role);
  if (person.county) await page.getByLabel('County', { exact: true }).selectOption(person.county);
  if (person.unit) await page.getByLabel('Prosecutor unit', { exact: true }).fill(person.unit);
  if (person.user) await page.getByLabel('User', { exact: true }).fill(person.user);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  return page;
}

export interface NewCase {
  pseudonym: string;
  fullName?: string;
  phone: string;
  language?: string;
  birthYear?: string;
  county: string;
  unit: string;
  criminalCaseNumber: string;
}

/** Creates a case through the New case form; answers the case file's URL. */
export async function createCase(page: Page, base: string, details: NewCase): Promise<string> {
  await page.goto(`${base}/console/cases`);
  await page.getByRole('link', { name: 'New case' }).click();
  await page.getByLabel('Pseudonym', { exact: true }).fill(details.pseudonym);
  if (details.fullName) await page.getByLabel('Full name', { exact: true }).fill(details.fullName);
  await page.getByLabel('Phone', { exact: true }).fill(details.phone);
  await page.getByLabel('Language', { exact: true }).selectOption(details.language ?? 'ro');
  await page.getByLabel('Birth year', { exact: true }).fill(details.birthYear ?? '1995');
  await page.getByLabel('County', { exact: true }).selectOption(details.county);
  await page.getByLabel('Prosecutor unit', { exact: true }).fill(details.unit);
  await page.getByLabel('Criminal case number', { exact: true }).fill(details.criminalCaseNumber);
  await page.getByLabel('SMS reminders', { exact: true }).check();
  await page.getByLabel('Feedback surveys', { exact: true }).check();
  const formUrl = page.url();
  await page.getByRole('button', { name: 'Create case' }).click();
  await landedOnCaseFile(page, formUrl);
  return page.url();
}

/** Schedules a hearing from the case file; `date` is YYYY-MM-DD and `time` HH:MM in Bucharest. */
export async function scheduleHearing(
  page: Page,
  details: { date: string; time: string; place?: string; accommodation?: string },
): Promise<void> {
  await page.getByRole('link', { name: 'Schedule hearing' }).click();
  await page.getByLabel('Date', { exact: true }).fill(details.date);
  await page.getByLabel('Time', { exact: true }).fill(details.time);
  await page.getByLabel('Duration (minutes)', { exact: true }).fill('90');
  await page.getByLabel('Kind', { exact: true }).selectOption('prosecutor_hearing');
  if (details.place) await page.getByLabel('Place', { exact: true }).fill(details.place);
  await page.getByLabel('Room', { exact: true }).selectOption('special_hearing_room');
  if (details.accommodation) await page.getByLabel(details.accommodation, { exact: true }).check();
  const formUrl = page.url();
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  await landedOnCaseFile(page, formUrl);
}

/** Waits for the case file; a form shown again instead fails with the problems it lists. */
export async function landedOnCaseFile(page: Page, formUrl: string): Promise<void> {
  await page.waitForURL((url) => url.toString() !== formUrl);
  await page.waitForLoadState();
  if (!/\/console\/cases\/[0-9A-Z]{26}$/.test(page.url())) {
    const summary = await page.locator('.error-summary').allTextContents();
    throw new Error(`expected the case file, got ${page.url()}: ${summary.join(' ')}`);
  }
}
