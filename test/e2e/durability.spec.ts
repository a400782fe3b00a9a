// Durability: the IndexedDB queue, the retry policy, unload within the keepalive budget, many tabs.
import { test, expect, type Page, type BrowserContext } from '@playwright/test';
import { COLLECTOR, collectorLogs, collectorRequests, injectFault, resetCollector } from './collector.ts';

test.beforeEach(async () => {
  await resetCollector();
});

const trackerUrl = (params: Record<string, string | number> = {}) =>
  '/tracker.html?' + new URLSearchParams({ host: COLLECTOR, ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) });

/** Tracks `n` logs of about `size` bytes, tagged with `run` and their index. */
async function trackMany(page: Page, run: string, n: number, size = 150, from = 0): Promise<void> {
  await page.evaluate(
    ({ run, n, size, from }) => {
      const pad = 'p'.repeat(Math.max(0, size - 60));
      for (let i = from; i < from + n; i++) (window as any).tracker.track({ run, i, pad });
    },
    { run, n, size, from },
  );
}

/**
 * How many of the logs this page's tracker holds in IndexedDB contain `text`, read from the page.
 * A crash test whose promise is "what was stored survives" waits for this, never a fixed time; a
 * crash before the store has the logs is the last moment (lastMoment.spec.ts).
 */
async function storedWith(page: Page, text: string): Promise<number> {
  return page.evaluate(async (text) => {
    const name = (await indexedDB.databases()).find((d) => d.name?.startsWith('sls-webtrack '))?.name;
    if (!name) return 0;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open(name);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const r = db.transaction('logs').objectStore('logs').getAll();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    db.close();
    return JSON.stringify(rows).split(text).length - 1;
  }, text);
}

/** Indexes of the logs of `run` at the collector, and how many arrived more than once. */
async function arrived(run: string, logstore = 'web'): Promise<{ unique: Set<number>; duplicates: number }> {
  const logs = (await collectorLogs(logstore)).filter((l) => l.run === run);
  const unique = new Set(logs.map((l) => Number(l.i)));
  return { unique, duplicates: logs.length - new Set(logs.map((l) => l._id)).size };
}

async function waitArrived(run: string, n: number, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  let a = await arrived(run);
  while (a.unique.size < n && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    a = await arrived(run);
  }
  return a;
}

async function crash(page: Page, context: BrowserContext): Promise<void> {
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  void cdp.send('Page.crash').catch(() => undefined); // never answers: the renderer is gone
  await crashed;
}

test('a crash before the flush loses nothing stored: the next load sends what the crashed page stored', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(trackerUrl({ flushInterval: 600_000 }));
  await trackMany(page, 'crash', 300, 150);
  await expect.poll(() => storedWith(page, 'crash'), { intervals: [20] }).toBe(300);
  await crash(page, context);
  expect((await collectorLogs()).length).toBe(0);

  const next = await context.newPage();
  await next.goto(trackerUrl({ flushInterval: 200 }));
  const a = await waitArrived('crash', 300);
  expect(a.unique.size).toBe(300);
  expect(a.duplicates).toBe(0);
});

test('a reload with 200 KiB queued loses nothing, sends nothing twice, and keeps unload sends within 64 KiB', async ({ page }) => {
  await page.goto(trackerUrl({ flushInterval: 600_000 }));
  await trackMany(page, 'reload', 1000, 210); // about 200 KiB of JSON
  const before = Date.now();
  await page.reload();
  // What the unloading page sent: query-mode requests (normal sends use lz4 header mode).
  await page.waitForTimeout(500);
  const unloadSends = (await collectorRequests()).filter((r) => r.mode === 'query' && (r.time ?? before) >= before);
  const unloadBytes = unloadSends.reduce((n, r) => n + r.rawBytes, 0);
  expect(unloadSends.length).toBeGreaterThan(0);
  expect(unloadBytes).toBeLessThanOrEqual(64 * 1024);

  await page.evaluate(() => (window as any).tracker.flush());
  const a = await waitArrived('reload', 1000);
  expect(a.unique.size).toBe(1000);
  expect(a.duplicates).toBe(0);
  const total = (await collectorLogs()).filter((l) => l.run === 'reload').length;
  expect(total).toBe(1000);
});

