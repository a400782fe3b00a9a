// The last moment (README, "Persistence" and "Unload-sent logs"): logs tracked just before the
// page goes, by every way a page goes, on the minified bundle against the real collector. No test
// waits for the store before leaving the page. Each shape runs at least ten times; every log must
// arrive (counted by id), and duplicates stay within 0.5 %. Most shapes track more than the
// unload budget (60,000 bytes) carries, so that the rest has only the journal to survive in.
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { COLLECTOR, collectorLogs, resetCollector } from './collector.ts';
import { readTally, recordTally } from './durabilityTally.ts';

/** Drops and errors every page of the test reported (onDrop, onError), the gone ones too. */
let reports: string[] = [];
test.beforeEach(async ({ context }) => {
  await resetCollector();
  reports = [];
  context.on('console', (m) => {
    if (m.text().startsWith('sls-webtrack ')) reports.push(m.text());
  });
});

const query = (extra: Record<string, string> = {}) => new URLSearchParams({ host: COLLECTOR, ...extra }).toString();
/** The tracker page a navigation lands on: it takes over what the page before left. */
const landing = (extra: Record<string, string> = {}) => `/tracker.html?${query(extra)}`;
const lastMoment = (extra: Record<string, string> = {}) => `/last-moment.html?${query(extra)}`;

interface Round {
  run: string;
  n: number;
}

/**
 * The landing page has sent what it took over. Leaving it sooner would be a second shape: a
 * request over the keepalive budget cut by the navigation after the service took it is sent again
 * by the next page (README, "Unload-sent logs": a duplicate, never a loss), so the rounds would
 * measure that instead of the last moment of the page before.
 */
const delivered = (page: Page) =>
  page.waitForFunction(() => (window as any).tracker.stats().pending === 0, undefined, { timeout: 10_000, polling: 50 }).catch(() => undefined);

/** Tracks `n` logs of about `size` bytes (trackBurst of last-moment.html, or the same on tracker.html). */
const burst = (page: Page, run: string, n: number, size = 150) =>
  page.evaluate(
    ({ run, n, size }) => {
      const pad = 'p'.repeat(Math.max(0, size - 70));
      for (let i = 0; i < n; i++) (window as any).tracker.track({ run, i, pad });
    },
    { run, n, size },
  );

/**
 * Waits until every log of `rounds` has arrived (a page of the tracker flushing meanwhile), then
 * counts lost and duplicated logs by id, and reports the figures.
 */
async function settle(shape: string, rounds: Round[], page: Page, timeoutMs = 45_000) {
  const want = rounds.reduce((n, r) => n + r.n, 0);
  const end = Date.now() + timeoutMs;
  let lost: number;
  let duplicated: number;
  for (;;) {
    const logs = await collectorLogs();
    const byRun = new Map<string, Map<string, number>>();
    for (const l of logs) {
      if (!l.run) continue;
      const seen = byRun.get(l.run) ?? new Map<string, number>();
      seen.set(l.i!, (seen.get(l.i!) ?? 0) + 1);
      byRun.set(l.run, seen);
    }
    lost = 0;
    duplicated = 0;
    for (const r of rounds) {
      const seen = byRun.get(r.run) ?? new Map<string, number>();
      for (let i = 0; i < r.n; i++) if (!seen.has(String(i))) lost++;
      for (const c of seen.values()) duplicated += c - 1;
    }
    if (lost === 0 || Date.now() > end) break;
    await page.evaluate(() => (window as any).tracker?.flush()).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
  }
  const figures = { shape, runs: rounds.length, tracked: want, lost, duplicated, reports: reports.slice(0, 5) };
  console.log(`last moment: ${JSON.stringify(figures)}`);
  recordTally(test.info(), { shape, tracked: want, lost, duplicated });
  test.info().annotations.push({ type: 'last moment', description: JSON.stringify(figures) });
  expect(lost, `${shape}: lost`).toBe(0);
  expect(reports, `${shape}: drops and errors`).toEqual([]);
  expect(duplicated, `${shape}: duplicated`).toBeLessThanOrEqual(Math.floor(want * 0.005));
}

async function crash(page: Page, context: BrowserContext): Promise<void> {
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  void cdp.send('Page.crash').catch(() => undefined); // never answers: the renderer is gone
  await crashed;
}

test('a link whose click handler tracks 1, 20, 400 and 1,500 logs, then the browser follows it (x3 each)', async ({ page }) => {
  test.setTimeout(120_000);
  const rounds: Round[] = [];
  for (let k = 0; k < 3; k++) {
    for (const n of [1, 20, 400, 1500]) {
      const run = `link${n}-${k}`;
      await page.goto(lastMoment({ to: landing() }));
      await page.evaluate((b) => { (window as any).burst = b; }, { run, n });
      await page.click('#go');
      await page.waitForURL(/tracker\.html/);
      await delivered(page);
      rounds.push({ run, n });
    }
  }
  await settle('link click', rounds, page);
});

