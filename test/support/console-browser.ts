// One console browser suite's frame: the real `npm start` and a Chromium for the whole file, a fresh context
// per test, the page check every page passes (axe, no console error, no other origin, under 60 KB), and at
// the end what the suite covered: pages checked, flows done, page sizes.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { checkPage, coverage, launchBrowser, newContext, type PageCheck } from './browser.ts';
import { type LocalRuntime, startLocalRuntime } from './local-runtime.ts';

/** CONSOLE.md's page budget. */
export const PAGE_BUDGET_BYTES = 60 * 1024;

export interface ConsoleSuite {
  readonly runtime: LocalRuntime;
  /** A new browser context (its own cookies), closed when the suite ends; `javaScript: false` runs no script. */
  fresh(options?: { javaScript?: boolean }): Promise<BrowserContext>;
  /** The page as it stands must be clean and within the budget; its size is kept for the summary. */
  expectClean(page: Page, name: string): Promise<PageCheck>;
  /** What the suite did end to end, printed when it ends. */
  flows: string[];
  /** HTML bytes per checked page. */
  sizes: Map<string, number>;
}

/** Registers the suite's beforeAll/afterAll; call once at the top of a test file. */
export function consoleSuite(env: Record<string, string> = {}): ConsoleSuite {
  let runtime: LocalRuntime | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const flows: string[] = [];
  const sizes = new Map<string, number>();

  beforeAll(async () => {
    runtime = await startLocalRuntime(env);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await runtime?.stop();
    console.log(coverage());
    console.log(`console flows: ${flows.join('; ')}`);
    console.log(
      `console page sizes (bytes): ${[...sizes].map(([name, size]) => `${name} ${size}`).join(', ')}`,
    );
  });

  return {
    get runtime() {
      if (!runtime) throw new Error('the local runtime starts in beforeAll');
      return runtime;
    },
    async fresh(options = {}) {
      if (!browser || !runtime) throw new Error('the browser starts in beforeAll');
      const context = await newContext(browser, runtime.base, options);
      contexts.push(context);
      return context;
    },
    async expectClean(page, name) {
      const check = await checkPage(page, name);
      const size = Buffer.byteLength(await page.content());
      sizes.set(name, size);
      expect(check, name).toMatchObject({ violations: [], consoleErrors: [], foreignRequests: [] });
      expect(size, name).toBeLessThan(PAGE_BUDGET_BYTES);
      return check;
    },
    flows,
    sizes,
  };
}
