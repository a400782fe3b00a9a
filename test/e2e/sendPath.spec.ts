// The core send path end to end: the real bundle in Chromium, the real collector behind it.
import { test, expect, type Page } from '@playwright/test';
import { COLLECTOR, collectorRequests, resetCollector, waitForLogs, type StoredLog } from './collector.ts';

test.beforeEach(async () => {
  await resetCollector();
});

async function open(page: Page, build: 'umd' | 'esm'): Promise<void> {
  await page.goto(build === 'umd' ? '/blank.html' : '/esm.html');
  if (build === 'esm') await page.evaluate(() => (window as unknown as { ready: Promise<void> }).ready);
}

/** Logs with fields the tracker must carry through unchanged: unicode, quotes, numbers, nesting. */
function sampleLogs(n: number, tag: string): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => ({
    case: tag,
    i,
    text: `line ${i} — 日本語 🎉 "quoted" \\ back\nslash`,
    nested: { a: i, b: [1, 'two', null] },
    flag: i % 2 === 0,
  }));
}

function expectedFields(log: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(log)) out[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return out;
}

for (const build of ['umd', 'esm'] as const) {
  for (const compress of ['lz4', 'deflate', 'none'] as const) {
    test(`${build}: N logs arrive field for field with compress=${compress}`, async ({ page }) => {
      await open(page, build);
      const logs = sampleLogs(250, `${build}-${compress}`);
      await page.evaluate(
        async ({ collector, compress, logs }) => {
          const t = (window as any).SlsWebTrack.createTracker({
            host: collector, project: 'demo', logstore: 'web', compress, topic: 'e2e', flushInterval: 50,
          });
          for (const l of logs) t.track(l);
          await t.flush();
        },
        { collector: COLLECTOR, compress, logs },
      );
      const stored = await waitForLogs(logs.length);
      expect(stored).toHaveLength(logs.length);
      const byI = new Map<string, StoredLog>(stored.map((s) => [s.i!, s]));
      for (const l of logs) {
        const s = byI.get(String(l.i));
        expect(s, `log ${l.i}`).toBeTruthy();
        expect(s).toMatchObject(expectedFields(l));
        expect(s!.__topic__).toBe('e2e');
        expect(Number(s!._ts)).toBeGreaterThan(Date.now() - 60_000);
        expect(s!._id).toMatch(/^[a-z0-9]+$/);
      }
      expect(new Set(stored.map((s) => s._id)).size).toBe(logs.length);
      const reqs = (await collectorRequests()).filter((r) => r.status === 200);
      const expectedMode = compress === 'none' ? 'query' : 'header';
      expect(reqs.every((r) => r.mode === expectedMode)).toBe(true);
      if (compress !== 'none') expect(reqs.some((r) => r.compressType === compress)).toBe(true);
    });
  }
}

test('a burst of 10,000 logs of ~200 bytes goes out in at most 3 requests with default options', async ({ page }) => {
  await open(page, 'umd');
  const sizes = await page.evaluate(async (collector) => {
    const t = (window as any).SlsWebTrack.createTracker({ host: collector, project: 'demo', logstore: 'web' });
    const pad = 'x'.repeat(120);
    for (let i = 0; i < 10_000; i++) t.track({ event: 'click', target: `#button-${i % 50}`, path: '/products/42', i, pad });
    await t.flush();
    return t.stats();
  }, COLLECTOR);
  expect(sizes.sent).toBe(10_000);
  const stored = await waitForLogs(10_000);
  expect(stored).toHaveLength(10_000);
  const reqs = (await collectorRequests()).filter((r) => r.status === 200);
  expect(reqs.length).toBeLessThanOrEqual(3);
  expect(reqs.reduce((n, r) => n + r.logs, 0)).toBe(10_000);
  expect(stored[0]!.pad!.length).toBe(120);
});

test('cross-origin header mode passes the CORS preflight (page and collector on different origins)', async ({ page }) => {
  await open(page, 'umd');
  const pageOrigin = await page.evaluate(() => location.origin);
  expect(pageOrigin).not.toBe(COLLECTOR);
  // A different host name as well as a different port: the project is picked from the Host.
  const host = COLLECTOR.replace('127.0.0.1', 'demo.localhost');
  const result = await page.evaluate(async (host) => {
    const t = (window as any).SlsWebTrack.createTracker({ host, project: 'demo', logstore: 'events', compress: 'lz4' });
    t.track({ hello: 'preflight' });
    await t.flush();
    return t.stats();
  }, host);
  expect(result.sent).toBe(1);
  const stored = await waitForLogs(1, 'events');
  expect(stored[0]).toMatchObject({ hello: 'preflight' });
  const reqs = await collectorRequests();
  expect(reqs.find((r) => r.status === 200)?.mode).toBe('header');
});

