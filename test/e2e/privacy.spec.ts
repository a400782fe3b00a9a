// Privacy and control through the script-tag drop-in: opting out stops every request (and is
// remembered), an opt-out queued before the script loads holds from the start, and captured URLs
// lose their query (but for allowed parameters) and fragment everywhere they appear.
import { test, expect, type Page } from '@playwright/test';
import { COLLECTOR, collectorLogs, collectorRequests, resetCollector } from './collector.ts';
import { fillPlaceholders } from './fillPlaceholders.ts';

type W = Window & Record<string, any>;

test.beforeEach(async () => {
  await resetCollector();
});

/** Every request the page makes to the collector (ingest, preflight, beacon), as "METHOD url". */
function watchCollector(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => { if (r.url().startsWith(COLLECTOR)) seen.push(`${r.method()} ${r.url()}`); });
  return seen;
}

/** What a page does that auto-capture would log, and manual tracking, then hiding (which sends). */
async function doEverything(page: Page): Promise<void> {
  await page.click('#text'); // an interaction (INP), and LCP is final
  await page.evaluate(async () => {
    const g = (window as W).SlsWebTrack;
    history.pushState({}, '', '/opted-out/route');
    location.hash = 'x';
    setTimeout(() => { throw new Error('opted out, not captured'); });
    void Promise.reject(new Error('opted out, not captured either'));
    const img = document.createElement('img');
    img.src = '/missing-while-opted-out.png';
    document.body.append(img);
    g.track({ event: 'via the global' });
    g.tracker.track({ event: 'via the tracker' });
    (window as W).slsq.push(['track', { event: 'via the queue' }]);
    await g.flush();
    await new Promise((r) => setTimeout(r, 500));
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
  });
  await page.waitForTimeout(2000);
}

test('optOut() stops everything: no request reaches the collector, also after a reload', async ({ page }) => {
  await fillPlaceholders(page);
  const requests = watchCollector(page);
  await page.goto('/privacy-dropin.html');
  await expect.poll(async () => (await collectorLogs()).filter((l) => l.type === 'pageview').length).toBe(1);
  await page.evaluate(() => (window as W).SlsWebTrack.flush());
  await page.waitForTimeout(300);
  const before = { seen: requests.length, stored: (await collectorRequests()).length };

  expect(await page.evaluate(() => localStorage.getItem('sls-webtrack:vid'))).toMatch(/^[0-9a-f]{24}$/);
  await page.evaluate(() => (window as W).SlsWebTrack.optOut());
  await doEverything(page);
  expect(requests.slice(before.seen)).toEqual([]);
  expect((await collectorRequests()).length).toBe(before.stored);
  // The ids that could recognise the visitor are gone too.
  expect(await page.evaluate(() => [localStorage.getItem('sls-webtrack:vid'), localStorage.getItem('sls-webtrack:sid')])).toEqual([null, null]);

  // Remembered: after a reload the tracker starts opted out and sends nothing.
  await page.goto('/privacy-dropin.html');
  expect(await page.evaluate(() => (window as W).SlsWebTrack.tracker.isOptedOut())).toBe(true);
  await doEverything(page);
  expect(requests.slice(before.seen)).toEqual([]);
  expect((await collectorRequests()).length).toBe(before.stored);

  // optIn() through the global: capture resumes.
  await page.goto('/privacy-dropin.html');
  await page.evaluate(() => {
    (window as W).SlsWebTrack.optIn();
    history.pushState({}, '', '/opted-in');
  });
  await expect.poll(async () => (await collectorLogs()).filter((l) => l.path === '/opted-in').length).toBe(1);
  const texts = JSON.stringify(await collectorLogs());
  expect(texts).not.toContain('opted out');
  expect(texts).not.toContain('via the');
});

test('an optOut queued before the script loaded holds from the start: not one request', async ({ page }) => {
  await fillPlaceholders(page);
  const requests = watchCollector(page);
  await page.goto('/privacy-queued-optout.html');
  await page.waitForFunction(() => (window as W).SlsWebTrack?.tracker);
  expect(await page.evaluate(() => (window as W).SlsWebTrack.tracker.isOptedOut())).toBe(true);
  await page.waitForTimeout(1000);
  expect(requests).toEqual([]);
  expect(await collectorRequests()).toEqual([]);
});

test('data-sample-rate="0" keeps nothing', async ({ page }) => {
  await fillPlaceholders(page, 'data-host="__COLLECTOR__" data-project="demo" data-logstore="web" data-flush-interval="100" data-sample-rate="0"');
  const requests = watchCollector(page);
  await page.goto('/dropin-template.html');
  await page.evaluate(async () => {
    const g = (window as W).SlsWebTrack;
    g.track({ event: 'sampled out' });
    await g.flush();
  });
  // The log above, and the page view, which is logged once its title had time to settle (1 s).
  await expect.poll(() => page.evaluate(() => (window as W).SlsWebTrack.tracker.stats().dropped.sampled)).toBeGreaterThanOrEqual(2);
  await page.waitForTimeout(300);
  expect(requests).toEqual([]);
});

