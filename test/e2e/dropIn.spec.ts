// The script-tag drop-in: the minified bundle started by data- attributes alone, the call queue
// for calls made before it loads, and start() for what attributes cannot say.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { COLLECTOR, collectorLogs, resetCollector, waitForLogs, type StoredLog } from './collector.ts';
import { fillPlaceholders } from './fillPlaceholders.ts';

type W = Window & Record<string, any>;

test.beforeEach(async () => {
  await resetCollector();
});

/** Collects the tracker's console errors and the page's uncaught exceptions. */
function watchErrors(page: Page): { console: string[]; uncaught: string[] } {
  const out = { console: [] as string[], uncaught: [] as string[] };
  page.on('console', (m) => { if (m.type() === 'error' && m.text().includes('sls-webtrack')) out.console.push(m.text()); });
  page.on('pageerror', (e) => out.uncaught.push(String(e)));
  return out;
}

// Logs of one page, in the order they were tracked: `_id` is the tab's prefix and a base-36
// sequence number, which sorts as text while it has one digit (fewer than 36 logs).
const inOrder = (logs: StoredLog[]) => [...logs].sort((a, b) => (a._id! < b._id! ? -1 : 1));

test('data- attributes alone start a tracker with auto-capture', async ({ page }) => {
  const errors = watchErrors(page);
  await fillPlaceholders(page);
  await page.goto('/dropin-attrs.html?utm_source=news&token=secret#top');
  const origin = new URL(page.url()).origin;
  // The load view waits for the title (up to 1 s): vitals may come first.
  await expect.poll(async () => (await collectorLogs()).some((l) => l.type === 'pageview')).toBe(true);
  const view = (await collectorLogs()).find((l) => l.type === 'pageview');
  expect(view).toMatchObject({
    type: 'pageview',
    trigger: 'load',
    url: `${origin}/dropin-attrs.html?utm_source=news`,
    path: '/dropin-attrs.html',
    title: 'drop-in: data attributes only',
    __topic__: 'dropin',
    __source__: 'dropin-page',
    '__tag__:site': 'dropin',
  });
  expect(view!.visitor_id).toMatch(/^[0-9a-f]{24}$/);
  expect(view!.session_id).toMatch(/^[0-9a-f]{24}$/);

  const state = await page.evaluate(() => {
    const g = (window as W).SlsWebTrack;
    return {
      started: typeof g.tracker?.track === 'function',
      api: ['createTracker', 'autoCapture', 'start', 'track', 'flush', 'optOut', 'optIn'].filter((k) => typeof g[k] !== 'function'),
      queueReplaced: !Array.isArray((window as W).slsq),
    };
  });
  expect(state).toEqual({ started: true, api: [], queueReplaced: true });

  // data-errors="false": an error is not captured. The global and the tracker both track.
  await page.evaluate(async () => {
    setTimeout(() => { throw new Error('not captured'); });
    await new Promise((r) => setTimeout(r, 50));
    const g = (window as W).SlsWebTrack;
    g.track({ event: 'via the global' });
    g.tracker.track({ event: 'via the tracker' });
    await g.flush();
  });
  await expect.poll(async () => (await collectorLogs()).filter((l) => l.event).length).toBe(2);
  const logs = inOrder((await collectorLogs()).filter((l) => l.type !== 'vital'));
  expect(logs.map((l) => l.type ?? l.event)).toEqual(['pageview', 'via the global', 'via the tracker']);
  expect(logs[1]!.visitor_id).toBe(view!.visitor_id);
  expect(errors.console).toEqual([]);
});

