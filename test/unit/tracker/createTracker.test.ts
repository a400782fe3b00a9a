// The whole tracker in Node, on a fake page (test/helpers/fakePage.ts): nothing a page hands it
// escapes its methods, tags are checked like values, tab ids do not depend on Math.random, and
// what waits in memory is bounded (issue 12).
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { answerWith, installPage, sleep, until } from '../../helpers/fakePage.ts';
import { createTracker } from '../../../src/index.ts';
import { createTracker as createCoreTracker } from '../../../src/core.ts';
import type { DropInfo, Tracker, TrackerOptions } from '../../../src/types.ts';

const page = installPage();
let seq = 0;
const fresh = (over: Partial<TrackerOptions> = {}): TrackerOptions => ({
  host: 'http://127.0.0.1:9',
  project: 'demo',
  logstore: `tracker-${seq++}`,
  compress: 'none',
  persist: false,
  flushInterval: 50,
  ...over,
});
const start = (t: TestContext, o: TrackerOptions): Tracker => {
  const tracker = createTracker(o);
  t.after(async () => {
    page.answer = () => new Response(null, { status: 200 });
    await tracker.shutdown();
  });
  return tracker;
};
/** A value whose String() throws (no toString, no valueOf, no Symbol.toPrimitive). */
const unprintable = () => Object.create(null) as object;
const idsSince = (from: number) => page.calls.slice(from).flatMap((c) => c.ids);

describe('nothing escapes track(), flush(), shutdown()', () => {
  test('a per-call option getter that throws an unprintable value: dropped as invalidOptions', async (t) => {
    const tracker = start(t, fresh());
    const call = {
      get topic(): string {
        throw unprintable();
      },
    };
    assert.doesNotThrow(() => tracker.track({ i: 'x' }, call));
    assert.equal(tracker.stats().dropped.invalidOptions, 1);
    const tags = { get t(): string { throw unprintable(); } };
    assert.doesNotThrow(() => tracker.track({ i: 'y' }, { tags }));
    assert.equal(tracker.stats().dropped.invalidOptions, 2);
  });

  test('onDrop throwing an unprintable value does not reach the caller', async (t) => {
    const tracker = start(t, fresh({ sampleRate: 0, onDrop: () => { throw unprintable(); } }));
    assert.doesNotThrow(() => tracker.track({ i: 'x' }));
    assert.equal(tracker.stats().dropped.sampled, 1);
  });

  test('a Proxy log whose traps throw unprintable values, with a context provider: tracked, not thrown', async (t) => {
    const tracker = start(t, fresh());
    tracker.addContext(() => ({ ctx: 1 }));
    const hostile = new Proxy({}, {
      ownKeys: () => { throw unprintable(); },
      get: () => { throw unprintable(); },
      getPrototypeOf: () => { throw unprintable(); },
      getOwnPropertyDescriptor: () => { throw unprintable(); },
    });
    assert.doesNotThrow(() => tracker.track(hostile));
    assert.equal(tracker.stats().tracked, 1);
  });

  test('a context provider and beforeSend that throw unprintable values: the log goes on / is dropped as beforeSend', async (t) => {
    const tracker = start(t, fresh({ debug: true, beforeSend: (l) => { if (l.drop) throw unprintable(); return l; } }));
    tracker.addContext(() => { throw unprintable(); });
    const from = page.calls.length;
    assert.doesNotThrow(() => tracker.track({ i: 'kept' }));
    assert.doesNotThrow(() => tracker.track({ i: 'gone', drop: true }));
    await tracker.flush();
    assert.deepEqual(idsSince(from), ['kept']);
    assert.equal(tracker.stats().dropped.beforeSend, 1);
  });

  test('onError throwing an unprintable value on a 401: the batch is kept once, and flush() delivers it once', async (t) => {
    const tracker = start(t, fresh({ onError: () => { throw unprintable(); } }));
    page.answer = () => answerWith(401, 'Unauthorized');
    const from = page.calls.length;
    tracker.track({ i: 'once' });
    await tracker.flush();
    assert.equal(page.calls.length - from, 1);
    assert.equal(tracker.stats().pending, 1, 'kept once, not twice');
    page.answer = () => new Response(null, { status: 200 });
    await tracker.flush();
    await tracker.flush();
    assert.deepEqual(idsSince(from), ['once', 'once'], 'the 401, then one delivery');
    assert.equal(tracker.stats().sent, 1);
    assert.equal(tracker.stats().pending, 0);
  });

  test('flush() and shutdown() resolve even when a callback throws on the way', async (t) => {
    const tracker = start(t, fresh({ maxStoredLogs: 1, onDrop: () => { throw unprintable(); } }));
    for (let i = 0; i < 5; i++) tracker.track({ i });
    await tracker.flush();
    await tracker.shutdown();
    assert.ok((tracker.stats().dropped.queueFull ?? 0) >= 1);
  });
});

