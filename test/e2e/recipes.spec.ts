// The README's HTML recipes (Frameworks), taken from the README as written and loaded in Chromium.
// Two things differ from a real page, and only these: the CDN's URLs for sls-webtrack are
// answered with this build's dist/ files, and the host is the test collector.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resetCollector, waitForLogs } from './collector.ts';
import { readmeRecipe } from './readmeRecipe.ts';

/** The README's ```html file=<name> block. */
const recipe = (name: string) => readmeRecipe('html', name);

const CDN = /^https:\/\/(?:cdn\.jsdelivr\.net\/npm|unpkg\.com)\/sls-webtrack@[^/]+\/dist\/([\w./-]+)$/;

/** Opens `html` as a page of the page server's origin; returns the dist/ files the CDN was asked for. */
async function openRecipe(page: Page, html: string): Promise<{ cdn: string[]; errors: string[] }> {
  const cdn: string[] = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The tracker's own console errors (a favicon's 404 is not one).
  page.on('console', (m) => { if (m.type() === 'error' && m.text().includes('sls-webtrack')) errors.push(m.text()); });
  // A page fulfilled by page.route has no IP address space, so Chromium's Local Network Access
  // would take it for a public page and block its requests to the loopback collector (as in
  // fillPlaceholders.ts).
  await page.context().grantPermissions(['local-network-access']);
  await page.route(CDN, async (route) => {
    const file = CDN.exec(route.request().url())![1]!;
    cdn.push(file);
    // A module script from another origin needs CORS, which the CDNs send.
    await route.fulfill({
      body: readFileSync(join('dist', file)),
      headers: { 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*' },
    });
  });
  await page.route('**/recipe.html', (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><meta charset="utf-8"><title>recipe</title></head><body>\n${html}</body></html>`,
    }),
  );
  await page.goto('/recipe.html');
  return { cdn, errors };
}

test.beforeEach(async () => {
  await resetCollector();
});

test('<script type="module"> from a CDN: the ESM files load as they are, chunks included', async ({ page }) => {
  const { cdn, errors } = await openRecipe(page, recipe('cdn-module.html'));
  const logs = await waitForLogs(2);
  expect(logs.find((l) => l.event === 'signup')).toMatchObject({ event: 'signup', plan: 'pro' });
  expect(logs.find((l) => l.type === 'pageview')).toMatchObject({ type: 'pageview', trigger: 'load', path: '/recipe.html' });
  // Both entries came from the CDN, and their shared chunks resolved against it (loaded once each).
  expect(cdn).toEqual(expect.arrayContaining(['sls-webtrack.mjs', 'auto.mjs']));
  expect(cdn.filter((f) => f.startsWith('chunks/')).length).toBeGreaterThan(0);
  expect(new Set(cdn).size).toBe(cdn.length);
  expect(errors).toEqual([]);
});

test('script tag from a CDN: the queued call and auto-capture arrive', async ({ page }) => {
  const { cdn, errors } = await openRecipe(page, recipe('script-tag.html'));
  const logs = await waitForLogs(2);
  expect(logs.find((l) => l.event === 'signup')).toMatchObject({ event: 'signup', plan: 'pro' });
  expect(logs.find((l) => l.type === 'pageview')).toMatchObject({ type: 'pageview', path: '/recipe.html' });
  // web-vitals comes after the page's load, from next to the script (README, "Web vitals from the script tag").
  await expect.poll(() => cdn).toEqual(['sls-webtrack.min.js', 'sls-webtrack.vitals.js']);
  expect(errors).toEqual([]);
});
