import { describe, expect, it } from 'vitest';
import { fillQuestion, previewRow, questionGroup, signInAsAdmin } from '../support/console-admin-flows.ts';
import { consoleSuite } from '../support/console-browser.ts';
import { aCase } from '../support/factories.ts';
import { uniquePhone } from '../support/local-runtime.ts';
import { aSurveyId } from '../support/survey-definition.ts';

const suite = consoleSuite();
const { expectClean, flows } = suite;
const fresh = (withScript = true) => suite.fresh({ javaScript: withScript });

const adminToken = () => suite.runtime.token('--role', 'admin', '--sub', 'admin-api');
const coordinatorToken = () =>
  suite.runtime.token('--role', 'coordinator', '--county', 'DJ', '--sub', 'coord-dana');

/** Two UCS-2 segments once the yes/no hint and the STOP line are added (116 code units). */
const LONG_UK = 'Чи допомогла вам підтримка координаторки протягом усього часу, поки тривала ваша справа?';
const SHORT_UK = 'Чи допомогла вам підтримка?';

async function openCaseByApi(fullName: string, phone: string): Promise<string> {
  const created = await suite.runtime.http('POST', '/cases', {
    token: coordinatorToken(),
    body: aCase({ victim: { fullName, phone, pseudonym: 'V-admin' } }),
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

describe('Surveys', () => {
  const surveyId = aSurveyId('admin-console');

  it('publishes a survey whose Ukrainian question the preview shows as UCS-2 in two segments, without JavaScript', async () => {
    const page = await signInAsAdmin(await fresh(false), suite.runtime.base);
    await page.getByRole('link', { name: 'New survey' }).click();
    await page.getByLabel('Survey id', { exact: true }).fill(surveyId);
    await page.getByLabel('Title', { exact: true }).fill('After the hearing');
    await page.getByLabel('Ukrainian (uk)', { exact: true }).check();
    await page.getByRole('button', { name: 'Preview' }).click();

    await page.getByLabel('Intro: Romanian (ro)', { exact: true }).fill('Câteva întrebări scurte.');
    await page.getByLabel('Intro: Ukrainian (uk)', { exact: true }).fill('Кілька коротких запитань.');
    await fillQuestion(page, 1, {
      id: 'safe',
      type: 'Scale',
      texts: {
        'Romanian (ro)': 'Cât de în siguranță v-ați simțit?',
        'Ukrainian (uk)': 'Наскільки безпечно?',
      },
    });
    await page.getByLabel('Thanks: Romanian (ro)', { exact: true }).fill('Mulțumim!');
    await page.getByLabel('Thanks: Ukrainian (uk)', { exact: true }).fill('Дякуємо!');
    await page.getByRole('button', { name: 'Add question' }).click();
    await fillQuestion(page, 2, {
      id: 'support',
      type: 'Yes or no',
      texts: { 'Romanian (ro)': 'V-a ajutat sprijinul?', 'Ukrainian (uk)': LONG_UK },
    });
    await page.getByRole('button', { name: 'Preview' }).click();

    const [text, encoding, segments, forbidden] = await previewRow(page, 'Ukrainian (uk)', 'Question 2');
    expect(text).toContain(LONG_UK);
    expect([encoding, segments, forbidden]).toEqual(['UCS-2', '2', 'None.']);
    await page.getByRole('button', { name: 'Publish' }).click();

    await page.waitForURL(/\?published=1$/);
    expect(await page.locator('h1').textContent()).toBe('After the hearing (Version 1)');
    const stored = await suite.runtime.http('GET', `/surveys/${surveyId}`, { token: adminToken() });
    expect(stored.body.version).toBe(1);
    expect(stored.body.questions[1].text.uk).toBe(LONG_UK);
    expect(stored.body.segments[1].segments.uk).toBe(2);
    flows.push('survey published without JavaScript, Ukrainian preview UCS-2 in 2 segments');
  });

  it('updates the preview live as the admin types, names a forbidden word, and publishes the next version', async () => {
    const page = await signInAsAdmin(await fresh(), suite.runtime.base);
    await page.getByRole('link', { name: 'New survey' }).click();
    await expectClean(page, 'console-admin-survey-new');
    await page.getByRole('link', { name: 'Surveys' }).click();
    await expectClean(page, 'console-admin-surveys');
    await page.getByRole('link', { name: surveyId, exact: true }).click();
    await expectClean(page, 'console-admin-survey');
    await page.getByRole('link', { name: 'New version' }).click();
    await expectClean(page, 'console-admin-survey-editor');
    const editorUrl = page.url();
    expect((await previewRow(page, 'Ukrainian (uk)', 'Question 2')).slice(1, 3)).toEqual(['UCS-2', '2']);

    await questionGroup(page, 2).getByLabel('Text: Ukrainian (uk)', { exact: true }).fill(SHORT_UK);
    await expect.poll(async () => (await previewRow(page, 'Ukrainian (uk)', 'Question 2'))[2]).toBe('1');
    await questionGroup(page, 2)
      .getByLabel('Text: Romanian (ro)', { exact: true })
      .fill('A fost bine la tribunal?');
    await expect
      .poll(async () => (await previewRow(page, 'Romanian (ro)', 'Question 2'))[3])
      .toBe('tribunal');
    expect(page.url()).toBe(editorUrl);
    await expectClean(page, 'console-admin-survey-live-preview');

    await page.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
    const summary = page.getByRole('alert');
    expect(await summary.getByRole('link').first().getAttribute('href')).toBe('#f-questions-1-text-ro');
    await expectClean(page, 'console-admin-survey-editor-problem');
    await questionGroup(page, 2)
      .getByLabel('Text: Romanian (ro)', { exact: true })
      .fill('V-a ajutat sprijinul?');
    await page.getByRole('button', { name: 'Publish' }).click();

    await page.waitForURL(/\?published=2$/);
    const stored = await suite.runtime.http('GET', `/surveys/${surveyId}`, { token: adminToken() });
    expect(stored.body.version).toBe(2);
    expect(stored.body.questions[1].text.uk).toBe(SHORT_UK);
    expect(await page.getByRole('link', { name: 'Version 1' }).count()).toBe(1);
    flows.push('live preview updated by the server, forbidden word refused, version 2 published');
  });
});

describe('Places and notification targets', () => {
  it('adds a meeting point to a county, lists it, and deletes it after a confirmation', async () => {
    const page = await signInAsAdmin(await fresh(), suite.runtime.base);
    await page.getByRole('link', { name: 'Places' }).click();
    await page.getByLabel('County', { exact: true }).selectOption('GJ');
    await page.getByRole('button', { name: 'Show' }).click();
    await expectClean(page, 'console-admin-places');
    const name = `Parcul Central ${Date.now() % 10000}`;

    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Address', { exact: true }).fill('Str. Unirii 1, Târgu Jiu');
    await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Meeting point' });
    await page.getByRole('button', { name: 'Add place' }).click();
    await page.waitForURL(/done=added/);
    const row = page.getByRole('table', { name: 'Places: GJ' }).getByRole('row').filter({ hasText: name });
    expect(await row.textContent()).toContain('Meeting point');
    await expectClean(page, 'console-admin-places-added');
    const listed = await suite.runtime.http('GET', '/places?county=GJ', { token: adminToken() });
    expect(listed.body.items.map((p: { name: string }) => p.name)).toContain(name);

    await row.getByRole('button', { name: `Delete: ${name}` }).click();
    await page.waitForURL(/\/places\/[0-9A-Z]{26}\/delete\?county=GJ$/);
    await expectClean(page, 'console-admin-place-delete');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Delete this place?');
    expect(await page.locator('main').textContent()).toContain('Str. Unirii 1, Târgu Jiu');
    const waiting = await suite.runtime.http('GET', '/places?county=GJ', { token: adminToken() });
    expect(waiting.body.items.map((p: { name: string }) => p.name)).toContain(name);

    await page.getByRole('button', { name: 'Delete the place' }).click();
    await page.waitForURL(/done=deleted/);
    expect(await page.getByRole('row').filter({ hasText: name }).count()).toBe(0);
    const after = await suite.runtime.http('GET', '/places?county=GJ', { token: adminToken() });
    expect(after.body.items.map((p: { name: string }) => p.name)).not.toContain(name);
    flows.push('place added, deleted only once confirmed');
  });

  it("saves a county's notification e-mail addresses", async () => {
    const page = await signInAsAdmin(await fresh(), suite.runtime.base);
    await page.getByRole('link', { name: 'Places' }).click();
    await page.getByRole('link', { name: 'Notification targets' }).click();
    await page.getByLabel('Scope', { exact: true }).fill('county:CJ');
    await page.getByRole('button', { name: 'Show' }).click();
    await expectClean(page, 'console-admin-notification-targets');

    await page
      .getByLabel('E-mail addresses, one a line: county:CJ', { exact: true })
      .fill('coordonare.cj@example.ro\nrezerva.cj@example.ro');
    await page.getByRole('button', { name: 'Save addresses' }).click();

    await page.waitForURL(/done=saved/);
    const saved = await suite.runtime.http('GET', '/notification-targets/county:CJ', { token: adminToken() });
    expect(saved.body.emails).toEqual(['coordonare.cj@example.ro', 'rezerva.cj@example.ro']);
    flows.push('notification targets saved');
  });
});

describe('Audit', () => {
  it("shows the reads of one case when filtered by that case and the action 'read'", async () => {
    const caseId = await openCaseByApi('Irina Audit', uniquePhone());
    expect((await suite.runtime.http('GET', `/cases/${caseId}`, { token: coordinatorToken() })).status).toBe(
      200,
    );
    const page = await signInAsAdmin(await fresh(), suite.runtime.base);
    await page.getByRole('link', { name: 'Audit' }).click();
    await expectClean(page, 'console-admin-audit');

    await page.getByLabel('Case id', { exact: true }).fill(caseId);
    await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Read' });
    await page.getByRole('button', { name: 'Show' }).click();

    const rows = await page.getByRole('table', { name: 'Audit log' }).locator('tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.includes(caseId) && row.includes('Read'))).toBe(true);
    expect(rows.some((row) => row.includes('coord-dana'))).toBe(true);
    await expectClean(page, 'console-admin-audit-filtered');
    flows.push('audit filtered by case and action shows the reads');
  });
});

describe('Erasure', () => {
  it('erases nothing until the confirmation is ticked, then erases the name and the phone', async () => {
    const phone = uniquePhone();
    const caseId = await openCaseByApi('Maria Erasure', phone);
    const read = () => suite.runtime.http('GET', `/cases/${caseId}`, { token: adminToken() });
    const page = await signInAsAdmin(await fresh(), suite.runtime.base);
    await page.getByRole('link', { name: 'Erasure' }).click();
    await expectClean(page, 'console-admin-erasure');
    await page.getByLabel('Case id', { exact: true }).fill(caseId);
    await page.getByRole('button', { name: 'Continue' }).click();

    expect(await page.getByRole('heading', { name: 'What will be erased' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'What stays' }).count()).toBe(1);
    expect(await page.locator('main').textContent()).not.toContain('Maria Erasure');
    await expectClean(page, 'console-admin-erasure-confirm');
    await page.getByLabel('Reason for the erasure', { exact: true }).fill('The victim asked for erasure');
    await page.getByRole('button', { name: 'Erase personal data' }).click();

    await expect.poll(() => page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
    expect((await read()).body.victim).toMatchObject({ fullName: 'Maria Erasure', phone });
    await expectClean(page, 'console-admin-erasure-unconfirmed');

    await page
      .getByLabel('I understand the personal data of this case is erased for good', { exact: true })
      .check();
    await page.getByRole('button', { name: 'Erase personal data' }).click();
    await page.waitForURL(/\/console\/erasure\?erased=/);
    const after = (await read()).body;
    expect(after.victim.fullName).toBeUndefined();
    expect(after.victim.phone).toBeUndefined();
    expect(after.victim.pseudonym).toBe('V-admin');
    flows.push('erasure refused without its confirmation, done with it');
  });
});

describe('what the console serves besides pages', () => {
  it('keeps the stylesheet and the live-preview script under 150 KB together, and no SMS rule in the script', async () => {
    const css = await suite.runtime.http('GET', '/console/static/console.css');
    const js = await suite.runtime.http('GET', '/console/static/survey-preview.js');

    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(Buffer.byteLength(css.text) + Buffer.byteLength(js.text)).toBeLessThan(150 * 1024);
    // The script only carries the form to the server: no alphabet, no segment size, no word list in it.
    expect(js.text).toContain('data-preview');
    expect(js.text).not.toMatch(/GSM|UCS|\b(153|160|67|70)\b/);
  });
});
