// The last moment (README, "Persistence" and "Unload-sent logs"): logs tracked just before the
// page goes, by every way a page goes, on the minified bundle against the real collector. No test
// waits for the store before leaving the page, nor before crashing it. Each shape runs at least ten
// times; every log must arrive (counted by id), except those of a crash in the task that tracked,
// which must all be lost (nothing can save them yet). Most shapes track more than the unload budget
// (60,000 bytes) carries, so that the rest has only the journal to survive in.
//
// Duplicates are counted once, at the end of the file, after every page of every shape has had the
// time of the longest resend path (RESEND_TAIL_MS): each test leaves its browser context open, so
// its tabs go on claiming and judging meanwhile, and the collector is not reset between tests (the
// logs of each round carry its own `run`). Each shape must stay within 0.5 % duplicates.
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { COLLECTOR, collectorLogs, resetCollector } from './collector.ts';
import { RESEND_TAIL_MS, tailAfter } from './resendTail.ts';
import { armCrashes } from './armCrashes.ts';

/** Drops and errors every page of the current test reported (onDrop, onError), the gone ones too. */
let reports: string[] = [];
/** Every test's context, open until the duplicates are counted. */
const contexts: BrowserContext[] = [];
/** What each shape expects once the tail has passed. */
const shapes: Array<{ shape: string; rounds: Round[] }> = [];
let lastSettled = 0;

test.beforeAll(async () => {
  await resetCollector();
});
// Duplicates, counted once every shape's tabs have had the longest resend path's time (their
// contexts still open), and the losses again: a late arrival of a crashed task's log shows here. An
// afterAll, so that the shapes a worker ran are judged by that worker even when one test failed
// and Playwright starts a new worker for the rest.
test.afterAll(async () => {
  test.setTimeout(RESEND_TAIL_MS + 60_000);
  try {
    await tailAfter(lastSettled);
    const failures: string[] = [];
    for (const { shape, rounds } of shapes) {
      const tracked = rounds.reduce((n, r) => n + r.n, 0);
      const lostByDesign = rounds.filter((r) => r.lost).reduce((n, r) => n + r.n, 0);
      const c = await count(rounds);
      console.log(`last moment after a tail of ${RESEND_TAIL_MS / 1000} s: ${JSON.stringify({ shape, tracked, lostByDesign, ...c })}`);
      if (c.lost || c.arrivedOfLost || c.duplicated > Math.floor(tracked * 0.005)) failures.push(`${shape}: ${JSON.stringify(c)}`);
    }
    expect(failures, 'each shape within 0.5 % duplicates, nothing more lost, nothing of a crashed task arrived').toEqual([]);
  } finally {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  }
});

/** A context that outlives its test, reporting its pages' drops and errors to `reports`. */
async function openContext(browser: Browser, baseURL: string | undefined): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  contexts.push(context);
  reports = [];
  context.on('console', (m) => {
    if (m.text().startsWith('sls-webtrack ')) reports.push(m.text());
  });
  return context;
}

const query = (extra: Record<string, string> = {}) => new URLSearchParams({ host: COLLECTOR, ...extra }).toString();
/** The tracker page a navigation lands on: it takes over what the page before left. */
const landing = (extra: Record<string, string> = {}) => `/tracker.html?${query(extra)}`;
const lastMoment = (extra: Record<string, string> = {}) => `/last-moment.html?${query(extra)}`;