test('calls made before the script loaded are delivered, in order, once it has', async ({ page }) => {
  const errors = watchErrors(page);
  await fillPlaceholders(page);
  await page.goto('/dropin-queue.html');
  expect(await page.evaluate(() => (window as W).globalBeforeLoad)).toBe('undefined');
  await expect.poll(async () => (await collectorLogs()).filter((l) => l.event).length).toBe(5);
  const logs = inOrder((await collectorLogs()).filter((l) => l.type !== 'vital'));
  // Auto-capture starts first, so that queued logs get the ids too; its load view waits for the
  // page's title (up to 1 s), so it is tracked after the queued calls, with the time of the load.
  await expect.poll(async () => (await collectorLogs()).filter((l) => l.type === 'pageview').length).toBe(1);
  logs.push(...(await collectorLogs()).filter((l) => l.type === 'pageview'));
  expect(logs.map((l) => (l.type === 'pageview' ? 'pageview' : `${l.event} ${l.n}`))).toEqual([
    'early 1',
    'early 2',
    'early 3',
    'late 4',
    'late 5',
    'pageview',
  ]);
  expect(logs[2]!.__topic__).toBe('queued-topic');
  expect(Number(logs[5]!._ts)).toBeLessThan(Number(logs[0]!._ts) + 100);
  for (const l of logs) expect(l.visitor_id).toBe(logs[0]!.visitor_id);
  await page.waitForTimeout(500);
  expect((await collectorLogs()).filter((l) => l.type !== 'vital')).toHaveLength(6);
  expect(errors.console).toEqual([]);
  expect(errors.uncaught).toEqual([]);
});

for (const [name, attrs, why] of [
  ['a bad compress value', 'data-logstore="web" data-compress="zstd"', /"compress"/],
  ['a missing logstore', 'data-project="demo"', /"logstore"/],
  ['a number that is not one', 'data-logstore="web" data-flush-interval="soon"', /"flushInterval"/],
  ['a boolean that is not one', 'data-logstore="web" data-page-views="no"', /"pageViews"/],
  // Text that is no JSON stays text: the option's own check names it.
  ['tags that are not JSON', "data-logstore=\"web\" data-tags='site=x'", /"tags"/],
] as const) {
  test(`invalid attributes (${name}) are reported with console.error and break nothing`, async ({ page }) => {
    const errors = watchErrors(page);
    const base = name === 'a missing logstore' ? 'data-host="__COLLECTOR__"' : 'data-host="__COLLECTOR__" data-project="demo"';
    await fillPlaceholders(page, `${base} ${attrs}`);
    await page.goto('/dropin-template.html');
    const state = await page.evaluate(() => ({
      runs: (window as W).pageStillRuns === true,
      tracker: (window as W).SlsWebTrack.tracker,
      api: typeof (window as W).SlsWebTrack.createTracker,
    }));
    expect(state).toEqual({ runs: true, tracker: undefined, api: 'function' });
    expect(errors.uncaught).toEqual([]);
    expect(errors.console).toHaveLength(1);
    expect(errors.console[0]).toMatch(why);
    await page.waitForTimeout(300);
    expect(await collectorLogs()).toEqual([]);
  });
}

test('without data- attributes nothing starts; start() takes options attributes cannot give', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/blank.html');
  const state = await page.evaluate(async (host) => {
    const g = (window as W).SlsWebTrack;
    const before = g.tracker;
    // Queued: no tracker yet.
    g.track({ event: 'queued before start' });
    const t = g.start({
      host, project: 'demo', logstore: 'web', flushInterval: 100, vitals: false,
      beforeSend: (log: Record<string, unknown>) => (log.type === 'pageview' ? { ...log, title: '[removed]' } : log),
    });
    const again = g.start({ host, project: 'demo', logstore: 'web' });
    await g.flush();
    return { before, same: t === g.tracker && again === t };
  }, COLLECTOR);
  expect(state).toEqual({ before: undefined, same: true });
  const logs = inOrder(await waitForLogs(2));
  // The load view waited for the title: tracked after the queued call.
  expect(logs.map((l) => l.type ?? l.event)).toEqual(['queued before start', 'pageview']);
  expect(logs[1]!.title).toBe('[removed]');
  // A second start() returns the first tracker; only the debug build says so.
  expect(errors.console).toEqual([]);
});

