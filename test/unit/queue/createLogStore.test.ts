import 'fake-indexeddb/auto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promisifyRequest } from 'idb-keyval';
import type { UseStore } from 'idb-keyval';
import { createLogStore } from '../../../src/queue/createLogStore.ts';
import type { RowKey, StoredLog, StoredRow } from '../../../src/queue/StoredRow.ts';
import { openLogStore } from '../../../src/queue/openLogStore.ts';

let dbSeq = 0;
const dbName = () => `sls-webtrack test-${process.pid}-${dbSeq++}`;

const open = async (name: string): Promise<UseStore> => {
  const s = await openLogStore(name, 2000);
  assert.ok(s, 'the fake IndexedDB opens');
  return s;
};

interface RawRow {
  g: string;
  o: string;
  l: StoredLog[];
}
/** Everything in the store, read through a connection of its own. */
const rowsIn = async (useStore: UseStore): Promise<Array<[RowKey, RawRow]>> =>
  useStore('readonly', async (store) => {
    const [keys, rows] = await Promise.all([
      promisifyRequest(store.getAllKeys() as unknown as IDBRequest<RowKey[]>),
      promisifyRequest(store.getAll() as IDBRequest<RawRow[]>),
    ]);
    return keys.map((k, i): [RowKey, RawRow] => [k, rows[i]!]);
  });
const keysIn = async (useStore: UseStore): Promise<string[]> => (await rowsIn(useStore)).map(([k]) => k.join(' '));

const turn = () => new Promise<void>((r) => setImmediate(r));
const slog = (id: string, ts: number): StoredLog => [id, ts, JSON.stringify({ id }), 9 + id.length];
const noFail = (e: unknown) => assert.fail(`unexpected storage failure: ${String(e)}`);
const GROUP = JSON.stringify({ topic: 't', source: 's', tags: {} });

