// Auto-capture end to end: page views, errors and web vitals from the minified bundle (and the ESM
// build, the SPA way) in Chromium, as the collector stores them.
import { test, expect, type Page } from '@playwright/test';
import { COLLECTOR, collectorLogs, resetCollector, type StoredLog } from './collector.ts';
import { skipUnlessNamed } from './skipUnlessNamed.ts';

type Build = 'umd' | 'esm';
type W = Window & Record<string, any>;

const trackerOptions = { host: COLLECTOR, project: 'demo', logstore: 'web', flushInterval: 100, maxInFlight: 1 };

test.beforeEach(async () => {
  await resetCollector();
});

/** Opens an auto-capture page; the page starts a tracker and autoCapture with these options. */
async function open(page: Page, build: Build, auto: Record<string, unknown> = {}, path?: string): Promise<string> {
  await page.addInitScript((c) => { (window as W).testConfig = c; }, { tracker: trackerOptions, auto });
  await page.goto(path ?? `/auto-${build}.html`);
  if (build === 'esm') await page.evaluate(() => (window as W).ready);
  return new URL(page.url()).origin;
}

/** Polls until the collector holds at least `n` logs of `type`, then returns them in the order they were tracked. */
async function logsOf(type: string, n: number, timeoutMs = 15_000): Promise<StoredLog[]> {
  const end = Date.now() + timeoutMs;
  let logs: StoredLog[];
  do {
    logs = (await collectorLogs()).filter((l) => l.type === type);
    if (logs.length >= n) break;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < end);
  return logs.sort((a, b) => Number(a._ts) - Number(b._ts));
}

/** Flushes, waits, and returns every log of `type`: for "and nothing more" checks. */
async function settled(page: Page, type: string, waitMs = 500): Promise<StoredLog[]> {
  await page.evaluate(() => (window as W).tracker.flush());
  await page.waitForTimeout(waitMs);
  return logsOf(type, 0, 0);
}

/** Runs `action` in the page and waits for the history event it causes (plus a task). */
async function navigate(page: Page, event: 'popstate' | 'hashchange', action: string): Promise<void> {
  await page.evaluate(
    ([event, action]) =>
      new Promise<void>((resolve) => {
        addEventListener(event!, () => setTimeout(resolve, 50), { once: true });
        new Function(action!)();
      }),
    [event, action],
  );
}

const view = (l: StoredLog) => ({ trigger: l.trigger, url: l.url, path: l.path, prev_path: l.prev_path });

