// bfcache rounds (issue 22): a page that goes into the back/forward cache and comes back four
// times in a row, with 50 logs (~20 KB) waiting at each pagehide. Every round's logs must go out
// by that round's unload send. Before the fix the beacons of the rounds before were still counted
// against the 60 KB keepalive budget (held BEACON_HOLD_MS after they left, though the page had been
// away and back): round 3 sent only part of its 50, the rest waiting for the restore. The restore
// (pageshow after pagehide) now gives their share back.
import { test, expect } from '@playwright/test';
import { COLLECTOR, collectorRequests, resetCollector } from './collector.ts';
import { skipUnlessNamed } from './skipUnlessNamed.ts';

type W = Window & Record<string, any>;

const RUNS = 3;
const ROUNDS = 4;
const LOGS = 50;

test.beforeEach(async () => {
  await resetCollector();
});

test(`${RUNS} runs × ${ROUNDS} back/forward-cache rounds × ${LOGS} logs, no pause: each round goes out on its unload`, async ({ playwright, launchOptions, baseURL }) => {
  test.setTimeout(120_000);
  // Playwright starts Chromium with --disable-back-forward-cache: this test needs one without it.
  const browser = await playwright.chromium.launch({ ...launchOptions, ignoreDefaultArgs: ['--disable-back-forward-cache'] });
  try {
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.newPage({ baseURL });
      // No persistence: a held Web Lock (a tab's presence) may keep a page out of the cache.
      await page.goto('/tracker.html?' + new URLSearchParams({ host: COLLECTOR, flushInterval: '600000', persist: 'false' }));
      await page.evaluate(() => addEventListener('pageshow', (e) => { if (e.persisted) (window as W).restores = ((window as W).restores ?? 0) + 1; }));
      for (let round = 0; round < ROUNDS; round++) {
        const topic = `run${run}round${round}`;
        await page.evaluate(
          ({ topic, n }) => {
            const pad = 'p'.repeat(380);
            for (let i = 0; i < n; i++) (window as W).tracker.track({ i, pad }, { topic });
          },
          { topic, n: LOGS },
        );
        await page.goto('/blank.html'); // pagehide, persisted: the unload send
        await page.goBack({ waitUntil: 'commit' });
        await page.waitForFunction(() => document.readyState === 'complete');
        const restores = await page.evaluate(() => (window as W).restores ?? 0);
        const reasons = restores === round + 1
          ? ''
          : await page.evaluate(() => JSON.stringify((performance.getEntriesByType('navigation')[0] as any)?.notRestoredReasons ?? null));
        skipUnlessNamed(restores !== round + 1, 'the keepalive budget over back/forward-cache round trips', `Chromium did not restore the page in run ${run + 1}, round ${round + 1} (notRestoredReasons: ${reasons})`);
        await expect
          .poll(async () => (await collectorRequests()).filter((r) => r.topic === topic).reduce((n, r) => n + (r.logs ?? 0), 0), { message: topic })
          .toBe(LOGS);
        const requests = (await collectorRequests()).filter((r) => r.topic === topic);
        // Unload sends are query mode; a log that did not fit waited for the restore and went out
        // as a normal (lz4, header-mode) request.
        expect(requests.map((r) => `${r.mode} ${r.logs}`), topic).toEqual(requests.map((r) => `query ${r.logs}`));
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
});