describe('createLogStore', () => {
  test('_put stores a row with its group, owner and logs; _settled waits for the commit', async () => {
    const name = dbName();
    const store = createLogStore(await open(name), 'tabA', Promise.resolve(), noFail);
    const logs = [slog('a1', 1000), slog('a2', 1001)];
    store._put([1000, 'a1'], GROUP, logs);
    await store._settled();
    const other = await open(name); // another connection, as another tab would see it
    assert.deepEqual(await rowsIn(other), [[[1000, 'a1'], { g: GROUP, o: 'tabA', l: logs }]]);
  });

  test('_delete resolves once the delete has committed', async () => {
    const name = dbName();
    const store = createLogStore(await open(name), 'tabA', Promise.resolve(), noFail);
    store._put([1, 'x'], GROUP, [slog('x', 1)]);
    store._put([2, 'y'], GROUP, [slog('y', 2)]);
    await store._settled();
    await store._delete([1, 'x']);
    assert.deepEqual(await keysIn(await open(name)), ['2 y']);
  });

  test('a delete in the same task as the put of its row leaves nothing', async () => {
    const name = dbName();
    const store = createLogStore(await open(name), 'tabA', Promise.resolve(), noFail);
    store._put([1, 'x'], GROUP, [slog('x', 1)]);
    const deleted = store._delete([1, 'x']);
    await deleted;
    await store._settled();
    assert.deepEqual(await keysIn(await open(name)), []);
  });

  test('a delete never overtakes the put of the same row (put and delete in different tasks and microtasks)', async () => {
    const name = dbName();
    const useStore = await open(name);
    const store = createLogStore(useStore, 'tabA', Promise.resolve(), noFail);
    await turn(); // past the `ready` gate (the gate opening is covered by a test below)
    // Each row gets put, then deleted after a varying delay (0 to 3 microtasks, or a task).
    const delays = [0, 1, 2, 3, 'task', 0, 'task', 2, 1] as const;
    const done: Array<Promise<boolean>> = [];
    for (let i = 0; i < delays.length; i++) {
      store._put([i, `r${i}`], GROUP, [slog(`r${i}`, i)]);
      const d = delays[i]!;
      if (d === 'task') await turn();
      else for (let m = 0; m < d; m++) await Promise.resolve();
      done.push(store._delete([i, `r${i}`]));
    }
    await Promise.all(done);
    await store._settled();
    assert.deepEqual(await keysIn(await open(name)), []);
  });

  test('nor does a put overtake an earlier delete of the same row (re-put after delete stays)', async () => {
    const name = dbName();
    const store = createLogStore(await open(name), 'tabA', Promise.resolve(), noFail);
    store._put([1, 'x'], GROUP, [slog('x', 1)]);
    await store._settled();
    void store._delete([1, 'x']);
    await Promise.resolve();
    await Promise.resolve();
    store._put([1, 'x'], GROUP, [slog('x', 1), slog('x2', 2)]);
    await store._settled();
    const rows = await rowsIn(await open(name));
    assert.deepEqual(rows.map(([k, r]) => [k, r.l.length]), [[[1, 'x'], 2]]);
  });

  test('random interleavings of puts and deletes end as the last operation on each row says', async () => {
    const name = dbName();
    const store = createLogStore(await open(name), 'tabA', Promise.resolve(), noFail);
    // A small deterministic PRNG: the same sequence every run.
    let s = 42;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const model = new Map<string, boolean>();
    for (let i = 0; i < 300; i++) {
      const r = Math.floor(rand() * 12);
      const key: RowKey = [r, `k${r}`];
      if (rand() < 0.55) {
        store._put(key, GROUP, [slog(`k${r}`, r)]);
        model.set(key.join(' '), true);
      } else {
        void store._delete(key);
        model.set(key.join(' '), false);
      }
      const p = rand();
      if (p < 0.2) await turn();
      else if (p < 0.5) await Promise.resolve();
    }
    await store._settled();
    const expected = [...model].filter(([, present]) => present).map(([k]) => k).sort();
    assert.deepEqual((await keysIn(await open(name))).sort(), expected);
  });

  // A write issued as the `ready` gate opens must still queue behind the writes chained on the gate:
  // a delete that overtook the put of its row would bring the row back, and the next visit would
  // resend delivered logs.
  test('a delete issued right as the `ready` gate opens does not overtake an earlier put of its row', async () => {
    // (a) ready already resolved: put at creation, delete 2 microtasks later.
    const name = dbName();
    const useStore = await open(name);
    const store = createLogStore(useStore, 'tabA', Promise.resolve(), noFail);
    store._put([1, 'x'], GROUP, [slog('x', 1)]);
    await Promise.resolve();
    await Promise.resolve();
    void store._delete([1, 'x']);
    await store._settled();
    assert.deepEqual(await keysIn(useStore), []);

    // (b) ready resolved later (a Web Lock granted): put while waiting, delete 2 microtasks after.
    const name2 = dbName();
    const useStore2 = await open(name2);
    let ready!: () => void;
    const store2 = createLogStore(useStore2, 'tabA', new Promise<void>((r) => { ready = r; }), noFail);
    store2._put([1, 'x'], GROUP, [slog('x', 1)]);
    await turn();
    ready();
    await Promise.resolve();
    await Promise.resolve();
    void store2._delete([1, 'x']);
    await store2._settled();
    assert.deepEqual(await keysIn(useStore2), []);
  });

  test('writes wait until the tab is visible as alive (`ready`), and keep their order', async () => {
    const name = dbName();
    const useStore = await open(name);
    let ready!: () => void;
    const store = createLogStore(useStore, 'tabA', new Promise<void>((r) => { ready = r; }), noFail);
    store._put([1, 'a'], GROUP, [slog('a', 1)]);
    await turn();
    void store._delete([1, 'a']);
    store._put([2, 'b'], GROUP, [slog('b', 2)]);
    for (let i = 0; i < 20; i++) await turn();
    assert.deepEqual(await keysIn(useStore), [], 'nothing written before ready');
    ready();
    await store._settled();
    assert.deepEqual(await keysIn(useStore), ['2 b']);
  });

  test('a `ready` that rejects does not block the writes', async () => {
    const name = dbName();
    const useStore = await open(name);
    const store = createLogStore(useStore, 'tabA', Promise.reject(new Error('no lock')), noFail);
    store._put([1, 'a'], GROUP, [slog('a', 1)]);
    await store._settled();
    assert.deepEqual(await keysIn(useStore), ['1 a']);
  });

  test('_claim takes the rows of dead owners only, oldest first, and makes them its own', async () => {
    const name = dbName();
    const a = createLogStore(await open(name), 'dead', Promise.resolve(), noFail);
    const b = createLogStore(await open(name), 'alive', Promise.resolve(), noFail);
    const c = createLogStore(await open(name), 'me', Promise.resolve(), noFail);
    a._put([30, 'd3'], 'g1', [slog('d3', 30)]);
    a._put([10, 'd1'], 'g2', [slog('d1', 10), slog('d2', 11)]);
    b._put([20, 'l1'], 'g1', [slog('l1', 20)]);
    c._put([5, 'm1'], 'g1', [slog('m1', 5)]);
    await Promise.all([a._settled(), b._settled(), c._settled()]);
    const asked = new Set<string>();
    const claim = await c._claim((owner) => {
      asked.add(owner);
      return owner === 'alive';
    }, () => []);
    assert.deepEqual([...claim!._stored].sort(), ['d1', 'd2', 'd3', 'l1', 'm1'], 'every log the store holds, any owner\'s');
    assert.deepEqual(claim!._rows, [
      { _key: [10, 'd1'], _group: 'g2', _logs: [slog('d1', 10), slog('d2', 11)] },
      { _key: [30, 'd3'], _group: 'g1', _logs: [slog('d3', 30)] },
    ] satisfies StoredRow[]);
    assert.ok(!asked.has('me'), 'its own rows are not even considered');
    const owners = (await rowsIn(await open(name))).map(([k, r]) => [k.join(' '), r.o]);
    assert.deepEqual(owners, [['5 m1', 'me'], ['10 d1', 'me'], ['20 l1', 'alive'], ['30 d3', 'me']]);
    assert.deepEqual((await c._claim((owner) => owner === 'alive', () => []))!._rows, [], 'now they are its own: nothing left to claim');
  });

  test('two tabs claiming at the same time never get the same row', async () => {
    for (let round = 0; round < 8; round++) {
      const name = dbName();
      const dead = createLogStore(await open(name), 'dead', Promise.resolve(), noFail);
      for (let i = 0; i < 25; i++) dead._put([i, `r${i}`], 'g', [slog(`r${i}`, i)]);
      await dead._settled();
      const x = createLogStore(await open(name), 'X', Promise.resolve(), noFail);
      const y = createLogStore(await open(name), 'Y', Promise.resolve(), noFail);
      // Each sees the other alive (as presence says) and the writer dead.
      const alive = (o: string) => o === 'X' || o === 'Y';
      const first = round % 2 ? x : y;
      const second = round % 2 ? y : x;
      const p1 = first._claim(alive, () => []);
      for (let i = 0; i < round % 4; i++) await Promise.resolve();
      const p2 = second._claim(alive, () => []);
      const [r1, r2] = await Promise.all([p1, p2]);
      const k1 = r1!._rows.map((r) => r._key.join(' '));
      const k2 = r2!._rows.map((r) => r._key.join(' '));
      assert.equal(k1.filter((k) => k2.includes(k)).length, 0, `round ${round}: a row claimed twice`);
      assert.equal(k1.length + k2.length, 25, `round ${round}: every row claimed once`);
      const owners = new Set((await rowsIn(await open(name))).map(([, r]) => r.o));
      assert.ok(!owners.has('dead'));
    }
  });

  test('_clear removes every row', async () => {
    const name = dbName();
    const store = createLogStore(await open(name), 'tabA', Promise.resolve(), noFail);
    store._put([1, 'a'], GROUP, [slog('a', 1)]);
    store._put([2, 'b'], GROUP, [slog('b', 2)]);
    await store._settled();
    await store._clear();
    assert.deepEqual(await keysIn(await open(name)), []);
  });

  test('a failing store is reported through onFail (with the number of logs), and nothing throws or rejects', async () => {
    const failures: Array<[string, number]> = [];
    const broken: UseStore = () => Promise.reject(new DOMException('gone', 'InvalidStateError'));
    const store = createLogStore(broken, 'tabA', Promise.resolve(), (e, n) => failures.push([(e as Error).name, n]));
    const put = store._put([1, 'a'], GROUP, [slog('a', 1), slog('b', 2)]);
    store._put([3, 'c'], GROUP, [slog('c', 3)]);
    assert.equal(await store._delete([9, 'z']), false, 'the delete did not commit');
    assert.equal(await put, false, 'nor did the put');
    await store._settled();
    assert.deepEqual(failures, [['InvalidStateError', 3]]);
    assert.equal(await store._claim(() => false, () => []), undefined, 'a failed claim is not "nothing to claim"');
    await store._clear();
    assert.deepEqual(failures.map(([, n]) => n), [3, 0, 0]);
  });

  test('_put and _delete resolve to true once their transaction has committed', async () => {
    const name = dbName();
    const store = createLogStore(await open(name), 'tabA', Promise.resolve(), noFail);
    const put = store._put([1, 'a'], GROUP, [slog('a', 1)]);
    assert.equal(await put, true);
    assert.deepEqual(await keysIn(await open(name)), ['1 a'], 'committed when it resolves');
    assert.equal(await store._delete([1, 'a']), true);
    assert.deepEqual(await keysIn(await open(name)), []);
  });

  test('_abort: a write not committed yet resolves to false, is reported to nobody, and leaves the store usable', async () => {
    const name = dbName();
    const base = await open(name);
    let afterCallback: (() => void) | undefined;
    // The page goes into the back/forward cache right after the write has been issued.
    const useStore: UseStore = (mode, callback) =>
      base(mode, (s) => {
        const r = callback(s);
        afterCallback?.();
        return r;
      });
    const store = createLogStore(useStore, 'tabA', Promise.resolve(), noFail);
    afterCallback = () => store._abort();
    const put = store._put([1, 'a'], GROUP, [slog('a', 1)]);
    const del = store._delete([7, 'z']);
    assert.equal(await put, false, 'not committed');
    assert.equal(await del, false);
    assert.deepEqual(await keysIn(await open(name)), [], 'nothing written');
    afterCallback = undefined;
    assert.equal(await store._put([1, 'a'], GROUP, [slog('a', 1)]), true, 'written again later');
    store._abort(); // nothing open: nothing to do, nothing thrown
    assert.deepEqual(await keysIn(await open(name)), ['1 a']);
  });

  test('_claim writes journaled rows as its own, replacing a dead tab\'s copy, never a live tab\'s', async () => {
    const name = dbName();
    const dead = createLogStore(await open(name), 'dead', Promise.resolve(), noFail);
    const live = createLogStore(await open(name), 'live', Promise.resolve(), noFail);
    // The dead tab's put committed after all, with a log it later settled (d2).
    dead._put([1, 'd1'], 'g', [slog('d1', 1), slog('d2', 2)]);
    // The live tab took a journal over already.
    live._put([5, 'j5'], 'g', [slog('j5', 5)]);
    await Promise.all([dead._settled(), live._settled()]);
    const me = createLogStore(await open(name), 'me', Promise.resolve(), noFail);
    const journal = [
      { _key: [1, 'd1'] as RowKey, _group: 'g', _logs: [slog('d1', 1)] },
      { _key: [3, 'n3'] as RowKey, _group: 'h', _logs: [slog('n3', 3), slog('n4', 4)] },
      { _key: [5, 'j5'] as RowKey, _group: 'g', _logs: [slog('j5', 5)] },
    ];
    let asked = 0;
    const claim = await me._claim((o) => o === 'live', () => (asked++, journal));
    assert.equal(asked, 1);
    assert.deepEqual([...claim!._stored].sort(), ['d1', 'j5', 'n3', 'n4'], 'd2 was settled: the journal\'s copy replaced the row');
    assert.deepEqual(claim!._rows, [
      { _key: [1, 'd1'], _group: 'g', _logs: [slog('d1', 1)] },
      { _key: [3, 'n3'], _group: 'h', _logs: [slog('n3', 3), slog('n4', 4)] },
    ] satisfies StoredRow[]);
    const stored = (await rowsIn(await open(name))).map(([k, r]) => [k.join(' '), r.o, r.l.map(([id]) => id)]);
    assert.deepEqual(stored, [['1 d1', 'me', ['d1']], ['3 n3', 'me', ['n3', 'n4']], ['5 j5', 'live', ['j5']]]);
    // Taken over once: a second claim (the journal still read, e.g. by a slower tab) adds nothing.
    assert.deepEqual((await me._claim((o) => o === 'live', () => journal))!._rows, []);
  });
});