test('an outage of 503s, dropped connections and offline: every log arrives after recovery, with backoff', async ({ page, context }) => {
  await page.goto(trackerUrl({ flushInterval: 100 }));
  // 503 storm: the tracker must back off rather than hammer the service.
  await injectFault({ status: 503, times: -1 });
  const start = Date.now();
  await trackMany(page, 'outage', 100);
  await page.waitForTimeout(4000);
  const during = (await collectorRequests()).filter((r) => r.status === 503);
  await injectFault({ clear: true });
  expect(during.length).toBeGreaterThanOrEqual(2);
  // Full-jitter backoff from 1 s doubling: a handful of attempts in 4 s, not one per 100 ms.
  expect(during.length).toBeLessThanOrEqual(8);
  const times = during.map((r) => r.time ?? 0).filter((t) => t >= start);
  expect(times.length).toBe(during.length);

  // Dropped connections.
  await injectFault({ drop: true, times: 2 });
  await trackMany(page, 'outage', 100, 150, 100);
  // Offline.
  await context.setOffline(true);
  await trackMany(page, 'outage', 100, 150, 200);
  await page.waitForTimeout(500);
  await context.setOffline(false);
  await page.evaluate(() => (window as any).tracker.flush());
  const a = await waitArrived('outage', 300, 45_000);
  expect(a.unique.size).toBe(300);
  expect(a.duplicates).toBe(0);
  expect(await page.evaluate(() => (window as any).drops)).toEqual([]);
});

test('Retry-After from a 429 is honoured', async ({ page }) => {
  await page.goto(trackerUrl({ flushInterval: 50 }));
  await injectFault({ status: 429, retryAfter: 2, times: 1 });
  await trackMany(page, 'throttled', 10);
  const a = await waitArrived('throttled', 10, 15_000);
  expect(a.unique.size).toBe(10);
  const reqs = await collectorRequests();
  const refused = reqs.find((r) => r.status === 429)!;
  const ok = reqs.find((r) => r.status === 200)!;
  expect((ok.time ?? 0) - (refused.time ?? 0)).toBeGreaterThanOrEqual(1900);
});

test('401 (Web Tracking off) stops sending and keeps the data; flush() tries again', async ({ page }) => {
  await page.goto(trackerUrl({ logstore: 'closed', flushInterval: 50 }));
  await trackMany(page, 'closed', 5);
  await page.waitForTimeout(800);
  const errors = await page.evaluate(() => (window as any).errors);
  expect(errors).toHaveLength(1);
  expect(errors[0].status).toBe(401);
  const stats = await page.evaluate(() => (window as any).tracker.stats());
  expect(stats.pending).toBe(5);
  expect(stats.dropped).toEqual({});
  const attempts = (await collectorRequests()).length;
  await page.waitForTimeout(1500);
  expect((await collectorRequests()).length).toBe(attempts); // stopped, not retrying
  await page.evaluate(() => (window as any).tracker.flush());
  expect((await collectorRequests()).length).toBe(attempts + 1);
});

test('two tabs tracking at once: every log arrives once; a tab that dies leaves its logs to the other', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await Promise.all([a.goto(trackerUrl({ flushInterval: 100 })), b.goto(trackerUrl({ flushInterval: 1000 }))]);
  await Promise.all([trackMany(a, 'tabs', 400, 150, 0), trackMany(b, 'tabs', 400, 150, 400)]);
  // Tab b tracks more, then dies before they are sent.
  await b.evaluate(() => {
    const t = (window as any).tracker;
    for (let i = 800; i < 900; i++) t.track({ run: 'tabs', i, pad: 'late' });
  });
  // Stored (the promise here is the claim; a crash before this is the last moment, lastMoment.spec.ts).
  await expect.poll(() => storedWith(b, 'late'), { intervals: [20] }).toBe(100);
  await crash(b, context);
  // Tab a claims b's logs within its claim period (15 s).
  const got = await waitArrived('tabs', 900, 40_000);
  expect(got.unique.size).toBe(900);
  test.info().annotations.push({ type: 'duplicates', description: String(got.duplicates) });
  expect(got.duplicates).toBeLessThanOrEqual(Math.ceil(900 * 0.005));
});

test('one bad log in a batch of 1,000: 999 arrive, the bad one is dropped and reported', async ({ page }) => {
  // The collector rejects any request holding the marked log, as the service rejects a bad key.
  await injectFault({ status: 400, errorCode: 'InvalidKey', logContains: 'POISON', times: -1 });
  await page.goto(trackerUrl({ flushInterval: 60_000 }));
  await page.evaluate(() => {
    const t = (window as any).tracker;
    for (let i = 0; i < 1000; i++) t.track({ run: 'poison', i, v: i === 637 ? 'POISON' : 'fine' });
    return t.flush();
  });
  const a = await waitArrived('poison', 999);
  expect(a.unique.size).toBe(999);
  expect(a.unique.has(637)).toBe(false);
  expect(a.duplicates).toBe(0);
  const drops = await page.evaluate(() => (window as any).drops);
  expect(drops).toEqual([{ reason: 'rejected', count: 1, detail: 'InvalidKey' }]);
  const stats = await page.evaluate(() => (window as any).tracker.stats());
  expect(stats).toMatchObject({ sent: 999, pending: 0, dropped: { rejected: 1 } });
  // Halving: about log2(1000) ≈ 10 rejected requests, not 1,000.
  const rejected = (await collectorRequests()).filter((r) => r.status === 400).length;
  expect(rejected).toBeLessThanOrEqual(12);
  await injectFault({ clear: true });
});
