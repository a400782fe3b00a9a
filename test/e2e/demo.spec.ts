// `npm start`'s demo end to end: demo/start.ts runs as a child process (ports picked by the OS, data
// in a scratch directory), a browser clicks through the demo SPA, and what it tracked must show up
// in the live viewer, opened in a second page of the same context. The build is `npm test`'s step
// before this one, so nothing is rebuilt here.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { interrupt, startDemo, stopDemo, type Demo } from './startDemo.ts';

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** The viewer's log rows having every field given (a string matches the whole value, a RegExp any part). */
function logRows(viewer: Page, fields: Record<string, string | RegExp>): Locator {
  let rows = viewer.locator('#logs > li');
  for (const [key, value] of Object.entries(fields)) {
    rows = rows.filter({
      has: viewer
        .locator('.field')
        .filter({ has: viewer.locator('.k', { hasText: exactly(key) }) })
        .filter({ has: viewer.locator('.v', { hasText: typeof value === 'string' ? exactly(value) : value }) }),
    });
  }
  return rows;
}

test.describe.configure({ mode: 'serial' });

let dataDir: string;
let demo: Demo;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sls-webtrack-demo-test-'));
  demo = await startDemo(dataDir);
});

test.afterAll(async () => {
  await stopDemo(demo);
  rmSync(dataDir, { recursive: true, force: true });
});

test('npm start prints the demo, script-tag, viewer and collector URLs, and serves them', async () => {
  expect(demo.site).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  expect(demo.scriptTag).toBe(`${demo.site}script-tag.html`);
  expect(demo.viewer).toBe(`${demo.collector}/viewer/`);
  expect(demo.output()).toContain(`logs kept in ${dataDir}`);

  // The pages carry the collector's URL, rendered in at start: the tracker's host.
  const scriptTag = await (await fetch(demo.scriptTag)).text();
  expect(scriptTag).toContain(`data-host="${demo.collector}"`);
  // SPA routes fall back to the app's page; files that do not exist do not.
  const route = await fetch(`${demo.site}products/2`);
  expect(route.status).toBe(200);
  expect(await route.text()).toContain(`content="${demo.collector}"`);
  expect((await fetch(`${demo.site}site/missing-image.png`)).status).toBe(404);
  expect((await fetch(`${demo.site}dist/sls-webtrack.mjs`)).status).toBe(200);
  const viewer = await fetch(demo.viewer);
  expect(viewer.status).toBe(200);
  expect(await viewer.text()).toContain("script-src 'self'");
});

test('the SPA, its error buttons and a hostile log show up in the live viewer', async ({ page, context }, testInfo) => {
  test.setTimeout(90_000);
  const dialogs: string[] = [];
  const viewer = await context.newPage();
  for (const p of [page, viewer]) {
    p.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }
  await viewer.goto(demo.viewer);
  await expect(viewer.locator('#connection')).toHaveAttribute('data-state', 'live');

  // Routes by links (pushState), back (popstate), and a hash route.
  await page.goto(demo.site);
  await expect(page.locator('h1')).toHaveText('A tiny shop that tracks itself');
  await page.locator('#nav a', { hasText: 'Products' }).click();
  await expect(page.locator('h1')).toHaveText('Products');
  await page.getByRole('link', { name: 'Teapot' }).click();
  await expect(page.locator('h1')).toHaveText('Teapot');
  await expect(page).toHaveURL(`${demo.site}products/2`);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.goBack();
  await expect(page.locator('h1')).toHaveText('Products');
  await page.locator('#nav a', { hasText: 'About' }).click();
  await expect(page.locator('h1')).toHaveText('About this demo');
  await page.locator('#nav a', { hasText: 'Help' }).click();
  await expect(page.locator('h1')).toHaveText('Help (a hash route)');

  await page.getByRole('button', { name: 'Throw an error' }).click();
  await page.getByRole('button', { name: 'Reject a promise' }).click();
  await page.getByRole('button', { name: 'Load a broken image' }).click();
  await page.getByRole('button', { name: 'Track hostile content' }).click();

  const pageview = { type: 'pageview', __topic__: 'spa' };
  await expect(logRows(viewer, { ...pageview, trigger: 'load', path: '/' })).toHaveCount(1);
  await expect(logRows(viewer, { ...pageview, trigger: 'pushState', path: '/products' })).toHaveCount(1);
  await expect(logRows(viewer, { ...pageview, trigger: 'pushState', path: '/products/2', title: 'Product · sls-webtrack demo' })).toHaveCount(1);
  await expect(logRows(viewer, { ...pageview, trigger: 'popstate', path: '/products', prev_path: '/products/2' })).toHaveCount(1);
  await expect(logRows(viewer, { ...pageview, trigger: 'pushState', path: '/about' })).toHaveCount(1);
  await expect(logRows(viewer, { ...pageview, trigger: 'hashchange', url: `${demo.site}about#/help` })).toHaveCount(1);
  await expect(logRows(viewer, { event: 'add_to_cart', product: 'Teapot', price: '38' })).toHaveCount(1);

  await expect(logRows(viewer, { type: 'error', kind: 'error', message: /Demo error: the button threw/ })).toHaveCount(1);
  await expect(logRows(viewer, { type: 'error', kind: 'rejection', message: 'Error: Demo rejection: nobody caught this promise' })).toHaveCount(1);
  await expect(logRows(viewer, { type: 'error', kind: 'resource', tag: 'img', source: /\/site\/missing-image\.png$/ })).toHaveCount(1);
  await expect(viewer.locator('#logs > li.is-error')).toHaveCount(3);

  // The hostile log: shown as text, cut to the service's value limit, and nothing ran.
  const hostile = logRows(viewer, {
    event: 'hostile',
    html: '<img src=x onerror=alert(1)>',
    script: '</script><script>alert(2)</script>',
    emoji: 'emoji 👩‍💻🚀 and 中文 and العربية',
    lone_surrogate: 'before\uFFFDafter',
    bigint: '12345678901234567890',
    circular: '{"name":"circular","self":"[Circular]"}',
    huge: /^x{240} …\[[\d,]+ more characters\]… x+…\[truncated 2097152 bytes\]$/,
  });
  await expect(hostile).toHaveCount(1);
  expect(await viewer.locator('img').count()).toBe(0);
  expect(dialogs).toEqual([]);

  // The requests behind them: LZ4 in header mode, cross-origin from the demo site.
  const ok = viewer.locator('#requests tbody tr:not(.is-error)');
  await expect(ok.first()).toContainText('POST · header');
  await expect(ok.first()).toContainText('lz4');
  await expect(ok.first()).toContainText(demo.site.slice(0, -1));
  await expect(page.locator('[data-stat="pending"]')).toHaveText('0');
  await expect(page.locator('[data-stat="sent"]')).toHaveText(await page.locator('[data-stat="tracked"]').innerText());

  const shot = await viewer.screenshot();
  await testInfo.attach('viewer', { body: shot, contentType: 'image/png' });
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/viewer.png', shot);
  await testInfo.attach('demo site', { body: await page.screenshot(), contentType: 'image/png' });
});