describe('tags are checked like values (1 MiB)', () => {
  const big = 'x'.repeat(1024 * 1024 + 1);

  test('createTracker refuses a tag value over 1 MiB, naming the option', () => {
    assert.throws(() => createTracker(fresh({ tags: { app: big } })), { name: 'TypeError', message: /option "tags"/ });
    assert.doesNotThrow(() => createTracker(fresh({ tags: { app: 'x'.repeat(1024 * 1024) } })).shutdown());
  });

  test('a per-call tag value over 1 MiB drops the log as invalidOptions before any request', async (t) => {
    const drops: DropInfo[] = [];
    const tracker = start(t, fresh({ onDrop: (d) => drops.push(d) }));
    const from = page.calls.length;
    tracker.track({ i: 'big-tag' }, { tags: { t: big } });
    tracker.track({ i: 'ok' }, { tags: { t: 'small' } });
    await tracker.flush();
    assert.deepEqual(drops.map((d) => d.reason), ['invalidOptions']);
    assert.deepEqual(idsSince(from), ['ok']);
    assert.equal(page.calls.length - from, 1, 'one request, not a halving storm');
  });
});

describe('tab ids', () => {
  test('two trackers on pages that replace Math.random still get different ids', async (t) => {
    const random = Math.random;
    Math.random = () => 0.5;
    let a: Tracker, b: Tracker;
    try {
      a = start(t, fresh());
      b = start(t, fresh());
    } finally {
      Math.random = random;
    }
    const from = page.calls.length;
    a.track({ i: 'a' });
    b.track({ i: 'b' });
    await Promise.all([a.flush(), b.flush()]);
    const idOf = (body: string) => (JSON.parse(body) as { __logs__: Array<{ _id: string }> }).__logs__[0]!._id;
    const ids = page.calls.slice(from).map((c) => idOf(c.body));
    assert.equal(ids.length, 2);
    assert.notEqual(ids[0], ids[1]);
  });
});

describe('what waits in memory is bounded', () => {
  test('maxStoredLogs covers the batcher too: 5,000 logs with distinct per-call tags keep at most 100', async (t) => {
    const tracker = start(t, fresh({ maxStoredLogs: 100, flushInterval: 60_000 }));
    for (let i = 0; i < 5000; i++) tracker.track({ i }, { tags: { n: String(i) } });
    assert.ok(tracker.stats().pending <= 100, `pending ${tracker.stats().pending}`);
    assert.equal(tracker.stats().dropped.queueFull, 4900);
    await tracker.flush();
  });

  test('maxQueueBytes: logs waiting beyond it are dropped, oldest first, as queueFull', async (t) => {
    page.answer = () => answerWith(503);
    const drops: DropInfo[] = [];
    const tracker = start(t, fresh({ maxQueueBytes: 1024 * 1024, onDrop: (d) => drops.push(d) }));
    const pad = 'p'.repeat(100_000);
    for (let i = 0; i < 30; i++) tracker.track({ i, pad });
    await sleep(100);
    assert.ok(tracker.stats().pending <= 10, `pending ${tracker.stats().pending}`);
    assert.ok(tracker.stats().pending >= 8, `pending ${tracker.stats().pending}`);
    assert.equal(tracker.stats().pending + (tracker.stats().dropped.queueFull ?? 0), 30);
    assert.ok(drops.every((d) => d.reason === 'queueFull'));
    page.answer = () => new Response(null, { status: 200 });
    const from = page.calls.length;
    await tracker.flush();
    await until(() => tracker.stats().pending === 0, 'the rest to go');
    const sent = idsSince(from).map(Number);
    assert.deepEqual(sent, [...sent].sort((x, y) => x - y));
    assert.equal(sent.at(-1), 29, 'the newest are kept');
  });

  test('maxQueueBytes is checked like the other options', () => {
    assert.throws(() => createTracker(fresh({ maxQueueBytes: 10 })), { name: 'TypeError', message: /option "maxQueueBytes"/ });
  });
});

describe("track()'s time", () => {
  test('is the log\'s _ts, rounded; a time that is no number means now', async (t) => {
    const tracker = start(t, fresh());
    const from = page.calls.length;
    const before = Date.now();
    tracker.track({ i: 'then' }, { time: 1_700_000_000_123.6 });
    tracker.track({ i: 'nan' }, { time: Number.NaN });
    tracker.track({ i: 'text' }, { time: 'soon' as unknown as number });
    tracker.track({ i: 'none' }, {});
    await tracker.flush();
    const logs = page.calls.slice(from).flatMap((c) => (JSON.parse(c.body) as { __logs__: Array<{ i: string; _ts: string }> }).__logs__);
    const ts = Object.fromEntries(logs.map((l) => [l.i, Number(l._ts)]));
    assert.equal(ts.then, 1_700_000_000_124);
    for (const k of ['nan', 'text', 'none']) assert.ok(ts[k]! >= before && ts[k]! <= Date.now(), `${k}: ${ts[k]}`);
  });
});

describe('entries compose the parts', () => {
  /** The names of the databases this origin holds (fake-indexeddb). */
  const databases = async () => (await indexedDB.databases()).map((d) => d.name ?? '');

  test('sls-webtrack/core is memory only: it opens no IndexedDB, even with persist: true; sls-webtrack does', async (t) => {
    const coreOptions = fresh({ persist: true });
    const mainOptions = fresh({ persist: true });
    const core = createCoreTracker(coreOptions);
    t.after(() => core.shutdown());
    const main = start(t, mainOptions);
    core.track({ i: 'core' });
    main.track({ i: 'main' });
    await until(async () => (await databases()).some((n) => n.includes(mainOptions.logstore)), 'the main entry\'s database');
    await core.flush();
    await core.shutdown();
    assert.deepEqual((await databases()).filter((n) => n.includes(coreOptions.logstore)), [], 'no database for the core tracker');
    assert.equal(core.stats().dropped.shutdown ?? 0, 0, 'its log was sent from memory');
  });
});
