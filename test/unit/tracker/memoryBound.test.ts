// What waits in memory is bounded in bytes (issue 12): 200 logs of 1 MB each tracked through an
// outage used to stay in the heap, all of them (maxStoredLogs counts logs, not bytes). Measured
// with the whole tracker on a fake page (test/helpers/fakePage.ts), the heap after a full GC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { answerWith, installPage, sleep } from '../../helpers/fakePage.ts';
import { createTracker } from '../../../src/index.ts';
import type { TrackerOptions } from '../../../src/types.ts';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
const page = installPage();
const MB = 1024 * 1024;

/** Heap growth (bytes, after a full GC) while 200 logs of 1 MB wait through a 503 outage. */
async function heapWith200Logs(over: Partial<TrackerOptions>): Promise<{ grown: number; pending: number; dropped: number }> {
  page.answer = () => answerWith(503, 'ServerBusy');
  gc();
  const before = process.memoryUsage().heapUsed;
  const tracker = createTracker({ host: 'http://127.0.0.1:9', project: 'demo', logstore: `mem-${Math.random()}`.replace('.', ''), compress: 'none', persist: false, flushInterval: 50, ...over });
  const value = 'v'.repeat(1_000_000);
  for (let i = 0; i < 200; i++) tracker.track({ i, value });
  await sleep(300);
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  const { pending, dropped } = tracker.stats();
  page.answer = () => new Response(null, { status: 200 });
  await tracker.shutdown();
  return { grown, pending, dropped: dropped.queueFull ?? 0 };
}

test('200 × 1 MB logs waiting through an outage: the heap grows by about maxQueueBytes (8 MiB), not 200 MB', async (t) => {
  const bounded = await heapWith200Logs({});
  t.diagnostic(`default maxQueueBytes: heap +${(bounded.grown / MB).toFixed(1)} MiB, ${bounded.pending} logs kept, ${bounded.dropped} dropped (queueFull)`);
  assert.ok(bounded.pending <= 9, `${bounded.pending} logs kept`);
  assert.equal(bounded.pending + bounded.dropped, 200);
  assert.ok(bounded.grown < 40 * MB, `heap grew by ${(bounded.grown / MB).toFixed(1)} MiB`);

  // The same with the byte cap out of the way (1 GiB): what the tracker held before it existed.
  const unbounded = await heapWith200Logs({ maxQueueBytes: 1024 * MB });
  t.diagnostic(`maxQueueBytes 1 GiB: heap +${(unbounded.grown / MB).toFixed(1)} MiB, ${unbounded.pending} logs kept`);
  assert.equal(unbounded.pending, 200);
  assert.ok(unbounded.grown > 150 * MB, `heap grew by ${(unbounded.grown / MB).toFixed(1)} MiB`);
});