test('query strings and fragments never reach the collector, unless allowed', async ({ page }) => {
  await fillPlaceholders(page);
  // Arrive by a link from a page whose URL holds a secret: the referrer has it too.
  await page.goto('/blank.html?token=referrer-secret#frag');
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.href = '/privacy-dropin.html?token=secret&utm_source=mail#access_token=secret';
    document.body.append(a);
    a.click();
  });
  await page.waitForURL('**/privacy-dropin.html?**');
  const origin = new URL(page.url()).origin;
  expect(await page.evaluate(() => document.referrer)).toContain('referrer-secret'); // what the page sees
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.src = '/privacy-throw.js?token=secret#frag';
    document.head.append(s);
    const img = document.createElement('img');
    img.src = '/missing.png?token=secret&utm_source=img#frag';
    document.body.append(img);
    void Promise.reject(new Error('fetch https://api.example/v1?key=secret failed'));
    history.pushState({}, '', '/account?token=secret&utm_source=spa#section');
  });
  await expect.poll(async () => (await collectorLogs()).filter((l) => l.type === 'error' || l.type === 'pageview').length).toBe(5);
  const logs = await collectorLogs();
  const all = JSON.stringify(logs);
  expect(all).not.toContain('secret');
  expect(all).not.toContain('#');

  const views = logs.filter((l) => l.type === 'pageview');
  expect(views.map((v) => v.url)).toEqual([`${origin}/privacy-dropin.html?utm_source=mail`, `${origin}/account?utm_source=spa`]);
  expect(views[0]!.referrer).toBe(`${origin}/blank.html`);
  const errors = logs.filter((l) => l.type === 'error');
  expect(errors.find((e) => e.kind === 'error')).toMatchObject({ source: `${origin}/privacy-throw.js` });
  expect(errors.find((e) => e.kind === 'error')!.stack).toContain(`${origin}/privacy-throw.js:3:`);
  expect(errors.find((e) => e.kind === 'resource')).toMatchObject({ tag: 'img', source: `${origin}/missing.png?utm_source=img` });
  expect(errors.find((e) => e.kind === 'rejection')!.message).toBe('Error: fetch https://api.example/v1 failed');
});

test('an optOut() in another tab: this tab empties its queue and store and sends nothing more, not even once the service is back', async ({ context }) => {
  const url = '/tracker.html?' + new URLSearchParams({ host: COLLECTOR, flushInterval: '100' });
  const a = await context.newPage();
  const b = await context.newPage();
  await a.goto(url);
  await b.goto(url);
  // The service fails: A's logs wait in its queue and in IndexedDB.
  await fetch(`${COLLECTOR}/_collector/faults`, { method: 'POST', body: JSON.stringify({ status: 503, forever: true }) });
  await a.evaluate(() => { for (let i = 0; i < 20; i++) (window as W).tracker.track({ run: 'xtab', i }); });
  await expect.poll(async () => (await collectorRequests()).filter((r) => r.status === 503).length).toBeGreaterThan(0);
  await a.waitForTimeout(300); // stored

  const sentByA: string[] = [];
  a.on('request', (r) => { if (r.url().startsWith(COLLECTOR) && r.method() === 'POST') sentByA.push(r.url()); });
  await b.evaluate(() => (window as W).tracker.optOut());
  await expect.poll(() => a.evaluate(() => (window as W).tracker.isOptedOut())).toBe(true);
  expect(await a.evaluate(() => (window as W).tracker.stats().pending)).toBe(0);
  expect(await a.evaluate(() => (window as W).tracker.stats().dropped.optOut)).toBe(20);

  // The service is back; A is asked to send, and is hidden and unloaded: nothing leaves.
  await fetch(`${COLLECTOR}/_collector/faults`, { method: 'DELETE' });
  await a.evaluate(async () => {
    await (window as W).tracker.flush();
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await a.waitForTimeout(1500);
  expect(sentByA).toEqual([]);

  // Nothing of it was left in the store either: once the opt-out is lifted and A is gone, a new
  // tab claims A's rows, and would send any.
  await b.evaluate(() => (window as W).tracker.optIn());
  await a.close();
  const c = await context.newPage();
  await c.goto(url);
  await c.waitForTimeout(2000);
  await c.evaluate(() => (window as W).tracker.flush());
  expect((await collectorLogs()).filter((l) => l.run === 'xtab')).toEqual([]);
});