describe('openLogStore', () => {
  test('opens a usable store', async () => {
    const useStore = await openLogStore(dbName(), 2000);
    assert.equal(typeof useStore, 'function');
    assert.equal(await useStore!('readonly', (s) => promisifyRequest(s.count())), 0);
  });

  test('returns undefined when indexedDB is missing', async () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')!;
    try {
      Object.defineProperty(globalThis, 'indexedDB', { configurable: true, writable: true, value: undefined });
      assert.equal(await openLogStore(dbName(), 2000), undefined);
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', saved);
    }
  });

  test('returns undefined when open never settles (blocked), after the timeout', async () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')!;
    try {
      const stuck = { open: () => ({}) as IDBOpenDBRequest };
      Object.defineProperty(globalThis, 'indexedDB', { configurable: true, writable: true, value: stuck });
      const t0 = Date.now();
      assert.equal(await openLogStore(dbName(), 30), undefined);
      assert.ok(Date.now() - t0 < 1000);
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', saved);
    }
  });

  test('returns undefined when open fails', async () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')!;
    try {
      const failing = {
        open: () => {
          const req = {} as { onerror?: () => void; error?: unknown };
          setTimeout(() => {
            req.error = new DOMException('denied', 'UnknownError');
            req.onerror?.();
          }, 0);
          return req as unknown as IDBOpenDBRequest;
        },
      };
      Object.defineProperty(globalThis, 'indexedDB', { configurable: true, writable: true, value: failing });
      assert.equal(await openLogStore(dbName(), 2000), undefined);
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', saved);
    }
  });
});

