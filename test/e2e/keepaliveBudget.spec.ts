// The keepalive budget is given back (issue 12). A page restored from the back/forward cache lives
// on; the beacons it sent when it was hidden must not count against its budget for ever, or after
// ~60 KB of them no unload send fits for the rest of its life.
import { test, expect } from '@playwright/test';
import { COLLECTOR, collectorRequests, resetCollector } from './collector.ts';
import { skipUnlessNamed } from './skipUnlessNamed.ts';

type W = Window & Record<string, any>;

test.beforeEach(async () => {
  await resetCollector();
});

test('four back/forward-cache round trips with ~25 KB each: every round goes out on unload', async ({ playwright, launchOptions, baseURL }) => {
  test.setTimeout(90_000);
  // Playwright starts Chromium with --disable-back-forward-cache: this test needs one without it.
  const browser = await playwright.chromium.launch({ ...launchOptions, ignoreDefaultArgs: ['--disable-back-forward-cache'] });
  try {
    const page = await browser.newPage({ baseURL });
    // No persistence: a held Web Lock (a tab's presence) may keep a page out of the cache. Normal
    // sends would be lz4 in header mode; only unload sends are query mode.
    await page.goto('/tracker.html?' + new URLSearchParams({ host: COLLECTOR, flushInterval: '600000', persist: 'false' }));
    await page.evaluate(() => addEventListener('pageshow', (e) => { if (e.persisted) (window as W).restores = ((window as W).restores ?? 0) + 1; }));
    for (let round = 0; round < 4; round++) {
      await page.evaluate((round) => {
        const pad = 'p'.repeat(380);
        for (let i = 0; i < 60; i++) (window as W).tracker.track({ round, i, pad }, { topic: `round${round}` });
      }, round);
      await page.goto('/blank.html'); // pagehide, persisted: the unload send
      await page.goBack({ waitUntil: 'commit' });
      await page.waitForFunction(() => document.readyState === 'complete');
      await page.waitForTimeout(300);
      const restores = await page.evaluate(() => (window as W).restores ?? 0);
      const reasons = restores === round + 1
        ? ''
        : await page.evaluate(() => JSON.stringify((performance.getEntriesByType('navigation')[0] as any)?.notRestoredReasons ?? null));
      skipUnlessNamed(restores !== round + 1, 'the keepalive budget over back/forward-cache round trips', `Chromium did not restore the page in round ${round + 1} (notRestoredReasons: ${reasons})`);
      await expect
        .poll(async () => (await collectorRequests()).filter((r) => r.topic === `round${round}`).reduce((n, r) => n + r.logs, 0))
        .toBe(60);
      const requests = (await collectorRequests()).filter((r) => r.topic === `round${round}`);
      // Unload sends are query mode; a log that did not fit would have waited for the restore and
      // gone out as a normal (lz4, header-mode) request.
      expect(requests.map((r) => r.mode), `round ${round}`).toEqual(requests.map(() => 'query'));
      expect(requests.reduce((n, r) => n + r.rawBytes, 0)).toBeGreaterThan(24_000);
      await page.waitForTimeout(3500); // a beacon's share comes back 3 s after it left
    }
  } finally {
    await browser.close();
  }
});
