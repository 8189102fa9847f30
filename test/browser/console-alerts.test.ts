// The console's newer pages in a real browser against the real `npm start`: Alerts (a victim's AJUTOR shows
// and is acknowledged), the case file's notes, messages and alerts, filing a protection request that reaches
// the prosecutor's Queue, and a measure reviewed from Due for review. Each page: axe, no console error, no
// request to another origin, under 60 KB.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleSuite } from '../support/console-browser.ts';
import { createCase, type NewCase, scheduleHearing, signIn } from '../support/console-flows.ts';
import { bucharestDate, now, uniquePhone } from '../support/local-runtime.ts';

const suite = consoleSuite();
const { fresh, expectClean, flows } = suite;

const coordinator = { role: 'coordinator', county: 'DJ', user: 'coord-ana' } as const;
const prosecutor = { role: 'prosecutor', unit: 'DIICOT-CRAIOVA', user: 'pros-ion' } as const;

let caseCounter = 0;
function aNewCase(overrides: Partial<NewCase> = {}): NewCase {
  caseCounter += 1;
  return {
    pseudonym: `A-${caseCounter}`,
    phone: uniquePhone(),
    county: 'DJ',
    unit: 'DIICOT-CRAIOVA',
    criminalCaseNumber: `${500 + caseCounter}/D/P/2026`,
    ...overrides,
  };
}

const caseIdOf = (url: string) => /\/cases\/([0-9A-Z]{26})/.exec(url)?.[1] as string;

/** Files a voucher advance from the case file's link; answers the request page's path. */
async function fileVoucher(page: Page, dates: { filedOn: string; referredOn?: string }): Promise<string> {
  await page.getByRole('link', { name: 'File a voucher request' }).click();
  await expectClean(page, 'console-voucher-new');
  await page.getByLabel('Kind', { exact: true }).selectOption('advance_voucher');
  await page.getByLabel('Amount requested (lei)', { exact: true }).fill('1500');
  await page.getByLabel('Filed on', { exact: true }).fill(dates.filedOn);
  if (dates.referredOn)
    await page.getByLabel('Referred to the commission on', { exact: true }).fill(dates.referredOn);
  await page.getByLabel('Tribunal', { exact: true }).fill('Tribunalul Dolj');
  await page.getByLabel('Food', { exact: true }).check();
  await page.getByLabel('Criminal complaint', { exact: true }).check();
  await page.getByRole('button', { name: 'File request' }).click();
  await page.waitForURL(/\/vouchers\/[0-9A-Z]{26}$/);
  return new URL(page.url()).pathname;
}

/** On a request's page: the commission approves today, and the voucher is issued today. */
async function approveAndIssue(page: Page, reference: string): Promise<void> {
  await page.getByLabel('Decision', { exact: true }).selectOption('approved');
  await page.getByLabel('Amount granted (lei)', { exact: true }).fill('1500');
  await page.getByLabel('Decided on', { exact: true }).fill(bucharestDate(0));
  await page.getByLabel('Decision number', { exact: true }).fill(reference);
  await page.getByRole('button', { name: 'Record decision' }).click();
  await expect.poll(() => page.getByRole('button', { name: 'Record as issued' }).count()).toBe(1);
  await page.getByLabel('Issued on', { exact: true }).fill(bucharestDate(0));
  await page.getByLabel('Distributor', { exact: true }).fill('Sodexo');
  await page.getByRole('button', { name: 'Record as issued' }).click();
  await expect.poll(() => page.getByRole('button', { name: 'Record as redeemed' }).count()).toBe(1);
}

describe('the coordinator', () => {
  it("sees a victim's AJUTOR on the Alerts page, acknowledges it, and finds it acknowledged in the case file", async () => {
    const page = await signIn(await fresh(), suite.runtime.base, coordinator);
    const phone = uniquePhone();
    const caseUrl = await createCase(page, suite.runtime.base, aNewCase({ phone }));

    await suite.runtime.sms(phone, 'AJUTOR');
    await page.getByRole('link', { name: 'Alerts' }).click();
    const row = page.getByRole('row').filter({ has: page.locator(`a[href="${new URL(caseUrl).pathname}"]`) });

    expect(await row.textContent()).toContain('Help');
    await expectClean(page, 'console-alerts');
    await row.getByLabel('Note on the call back').fill('Called back, she is safe');
    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await page.waitForURL(/\/console\/alerts$/);
    expect(await row.count()).toBe(0);

    await page.goto(caseUrl);
    const alerts = await page.getByRole('table', { name: 'Alerts' }).textContent();
    expect(alerts).toContain('Acknowledged');
    expect(alerts).toContain('Called back, she is safe');
    const messages = await page.getByRole('table', { name: 'Messages' }).textContent();
    expect(messages).toContain('AJUTOR');
    expect(messages).toContain('Received');
    await expectClean(page, 'console-case-file-alerts-messages');
    flows.push('AJUTOR shows on Alerts and is acknowledged');
  });

  it('adds a note that comes back as text, and names an empty one in the error summary', async () => {
    const page = await signIn(await fresh(), suite.runtime.base, coordinator);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await createCase(page, suite.runtime.base, aNewCase());

    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
    await expectClean(page, 'console-case-file-note-error');
    const payload = '<script>alert(1)</script><img src=x onerror=alert(2)> met at the court';
    await page.getByLabel('New note', { exact: true }).fill(payload);
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.locator('.notes').textContent()).toContain(payload);

    expect(await page.locator('.notes').textContent()).toContain('coord-ana');
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await expectClean(page, 'console-case-file-notes');
    flows.push('note added and shown escaped');
  });

  it('finds a case by its criminal case number through the API', async () => {
    const page = await signIn(await fresh(), suite.runtime.base, coordinator);
    const details = aNewCase({ pseudonym: 'A-by-number' });
    await createCase(page, suite.runtime.base, details);

    await page.goto(`${suite.runtime.base}/console/cases`);
    await page.getByLabel('Search by pseudonym or criminal case number').fill(details.criminalCaseNumber);
    await page.getByRole('button', { name: 'Search' }).click();

    await page.waitForURL(/\?q=/);
    const rows = await page.getByRole('table', { name: 'Cases' }).locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('A-by-number');
    flows.push('search by criminal case number');
  });
});