for (const build of ['umd', 'esm'] as const) {
  test(`${build}: SPA page views with keepHash: one per navigation, none doubled`, async ({ page }) => {
    const origin = await open(page, build, { keepHash: true, allowedParams: ['page'], errors: false, vitals: false });
    const first = `/auto-${build}.html`;
    await page.evaluate(() => {
      history.pushState({}, '', '/app/a');
      history.pushState({}, '', '/app/a'); // same URL: no view
      history.replaceState({ scroll: 1 }, '', '/app/a'); // routers store state this way: no view
      history.replaceState(null, ''); // no URL: no view
      history.replaceState({}, '', '/app/b');
      history.pushState({}, '', '/app/c?token=secret&page=2#x');
    });
    await navigate(page, 'hashchange', "location.hash = 'y'"); // popstate and hashchange: one view
    await navigate(page, 'hashchange', 'history.back()'); // back to #x: popstate and hashchange
    await navigate(page, 'popstate', 'history.back()'); // back to /app/b
    await navigate(page, 'popstate', 'history.forward()'); // forward to /app/c#x
    await page.evaluate(() => history.pushState({}, '', '#z')); // the fragment alone, by pushState

    const c = `${origin}/app/c?page=2`;
    const expected = [
      { trigger: 'load', url: origin + first, path: first, prev_path: undefined },
      { trigger: 'pushState', url: `${origin}/app/a`, path: '/app/a', prev_path: first },
      { trigger: 'replaceState', url: `${origin}/app/b`, path: '/app/b', prev_path: '/app/a' },
      { trigger: 'pushState', url: `${c}#x`, path: '/app/c', prev_path: '/app/b' },
      { trigger: 'hashchange', url: `${c}#y`, path: '/app/c', prev_path: '/app/c' },
      { trigger: 'hashchange', url: `${c}#x`, path: '/app/c', prev_path: '/app/c' },
      { trigger: 'popstate', url: `${origin}/app/b`, path: '/app/b', prev_path: '/app/c' },
      { trigger: 'popstate', url: `${c}#x`, path: '/app/c', prev_path: '/app/b' },
      { trigger: 'pushState', url: `${c}#z`, path: '/app/c', prev_path: '/app/c' },
    ];
    const views = await logsOf('pageview', expected.length);
    expect(views.map(view)).toEqual(expected);
    expect((await settled(page, 'pageview')).length).toBe(expected.length);

    const title = await page.title();
    for (const v of views) {
      expect(v.title).toBe(title);
      expect(v.viewport).toMatch(/^\d+x\d+$/);
      expect(v.referrer).toBe('');
      expect(v.visitor_id).toMatch(/^[0-9a-f]{24}$/);
      expect(v.session_id).toMatch(/^[0-9a-f]{24}$/);
      expect(v.visitor_id).toBe(views[0]!.visitor_id);
      expect(v.session_id).toBe(views[0]!.session_id);
    }
  });
}

test('default options: query and fragment removed, a fragment change is no page view', async ({ page }) => {
  const origin = await open(page, 'umd', { errors: false, vitals: false });
  await page.evaluate(() => history.pushState({}, '', '/spa/one?token=secret#frag'));
  await navigate(page, 'hashchange', "location.hash = 'other'");
  await navigate(page, 'hashchange', 'history.back()');
  await navigate(page, 'popstate', 'history.back()');
  await navigate(page, 'popstate', 'history.forward()');
  const expected = [
    { trigger: 'load', url: `${origin}/auto-umd.html`, path: '/auto-umd.html', prev_path: undefined },
    { trigger: 'pushState', url: `${origin}/spa/one`, path: '/spa/one', prev_path: '/auto-umd.html' },
    { trigger: 'popstate', url: `${origin}/auto-umd.html`, path: '/auto-umd.html', prev_path: '/spa/one' },
    { trigger: 'popstate', url: `${origin}/spa/one`, path: '/spa/one', prev_path: '/auto-umd.html' },
  ];
  expect((await logsOf('pageview', expected.length)).map(view)).toEqual(expected);
  expect((await settled(page, 'pageview')).length).toBe(expected.length);
});

test('page views: the title the router sets after pushState, logged with the time of the navigation', async ({ page }) => {
  await open(page, 'umd', { errors: false, vitals: false });
  await logsOf('pageview', 1);
  // Three ways a router names the new page after changing the URL; each resolves with the time
  // of its pushState, once the title is set (and a moment more).
  const times = await page.evaluate(async () => {
    const after = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const route = async (path: string, setTitle: () => void) => {
      const t = Date.now();
      history.pushState({}, '', path);
      setTitle();
      await after(300);
      return t;
    };
    return [
      await route('/later/timeout', () => setTimeout(() => { document.title = 'Timeout page'; }, 50)),
      await route('/later/frame', () => requestAnimationFrame(() => { document.title = 'Frame page'; })),
      // React 19 and Next: the old <title> goes, a new one is inserted, a render later.
      await route('/later/react', () => setTimeout(() => {
        document.querySelector('title')!.remove();
        const el = document.createElement('title');
        el.textContent = 'React page';
        document.head.appendChild(el);
      }, 150)),
    ];
  });
  const views = (await logsOf('pageview', 4)).slice(1);
  expect(views.map((v) => [v.path, v.title])).toEqual([
    ['/later/timeout', 'Timeout page'],
    ['/later/frame', 'Frame page'],
    ['/later/react', 'React page'],
  ]);
  // The time of the navigation, not of the title (150 ms later for the last one).
  views.forEach((v, i) => expect(Math.abs(Number(v._ts) - times[i]!)).toBeLessThan(100));
  expect((await settled(page, 'pageview')).length).toBe(4);
});