/** The README's pre-load stub (Quick start, "Script tag"), as written. */
const readmeStub = (() => {
  const section = readFileSync('README.md', 'utf8').split('### Script tag (no build step)')[1]!;
  return /```html\n(<script>[\s\S]*?<\/script>)/.exec(section)![1]!;
})();

test("errors before the async script arrives are captured once it has, with their own time (the README's stub)", async ({ page }) => {
  const errors = watchErrors(page);
  await page.context().grantPermissions(['local-network-access']);
  await page.route('**/dropin-early.html', (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><meta charset="utf-8"><title>early errors</title>
${readmeStub}
</head><body>
<img id="broken" src="/missing-early.png" onerror="window.imgFailed = { at: Date.now(), tracker: typeof SlsWebTrack }">
<script>
  window.rejectedAt = Date.now();
  Promise.reject(new Error('early rejection'));
  // The script arrives late: an async tag added once the image has failed, and a moment more.
  var wait = setInterval(function () {
    if (!window.imgFailed) return;
    clearInterval(wait);
    setTimeout(function () {
      var s = document.createElement('script');
      s.async = true;
      s.src = '/dist/sls-webtrack.min.js';
      s.setAttribute('data-host', ${JSON.stringify(COLLECTOR)});
      s.setAttribute('data-project', 'demo');
      s.setAttribute('data-logstore', 'web');
      s.setAttribute('data-flush-interval', '100');
      s.setAttribute('data-vitals', 'false');
      s.setAttribute('data-page-views', 'false');
      s.onload = function () { window.loadedAt = Date.now(); };
      document.head.appendChild(s);
    }, 300);
  }, 10);
</script>
</body></html>`,
    }),
  );
  await page.goto('/dropin-early.html');
  await page.waitForFunction(() => (window as W).loadedAt);
  // Live errors after the start are captured once: the stub no longer listens.
  await page.evaluate(() => { setTimeout(() => { throw new Error('live error'); }); });
  await expect.poll(async () => (await collectorLogs()).filter((l) => l.type === 'error').length).toBe(3);
  const at = await page.evaluate(() => ({ img: (window as W).imgFailed, rejected: (window as W).rejectedAt, loaded: (window as W).loadedAt }));
  expect(at.img.tracker).toBe('undefined');
  const origin = new URL(page.url()).origin;
  const logs = (await collectorLogs()).filter((l) => l.type === 'error');
  const resource = logs.find((l) => l.kind === 'resource');
  const rejection = logs.find((l) => l.kind === 'rejection');
  expect(resource).toMatchObject({ tag: 'img', source: `${origin}/missing-early.png` });
  expect(rejection).toMatchObject({ message: 'Error: early rejection' });
  expect(rejection!.stack).toContain('early rejection');
  expect(logs.find((l) => l.kind === 'error')).toMatchObject({ message: expect.stringContaining('live error') });
  // Their own time, before the script loaded (300 ms and more), not the time of the replay.
  expect(Math.abs(Number(resource!._ts) - at.img.at)).toBeLessThan(50);
  expect(Math.abs(Number(rejection!._ts) - at.rejected)).toBeLessThan(50);
  expect(Number(resource!._ts)).toBeLessThan(at.loaded - 250);
  expect(resource!.visitor_id).toMatch(/^[0-9a-f]{24}$/);
  await page.waitForTimeout(300);
  expect((await collectorLogs()).filter((l) => l.type === 'error')).toHaveLength(3);
  expect(errors.console).toEqual([]);
});

test("data-page-views=\"manual\": only the views the page asks for, queued ones too", async ({ page }) => {
  const errors = watchErrors(page);
  await fillPlaceholders(page, 'data-host="__COLLECTOR__" data-project="demo" data-logstore="web" data-flush-interval="100" data-page-views="manual" data-vitals="false"');
  // Queued before the script: a stub that ran first.
  await page.addInitScript(() => {
    const w = window as W;
    w.slsq = [['pageView', { title: 'queued view' }]];
  });
  await page.goto('/dropin-template.html');
  await page.evaluate(() => {
    history.pushState({}, '', '/manual/next'); // no view: manual mode
    (window as W).slsq.push(['pageView', { title: 'asked for' }]);
  });
  await expect.poll(async () => (await collectorLogs()).filter((l) => l.type === 'pageview').length).toBe(2);
  await page.waitForTimeout(1300);
  const views = inOrder((await collectorLogs()).filter((l) => l.type === 'pageview'));
  expect(views.map((v) => [v.trigger, v.path, v.title])).toEqual([
    ['manual', '/dropin-template.html', 'queued view'],
    ['manual', '/manual/next', 'asked for'],
  ]);
  expect(errors.console).toEqual([]);
});
