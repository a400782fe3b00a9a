// The pages a developer opens from `npm start`'s output load cleanly in Chromium (issue 22 item 9):
// the collector's index, the live viewer, the demo SPA and the script-tag page. Every response is
// watched, the browser's own favicon request included: any 4xx or 5xx, failed request, console
// error or page error fails the test. The build is `npm test`'s step before this one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { startDemo, stopDemo, type Demo } from './startDemo.ts';

let dataDir: string;
let demo: Demo;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sls-webtrack-pages-test-'));
  demo = await startDemo(dataDir);
});

test.afterAll(async () => {
  await stopDemo(demo);
  rmSync(dataDir, { recursive: true, force: true });
});

/** Everything that went wrong on the page while it loaded, one line each. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

const pages: ReadonlyArray<[name: string, url: () => string, icon: string]> = [
  ['the collector index', () => `${demo.collector}/`, '/viewer/favicon.svg'],
  ['the live viewer', () => demo.viewer, '/viewer/favicon.svg'],
  ['the demo SPA', () => demo.site, '/site/favicon.svg'],
  ['a demo SPA route', () => `${demo.site}products/2`, '/site/favicon.svg'],
  ['the script-tag page', () => demo.scriptTag, '/site/favicon.svg'],
];

for (const [name, url, icon] of pages) {
  test(`${name} loads with no 4xx/5xx, failed request or console error, its favicon included`, async ({ page }) => {
    const problems = watch(page);
    // The browser asks for the icon after the load event: wait for that answer, whatever it is.
    // Without a <link rel="icon"> Chromium's own /favicon.ico request does not always reach the
    // page's events, so no answer at all fails too.
    const favicon = page
      .waitForResponse((r) => /\/favicon\.(svg|ico)$/.test(new URL(r.url()).pathname), { timeout: 10_000 })
      .catch(() => null);
    await page.goto(url(), { waitUntil: 'load' });
    const answer = await favicon;
    expect(answer, `no favicon fetched for ${url()}: is <link rel="icon"> missing?`).not.toBeNull();
    if (!answer) return;
    expect(new URL(answer.url()).pathname).toBe(icon);
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-type']).toBe('image/svg+xml');
    // What the page sends once loaded (the tracker's first batch, the viewer's first poll) counts too.
    await page.waitForTimeout(1500);
    expect(problems).toEqual([]);
  });
}