test('page views: a view is logged 1 s after its navigation, with the title then and the time of the navigation', async ({ page }) => {
  await open(page, 'umd', { errors: false, vitals: false });
  await logsOf('pageview', 1);
  const t = await page.evaluate(() => {
    history.pushState({}, '', '/slow-title');
    setTimeout(() => { document.title = 'Loading…'; }, 100);
    setTimeout(() => { document.title = 'Slow page'; }, 600);
    setTimeout(() => { document.title = 'Too late'; }, 1500);
    return Date.now();
  });
  const [, v] = await logsOf('pageview', 2);
  expect(v).toMatchObject({ path: '/slow-title', title: 'Slow page', prev_path: '/auto-umd.html' });
  expect(Math.abs(Number(v!._ts) - t)).toBeLessThan(100);
});

test('page views: leaving the page right after pushState still logs the view', async ({ page }) => {
  await open(page, 'umd', { errors: false, vitals: false });
  await logsOf('pageview', 1);
  await page.evaluate(() => {
    history.pushState({}, '', '/leaving');
    location.href = '/blank.html';
  });
  await page.waitForURL('**/blank.html');
  const views = await logsOf('pageview', 2);
  expect(views.map((v) => [v.trigger, v.path, v.title])).toEqual([
    ['load', '/auto-umd.html', 'auto-capture (UMD, minified)'],
    ['pushState', '/leaving', 'auto-capture (UMD, minified)'],
  ]);
});

test("page views: 'manual' logs only the views tracker.pageView() asks for, with the fields given", async ({ page }) => {
  const origin = await open(page, 'umd', { errors: false, vitals: false, pageViews: 'manual' });
  await page.evaluate(() => {
    const t = (window as W).tracker;
    history.pushState({}, '', '/m/one?token=secret');
    t.pageView();
    history.pushState({}, '', '/m/two');
    t.pageView({ title: 'Two', section: 'docs' });
    history.pushState({}, '', '/m/three'); // the app did not ask: no view
    dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
  });
  const views = await logsOf('pageview', 2);
  expect(views.map((v) => ({ ...view(v), title: v.title, section: v.section }))).toEqual([
    { trigger: 'manual', url: `${origin}/m/one`, path: '/m/one', prev_path: undefined, title: 'auto-capture (UMD, minified)', section: undefined },
    { trigger: 'manual', url: `${origin}/m/two`, path: '/m/two', prev_path: '/m/one', title: 'Two', section: 'docs' },
  ]);
  expect((await settled(page, 'pageview', 1500)).length).toBe(2);
});

test('manual track() calls carry the visitor and session ids; they persist across a reload', async ({ page }) => {
  await open(page, 'umd', { errors: false, vitals: false, pageViews: false });
  await page.evaluate(() => (window as W).tracker.track({ event: 'signup' }));
  await page.reload();
  await page.evaluate(() => (window as W).tracker.track({ event: 'second' }));
  await expect.poll(async () => (await collectorLogs()).length).toBe(2);
  const [a, b] = (await collectorLogs()).sort((x, y) => Number(x._ts) - Number(y._ts));
  expect(a!.event).toBe('signup');
  expect(b!.event).toBe('second');
  expect(a!.visitor_id).toMatch(/^[0-9a-f]{24}$/);
  expect(b!.visitor_id).toBe(a!.visitor_id);
  expect(b!.session_id).toBe(a!.session_id);
  expect(await page.evaluate(() => localStorage.getItem('sls-webtrack:vid'))).toBe(a!.visitor_id);
});

