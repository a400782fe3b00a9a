// A web worker has no window and no document: every entry hands out the inert tracker there
// (README, "Server-side rendering and workers"), which throws nothing and sends nothing.
import { test, expect } from '@playwright/test';
import { COLLECTOR, collectorRequests, resetCollector } from './collector.ts';

test.beforeEach(async () => {
  await resetCollector();
});

for (const [kind, file, type] of [
  ['module worker, ESM entries', '/inert-worker.js', 'module'],
  ['classic worker, script-tag bundle', '/inert-worker-umd.js', 'classic'],
] as const) {
  test(`${kind}: the tracker is inert and reports once`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // The tracker's own console errors (a favicon's 404 is not one).
    page.on('console', (m) => { if (m.type() === 'error' && m.text().includes('sls-webtrack')) errors.push(m.text()); });
    await page.goto('/blank.html');
    const result = await page.evaluate(
      ([file, type, host]) =>
        new Promise<Record<string, unknown>>((resolve, reject) => {
          const w = new Worker(file!, { type: type as WorkerType });
          w.onmessage = (e) => resolve(e.data as Record<string, unknown>);
          w.onerror = (e) => reject(new Error(`worker error: ${e.message}`));
          w.postMessage(host);
        }),
      [file, type, COLLECTOR],
    );
    const inert = { tracked: 0, sent: 0, unconfirmed: 0, pending: 0, notStored: 0, dropped: { unsupported: 1 } };
    expect(result.full).toEqual(inert);
    if (type === 'module') {
      expect(result.core).toEqual(inert);
      expect(result.stop).toBe('function');
      // One onError per tracker, the first time it drops a log.
      expect(result.errors).toEqual([
        expect.objectContaining({ status: 0, errorCode: 'Unsupported' }),
        expect.objectContaining({ status: 0, errorCode: 'Unsupported' }),
      ]);
    } else {
      expect(result.errors).toEqual([expect.objectContaining({ status: 0, errorCode: 'Unsupported' })]);
    }
    await page.waitForTimeout(300);
    expect(await collectorRequests()).toEqual([]);
    expect(errors).toEqual([]);
  });
}