describe('openLogStore: the database deleted or upgraded elsewhere (versionchange)', () => {
  /** Another connection (another tab, or the app on logout) deletes the database. */
  const deleteDb = (name: string) => promisifyRequest(indexedDB.deleteDatabase(name));
  const count = (useStore: UseStore) => useStore('readonly', (s) => promisifyRequest(s.count()));

  // Finding (issue 11): the connection closed on versionchange stayed closed in idb-keyval's
  // createStore, every later use failed, and the tab went memory-only for good.
  test('a delete elsewhere closes our connection without blocking it; the next use opens the database again', async () => {
    const name = dbName();
    let closed = 0;
    const useStore = (await openLogStore(name, 2000, () => closed++))!;
    await useStore('readwrite', (s) => (s.put('v', 'k'), promisifyRequest(s.transaction)));
    await deleteDb(name); // would never resolve had our connection stayed open
    assert.equal(closed, 1, 'told, so that the rows can be written again');
    assert.equal(await count(useStore), 0, 'a new, empty database');
    await useStore('readwrite', (s) => (s.put('v2', 'k2'), promisifyRequest(s.transaction)));
    assert.equal(await count(useStore), 1);
    // And again: each new connection closes on versionchange too.
    await deleteDb(name);
    assert.equal(closed, 2);
    assert.equal(await count(useStore), 0);
  });

  test('an upgrade elsewhere that keeps the store: our data is still there after it', async () => {
    const name = dbName();
    let closed = 0;
    const useStore = (await openLogStore(name, 2000, () => closed++))!;
    await useStore('readwrite', (s) => (s.put('v', 'k'), promisifyRequest(s.transaction)));
    const req = indexedDB.open(name, 2);
    req.onupgradeneeded = () => req.result.createObjectStore('other');
    const other = await promisifyRequest(req);
    other.close();
    assert.equal(closed, 1);
    assert.equal(await count(useStore), 1);
  });
});