test('300 logs of ~420 B (over the unload budget) tracked by a click, then the navigation at once (x10)', async ({ page }) => {
  test.setTimeout(120_000);
  const rounds: Round[] = [];
  for (let k = 0; k < 10; k++) {
    const run = `budget-${k}`;
    await page.goto(lastMoment({ to: landing() }));
    await page.evaluate((b) => { (window as any).burst = b; }, { run, n: 300, size: 420 });
    await page.click('#go');
    await page.waitForURL(/tracker\.html/);
    await delivered(page);
    rounds.push({ run, n: 300 });
  }
  await settle('over the unload budget', rounds, page);
});

test('a bounce: createTracker, track and location.href in one task (x10)', async ({ page }) => {
  test.setTimeout(120_000);
  const rounds: Round[] = [];
  for (let k = 0; k < 10; k++) {
    const run = `bounce-${k}`;
    await page.goto(lastMoment({ bounce: `${run},742`, to: landing() }));
    await page.waitForURL(/tracker\.html/);
    await delivered(page);
    rounds.push({ run, n: 742 });
  }
  await settle('bounce', rounds, page);
});

test('a form whose submit handler tracks, then the browser submits it (x10)', async ({ page }) => {
  test.setTimeout(120_000);
  const rounds: Round[] = [];
  for (let k = 0; k < 10; k++) {
    const run = `form-${k}`;
    await page.goto(lastMoment({ to: landing() }));
    await page.evaluate((b) => { (window as any).burst = b; }, { run, n: 600 });
    await page.click('#submit');
    await page.waitForURL(/tracker\.html/);
    await delivered(page);
    rounds.push({ run, n: 600 });
  }
  await settle('form submit', rounds, page);
});

test('history.back() to another document in the task that tracked (x10)', async ({ page }) => {
  test.setTimeout(120_000);
  const rounds: Round[] = [];
  for (let k = 0; k < 10; k++) {
    const run = `back-${k}`;
    await page.goto(landing());
    await page.goto(lastMoment());
    // The navigation may end this page before evaluate() hears back: that is the point.
    await page
      .evaluate((run) => {
        (window as any).trackBurst({ run, n: 600 });
        history.back();
      }, run)
      .catch((e: unknown) => {
        if (!/Execution context was destroyed|navigation/.test(String(e))) throw e;
      });
    await page.waitForURL(/tracker\.html/);
    await delivered(page);
    rounds.push({ run, n: 600 });
  }
  await settle('history.back()', rounds, page);
});

test('a reload in the task that tracked (x10)', async ({ page }) => {
  test.setTimeout(120_000);
  const rounds: Round[] = [];
  await page.goto(landing());
  for (let k = 0; k < 10; k++) {
    const run = `reload-${k}`;
    const loaded = page.waitForEvent('load');
    await page.evaluate((run) => {
      const t = (window as any).tracker;
      for (let i = 0; i < 600; i++) t.track({ run, i, pad: 'p'.repeat(80) });
      location.reload();
    }, run);
    await loaded;
    await delivered(page);
    rounds.push({ run, n: 600 });
  }
  await settle('reload', rounds, page);
});

test('a tab closed right after tracking; the next tab of the origin takes over (x10)', async ({ context }) => {
  test.setTimeout(120_000);
  const rounds: Round[] = [];
  for (let k = 0; k < 10; k++) {
    const run = `close-${k}`;
    const page = await context.newPage();
    await page.goto(landing());
    await burst(page, run, 600);
    await page.close();
    rounds.push({ run, n: 600 });
  }
  const next = await context.newPage();
  await next.goto(landing());
  await settle('closed tab', rounds, next);
});

test('the renderer crashing 1 s after the last track(); the next tab takes over (x10)', async ({ context }) => {
  test.setTimeout(150_000);
  const rounds: Round[] = [];
  for (let k = 0; k < 10; k++) {
    const run = `crash-${k}`;
    const page = await context.newPage();
    await page.goto(landing({ flushInterval: '600000' }));
    await burst(page, run, 200);
    await page.waitForTimeout(1000);
    await crash(page, context);
    await page.close().catch(() => undefined);
    rounds.push({ run, n: 200 });
  }
  const next = await context.newPage();
  await next.goto(landing());
  await settle('renderer crash 1 s after track()', rounds, next);
});

// Issue 11, "Done when": across all of the above (these shapes and the chaos run of
// chaos.spec.ts, which runs before this file), 0 lost and duplicates ≤ 0.5 %. Each shape above
// also holds its own 0.5 %: none of them leaves room for chance.
test('across every shape above and the chaos run: 0 lost, duplicates ≤ 0.5 %', () => {
  const lines = readTally(test.info());
  const total = lines.reduce((t, l) => ({ tracked: t.tracked + l.tracked, lost: t.lost + l.lost, duplicated: t.duplicated + l.duplicated }), { tracked: 0, lost: 0, duplicated: 0 });
  console.log(`durability total: ${JSON.stringify({ ...total, runs: lines.map((l) => `${l.shape}: ${l.duplicated} of ${l.tracked}`) })}`);
  expect(lines.length, 'the runs above recorded their figures').toBeGreaterThan(0);
  expect(total.lost).toBe(0);
  expect(total.duplicated).toBeLessThanOrEqual(Math.floor(total.tracked * 0.005));
});
