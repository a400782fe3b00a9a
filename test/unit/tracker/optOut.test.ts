// Opt-out is absolute (issue 12): once opted out, here or in another tab of the origin, no request
// carrying a log leaves the page, what waits is deleted and counted (`optOut`), and logs stored by
// an earlier visit are never sent. The whole tracker, in Node, on a fake page (test/helpers).
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { promisifyRequest } from 'idb-keyval';
import { answerWith, deferred, installPage, sleep, until } from '../../helpers/fakePage.ts';
import { createTracker } from '../../../src/index.ts';
import type { Tracker, TrackerOptions } from '../../../src/types.ts';
import { openLogStore } from '../../../src/queue/openLogStore.ts';
import { createLogStore } from '../../../src/queue/createLogStore.ts';
import type { StoredLog } from '../../../src/queue/StoredRow.ts';
import { dbName, optOutKey } from '../../../src/lib/storageKeys.ts';

const page = installPage();
const HOST = 'http://127.0.0.1:9';
let seq = 0;

/** Options for a tracker of its own logstore (so its own database and opt-out key). */
const fresh = (over: Partial<TrackerOptions> = {}): TrackerOptions & { logstore: string } => ({
  host: HOST,
  project: 'demo',
  logstore: `optout-${seq++}`,
  compress: 'none',
  flushInterval: 50,
  ...over,
});
const urlOf = (logstore: string) => `${HOST}/logstores/${logstore}/track`;

const start = (t: TestContext, o: TrackerOptions): Tracker => {
  const tracker = createTracker(o);
  t.after(async () => {
    page.answer = () => new Response(null, { status: 200 });
    await tracker.shutdown();
  });
  return tracker;
};

/** Rows a tab that is gone (an earlier visit) left in the store of `logstore`. */
async function seedDeadTab(logstore: string, n: number): Promise<void> {
  const useStore = await openLogStore(dbName(urlOf(logstore)), 2000);
  assert.ok(useStore);
  const store = createLogStore(useStore, 'gone-tab', Promise.resolve(), (e) => assert.fail(String(e)));
  const now = Date.now();
  const logs: StoredLog[] = Array.from({ length: n }, (_, i) => {
    const json = JSON.stringify({ i: `old${i}` });
    return [`gone${i}`, now - 1000 + i, json, json.length];
  });
  store._put([now - 1000, 'gone0'], JSON.stringify({ topic: '', source: '', tags: {} }), logs);
  await store._settled();
}

async function storedCount(logstore: string): Promise<number> {
  const useStore = await openLogStore(dbName(urlOf(logstore)), 2000);
  assert.ok(useStore);
  return useStore('readonly', (s) => promisifyRequest(s.count()));
}

const requestsSince = (from: number) => page.calls.slice(from).filter((c) => c.ids.length);

describe('opt-out: stored logs of an earlier visit', () => {
  test('optOut() right after createTracker (IndexedDB not open yet): the stored logs are deleted and counted, never sent', async (t) => {
    const o = fresh();
    await seedDeadTab(o.logstore, 5);
    const from = page.calls.length;
    const tracker = start(t, o);
    tracker.optOut();
    await sleep(400);
    await tracker.flush();
    assert.deepEqual(requestsSince(from), []);
    await until(async () => (await storedCount(o.logstore)) === 0, 'the stored rows to go');
    assert.equal(tracker.stats().dropped.optOut, 5);
  });

  test('a tracker made while the opt-out is remembered never sends stored logs; they are deleted and counted', async (t) => {
    const o = fresh();
    page.storage.setItem(optOutKey(o.project, o.logstore), '1');
    await seedDeadTab(o.logstore, 3);
    const from = page.calls.length;
    const tracker = start(t, o);
    assert.equal(tracker.isOptedOut(), true);
    await sleep(400);
    await tracker.flush();
    assert.deepEqual(requestsSince(from), []);
    await until(async () => (await storedCount(o.logstore)) === 0, 'the stored rows to go');
    assert.equal(tracker.stats().dropped.optOut, 3);
  });

  test('without the opt-out the same stored logs are sent (the test above tests something)', async (t) => {
    const o = fresh();
    await seedDeadTab(o.logstore, 3);
    const from = page.calls.length;
    start(t, o);
    await until(() => requestsSince(from).length > 0, 'the recovered logs to be sent');
    assert.deepEqual(requestsSince(from).flatMap((c) => c.ids), ['old0', 'old1', 'old2']);
  });
});

describe('opt-out: requests in flight and retries', () => {
  test('a request in flight at optOut() that gets a 503 is not retried: its logs are dropped as optOut', async (t) => {
    const o = fresh({ persist: false });
    const tracker = start(t, o);
    const held = deferred<Response>();
    page.answer = () => held.promise;
    const from = page.calls.length;
    tracker.track({ i: 'a' });
    void tracker.flush();
    await until(() => requestsSince(from).length === 1, 'the request to leave');
    tracker.optOut();
    held.resolve(answerWith(503, 'ServerBusy'));
    await sleep(50);
    page.answer = () => new Response(null, { status: 200 });
    await tracker.flush(); // lifts every backoff wait
    await sleep(1200);
    await tracker.flush();
    assert.equal(requestsSince(from).length, 1, 'no retry after the opt-out');
    assert.equal(tracker.stats().dropped.optOut, 1);
    assert.equal(tracker.stats().sent, 0);
    assert.equal(tracker.stats().pending, 0);
  });
});

describe('opt-out in another tab', () => {
  test('does what optOut() does here: the queue is emptied and counted, the store cleared, nothing more is sent', async (t) => {
    const o = fresh();
    const tracker = start(t, o);
    // The service fails: logs wait in the queue (and in IndexedDB).
    page.answer = () => answerWith(503, 'ServerBusy');
    const from = page.calls.length;
    for (let i = 0; i < 4; i++) tracker.track({ i: `q${i}` });
    await until(() => requestsSince(from).length >= 1, 'a first (failing) request');
    await until(async () => (await storedCount(o.logstore)) > 0, 'the logs to be stored');
    const sentBefore = requestsSince(from).length;
    tracker.track({ i: 'late' }); // still in the batcher when the other tab opts out

    page.otherTabWrites(optOutKey(o.project, o.logstore), '1');
    assert.equal(tracker.isOptedOut(), true);
    // At once, as optOut() here does: nothing waits any more, all of it counted.
    assert.equal(tracker.stats().pending, 0);
    assert.equal(tracker.stats().dropped.optOut, 5);
    page.answer = () => new Response(null, { status: 200 });
    await tracker.flush();
    await sleep(300);
    await tracker.flush();
    assert.equal(requestsSince(from).length, sentBefore, 'no request after the other tab opted out');
    assert.equal(tracker.stats().dropped.optOut, 5);
    assert.equal(tracker.stats().pending, 0);
    await until(async () => (await storedCount(o.logstore)) === 0, 'the store to be cleared');
  });

  test('an opt-in in another tab is followed too, and sending resumes', async (t) => {
    const o = fresh({ persist: false });
    const tracker = start(t, o);
    page.otherTabWrites(optOutKey(o.project, o.logstore), '1');
    assert.equal(tracker.isOptedOut(), true);
    page.otherTabWrites(optOutKey(o.project, o.logstore), null);
    assert.equal(tracker.isOptedOut(), false);
    const from = page.calls.length;
    tracker.track({ i: 'back' });
    await tracker.flush();
    assert.deepEqual(requestsSince(from).flatMap((c) => c.ids), ['back']);
  });
});
