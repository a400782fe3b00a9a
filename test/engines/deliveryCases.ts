// Delivery in every engine: each compression and its request mode, a topic, values that must come
// back field for field, the split of a large burst at the limits, an outage, and two tabs at once.
import assert from 'node:assert/strict';
import type { Engine } from './Engine.ts';
import { COLLECTOR, collectorLogs, collectorRequests, injectFault, resetCollector } from '../e2e/collector.ts';
import { PAGES } from './startServers.ts';
import { settle, waitIn, type Figures } from './byRun.ts';
import { landing } from './lastMomentCases.ts';

/** Logs with fields that must arrive unchanged: unicode, quotes, backslashes, nesting. */
const sample = (run: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ run, i, text: `line ${i} — 日本語 🎉 "quoted" \\ back\nslash`, nested: { a: i, b: [1, 'two', null] } }));

export async function deliveryIn(engine: Engine, compress: 'lz4' | 'deflate' | 'none'): Promise<Figures> {
  await resetCollector();
  const tab = await engine.newTab();
  await tab.goto(`${PAGES}/blank.html`);
  const run = `delivery-${compress}`;
  const logs = sample(run, 250);
  await tab.evaluate(async ({ host, compress, logs }) => {
    const t = (window as any).SlsWebTrack.createTracker({ host, project: 'demo', logstore: 'web', compress, topic: 'engines', flushInterval: 50, persist: false });
    for (const l of logs) t.track(l);
    await t.flush();
  }, { host: COLLECTOR, compress, logs });
  const figures = await settle([{ run, n: logs.length }], tab, 15_000);
  const stored = new Map((await collectorLogs()).map((s) => [s.i, s]));
  for (const l of logs) {
    const s = stored.get(String(l.i));
    assert.ok(s, `log ${l.i}`);
    assert.equal(s.text, l.text);
    assert.equal(s.nested, JSON.stringify(l.nested));
    assert.equal(s.__topic__, 'engines');
  }
  const ok = (await collectorRequests()).filter((r) => r.status === 200);
  assert.ok(ok.length > 0);
  for (const r of ok) assert.equal(r.mode, compress === 'none' ? 'query' : 'header');
  if (compress !== 'none') assert.ok(ok.every((r) => r.compressType === compress), `every request ${compress}`);
  await tab.close();
  return figures;
}

/** 10,000 logs of ~200 B: at most 3 requests (the 3 MB / 4,096-log limits of PutWebTracking). */
export async function splitAtTheLimits(engine: Engine): Promise<Figures> {
  await resetCollector();
  const tab = await engine.newTab();
  await tab.goto(`${PAGES}/blank.html`);
  await tab.evaluate(async (host) => {
    const t = (window as any).SlsWebTrack.createTracker({ host, project: 'demo', logstore: 'web', persist: false });
    const pad = 'x'.repeat(120);
    for (let i = 0; i < 10_000; i++) t.track({ run: 'split', i, path: '/products/42', pad });
    await t.flush();
  }, COLLECTOR);
  const figures = await settle([{ run: 'split', n: 10_000 }], tab, 20_000);
  const ok = (await collectorRequests()).filter((r) => r.status === 200);
  assert.ok(ok.length <= 3, `${ok.length} requests`);
  assert.ok(ok.every((r) => r.logs <= 4096), 'at most 4,096 logs a request');
  await tab.close();
  return figures;
}

/** 503s for 3 s, then two dropped connections: everything arrives after, nothing dropped. */
export async function outage(engine: Engine): Promise<Figures> {
  await resetCollector();
  const tab = await engine.newTab();
  await tab.goto(landing({ flushInterval: '100' }));
  await waitIn(tab, () => (window as any).tracker, 'the tracker');
  const track = (from: number) => tab.evaluate((from) => {
    for (let i = from; i < from + 100; i++) (window as any).tracker.track({ run: 'outage', i, pad: 'p'.repeat(80) });
  }, from);
  await injectFault({ status: 503, times: -1 });
  await track(0);
  await new Promise((r) => setTimeout(r, 3000));
  await injectFault({ clear: true });
  const refused = (await collectorRequests()).filter((r) => r.status === 503).length;
  assert.ok(refused >= 1 && refused <= 8, `${refused} refused requests in 3 s: backing off`);
  await injectFault({ drop: true, times: 2 });
  await track(100);
  const figures = await settle([{ run: 'outage', n: 200 }], tab, 30_000);
  assert.deepEqual(await tab.evaluate(() => (window as any).drops, undefined), []);
  await tab.close();
  return figures;
}

/**
 * Two tabs tracking at once; one closes before its logs are sent (a flush interval of 10 min):
 * its unload and the other tab, which claims what it left, deliver them.
 */
export async function acrossTabs(engine: Engine): Promise<Figures> {
  await resetCollector();
  const [a, b] = [await engine.newTab(), await engine.newTab()];
  await a.goto(landing({ flushInterval: '100' }));
  await b.goto(landing({ flushInterval: '600000' }));
  const track = (tab: typeof a, from: number, n: number) => tab.evaluate(({ from, n }) => {
    for (let i = from; i < from + n; i++) (window as any).tracker.track({ run: 'tabs', i, pad: 'p'.repeat(80) });
  }, { from, n });
  await track(a, 0, 400);
  await track(b, 400, 500);
  await b.close();
  const figures = await settle([{ run: 'tabs', n: 900 }], a, 45_000);
  await a.close();
  return figures;
}