test('bad options throw a TypeError naming the option; track() never throws', async ({ page }) => {
  await open(page, 'umd');
  const out = await page.evaluate((collector) => {
    const lib = (window as any).SlsWebTrack;
    const errors: string[] = [];
    for (const bad of [
      { project: 'demo', logstore: 'web' },
      { host: collector, project: 'Bad Project', logstore: 'web' },
      { host: collector, project: 'demo', logstore: 'web', compress: 'zstd' },
      { host: collector, project: 'demo', logstore: 'web', flushInterval: -1 },
      { host: collector, project: 'demo', logstore: 'web', topic: 'x'.repeat(200) },
    ]) {
      try {
        lib.createTracker(bad);
        errors.push('no error');
      } catch (e) {
        errors.push(`${(e as Error).name}: ${(e as Error).message}`);
      }
    }
    const drops: unknown[] = [];
    const t = lib.createTracker({ host: collector, project: 'demo', logstore: 'web', onDrop: (d: unknown) => drops.push(d) });
    const circular: any = { a: 1 };
    circular.self = circular;
    const thrown: string[] = [];
    for (const v of [circular, 10n, Symbol('s'), undefined, null, () => 1, 'x', new Error('boom')]) {
      try { t.track(v); } catch (e) { thrown.push(String(e)); }
    }
    try { t.track({ a: 1 }, { topic: 'x'.repeat(300) }); } catch (e) { thrown.push(String(e)); }
    return { errors, thrown, drops };
  }, COLLECTOR);
  expect(out.errors[0]).toMatch(/TypeError: .*"host"/);
  expect(out.errors[1]).toMatch(/TypeError: .*"project"/);
  expect(out.errors[2]).toMatch(/TypeError: .*"compress"/);
  expect(out.errors[3]).toMatch(/TypeError: .*"flushInterval"/);
  expect(out.errors[4]).toMatch(/TypeError: .*"topic"/);
  expect(out.thrown).toEqual([]);
  // The production bundle names the option and the reason; the explanations are in the debug build.
  expect(out.errors[0]).toBe('TypeError: sls-webtrack: option "host" is invalid');
  expect(out.drops).toEqual([{ reason: 'invalidOptions', count: 1 }]);
});

test('the debug build explains: option errors say what the option must be, drops carry their reason text', async ({ page }) => {
  await page.goto('/blank.html');
  await page.addScriptTag({ url: '/dist/sls-webtrack.debug.js' });
  const out = await page.evaluate((collector) => {
    const lib = (window as any).SlsWebTrack;
    let error = 'no error';
    try {
      lib.createTracker({ project: 'demo', logstore: 'web' });
    } catch (e) {
      error = (e as Error).message;
    }
    const drops: unknown[] = [];
    const t = lib.createTracker({ host: collector, project: 'demo', logstore: 'web', onDrop: (d: unknown) => drops.push(d) });
    t.track({ a: 1 }, { topic: 'x'.repeat(300) });
    return { error, drops };
  }, COLLECTOR);
  expect(out.error).toBe('sls-webtrack: option "host" must be an endpoint ("cn-hangzhou.log.aliyuncs.com") or an origin ("https://…")');
  expect(out.drops).toEqual([{ reason: 'invalidOptions', count: 1, detail: 'topic or source over 128 bytes' }]);
});

test('debug: true in the debug build shows the tracker working: each send and its answer (issue 22)', async ({ page }) => {
  const lines: string[] = [];
  page.on('console', (m) => void (m.type() === 'debug' && lines.push(m.text())));
  await page.goto('/blank.html');
  await page.addScriptTag({ url: '/dist/sls-webtrack.debug.js' });
  await page.evaluate(async (collector) => {
    const t = (window as any).SlsWebTrack.createTracker({ host: collector, project: 'demo', logstore: 'web', debug: true, persist: false });
    for (let i = 0; i < 8; i++) t.track({ i });
    await t.flush();
  }, COLLECTOR);
  await expect.poll(() => lines).toContain('[sls-webtrack] sent 8 logs → 200');
});

test('debug: true warns when a full-origin host does not carry the project, and the collector says where the logs went (issue 22)', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
  await page.goto('/blank.html');
  await page.addScriptTag({ url: '/dist/sls-webtrack.debug.js' });
  const routed = await page.evaluate(async (collector) => {
    const lib = (window as any).SlsWebTrack;
    lib.createTracker({ host: collector, project: 'my-project', logstore: 'web', debug: true, persist: false });
    lib.createTracker({ host: collector.replace('127.0.0.1', 'other.localhost'), project: 'other', logstore: 'web', debug: true, persist: false });
    const r = await fetch(collector + '/logstores/web/track?APIVersion=0.6.0', { method: 'POST', body: '{"__logs__":[{"a":"1"}]}' });
    return r.headers.get('x-collector-project');
  }, COLLECTOR);
  expect(warnings.filter((w) => w.includes('does not start with project'))).toEqual([
    `[sls-webtrack] host "${COLLECTOR}" does not start with project "my-project": the project is not in the URL, so the service or collector picks one from its host name (use "http://my-project.localhost:port" for the demo collector)`,
  ]);
  // Not readable from script unless exposed: null is acceptable, a wrong value is not.
  expect([null, 'demo; by=default']).toContain(routed);
});