test('visitorId and sessionId can be switched off', async ({ page }) => {
  await open(page, 'umd', { errors: false, vitals: false, visitorId: false, sessionId: false });
  const [v] = await logsOf('pageview', 1);
  expect(v!.visitor_id).toBeUndefined();
  expect(v!.session_id).toBeUndefined();
  expect(await page.evaluate(() => localStorage.getItem('sls-webtrack:vid'))).toBeNull();
});

test('bfcache: a restore from the back/forward cache is a page view', async ({ playwright, launchOptions, baseURL }) => {
  // Playwright starts Chromium with --disable-back-forward-cache: this test needs one without it.
  const browser = await playwright.chromium.launch({ ...launchOptions, ignoreDefaultArgs: ['--disable-back-forward-cache'] });
  try {
    const page = await browser.newPage({ baseURL });
    await open(page, 'umd', { errors: false, vitals: false });
    await logsOf('pageview', 1);
    await page.evaluate(() => addEventListener('pageshow', (e) => { if (e.persisted) (window as W).restored = true; }));
    await page.goto('/blank.html');
    await page.goBack({ waitUntil: 'commit' }); // a restored page fires no load event
    await page.waitForFunction(() => document.readyState === 'complete');
    await page.waitForTimeout(300);
    const restored = await page.evaluate(() => (window as W).restored === true);
    const reasons = restored
      ? ''
      : await page.evaluate(() => JSON.stringify((performance.getEntriesByType('navigation')[0] as any)?.notRestoredReasons ?? null));
    skipUnlessNamed(!restored, 'a restore from the back/forward cache as a page view', `Chromium loaded the page again instead (notRestoredReasons: ${reasons})`);
    const views = await logsOf('pageview', 2);
    expect(views.map((v) => [v.trigger, v.path])).toEqual([['load', '/auto-umd.html'], ['bfcache', '/auto-umd.html']]);
    expect((await settled(page, 'pageview')).length).toBe(2);
  } finally {
    await browser.close();
  }
});

test('bfcache: a pageshow with persisted=true is one page view, a plain pageshow none', async ({ page }) => {
  const origin = await open(page, 'umd', { errors: false, vitals: false });
  await page.evaluate(() => {
    dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }));
    dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
  });
  const views = await logsOf('pageview', 2);
  expect(views.map(view)).toEqual([
    { trigger: 'load', url: `${origin}/auto-umd.html`, path: '/auto-umd.html', prev_path: undefined },
    { trigger: 'bfcache', url: `${origin}/auto-umd.html`, path: '/auto-umd.html', prev_path: undefined },
  ]);
  expect((await settled(page, 'pageview')).length).toBe(2);
});

test('prerender: a page prerendered by speculation rules is counted when shown', async ({ page }) => {
  // Ask Chromium why it did (not) prerender, for the skip reason.
  const cdp = await page.context().newCDPSession(page);
  let status = 'no status reported';
  cdp.on('Preload.prerenderStatusUpdated', (e) => { status = `${e.status}${e.prerenderStatus ? ` (${e.prerenderStatus})` : ''}`; });
  await cdp.send('Preload.enable');
  await page.goto('/blank.html');
  await page.evaluate((c) => localStorage.setItem('testConfig', JSON.stringify(c)), {
    tracker: trackerOptions,
    auto: { errors: false, vitals: false },
  });
  await page.goto('/auto-prerender.html');
  await page.waitForTimeout(1500); // time to prerender
  const before = (await collectorLogs()).filter((l) => l.type === 'pageview').length;
  await page.click('#go');
  await page.waitForURL('**/auto-umd.html?prerendered=1');
  const activationStart = await page.evaluate(
    () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming & { activationStart?: number })?.activationStart ?? 0,
  );
  skipUnlessNamed(!(activationStart > 0), 'a page prerendered by speculation rules', `Chromium did not prerender it: ${status}`);
  expect(before).toBe(0);
  const views = await logsOf('pageview', 1);
  expect(views.map((v) => v.trigger)).toEqual(['prerender']);
  expect((await settled(page, 'pageview')).length).toBe(1);
});