describe('held messages, SMS opt-out and vouchers', () => {
  it('releases the messages the duress word held, and shows a STOP so the coordinator phones instead', async () => {
    const page = await signIn(await fresh(), suite.runtime.base, coordinator);
    const phone = uniquePhone();
    const caseUrl = await createCase(page, suite.runtime.base, aNewCase({ phone }));
    await scheduleHearing(page, { date: bucharestDate(9), time: '10:00', place: 'Str. Unirii 10' });
    const token = suite.runtime.token('--role', 'coordinator', '--county', 'DJ', '--sub', 'coord-ana');
    const agreed = await suite.runtime.http('PUT', `/cases/${caseIdOf(caseUrl)}/duress-word`, {
      token,
      body: { word: 'Lavandă' },
    });
    expect(agreed.status).toBe(204);

    await suite.runtime.sms(phone, 'ok, lavanda');
    await page.goto(caseUrl);
    const messages = page.getByRole('table', { name: 'Messages' });
    expect(await messages.textContent()).toContain('Held');
    await expectClean(page, 'console-case-file-held');
    await page.getByRole('button', { name: 'Release held messages' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('button', { name: 'Release held messages' }).count()).toBe(0);
    expect(await messages.textContent()).not.toContain('Held');

    await suite.runtime.sms(phone, 'STOP');
    await page.goto(caseUrl);
    expect(await page.getByRole('status').filter({ hasText: 'SMS opt-out' }).textContent()).toContain(
      'phone the victim',
    );
    await expectClean(page, 'console-case-file-opt-out');
    flows.push('held messages released; STOP shown as an SMS opt-out');
  });

  it('files a voucher request and records the decision and the issue', async () => {
    const page = await signIn(await fresh(), suite.runtime.base, coordinator);
    await createCase(page, suite.runtime.base, aNewCase());

    await fileVoucher(page, { filedOn: bucharestDate(0) });
    await expectClean(page, 'console-voucher');
    await approveAndIssue(page, '17/2027');

    const steps = await page.getByRole('table', { name: 'Steps' }).locator('tbody tr').allInnerTexts();
    expect(steps.map((row) => row.split('\t')[0])).toEqual(['Filed', 'Decision', 'Issued']);
    expect(await page.locator('dl').textContent()).toContain('1500.00 RON');
    flows.push('voucher filed, decided and issued');
  });

  it('shows on Today the open alerts and a voucher near its 72-hour target, and drops the voucher once issued', async () => {
    const page = await signIn(await fresh(), suite.runtime.base, coordinator);
    const phone = uniquePhone();
    const caseUrl = await createCase(page, suite.runtime.base, aNewCase({ phone }));
    await suite.runtime.sms(phone, 'AJUTOR');
    // Referred two days ago: the target (72 hours from that day's start) falls before tomorrow starts.
    const voucherPath = await fileVoucher(page, {
      filedOn: bucharestDate(-2),
      referredOn: bucharestDate(-2),
    });

    await page.getByRole('link', { name: 'Today' }).click();
    const casePath = new URL(caseUrl).pathname;
    const alertRow = page
      .getByRole('table', { name: 'Open alerts' })
      .getByRole('row')
      .filter({ has: page.locator(`a[href="${casePath}"]`) });
    expect(await alertRow.textContent()).toContain('Help');
    const voucherRow = page
      .getByRole('table', { name: 'Vouchers near their 72-hour target' })
      .getByRole('row')
      .filter({ has: page.locator(`a[href="${voucherPath}"]`) });
    expect(await voucherRow.textContent()).toContain('Advance voucher');
    await expectClean(page, 'console-today-alerts-vouchers');

    await page.goto(`${suite.runtime.base}${voucherPath}`);
    await approveAndIssue(page, '18/2027');
    await page.getByRole('link', { name: 'Today' }).click();
    expect(await page.locator(`a[href="${voucherPath}"]`).count()).toBe(0);
    flows.push('Today shows open alerts and vouchers near their target');
  });
});

describe('protection from the console', () => {
  it('a coordinator files a request from the case file, and the prosecutor sees it in the Queue', async () => {
    const page = await signIn(await fresh(), suite.runtime.base, coordinator);
    await createCase(page, suite.runtime.base, aNewCase({ pseudonym: 'A-protect' }));

    await page.getByRole('link', { name: 'File a protection request' }).click();
    await expectClean(page, 'console-protection-request-new');
    await page.getByRole('button', { name: 'File request' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
    await page.getByLabel('Urgency', { exact: true }).selectOption('yes');
    await page.getByLabel('Threats from offender', { exact: true }).check();
    await page.getByLabel('Risk level', { exact: true }).selectOption('high');
    await page.getByLabel('Assessment summary', { exact: true }).fill('The recruiter phoned her twice');
    await page.getByLabel('Escort travel', { exact: true }).check();
    await page
      .getByLabel('Justification: Escort travel', { exact: true })
      .fill('She travels alone by bus to the hearing');
    await page.getByRole('button', { name: 'File request' }).click();
    await page.waitForURL(/\/protection\/[0-9A-Z]{26}$/);
    const requestId = page.url().split('/').pop() as string;

    const queue = await signIn(await fresh(), suite.runtime.base, prosecutor);
    const link = queue.locator(`a[href$="/protection/${requestId}"]`);
    expect(await link.count()).toBe(1);
    expect(await queue.getByRole('row').filter({ has: link }).textContent()).toContain('Escort travel');
    flows.push('coordinator files a protection request, prosecutor sees it in the Queue');
  });

  // Last: it moves the service's clock a month on.
  it('a prosecutor reviews a measure from Due for review', async () => {
    const page = await signIn(await fresh(), suite.runtime.base, coordinator);
    const caseId = caseIdOf(await createCase(page, suite.runtime.base, aNewCase({ pseudonym: 'A-review' })));
    const coordinatorToken = suite.runtime.token(
      '--role',
      'coordinator',
      '--county',
      'DJ',
      '--sub',
      'coord-ana',
    );
    const prosecutorToken = suite.runtime.token(
      '--role',
      'prosecutor',
      '--unit',
      'DIICOT-CRAIOVA',
      '--sub',
      'pros-ion',
    );
    const filed = await suite.runtime.http('POST', `/cases/${caseId}/protection-requests`, {
      token: coordinatorToken,
      body: {
        stage: 'prosecution',
        riskAssessment: { factors: ['severe_trauma'], level: 'medium', summary: 'Panic before hearings' },
        measures: [{ type: 'psychologist_present', justification: 'She asked for her psychologist' }],
      },
    });
    expect(filed.status).toBe(201);
    const decided = await suite.runtime.http(
      'POST',
      `/cases/${caseId}/protection-requests/${filed.body.id}/decision`,
      {
        token: prosecutorToken,
        ifMatch: filed.body.version,
        body: {
          decisions: [{ measure: 'psychologist_present', outcome: 'confirmed', reviewBy: bucharestDate(20) }],
        },
      },
    );
    expect(decided.status).toBe(200);

    await suite.runtime.clock(new Date(now().getTime() + 21 * 24 * 3600 * 1000));
    const due = await signIn(await fresh(), suite.runtime.base, prosecutor);
    await due.getByRole('link', { name: 'Due for review' }).click();
    await expectClean(due, 'console-due-for-review-listed');
    const row = due.getByRole('row').filter({ has: due.locator(`a[href="/console/cases/${caseId}"]`) });
    const review = row.getByRole('link', { name: 'Review: Psychologist present' });
    const measureId = /measures\/([0-9A-Z]{26})\/review$/.exec(
      (await review.getAttribute('href')) ?? '',
    )?.[1];
    await review.click();
    await expectClean(due, 'console-measure-review');
    await due.getByLabel('Review outcome', { exact: true }).selectOption('maintained');
    await due.getByLabel('Reason', { exact: true }).fill('Still panics before each hearing');
    await due.getByLabel('Ordinance number', { exact: true }).fill('12/II/2027');
    await due.getByLabel('Ordinance date', { exact: true }).fill(bucharestDate(0));
    await due.getByRole('button', { name: 'Record review' }).click();
    await due.waitForURL(/\/console\/due$/);

    expect(await row.count()).toBe(0);
    const measure = await suite.runtime.http('GET', `/cases/${caseId}/protection-measures/${measureId}`, {
      token: prosecutorToken,
    });
    expect(JSON.stringify(measure.body.history)).toContain('Still panics before each hearing');
    flows.push('prosecutor reviews a measure due for review');
  });
});
