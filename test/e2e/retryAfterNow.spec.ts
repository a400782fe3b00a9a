// Retry-After that says "now" (issue 22): a 503 with `Retry-After: 0`, repeated, is a lower bound
// on the backoff, not a reset. Before the fix each tab retried at the 500 ms floor, 2 a second for
// as long as it lasted (about 20 requests in 10 s a tab); the backoff still escalates now (about
// 5 a tab: waits of [0.5, 1), [0.5, 2), [0.5, 4), [0.5, 8) s …).
import { test, expect, type Page } from '@playwright/test';
import { COLLECTOR, collectorRequests, injectFault, resetCollector } from './collector.ts';

test.beforeEach(async () => {
  await resetCollector();
});

test.afterEach(async () => {
  await fetch(`${COLLECTOR}/_collector/faults`, { method: 'DELETE' });
});

const WINDOW_MS = 10_000;

test('503 Retry-After: 0 for 10 s, two tabs: the retries escalate, they do not go out at a flat rate', async ({ context }) => {
  test.setTimeout(60_000);
  await injectFault({ status: 503, retryAfter: 0, forever: true });
  const tabs: Page[] = [await context.newPage(), await context.newPage()];
  // No persistence: each tab sends its own log, with its own backoff.
  const url = '/tracker.html?' + new URLSearchParams({ host: COLLECTOR, flushInterval: '600000', persist: 'false' });
  await Promise.all(tabs.map((p) => p.goto(url)));
  const start = Date.now();
  await Promise.all(
    tabs.map((p, i) => p.evaluate((i) => ((window as any).tracker.track({ i }, { topic: `tab${i}` }), void (window as any).tracker.flush()), i)),
  );
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const seen = (await collectorRequests()).filter((r) => (r.time ?? 0) <= start + WINDOW_MS);
  const perTab = [0, 1].map((i) => seen.filter((r) => r.topic === `tab${i}`).length);
  const all = seen.length;
  console.log(`requests in ${WINDOW_MS / 1000} s from 2 tabs: ${all} (${perTab.join(" + ")})`);
  // Expected ≈ 10 (at most 14 in 100,000 simulated runs); a flat 500 ms rate gives ≈ 40.
  expect(all).toBeGreaterThanOrEqual(4);
  expect(all).toBeLessThanOrEqual(16);
  expect(perTab.every((n) => n >= 2)).toBe(true);

  // The service answers again: the logs go out.
  await fetch(`${COLLECTOR}/_collector/faults`, { method: 'DELETE' });
  await Promise.all(tabs.map((p) => p.evaluate(() => (window as any).tracker.flush())));
  await expect.poll(async () => (await collectorRequests()).filter((r) => r.status === 200).reduce((n, r) => n + (r.logs ?? 0), 0)).toBe(2);
});
