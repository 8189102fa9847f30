// The browser checks themselves must be able to fail: a page built with an accessibility fault, a console
// error and a request to another origin is caught on all three, and a clean page passes all three.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, coverage, launchBrowser, newContext } from '../support/browser.ts';

const CLEAN = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Clean</title></head>
<body><main><h1>Clean page</h1><p>Nothing wrong here.</p></main></body></html>`;

const FAULTY = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Faulty</title></head>
<body><main><h1>Faulty page</h1><img src="/pixel.png">
<script>console.error('boom')</script>
<img alt="elsewhere" src="http://elsewhere.invalid/track.png"></main></body></html>`;

let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  server = createServer((request, response) => {
    const html = request.url === '/faulty' ? FAULTY : request.url === '/' ? CLEAN : null;
    if (html === null) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  console.log(coverage());
});

describe('the browser checks', () => {
  it('pass a clean page', async () => {
    const context = await newContext(browser, origin);
    const page = await context.newPage();
    await page.goto(`${origin}/`);

    const check = await checkPage(page, 'harness-clean');

    expect(check).toMatchObject({ violations: [], consoleErrors: [], foreignRequests: [] });
    await context.close();
  });

  it('catch an image without text, a console error and a request to another origin', async () => {
    const context = await newContext(browser, origin);
    const page = await context.newPage();
    await page.goto(`${origin}/faulty`, { waitUntil: 'load' });

    const check = await checkPage(page, 'harness-faulty');

    expect(check.violations.map((violation) => violation.id)).toContain('image-alt');
    expect(check.consoleErrors).toContain('boom');
    expect(check.foreignRequests).toEqual(['http://elsewhere.invalid/track.png']);
    await context.close();
  });
});