test('prerender: no page view while document.prerendering, one at prerenderingchange', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(document, 'prerendering', { value: true, configurable: true }));
  await open(page, 'umd', { errors: false, vitals: false });
  await page.evaluate(() => history.pushState({}, '', '/while-prerendering'));
  await page.waitForTimeout(400);
  expect((await settled(page, 'pageview')).length).toBe(0);
  await page.evaluate(() => {
    Object.defineProperty(document, 'prerendering', { value: false, configurable: true });
    document.dispatchEvent(new Event('prerenderingchange'));
  });
  const views = await logsOf('pageview', 1);
  expect(views.map((v) => [v.trigger, v.path, v.prev_path])).toEqual([['prerender', '/while-prerendering', undefined]]);
  expect((await settled(page, 'pageview')).length).toBe(1);
});

test('errors: a thrown error, rejections of every kind of reason, failed resource loads', async ({ page }) => {
  const origin = await open(page, 'umd', { pageViews: false, vitals: false });
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.src = '/auto-throw.js?token=secret#frag';
    document.head.append(s);
    void Promise.reject('a plain string');
    void Promise.reject({ code: 42, detail: 'an object' });
    void Promise.reject(undefined);
    void Promise.reject(null);
    void Promise.reject(new TypeError('a TypeError'));
    const img = document.createElement('img');
    img.src = '/missing.png?token=secret#x';
    document.body.append(img);
    const js = document.createElement('script');
    js.src = '/missing.js';
    document.head.append(js);
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/missing.css?v=1';
    document.head.append(css);
  });
  const errors = await logsOf('error', 9);
  const by = (kind: string) => errors.filter((e) => e.kind === kind);

  const [thrown] = by('error');
  expect(thrown).toMatchObject({ message: 'Uncaught Error: thrown from auto-throw.js', source: `${origin}/auto-throw.js`, line: '3' });
  expect(Number(thrown!.column)).toBeGreaterThan(0);
  expect(thrown!.stack).toContain('thrown from auto-throw.js');
  expect(thrown!.stack).not.toContain('secret');

  const rejections = by('rejection').map((r) => r.message).sort();
  expect(rejections).toEqual(['TypeError: a TypeError', 'a plain string', 'null', 'undefined', '{"code":42,"detail":"an object"}'].sort());
  expect(by('rejection').find((r) => r.message === 'TypeError: a TypeError')!.stack).toContain('a TypeError');

  expect(by('resource').map((r) => [r.tag, r.source]).sort()).toEqual(
    [['img', `${origin}/missing.png`], ['link', `${origin}/missing.css`], ['script', `${origin}/missing.js`]].sort(),
  );
  expect(JSON.stringify(errors)).not.toContain('secret');
  expect((await settled(page, 'error')).length).toBe(9);
});

test('errors: stacks are capped at stackLimit', async ({ page }) => {
  await open(page, 'umd', { pageViews: false, vitals: false, stackLimit: 300 });
  await page.evaluate(() => setTimeout(() => { throw new Error('long ' + 'x'.repeat(5000)); }));
  const [e] = await logsOf('error', 1);
  expect(e!.stack!.length).toBe(300);
  expect(e!.stack!.startsWith('Error: long xxx')).toBe(true);
});

