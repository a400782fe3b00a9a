// The script tag in every engine: a page view and an uncaught error captured by the drop-in alone,
// and optOut(), after which no request reaches the collector, also after a reload.
import assert from 'node:assert/strict';
import type { Engine } from './Engine.ts';
import { COLLECTOR, collectorLogs, collectorRequests, resetCollector } from '../e2e/collector.ts';
import { PAGES } from './startServers.ts';
import { waitIn } from './byRun.ts';

const dropIn = (logstore: string) => `${PAGES}/dropin-written.html?${new URLSearchParams({ host: COLLECTOR, logstore })}`;

async function until<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function pageViewsAndErrors(engine: Engine): Promise<void> {
  await resetCollector();
  const tab = await engine.newTab();
  await tab.goto(dropIn('web'));
  const view = await until(async () => (await collectorLogs()).find((l) => l.type === 'pageview'), 'the page view');
  assert.equal(view.trigger, 'load');
  assert.equal(view.path, '/dropin-written.html');
  await tab.evaluate(() => {
    history.pushState({}, '', '/engines/route');
    setTimeout(() => { throw new Error('thrown in an engine'); });
  }, undefined);
  await until(async () => (await collectorLogs()).find((l) => l.type === 'pageview' && l.path === '/engines/route'), 'the pushState view');
  const error = await until(async () => (await collectorLogs()).find((l) => l.type === 'error' && /thrown in an engine/.test(l.message ?? '')), 'the error');
  assert.equal(error.kind, 'error');
  await tab.close();
}

export async function optOut(engine: Engine): Promise<void> {
  await resetCollector();
  const tab = await engine.newTab();
  // Its own logstore: the opt-out is remembered per project and logstore, for the whole profile.
  await tab.goto(dropIn('events'));
  await until(async () => (await collectorLogs('events')).find((l) => l.type === 'pageview'), 'the page view');
  try {
    await tab.evaluate(() => (window as any).SlsWebTrack.flush(), undefined);
    // Only this logstore's: other tests' tabs may still be open and sending to theirs.
    const requests = async () => (await collectorRequests()).filter((r) => r.logstore === 'events').length;
    const before = await requests();
    const everything = () => tab.evaluate(async () => {
      const g = (window as any).SlsWebTrack;
      history.pushState({}, '', '/opted-out/route');
      setTimeout(() => { throw new Error('opted out, not captured'); });
      g.track({ event: 'opted out' });
      await g.flush();
      await new Promise((r) => setTimeout(r, 1500));
    }, undefined);
    await tab.evaluate(() => (window as any).SlsWebTrack.optOut(), undefined);
    await everything();
    assert.equal(await requests(), before, 'no request after optOut()');
    await tab.goto(dropIn('events'));
    await waitIn(tab, () => (window as any).SlsWebTrack?.tracker, 'the tracker');
    assert.equal(await tab.evaluate(() => (window as any).SlsWebTrack.tracker.isOptedOut(), undefined), true);
    await everything();
    await tab.goto(`${PAGES}/blank.html`);
    assert.equal(await requests(), before, 'no request after the reload, nor at unload');
  } finally {
    await tab.goto(dropIn('events'));
    await tab.evaluate(() => (window as any).SlsWebTrack.optIn(), undefined);
    await tab.close();
  }
}