test('a burst of 10,000 logs: all counted, the viewer shows only the newest 500', async ({ page, context }) => {
  test.setTimeout(90_000);
  const viewer = await context.newPage();
  await viewer.goto(demo.viewer);
  await expect(viewer.locator('#connection')).toHaveAttribute('data-state', 'live');
  const before = Number((await viewer.locator('#c-logs').innerText()).replace(/,/g, ''));

  await page.goto(demo.site);
  await page.getByRole('button', { name: 'Send 10,000 logs' }).click();
  await expect(page.locator('[data-stat="sent"]')).toHaveText(/^\d{2},\d{3}$/, { timeout: 30_000 });
  await expect(page.locator('[data-stat="pending"]')).toHaveText('0', { timeout: 30_000 });
  const logs = async () => Number((await viewer.locator('#c-logs').innerText()).replace(/,/g, ''));
  await expect.poll(logs, { timeout: 30_000 }).toBeGreaterThanOrEqual(before + 10_000);
  await expect(viewer.locator('#logs > li')).toHaveCount(500);
  await expect(logRows(viewer, { event: 'burst', i: '9999' })).toHaveCount(1);
});

test('the script-tag page: data- attributes and the pre-load queue', async ({ page, context }) => {
  const viewer = await context.newPage();
  await viewer.goto(demo.viewer);
  // The burst before left 500 rows; the viewer's own filter narrows them to this page's topic.
  await viewer.locator('#f-text').fill('__topic__=script-tag');
  await page.goto(demo.scriptTag);
  await page.getByRole('button', { name: "sls('track', { event: 'button_click' })" }).click();
  const topic = { __topic__: 'script-tag' };
  await expect(logRows(viewer, { ...topic, type: 'pageview', path: '/script-tag.html' })).toHaveCount(1);
  await expect(logRows(viewer, { ...topic, event: 'queued_before_load' })).toHaveCount(1);
  await expect(logRows(viewer, { ...topic, event: 'button_click' })).toHaveCount(1);
});

test('Ctrl-C stops it cleanly, and a restart keeps the logs', async () => {
  const logsUrl = (collector: string) => `${collector}/_collector/logs?project=demo&logstore=web&since=999999999999999`;
  const { total } = (await (await fetch(logsUrl(demo.collector))).json()) as { total: number };
  expect(total).toBeGreaterThan(10_000);

  expect(await interrupt(demo)).toBe(0);
  expect(demo.output()).toContain('SIGINT: stopping the demo and the collector');
  expect(demo.output()).toContain('stopped');
  await expect(fetch(demo.collector)).rejects.toThrow();

  demo = await startDemo(dataDir);
  const again = (await (await fetch(logsUrl(demo.collector))).json()) as { total: number };
  expect(again.total).toBe(total);
  demo.child.kill('SIGTERM');
  expect(await demo.exited).toBe(0);
});