test('errors: 1000 identical throws give maxSameErrors logs and one summary with the suppressed count', async ({ page }) => {
  await open(page, 'umd', { pageViews: false, vitals: false, errorWindow: 3000 });
  await page.evaluate(() => {
    for (let i = 0; i < 1000; i++) setTimeout(() => { throw new Error('stuck in a loop'); });
  });
  const logs = await logsOf('error', 6);
  expect(logs).toHaveLength(6);
  const plain = logs.filter((l) => !l.suppressed);
  expect(plain).toHaveLength(5); // maxSameErrors, the default
  const [summary] = logs.filter((l) => l.suppressed);
  expect(summary).toMatchObject({ kind: 'error', message: 'Uncaught Error: stuck in a loop', suppressed: '995', limit: 'same' });
  expect(Number(summary!._ts) - Number(plain[0]!._ts)).toBeGreaterThanOrEqual(2900); // at the window's end
  expect((await settled(page, 'error')).length).toBe(6);
});

test('errors: an error loop whose message changes is capped by maxErrors, with one summary', async ({ page }) => {
  await open(page, 'umd', { pageViews: false, vitals: false, errorWindow: 2000, maxErrors: 10 });
  await page.evaluate(() => {
    for (let i = 0; i < 200; i++) setTimeout(() => { throw new Error(`failure #${i}`); });
  });
  const logs = await logsOf('error', 11);
  expect(logs.filter((l) => !l.suppressed)).toHaveLength(10);
  const summaries = logs.filter((l) => l.suppressed);
  expect(summaries).toHaveLength(1);
  expect(summaries[0]).toMatchObject({ suppressed: '190', limit: 'all', message: 'Uncaught Error: failure #10' });
  expect((await settled(page, 'error')).length).toBe(11);
});

test('errors: suppressed counts are reported when the page hides, before the window ends', async ({ page }) => {
  await open(page, 'umd', { pageViews: false, vitals: false }); // a one-minute window
  await page.evaluate(() => {
    for (let i = 0; i < 50; i++) setTimeout(() => { throw new Error('again'); });
  });
  await logsOf('error', 5);
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const logs = await logsOf('error', 6);
  expect(logs.find((l) => l.suppressed)).toMatchObject({ message: 'Uncaught Error: again', suppressed: '45' });
});

test('web vitals: FCP, TTFB, LCP, CLS and INP arrive once the page is hidden', async ({ page }) => {
  await open(page, 'umd', { errors: false, pageViews: false });
  await page.waitForTimeout(500); // the layout shift happens at 200 ms
  await page.click('#slow'); // an interaction for INP; it also finalizes LCP
  await page.waitForTimeout(1500);
  const early = (await collectorLogs()).filter((l) => l.type === 'vital').map((l) => l.name);
  expect(early).not.toContain('CLS'); // final values only: CLS waits for the page to hide
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const vitals = await logsOf('vital', 5);
  expect(vitals.map((v) => v.name).sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
  for (const v of vitals) {
    expect(Number(v.value)).toBeGreaterThanOrEqual(0);
    expect(v.delta).toBe(v.value); // one report per metric: the final value
    expect(['good', 'needs-improvement', 'poor']).toContain(v.rating);
    expect(v.id).toMatch(/^v\d/);
    expect(v.navigationType).toBe('navigate');
    expect(v.visitor_id).toMatch(/^[0-9a-f]{24}$/);
  }
  expect(Number(vitals.find((v) => v.name === 'CLS')!.value)).toBeGreaterThan(0);
  expect(Number(vitals.find((v) => v.name === 'INP')!.value)).toBeGreaterThanOrEqual(100);
});

test('script tag: web-vitals is a second file next to the bundle, fetched only after the page has loaded', async ({ page }) => {
  await open(page, 'umd', { errors: false, pageViews: false });
  await page.waitForFunction(() => !!(window as W).slsVitals);
  const t = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const vitals = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/dist/sls-webtrack.vitals.js'));
    return { loadStart: nav.loadEventStart, vitalsStart: vitals?.startTime ?? -1 };
  });
  // Requested from the page's load event, not before.
  expect(t.loadStart).toBeGreaterThan(0);
  expect(t.vitalsStart).toBeGreaterThanOrEqual(t.loadStart);
  // The bundle itself holds no web-vitals code.
  const bundle = await (await page.request.get('/dist/sls-webtrack.min.js')).text();
  expect(bundle).not.toContain('largest-contentful-paint');
  expect(await (await page.request.get('/dist/sls-webtrack.vitals.js')).text()).toContain('largest-contentful-paint');
});

