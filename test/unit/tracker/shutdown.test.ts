// shutdown() and the page's last moment, driven through createTracker on a stand-in page: window
// and document as plain EventTargets, fetch scripted, fake-indexeddb, an in-memory localStorage.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTracker } from '../../../src/index.ts';
import type { DropInfo } from '../../../src/types.ts';
import { createPersistence } from '../../../src/queue/createPersistence.ts';
import type { LogGroup } from '../../../src/batch/createBatcher.ts';
import { dbName, journalPrefix } from '../../../src/lib/storageKeys.ts';
import { MemoryStorage, setLocalStorage } from '../../helpers/MemoryStorage.ts';

let seq = 0;
let storage: MemoryStorage;
let requests = 0;
let answer: () => Response = () => new Response('', { status: 200 });
const saved = ['window', 'document', 'navigator', 'fetch'].map((n) => [n, Object.getOwnPropertyDescriptor(globalThis, n)] as const);
const define = (name: string, value: unknown) => Object.defineProperty(globalThis, name, { configurable: true, writable: true, value });

beforeEach(() => {
  storage = new MemoryStorage();
  setLocalStorage(() => storage);
  requests = 0;
  answer = () => new Response('', { status: 200 });
  define('window', new EventTarget());
  define('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }));
  // No Web Locks: presence by heartbeat in localStorage, as in older browsers.
  define('navigator', { onLine: true, sendBeacon: () => true });
  define('fetch', async () => {
    requests++;
    return answer();
  });
});
afterEach(() => {
  for (const [n, d] of saved) {
    if (d) Object.defineProperty(globalThis, n, d);
    else delete (globalThis as Record<string, unknown>)[n];
  }
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const make = (extra: Record<string, unknown> = {}) => {
  const logstore = `s${process.pid}x${seq++}`;
  const drops: DropInfo[] = [];
  const t = createTracker({ host: 'http://127.0.0.1:1', project: 'demo', logstore, flushInterval: 20, onDrop: (d) => drops.push(d), ...extra });
  return { t, drops, url: `http://127.0.0.1:1/logstores/${logstore}/track` };
};
/** Another tab of the same tracker URL: what it recovers from IndexedDB. */
const otherTab = (url: string) => {
  const got: string[] = [];
  const p = createPersistence(
    { _maxStoredLogs: 1000, _maxAge: 3_600_000 },
    {
      _tab: 'other',
      _db: dbName(url),
      _journal: journalPrefix(url),
      _now: Date.now,
      _enqueue: (g: LogGroup) => void got.push(...g._logs.map((l) => (JSON.parse(l._json) as { n: string }).n)),
      _drop: () => undefined,
      _fail: () => undefined,
      _notStored: () => undefined,
      _trusted: () => undefined,
      _health: { _failedBetween: () => false, _firstAfter: () => undefined },
    },
  );
  return { got, p };
};

describe('shutdown()', () => {
  // Finding (issue 11): shutdown() released the tab's presence while delivery kept retrying in
  // backoff: another tab claimed the same rows, and both delivered them.
  test('after it, nothing more is sent, even a retry that comes due; the rows are left to another tab', async () => {
    answer = () => new Response('{"errorCode":"ServerBusy"}', { status: 503 });
    const { t, drops, url } = make();
    for (let i = 0; i < 3; i++) t.track({ n: `a${i}` });
    await sleep(100);
    await t.shutdown();
    const after = requests;
    assert.ok(after >= 1);
    await sleep(2500); // backoff of the first retries: at most 1 s, then 2 s
    assert.equal(requests, after, 'no request after shutdown()');
    assert.deepEqual(drops, [], 'stored, so nothing to count');
    await t.flush();
    assert.equal(requests, after, 'flush() after shutdown() sends nothing either');
    // Its presence is released only now: another tab claims the rows at once.
    const b = otherTab(url);
    for (let i = 0; i < 50 && b.got.length < 3; i++) await sleep(20);
    assert.deepEqual(b.got.sort(), ['a0', 'a1', 'a2']);
    b.p._stop();
  });

  // Finding (issue 11): shutdown() before the database had opened dropped the logs tracked so
  // far from the store, uncounted.
  test('right after createTracker (the database still opening): every log is stored, or sent', async () => {
    answer = () => new Response('', { status: 503 });
    const { t, drops, url } = make({ flushInterval: 60_000 });
    t.track({ n: 'e0' });
    t.track({ n: 'e1' });
    await t.shutdown();
    assert.deepEqual(drops, []);
    const b = otherTab(url);
    for (let i = 0; i < 50 && b.got.length < 2; i++) await sleep(20);
    assert.deepEqual(b.got.sort(), ['e0', 'e1']);
    b.p._stop();
  });

  test('without IndexedDB (persist: false), what is still waiting is dropped as shutdown, counted', async () => {
    answer = () => new Response('', { status: 503 });
    const { t, drops } = make({ persist: false, flushInterval: 60_000 });
    t.track({ n: 'm0' });
    t.track({ n: 'm1' });
    await t.shutdown();
    assert.deepEqual(drops.map((d) => [d.reason, d.count]), [['shutdown', 2]]);
    t.track({ n: 'late' });
    assert.deepEqual(t.stats().dropped, { shutdown: 3 });
  });

  test('a second call waits for the first, and does no more', async () => {
    const { t } = make();
    t.track({ n: 'x' });
    const [a, b] = [t.shutdown(), t.shutdown()];
    assert.equal(a, b);
    await a;
  });
});

describe('the last moment', () => {
  test('logs tracked in the task of pagehide (not committed yet) are journaled in localStorage', async () => {
    answer = () => new Response('', { status: 503 });
    const { t, url } = make({ flushInterval: 60_000 });
    await sleep(50);
    for (let i = 0; i < 5; i++) t.track({ n: `p${i}` });
    window.dispatchEvent(new Event('pagehide'));
    const entry = storage.getItem(`${journalPrefix(url)}${[...storage.m.keys()].find((k) => k.startsWith(journalPrefix(url)))!.slice(journalPrefix(url).length)}`);
    const ids = (JSON.parse(entry!) as Array<[unknown, string, Array<[string, number, string, number]>]>).flatMap((r) => r[2].map(([, , json]) => (JSON.parse(json) as { n: string }).n));
    assert.deepEqual(ids, ['p0', 'p1', 'p2', 'p3', 'p4']);
    // The page lived on after all (bfcache): once committed, the journal goes.
    for (let i = 0; i < 50 && [...storage.m.keys()].some((k) => k.startsWith(journalPrefix(url))); i++) await sleep(20);
    assert.ok(![...storage.m.keys()].some((k) => k.startsWith(journalPrefix(url))));
    await t.shutdown();
  });

  test('freeze journals too (a frozen page may be discarded without another event)', async () => {
    const { t, url } = make({ flushInterval: 60_000 });
    t.track({ n: 'f0' });
    document.dispatchEvent(new Event('freeze'));
    assert.ok([...storage.m.keys()].some((k) => k.startsWith(journalPrefix(url))));
    await t.shutdown();
    assert.ok(![...storage.m.keys()].some((k) => k.startsWith(journalPrefix(url))), 'nothing left behind');
  });
});
