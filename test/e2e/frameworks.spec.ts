// The README's React recipe where users run it (issue 22, item 14): built from the packed tarball
// into a Vite + React 19 app and into a server-rendered page (react-dom/server's renderToString,
// hydrated on the client), loaded in Chromium against the collector. Built once for the file, in
// beforeAll (test/e2e/frameworkApps.ts), about 5 s on an idle machine.
import { test, expect, type Page } from '@playwright/test';
import { collectorLogs, resetCollector, type StoredLog } from './collector.ts';
import { buildFrameworkApps, type FrameworkApps } from './frameworkApps.ts';

let apps: FrameworkApps;
/** Each app's run, kept for the title test (which runs the app again if its test did not run here). */
const runs = new Map<string, Run>();
type Run = Awaited<ReturnType<typeof exercise>>;

test.beforeAll(async () => {
  // Bounded, but generous for two cores shared with other work: pack, install, two vite builds.
  test.setTimeout(180_000);
  apps = await buildFrameworkApps();
  console.log(`frameworks: built in ${JSON.stringify(apps.timings)} ms`);
});

test.afterAll(async () => {
  await apps?.close();
});

test.beforeEach(async () => {
  await resetCollector();
});

/** Collects what went wrong on the page: uncaught errors, and console errors (React's hydration warnings among them). */
function watch(page: Page): { pageErrors: string[]; consoleErrors: string[] } {
  const seen = { pageErrors: [] as string[], consoleErrors: [] as string[] };
  page.on('pageerror', (e) => seen.pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.consoleErrors.push(m.text());
  });
  return seen;
}

/** Waits until the collector holds a log for each matcher, and returns them in the same order. */
async function arrived(matchers: Record<string, string | RegExp>[], timeout = 20_000): Promise<StoredLog[]> {
  const matches = (log: StoredLog, m: Record<string, string | RegExp>) =>
    Object.entries(m).every(([k, v]) => (typeof v === 'string' ? log[k] === v : v.test(log[k] ?? '')));
  let logs: StoredLog[] = [];
  await expect
    .poll(async () => {
      logs = await collectorLogs();
      return matchers.filter((m) => !logs.some((l) => matches(l, m)));
    }, { timeout, intervals: [200], message: 'logs missing at the collector' })
    .toEqual([]);
  return matchers.map((m) => logs.find((l) => matches(l, m))!);
}

/**
 * Opens the app at `base`, waits for its first page view (once it arrives, the app is hydrated:
 * the recipe's effect has run), then routes to /about, tracks, throws, and goes back.
 */
async function exercise(page: Page, base: string): Promise<{ logs: StoredLog[]; seen: ReturnType<typeof watch> }> {
  const seen = watch(page);
  await page.goto(`${apps.url}${base}/`);
  const [load] = await arrived([{ type: 'pageview', trigger: 'load', path: `${base}/` }]);
  await page.getByRole('link', { name: 'About' }).click();
  await expect(page.getByRole('heading', { name: 'About' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('button', { name: 'Check out' }).click();
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();
  const rest = await arrived([
    { type: 'pageview', trigger: 'pushState', path: `${base}/about` },
    { event: 'signup' },
    { type: 'error', kind: 'error', message: /checkout failed/ },
    { type: 'pageview', trigger: 'popstate', path: `${base}/` },
  ]);
  return { logs: [load!, ...rest], seen };
}

function checkArrivals({ logs, seen }: Run, base: string): void {
  const [load, about, signup, error, back] = logs;
  expect(load).toMatchObject({ url: `${apps.url}${base}/` });
  expect(about).toMatchObject({ prev_path: `${base}/`, url: `${apps.url}${base}/about` });
  expect(signup).toMatchObject({ event: 'signup', plan: 'pro' });
  expect(back).toMatchObject({ prev_path: `${base}/about` });
  // One tracker, with auto-capture's ids on every log, the custom event's too.
  const visitor = load!.visitor_id;
  expect(visitor).toMatch(/^[0-9a-f]{24}$/);
  for (const log of logs) expect(log).toMatchObject({ visitor_id: visitor, session_id: load!.session_id });
  expect(error!.stack).toContain('checkout failed');
  // The one uncaught error is the app's own.
  expect(seen.pageErrors).toEqual(['checkout failed']);
}

test('Vite + React 19 app: the first page view, a route change, a custom event, an error and a back step arrive', async ({ page }) => {
  // The recipe builds as it is: no warning from Vite (a 'use client' directive, say).
  expect(apps.warnings).toEqual([]);
  const run = await exercise(page, '');
  runs.set('', run);
  checkArrivals(run, '');
  expect(run.seen.consoleErrors).toEqual([]);
});

test('server-rendered React page, hydrated with the recipe: the same arrive, and hydration matches', async ({ page }) => {
  const run = await exercise(page, '/ssr');
  runs.set('/ssr', run);
  checkArrivals(run, '/ssr');
  // The server's HTML was used as it was (renderToString, then hydrateRoot): no mismatch reported.
  expect(run.seen.consoleErrors).toEqual([]);
  // Exactly one page view for the first load, as the recipe's one tracker per page promises.
  const loads = (await collectorLogs()).filter((l) => l.type === 'pageview' && l.trigger === 'load');
  expect(loads).toHaveLength(1);
});

// Depends on issue 22, item 1 (page views read the title once the router has set it): with the
// title read at pushState, /about is logged with "Home page" and the way back with "About page".
// On the two runs above; apart from them so that their checks pass or fail on their own.
test('page views carry the title of the page they view: first load, route change, back step (Vite and SSR)', async ({ browser }) => {
  for (const base of ['', '/ssr']) {
    let run = runs.get(base);
    if (!run) {
      await resetCollector();
      run = await exercise(await browser.newPage(), base);
    }
    const { logs } = run;
    const [load, about, , , back] = logs;
    expect.soft(load!.title, `${base || 'Vite'}: the first load`).toBe('Home page');
    expect.soft(about!.title, `${base || 'Vite'}: pushState to /about`).toBe('About page');
    expect.soft(back!.title, `${base || 'Vite'}: back to /`).toBe('Home page');
  }
});
