// A real browser for tests: the Chromium that `@sparticuz/chromium` installs with `npm ci` (or CHROMIUM_PATH),
// driven by playwright-core, with the checks every page must pass: axe-core finds no violation, the console
// shows no error, nothing is requested from another origin. Each checked page is screenshotted under
// `.data/screenshots/` (ignored) and counted, so the suite can print what it covered.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import sparticuz from '@sparticuz/chromium';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export interface PageProblems {
  consoleErrors: string[];
  foreignRequests: string[];
}

export interface PageCheck {
  name: string;
  url: string;
  violations: { id: string; impact: string | null | undefined; nodes: string[] }[];
  consoleErrors: string[];
  foreignRequests: string[];
}

const SCREENSHOTS = join(process.cwd(), '.data', 'screenshots');
const problems = new WeakMap<Page, PageProblems>();
const checked: PageCheck[] = [];

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env['CHROMIUM_PATH'] ?? (await sparticuz.executablePath());
  // `--single-process` suits a Lambda, not a suite: closing one context would take the browser down with it.
  const args = sparticuz.args.filter((arg) => arg !== '--single-process');
  return chromium.launch({ executablePath, args, headless: true });
}

/**
 * A fresh context (its own cookies) whose pages record console errors and every request outside `origin`.
 * axe needs a page from a context, not from `browser.newPage()`.
 */
/** A context watched for console errors and requests to another origin; `javaScript: false` runs no script. */
export async function newContext(
  browser: Browser,
  origin: string,
  options: { javaScript?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: 'en-GB',
    viewport: { width: 1280, height: 900 },
    javaScriptEnabled: options.javaScript ?? true,
  });
  context.on('page', (page) => watch(page, origin));
  return context;
}

function watch(page: Page, origin: string): void {
  const found: PageProblems = { consoleErrors: [], foreignRequests: [] };
  problems.set(page, found);
  page.on('console', (message) => {
    if (message.type() === 'error') found.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => found.consoleErrors.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('about:')) return;
    if (new URL(url).origin !== origin) found.foreignRequests.push(url);
  });
}

/**
 * Runs axe-core on the page as it stands, takes a screenshot and returns everything wrong with it; the
 * caller asserts the lists are empty (a harness test asserts they are not, on a page built to be wrong).
 */
export async function checkPage(page: Page, name: string): Promise<PageCheck> {
  const found = problems.get(page) ?? { consoleErrors: [], foreignRequests: [] };
  const result = await new AxeBuilder({ page }).analyze();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({
    path: join(SCREENSHOTS, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`),
    fullPage: true,
  });
  const check: PageCheck = {
    name,
    url: page.url(),
    violations: result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    })),
    consoleErrors: [...found.consoleErrors],
    foreignRequests: [...found.foreignRequests],
  };
  checked.push(check);
  return check;
}

/** What the suite covered so far, one line: printed by each browser test file's afterAll. */
export function coverage(): string {
  const pages = new Set(checked.map((check) => check.name));
  return `browser: ${pages.size} pages checked by axe-core (${checked.length} checks), screenshots in .data/screenshots`;
}
