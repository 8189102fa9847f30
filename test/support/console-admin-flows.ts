// The admin's console as a person uses it, for the browser tests: sign in as admin, fill the survey editor by
// its labels, read a preview table's row. Elements are found by role and label, never by CSS class.
import type { BrowserContext, Locator, Page } from 'playwright-core';

/** Signs in as admin with the local form, in English; answers the page on Surveys. */
export async function signInAsAdmin(
  context: BrowserContext,
  base: string,
  user = 'admin-eva',
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/console/login?lang=en`);
  await page.getByLabel('Role', { exact: true }).selectOption('admin');
  await page.getByLabel('User', { exact: true }).fill(user);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console\/surveys$/);
  return page;
}

export interface QuestionInput {
  id: string;
  type: 'Scale' | 'Yes or no' | 'Choice' | 'Free text';
  texts: Record<string, string>;
}

/** The question's group in the editor ("Question 2"). */
export const questionGroup = (page: Page, n: number): Locator =>
  page.getByRole('group', { name: `Question ${n}`, exact: true });

/** Fills one question's fields; `texts` by the language's label, like "Ukrainian (uk)". */
export async function fillQuestion(page: Page, n: number, question: QuestionInput): Promise<void> {
  const group = questionGroup(page, n);
  await group.getByLabel('Question id', { exact: true }).fill(question.id);
  await group.getByLabel('Type', { exact: true }).selectOption({ label: question.type });
  for (const [language, text] of Object.entries(question.texts))
    await group.getByLabel(`Text: ${language}`, { exact: true }).fill(text);
}

/** The cells of one message's row in a language's preview table: [text, encoding, segments, forbidden]. */
export async function previewRow(page: Page, language: string, message: string): Promise<string[]> {
  const table = page.getByRole('table', { name: `SMS preview: ${language}` });
  const row = table
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: message, exact: true }) });
  return (await row.getByRole('cell').allInnerTexts()).map((cell) => cell.trim());
}