test('script tag: when the vitals file cannot load, one error log says so and the rest works', async ({ page }) => {
  await page.route('**/dist/sls-webtrack.vitals.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await open(page, 'umd', { errors: false, pageViews: true });
  const errors = await logsOf('error', 1);
  expect(errors[0]).toMatchObject({ type: 'error', kind: 'vitals' });
  expect(errors[0]!.message).toMatch(/sls-webtrack\.vitals\.js did not load/);
  expect((await logsOf('pageview', 1))[0]!.trigger).toBe('load');
});

test('web vitals: navigating away delivers them (real visibilitychange and pagehide)', async ({ page }) => {
  await open(page, 'umd', { errors: false, pageViews: false });
  await page.waitForTimeout(500);
  await page.click('#slow');
  await page.waitForTimeout(1500);
  await page.goto('/blank.html');
  const vitals = await logsOf('vital', 5);
  expect(vitals.map((v) => v.name).sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
});

test('each capture source can be switched off', async ({ page }) => {
  await open(page, 'umd', { pageViews: false, errors: false, vitals: false });
  await page.evaluate(() => {
    history.pushState({}, '', '/nowhere');
    setTimeout(() => { throw new Error('not captured'); });
    (window as W).tracker.track({ event: 'manual' });
  });
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.waitForTimeout(1000);
  const logs = await collectorLogs();
  expect(logs.map((l) => l.type ?? l.event)).toEqual(['manual']);
});

test('stop() removes every listener and restores history; a patch added later keeps working', async ({ page }) => {
  await open(page, 'umd', { vitals: false });
  const out = await page.evaluate(() => {
    const w = window as W;
    const wrapped = history.replaceState;
    // Another library patches pushState after us.
    const ours = history.pushState;
    let theirs = 0;
    history.pushState = function (...args: Parameters<History['pushState']>) {
      theirs++;
      return ours.apply(this, args);
    };
    w.stopCapture();
    w.stopCapture(); // twice is harmless
    history.pushState({}, '', '/after-stop');
    history.replaceState({}, '', '/after-stop-2');
    setTimeout(() => { throw new Error('after stop'); });
    return { theirs, replaceRestored: history.replaceState !== wrapped && /native code/.test(String(history.replaceState)) };
  });
  expect(out.theirs).toBe(1);
  expect(out.replaceRestored).toBe(true);
  await page.waitForTimeout(300);
  const logs = await settled(page, 'pageview');
  expect(logs.map((l) => l.trigger)).toEqual(['load']);
  expect((await collectorLogs()).filter((l) => l.type === 'error')).toHaveLength(0);
});

test('bad options throw a TypeError naming the option', async ({ page }) => {
  await page.goto('/blank.html');
  const errors = await page.evaluate((host) => {
    const lib = (window as W).SlsWebTrack;
    const t = lib.createTracker({ host, project: 'demo', logstore: 'web' });
    const out: string[] = [];
    for (const bad of [{ pageViews: 'yes' }, { sessionTimeout: -1 }, { allowedParams: 'a,b' }, { stackLimit: 1.5 }]) {
      try {
        lib.autoCapture(t, bad);
        out.push('no error');
      } catch (e) {
        out.push(`${(e as Error).name}: ${(e as Error).message}`);
      }
    }
    return out;
  }, COLLECTOR);
  expect(errors[0]).toMatch(/TypeError: .*"pageViews"/);
  expect(errors[1]).toMatch(/TypeError: .*"sessionTimeout"/);
  expect(errors[2]).toMatch(/TypeError: .*"allowedParams"/);
  expect(errors[3]).toMatch(/TypeError: .*"stackLimit"/);
});