interface Round {
  run: string;
  n: number;
  /** Logs of the round that cannot survive (a crash in the task that tracked them): all of them. */
  lost?: boolean;
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

/** Lost and duplicated logs of `rounds` at the collector, counted by id. */
async function count(rounds: Round[]): Promise<{ lost: number; arrivedOfLost: number; duplicated: number }> {
  const byRun = new Map<string, Map<string, number>>();
  for (const l of await collectorLogs()) {
    if (!l.run) continue;
    const seen = byRun.get(l.run) ?? new Map<string, number>();
    seen.set(l.i!, (seen.get(l.i!) ?? 0) + 1);
    byRun.set(l.run, seen);
  }
  let lost = 0;
  let arrivedOfLost = 0;
  let duplicated = 0;
  for (const r of rounds) {
    const seen = byRun.get(r.run) ?? new Map<string, number>();
    if (r.lost) arrivedOfLost += seen.size;
    else for (let i = 0; i < r.n; i++) if (!seen.has(String(i))) lost++;
    for (const c of seen.values()) duplicated += c - 1;
  }
  return { lost, arrivedOfLost, duplicated };
}

/**
 * Waits until every log of `rounds` that can arrive has arrived (a page of the tracker flushing
 * meanwhile) and checks that nothing is lost; the duplicates are judged after the tail, at the end.
 */
async function settle(shape: string, rounds: Round[], page: Page, timeoutMs = 45_000) {
  const want = rounds.reduce((n, r) => n + r.n, 0);
  const end = Date.now() + timeoutMs;
  let c = await count(rounds);
  while (c.lost > 0 && Date.now() < end) {
    await page.evaluate(() => (window as any).tracker?.flush()).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    c = await count(rounds);
  }
  const figures = { shape, runs: rounds.length, tracked: want, ...c, reports: reports.slice(0, 5) };
  console.log(`last moment: ${JSON.stringify(figures)}`);
  test.info().annotations.push({ type: 'last moment', description: JSON.stringify(figures) });
  shapes.push({ shape, rounds });
  lastSettled = Date.now();
  expect(c.lost, `${shape}: lost`).toBe(0);
  expect(reports, `${shape}: drops and errors`).toEqual([]);
}

test('a link whose click handler tracks 1, 20, 400 and 1,500 logs, then the browser follows it (x3 each)', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const page = await (await openContext(browser, baseURL)).newPage();
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

test('300 logs of ~420 B (over the unload budget) tracked by a click, then the navigation at once (x10)', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const page = await (await openContext(browser, baseURL)).newPage();
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

test('a bounce: createTracker, track and location.href in one task (x10)', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const page = await (await openContext(browser, baseURL)).newPage();
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

test('a form whose submit handler tracks, then the browser submits it (x10)', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const page = await (await openContext(browser, baseURL)).newPage();
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

test('history.back() to another document in the task that tracked (x10)', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const page = await (await openContext(browser, baseURL)).newPage();
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

test('a reload in the task that tracked (x10)', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const page = await (await openContext(browser, baseURL)).newPage();
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

test('a tab closed right after tracking; the next tab of the origin takes over (x10)', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const context = await openContext(browser, baseURL);
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

// The one shape that loses: a crash in the task that tracked (README, "Unload-sent logs", the last
// moment). Each round's logs must all be lost, none arrive later; the next tab must still take over
// and the rounds must not disturb anything else (the shapes above hold 0 lost).
test('the renderer crashing in the task that tracked, before it ends: those logs are lost, all of them (x10)', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const context = await openContext(browser, baseURL);
  await armCrashes(context);
  const rounds: Round[] = [];
  for (let k = 0; k < 10; k++) {
    const run = `crash-${k}`;
    const page = await context.newPage();
    await page.goto(landing({ flushInterval: '600000' }));
    const crashed = page.waitForEvent('crash');
    void page
      .evaluate((run) => {
        for (let i = 0; i < 200; i++) (window as any).tracker.track({ run, i, pad: 'p'.repeat(80) });
        (window as any).crashInThisTask();
      }, run)
      .catch(() => undefined); // never answers: the renderer is gone
    await crashed;
    await page.close().catch(() => undefined);
    rounds.push({ run, n: 200, lost: true });
  }
  const next = await context.newPage();
  await next.goto(landing());
  await delivered(next);
  await settle('renderer crash in the task that tracked', rounds, next);
});
