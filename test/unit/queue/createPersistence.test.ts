import 'fake-indexeddb/auto';
import { beforeEach, describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { promisifyRequest } from 'idb-keyval';
import type { UseStore } from 'idb-keyval';
import { createPersistence } from '../../../src/queue/createPersistence.ts';
import type { Persistence } from '../../../src/queue/createPersistence.ts';
import type { PersistenceHooks, PersistenceLimits } from '../../../src/queue/PersistenceHooks.ts';
import { createSentMarks } from '../../../src/queue/createSentMarks.ts';
import { createLogStore } from '../../../src/queue/createLogStore.ts';
import type { StoredLog } from '../../../src/queue/StoredRow.ts';
import { openLogStore } from '../../../src/queue/openLogStore.ts';
import type { BatchMeta } from '../../../src/batch/BatchMeta.ts';
import type { QueuedLog } from '../../../src/queue/QueuedLog.ts';
import type { DropReason } from '../../../src/types.ts';
import type { AnswerKind } from '../../../src/queue/createSharedHealth.ts';
import { MemoryStorage } from '../../helpers/MemoryStorage.ts';


const HOUR = 3_600_000;
const T0 = Date.parse('2024-05-01T00:00:00Z');
const BEAT_DEAD = 15_000; // heartbeats every 5 s; a tab is gone after three missed beats
const metaA: BatchMeta = { topic: 'a', source: 'web', tags: { app: 'x' } };
const metaB: BatchMeta = { topic: 'b', source: '', tags: {} };
const G1 = JSON.stringify(metaA);
const G2 = JSON.stringify(metaB);

let storage: MemoryStorage;
let clock = 0;
let dbSeq = 0;
beforeEach(() => {
  storage = new MemoryStorage();
  Object.defineProperty(globalThis, 'localStorage', { configurable: true, get: () => storage });
  clock = T0;
});

const dbName = () => `sls-webtrack persist-${process.pid}-${dbSeq++}`;
const ql = (id: string, ts = clock): QueuedLog => {
  const json = JSON.stringify({ id, msg: `log ${id}` });
  return { _json: json, _bytes: Buffer.byteLength(json), _logId: id, _time: ts };
};
const idsOf = (logs: QueuedLog[]): string[] => logs.map((l) => l._logId);
/** The mocked timers of the running test: `turn()` also runs what is due now (tasks at 0 ms). */
let timers: TestContext['mock']['timers'] | undefined;
const turn = async () => {
  // Microtasks first, as in a browser: a task (here a mocked 0 ms timer) never runs before them.
  await new Promise<void>((r) => setImmediate(r));
  timers?.tick(0);
};

const readRows = async (db: string): Promise<Array<{ o: string; g: string; l: StoredLog[] }>> => {
  const useStore: UseStore | undefined = await openLogStore(db, 2000);
  assert.ok(useStore);
  return useStore('readonly', (s) => promisifyRequest(s.getAll() as IDBRequest<Array<{ o: string; g: string; l: StoredLog[] }>>));
};
const storedIds = async (db: string): Promise<string[]> => (await readRows(db)).flatMap((r) => r.l.map(([id]) => id)).sort();

const waitFor = async (cond: () => boolean | Promise<boolean>, what: string): Promise<void> => {
  const end = Date.now() + 5000;
  while (Date.now() < end) {
    if (await cond()) return;
    await turn();
  }
  assert.fail(`timed out waiting for: ${what}`);
};
const sentKeys = (): string[] => [...storage.m.keys()].filter((k) => k.startsWith('sls-webtrack:sent:'));
/** The ids of every mark entry, in the order written. */
const marksOf = (): string[][] => sentKeys().map((k) => (JSON.parse(storage.getItem(k)!) as { i: string[] }).i);

/** A scripted view of the tabs' recent answers. */
interface FakeHealth {
  failedBetween: (from: number, to: number, serviceOnly?: boolean) => boolean;
  firstAfter: (t: number) => AnswerKind | undefined;
}

const tab = (t: TestContext, id: string, db: string, limits: Partial<PersistenceLimits> = {}, over: Partial<PersistenceHooks> = {}) => {
  if (timers !== t.mock.timers) {
    t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    timers = t.mock.timers;
  }
  const ev = {
    enqueued: [] as Array<[BatchMeta, QueuedLog[]]>,
    drops: [] as Array<[number, DropReason, string | false | undefined]>,
    fails: [] as string[],
    notStored: 0,
    trusted: 0,
  };
  const health: FakeHealth = { failedBetween: () => false, firstAfter: () => undefined };
  const p: Persistence = createPersistence(
    { _maxStoredLogs: 10_000, _maxAge: 24 * HOUR, ...limits },
    {
      _tab: id,
      _db: db,
      _journal: `sls-webtrack:journal:${db}#`,
      _now: () => clock,
      _enqueue: (group) => void ev.enqueued.push([group._meta, group._logs]),
      _drop: (n, reason, detail) => void ev.drops.push([n, reason, detail]),
      _fail: (m) => void ev.fails.push(m),
      _notStored: (n) => { ev.notStored += n; },
      _trusted: (n) => { ev.trusted += n; },
      _health: {
        _failedBetween: (from, to, serviceOnly) => health.failedBetween(from, to, serviceOnly),
        _firstAfter: (x) => health.firstAfter(x),
      },
      ...over,
    },
  );
  return { p, ev, health };
};

/** Tab B has finished its first claim: its own row is written and its writes (and claim) settled. */
const claimDone = async (b: Persistence, db: string, id: string) => {
  b._put(ql(`${id}-sentinel`), G2);
  await waitFor(async () => (await storedIds(db)).includes(`${id}-sentinel`), `${id}'s own row`);
  await b._settled();
  for (let i = 0; i < 5; i++) await turn();
};

/** Tab A stores these logs; resolves once they are all in IndexedDB. */
const storeFromA = async (a: Persistence, db: string, logs: Array<[QueuedLog, string]>) => {
  for (const [l, g] of logs) a._put(l, g);
  const want = logs.map(([l]) => l._logId);
  await waitFor(async () => {
    const have = await storedIds(db);
    return want.every((id) => have.includes(id));
  }, 'A\'s rows');
};

describe('createPersistence: recovery from a dead tab', () => {
  test('logs stored by tab A are recovered by tab B once A\'s heartbeat is stale, grouped by meta, in order', async (t) => {
    const db = dbName();
    const { p: a } = tab(t, 'A', db);
    const a1 = ql('a1', clock);
    const a2 = ql('a2', clock + 1);
    const a3 = ql('a3', clock + 2);
    await storeFromA(a, db, [[a1, G1], [a3, G2], [a2, G1]]);
    assert.deepEqual((await readRows(db)).map((r) => r.o), ['A', 'A']);

    // A stops beating (crashed: its interval never runs again); 15 s later it counts as gone.
    clock += BEAT_DEAD;
    const { p: b, ev } = tab(t, 'B', db);
    await waitFor(() => ev.enqueued.length === 2, 'B to enqueue the recovered logs');
    assert.deepEqual(ev.enqueued, [
      [metaA, [a1, a2]],
      [metaB, [a3]],
    ]);
    assert.deepEqual(ev.drops, []);
    await b._settled();
    assert.deepEqual((await readRows(db)).map((r) => r.o), ['B', 'B'], 'B owns the rows now');
    // Once B has them delivered, they are gone from the store.
    b._delete([a1, a2, a3], true);
    await waitFor(async () => (await storedIds(db)).length === 0, 'rows deleted');
    await waitFor(() => sentKeys().length === 0, 'confirmed marks removed after the delete');
  });

  test('while A\'s heartbeat is fresh, B takes nothing; after A is gone, B\'s periodic claim takes its logs', async (t) => {
    const db = dbName();
    const { p: a } = tab(t, 'A', db);
    const a1 = ql('a1');
    await storeFromA(a, db, [[a1, G1]]);
    clock += BEAT_DEAD - 1;
    const { p: b, ev } = tab(t, 'B', db);
    await claimDone(b, db, 'B');
    assert.deepEqual(ev.enqueued, []);
    assert.deepEqual((await readRows(db)).find((r) => r.l[0]![0] === 'a1')?.o, 'A');

    a._stop(); // A closes: its heartbeat is removed
    clock += 15_000;
    t.mock.timers.tick(15_000); // B looks again
    await waitFor(() => ev.enqueued.length === 1, 'the periodic claim');
    assert.deepEqual(ev.enqueued, [[metaA, [a1]]]);
  });

  test('logs A delivered are not recovered', async (t) => {
    const db = dbName();
    const { p: a } = tab(t, 'A', db);
    const logs = [ql('a1'), ql('a2'), ql('a3')];
    await storeFromA(a, db, logs.map((l) => [l, G1]));
    a._delete(logs, true);
    await waitFor(async () => (await storedIds(db)).length === 0, 'A\'s row deleted');
    await waitFor(() => sentKeys().length === 0, 'A\'s confirmed marks removed once the delete committed');
    clock += BEAT_DEAD;
    const { p: b, ev } = tab(t, 'B', db);
    await claimDone(b, db, 'B');
    assert.deepEqual(ev.enqueued, []);
  });

  test('logs never written (delivered within their task) are not stored at all', async (t) => {
    const db = dbName();
    const { p: a } = tab(t, 'A', db);
    await storeFromA(a, db, [[ql('first'), G1]]);
    const quick = [ql('q1'), ql('q2')];
    for (const l of quick) a._put(l, G1);
    a._delete(quick, true);
    await a._settled();
    for (let i = 0; i < 10; i++) await turn();
    assert.deepEqual(await storedIds(db), ['first']);
  });

  test('a row partly delivered by A: B recovers only the logs A had not delivered (confirmed marks)', async (t) => {
    const db = dbName();
    const { p: a } = tab(t, 'A', db);
    const logs = [ql('a1'), ql('a2'), ql('a3')];
    await storeFromA(a, db, logs.map((l) => [l, G1]));
    a._delete(logs.slice(0, 2), true);
    await a._settled();
    assert.deepEqual(await storedIds(db), ['a1', 'a2', 'a3'], 'the row stays until all its logs are settled');
    assert.deepEqual(sentKeys(), [], 'in sight, accepted logs are not marked at each delivery');
    a._secure(); // the page goes: pagehide
    clock += BEAT_DEAD;
    const { p: b, ev } = tab(t, 'B', db);
    await waitFor(() => ev.enqueued.length === 1, 'recovery');
    assert.deepEqual(ev.enqueued, [[metaA, [logs[2]]]]);
    // Kept until the row goes: were B to die now, the next tab would still skip a1 and a2.
    assert.equal(createSentMarks('X', () => clock)._read(24 * HOUR).size, 2, 'the marks stay while the row does');
    b._delete([logs[2]!], true);
    await waitFor(async () => (await storedIds(db)).filter((id) => id.startsWith('a')).length === 0, 'row deleted');
    await waitFor(() => createSentMarks('X', () => clock)._read(24 * HOUR).size === 0, 'then the marks are forgotten');
  });

  test('confirmed marks make B skip logs whose row delete was lost, and B deletes the row', async (t) => {
    const db = dbName();
    const { p: a } = tab(t, 'A', db);
    const logs = [ql('a1'), ql('a2')];
    const other = ql('a3');
    await storeFromA(a, db, [...logs.map((l): [QueuedLog, string] => [l, G1]), [other, G2]]);
    // The service took a1 and a2, but the page unloaded before the row's delete committed.
    createSentMarks('A', () => clock)._mark(idsOf(logs), true);
    clock += BEAT_DEAD;
    const { p: b, ev } = tab(t, 'B', db);
    await waitFor(() => ev.enqueued.length === 1, 'recovery');
    assert.deepEqual(ev.enqueued, [[metaB, [other]]]);
    await waitFor(async () => !(await storedIds(db)).includes('a1'), 'the accepted row deleted');
    assert.deepEqual(await storedIds(db), ['a3']);
    assert.deepEqual(sentKeys(), [], 'the marks are forgotten');
    await b._settled();
  });

  test('logs older than maxAge are dropped as expired, the others recovered', async (t) => {
    const db = dbName();
    const { p: a } = tab(t, 'A', db);
    const maxAge = 2 * HOUR;
    const old = ql('old', clock - 1);
    const edge = ql('edge', clock);
    const fresh = ql('fresh', clock + 5);
    await storeFromA(a, db, [[old, G1], [edge, G1], [fresh, G2]]);
    clock += maxAge;
    const { p: b, ev } = tab(t, 'B', db, { _maxAge: maxAge });
    await waitFor(() => ev.enqueued.length === 2, 'recovery');
    assert.deepEqual(ev.drops, [[1, 'expired', 'stored longer than maxAge']]);
    assert.deepEqual(ev.enqueued, [[metaA, [edge]], [metaB, [fresh]]]);
    b._delete([edge, fresh], true);
    await waitFor(async () => (await storedIds(db)).length === 0, 'rows deleted once all settled');
  });

  test('more than _maxStoredLogs to recover: the oldest are dropped as storeFull', async (t) => {
    const db = dbName();
    const { p: a } = tab(t, 'A', db);
    const logs = Array.from({ length: 5 }, (_, i) => ql(`a${i}`, clock + i));
    await storeFromA(a, db, logs.map((l) => [l, G1]));
    clock += BEAT_DEAD;
    const { p: b, ev } = tab(t, 'B', db, { _maxStoredLogs: 3 });
    await waitFor(() => ev.enqueued.length === 1, 'recovery');
    assert.deepEqual(ev.drops, [[2, 'storeFull', 'more than 3 stored logs to recover']]);
    assert.deepEqual(ev.enqueued, [[metaA, logs.slice(2)]]);
    b._delete(logs.slice(2), true);
    await waitFor(async () => (await storedIds(db)).length === 0, 'the row goes once the kept logs are delivered');
  });

  test('storeFull counts across rows, oldest rows first', async (t) => {
    const db = dbName();
    const { p: a } = tab(t, 'A', db);
    const early = [ql('e0', clock), ql('e1', clock + 1)];
    await storeFromA(a, db, early.map((l) => [l, G1]));
    const late = [ql('l0', clock + 10), ql('l1', clock + 11)];
    await storeFromA(a, db, late.map((l) => [l, G2]));
    clock += BEAT_DEAD;
    const { ev } = tab(t, 'B', db, { _maxStoredLogs: 3 });
    await waitFor(() => ev.enqueued.length === 2, 'recovery');
    assert.deepEqual(ev.drops, [[1, 'storeFull', 'more than 3 stored logs to recover']]);
    assert.deepEqual(ev.enqueued, [[metaA, [early[1]]], [metaB, late]]);
  });
});

describe('createPersistence: logs sent on unload by a tab that died', () => {
  /** A stored two logs and sent them on unload `age` ms before B starts and claims them. */
  const setupHeld = async (t: TestContext, age = 12_000) => {
    const db = dbName();
    const { p: a } = tab(t, 'A', db);
    const logs = [ql('u1'), ql('u2')];
    await storeFromA(a, db, logs.map((l) => [l, G1]));
    clock += BEAT_DEAD;
    const sentAt = clock - age;
    a._markSent(logs, sentAt);
    const b = tab(t, 'B', db);
    return { db, logs, sentAt, ...b };
  };

  test('trusted when the first answer after the send was a success: not resent, counted, row deleted', async (t) => {
    const { db, logs, sentAt, p: b, ev, health } = await setupHeld(t);
    const asked: number[] = [];
    health.firstAfter = (x) => {
      asked.push(x);
      return 0;
    };
    await claimDone(b, db, 'B');
    assert.ok(asked.length > 0 && asked.every((x) => x === sentAt), 'judged by the answers after the send time');
    assert.equal(ev.trusted, logs.length);
    assert.deepEqual(ev.enqueued, []);
    await waitFor(async () => !(await storedIds(db)).includes('u1'), 'the row deleted');
    assert.deepEqual(sentKeys(), []);
  });

  test('resent when the first answer after the send was a failure', async (t) => {
    const { db, logs, p: b, ev, health } = await setupHeld(t);
    health.firstAfter = () => 1;
    await claimDone(b, db, 'B');
    assert.equal(ev.trusted, 0);
    assert.deepEqual(ev.enqueued, [[metaA, logs]]);
    assert.deepEqual(sentKeys(), [], 'the unload marks are forgotten');
  });

  test('resent when the service failed within 1 s before the send (a storm the send may have ended)', async (t) => {
    const { db, logs, sentAt, p: b, ev, health } = await setupHeld(t);
    const windows: Array<[number, number, boolean | undefined]> = [];
    health.failedBetween = (from, to, serviceOnly) => {
      windows.push([from, to, serviceOnly]);
      return true;
    };
    health.firstAfter = () => 0;
    await claimDone(b, db, 'B');
    assert.deepEqual(windows[0], [sentAt - 1000, sentAt, true]);
    assert.deepEqual(ev.enqueued, [[metaA, logs]]);
    assert.equal(ev.trusted, 0);
  });

  // Finding (issue 11): the wait counted from the send, so logs sent over 10 s before the next
  // visit recovered them were trusted at once, before any answer could say the send had failed.
  test('with no answer yet, held; trusted 10 s after the recovery (not the send) if none comes', async (t) => {
    const { db, logs, p: b, ev } = await setupHeld(t, 12_000);
    await claimDone(b, db, 'B');
    assert.equal(ev.trusted, 0, 'sent 12 s ago, but recovered just now: not trusted yet');
    assert.deepEqual(ev.enqueued, []);
    for (let i = 0; i < 39; i++) {
      clock += 250;
      t.mock.timers.tick(250);
    }
    assert.equal(ev.trusted, 0, 'still waiting 9.75 s after the recovery');
    clock += 250;
    t.mock.timers.tick(250);
    assert.equal(ev.trusted, logs.length);
    assert.deepEqual(ev.enqueued, []);
  });

  test('with no answer yet, held; resent as soon as a failure answer comes', async (t) => {
    const { db, logs, p: b, ev, health } = await setupHeld(t, 1_000);
    await claimDone(b, db, 'B');
    assert.deepEqual(ev.enqueued, []);
    health.firstAfter = () => 2;
    clock += 250;
    t.mock.timers.tick(250);
    assert.deepEqual(ev.enqueued, [[metaA, logs]]);
  });
});

describe('createPersistence: no IndexedDB', () => {
  const withoutIndexedDB = async (f: () => Promise<void>) => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')!;
    Object.defineProperty(globalThis, 'indexedDB', { configurable: true, writable: true, value: undefined });
    try {
      await f();
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', saved);
    }
  };

  test('reports the failure once and counts every later log as not stored', async (t) => {
    await withoutIndexedDB(async () => {
      const { p, ev } = tab(t, 'A', dbName());
      for (let i = 0; i < 5; i++) await turn();
      assert.equal(ev.fails.length, 1);
      assert.match(ev.fails[0]!, /IndexedDB/);
      p._put(ql('x1'), G1);
      p._put(ql('x2'), G1);
      await turn();
      p._put(ql('x3'), G2);
      await p._settled();
      assert.equal(ev.notStored, 3);
      assert.equal(ev.fails.length, 1, 'reported once');
      // Nothing else breaks.
      p._delete([ql('x1')], true);
      p._markSent([ql('x2')]);
      p._unmark([ql('x2')]);
      await p._clear();
      p._stop();
    });
  });

  // Without IndexedDB, openLogStore has settled before the first flush of logs put in the same task
  // as createPersistence (the usual `createTracker(...); tracker.track(...)`): they must still be
  // counted in `notStored`.
  test('logs put in the same task as createPersistence are counted as not stored when IndexedDB is missing', async (t) => {
    await withoutIndexedDB(async () => {
      const { p, ev } = tab(t, 'A', dbName());
      p._put(ql('x1'), G1);
      p._put(ql('x2'), G1);
      for (let i = 0; i < 5; i++) await turn(); // (`_settled()` here would flush them first and hide it)
      assert.equal(ev.fails.length, 1);
      assert.equal(ev.notStored, 2);
    });
  });
});

describe('createPersistence: lifecycle', () => {
  test('logs put while the database is still opening are written once it is open', async (t) => {
    const db = dbName();
    const { p } = tab(t, 'A', db);
    p._put(ql('early1'), G1);
    p._put(ql('early2'), G2);
    await turn();
    p._delete([ql('early2')], true); // settled before the database opened: never written
    await waitFor(async () => (await storedIds(db)).includes('early1'), 'the early row');
    await p._settled();
    assert.deepEqual(await storedIds(db), ['early1']);
  });

  test('_clear empties the store', async (t) => {
    const db = dbName();
    const { p } = tab(t, 'A', db);
    await storeFromA(p, db, [[ql('c1'), G1], [ql('c2'), G2]]);
    await p._clear();
    assert.deepEqual(await storedIds(db), []);
  });

  // A tab stopped before its database opened must not start claiming once it opens: its presence
  // is gone, so it would take over other tabs' logs every 15 s (duplicates) with a timer never cleared.
  test('_stop() before the database has opened stops the periodic claims', async (t) => {
    const db = dbName();
    const { p, ev } = tab(t, 'A', db);
    p._stop(); // e.g. tracker.shutdown() right after creation: store._settled() returns at once
    for (let i = 0; i < 50; i++) await turn(); // the database opens
    const useStore = await openLogStore(db, 2000);
    const dead = createLogStore(useStore!, 'Z', Promise.resolve(), () => undefined);
    dead._put([clock, 'z1'], G1, [['z1', clock, '{"id":"z1"}', 11]]);
    await dead._settled();
    clock += 15_000;
    t.mock.timers.tick(15_000);
    for (let i = 0; i < 50; i++) await turn();
    assert.deepEqual(ev.enqueued, []);
  });
});

/** Makes a tab whose database never opens (as when the page goes before it has): its rows stay uncommitted. */
const stuckTab = (t: TestContext, id: string, db: string) => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')!;
  Object.defineProperty(globalThis, 'indexedDB', { configurable: true, writable: true, value: { open: () => ({}) } });
  try {
    return tab(t, id, db);
  } finally {
    Object.defineProperty(globalThis, 'indexedDB', saved);
  }
};
const journalKeys = (): string[] => [...storage.m.keys()].filter((k) => k.startsWith('sls-webtrack:journal:'));

describe('createPersistence: the journal (the last moment before the page goes)', () => {
  test('logs not committed when the page goes are journaled; the next tab writes them into IndexedDB, sends them, then removes the journal', async (t) => {
    const db = dbName();
    const { p: a, ev: evA } = stuckTab(t, 'A', db);
    const logs = [ql('j1'), ql('j2'), ql('j3')];
    a._put(logs[0]!, G1);
    a._put(logs[1]!, G1);
    a._put(logs[2]!, G2);
    a._secure(); // pagehide, in the task that tracked them
    assert.deepEqual(journalKeys(), [`sls-webtrack:journal:${db}#A`]);
    assert.deepEqual(evA.drops, []);
    clock += BEAT_DEAD; // A is gone
    const { p: b, ev } = tab(t, 'B', db);
    await waitFor(() => ev.enqueued.length === 2, 'B to send the journaled logs');
    assert.deepEqual(ev.enqueued, [[metaA, logs.slice(0, 2)], [metaB, [logs[2]]]]);
    assert.deepEqual(await storedIds(db), ['j1', 'j2', 'j3'], 'in IndexedDB before the journal goes');
    assert.deepEqual((await readRows(db)).map((r) => r.o), ['B', 'B']);
    assert.deepEqual(journalKeys(), []);
    b._delete(logs, true);
    await waitFor(async () => (await storedIds(db)).length === 0, 'delivered: rows deleted');
    await waitFor(() => sentKeys().length === 0, 'and no mark left');
  });

  test('a journal of a tab still alive (hidden, not gone) is not taken', async (t) => {
    const db = dbName();
    const { p: a } = stuckTab(t, 'A', db);
    a._put(ql('h1'), G1);
    a._secure();
    const { p: b, ev } = tab(t, 'B', db);
    await claimDone(b, db, 'B');
    assert.deepEqual(ev.enqueued, []);
    assert.equal(journalKeys().length, 1);
  });

  test('a journaled row whose put committed after all is sent once, not twice', async (t) => {
    const db = dbName();
    const { p: a } = tab(t, 'A', db);
    const logs = [ql('c1'), ql('c2')];
    for (const l of logs) a._put(l, G1);
    a._secure();
    assert.equal(journalKeys().length, 1);
    await waitFor(async () => (await storedIds(db)).length === 2, 'the put commits anyway');
    // A dies before its journal is brought up to date.
    clock += BEAT_DEAD;
    const { ev } = tab(t, 'B', db);
    await waitFor(() => ev.enqueued.length > 0, 'recovery');
    for (let i = 0; i < 10; i++) await turn();
    assert.deepEqual(ev.enqueued, [[metaA, logs]]);
    assert.deepEqual(await storedIds(db), ['c1', 'c2']);
  });

  test('unload-sent logs in the journal are held for a verdict, as stored ones are; the wait counts from the recovery', async (t) => {
    const db = dbName();
    const { p: a } = stuckTab(t, 'A', db);
    const logs = [ql('s1'), ql('s2'), ql('s3')];
    for (const l of logs) a._put(l, G1);
    a._markSent(logs.slice(0, 2), clock); // a beacon took two of them
    a._secure();
    clock += 30_000;
    const { p: b, ev } = tab(t, 'B', db);
    await claimDone(b, db, 'B');
    assert.deepEqual(ev.enqueued, [[metaA, [logs[2]]]], 'the unsent one at once');
    assert.equal(ev.trusted, 0, 'the sent ones wait for an answer');
    for (let i = 0; i < 40; i++) {
      clock += 250;
      t.mock.timers.tick(250);
    }
    assert.equal(ev.trusted, 2);
    assert.equal(sentKeys().length, 1, 'their marks stay until the row is deleted');
    b._delete([logs[2]!], true);
    await waitFor(() => sentKeys().length === 0, 'then they are forgotten');
  });

  test('a page that lives on removes its journal once its rows have committed', async (t) => {
    const db = dbName();
    const { p: a } = tab(t, 'A', db);
    a._put(ql('v1'), G1);
    a._secure(); // hidden, then visible again
    assert.equal(journalKeys().length, 1);
    await waitFor(() => journalKeys().length === 0, 'the journal removed after the commit');
    assert.deepEqual(await storedIds(db), ['v1']);
  });

  test('a write still open when the page goes into the back/forward cache is aborted (no failure), journaled, and written again when the page is shown', async (t) => {
    const db = dbName();
    const { p: a, ev } = tab(t, 'A', db);
    await claimDone(a, db, 'A');
    const put = IDBObjectStore.prototype.put;
    let hooked = true;
    // pagehide (persisted) in the moment the row's put has been issued, before it commits.
    t.mock.method(IDBObjectStore.prototype, 'put', function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      const r = put.apply(this, args);
      if (hooked) {
        hooked = false;
        a._secure();
        a._abandon();
      }
      return r;
    });
    const logs = [ql('b1'), ql('b2')];
    for (const l of logs) a._put(l, G1);
    await waitFor(() => !hooked, 'the row\'s put');
    await a._settled();
    assert.deepEqual(ev.fails, [], 'an abort is not a failure of the store');
    assert.deepEqual(await storedIds(db), ['A-sentinel'], 'not committed');
    assert.equal(journalKeys().length, 1, 'journaled: a tab that finds this one gone takes them over');
    a._resume(); // pageshow: back from the cache
    await waitFor(async () => (await storedIds(db)).includes('b2'), 'the row written again');
    await waitFor(() => journalKeys().length === 0, 'the journal removed after the commit');
    assert.deepEqual(await storedIds(db), ['A-sentinel', 'b1', 'b2']);
    assert.deepEqual(ev.drops, []);
  });

  test('a page shown again while a write is under way does not write that row a second time', async (t) => {
    const db = dbName();
    const { p: a, ev } = tab(t, 'A', db);
    await claimDone(a, db, 'A');
    const put = IDBObjectStore.prototype.put;
    let puts = 0;
    let resumed = false;
    // pageshow (or visible) in the moment the row's put has been issued, before it commits.
    t.mock.method(IDBObjectStore.prototype, 'put', function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      puts++;
      const r = put.apply(this, args);
      if (!resumed) {
        resumed = true;
        a._resume();
      }
      return r;
    });
    a._put(ql('w1'), G1);
    await waitFor(async () => (await storedIds(db)).includes('w1'), 'the row committed');
    await a._settled();
    assert.equal(puts, 1, 'one put of the row');
    assert.deepEqual(ev.fails, []);
  });

  test('logs delivered (or dropped) before the page goes are not journaled', async (t) => {
    const db = dbName();
    const { p: a } = stuckTab(t, 'A', db);
    const logs = [ql('d1'), ql('d2')];
    for (const l of logs) a._put(l, G1);
    await turn();
    a._delete([logs[0]!], true);
    a._secure();
    const rows = JSON.parse(storage.getItem(journalKeys()[0]!)!) as Array<[unknown, string, StoredLog[]]>;
    assert.deepEqual(rows.flatMap((r) => r[2].map(([id]) => id)), ['d2']);
    assert.deepEqual(sentKeys(), [], 'never stored: no mark is needed, none is left behind');
  });
});

describe('createPersistence: shutdown', () => {
  // Finding (issue 11): shutdown() before the database had opened returned at once from
  // _settled(); _stop() then kept the opening database from ever writing the rows: the logs were
  // gone from the store, and nobody counted them.
  test('logs put before the database opened are in IndexedDB once _settled() resolves, even with _stop() right after', async (t) => {
    const db = dbName();
    const { p: a, ev } = tab(t, 'A', db);
    const logs = [ql('e1'), ql('e2')];
    for (const l of logs) a._put(l, G1);
    await a._settled();
    assert.ok(logs.every((l) => a._kept(l)), 'committed');
    a._stop();
    assert.deepEqual(await storedIds(db), ['e1', 'e2']);
    assert.deepEqual(journalKeys(), []);
    assert.equal(ev.notStored, 0);
    // Another tab takes them over: _stop() released this tab's presence.
    const { ev: evB } = tab(t, 'B', db);
    await waitFor(() => evB.enqueued.length === 1, 'B claims the rows');
    assert.deepEqual(evB.enqueued, [[metaA, logs]]);
  });
});

describe('createPersistence: the database deleted or upgraded elsewhere (versionchange)', () => {
  // Finding (issue 11): the connection closed on versionchange never reopened: every later
  // write failed, the tab went memory-only for good.
  test('deleted (e.g. by the app on logout): every row is written again, later logs are stored, nothing fails; deliveries leave no mark', async (t) => {
    const db = dbName();
    const { p: a, ev } = tab(t, 'A', db);
    const first = [ql('v1'), ql('v2')];
    await storeFromA(a, db, first.map((l) => [l, G1]));
    await promisifyRequest(indexedDB.deleteDatabase(db));
    await waitFor(async () => (await storedIds(db)).length === 2, 'the rows written again');
    const later = ql('v3');
    await storeFromA(a, db, [[later, G2]]);
    assert.deepEqual(ev.fails, []);
    assert.equal(ev.notStored, 0);
    a._delete([...first, later], true);
    await waitFor(async () => (await storedIds(db)).length === 0, 'deleted once delivered');
    await waitFor(() => sentKeys().length === 0, 'the marks removed once the deletes committed');
  });

  test('an upgrade that removes the store: deletes fail, and the accepted marks stay (no resend)', async (t) => {
    const db = dbName();
    const { p: a, ev } = tab(t, 'A', db);
    const logs = [ql('u1'), ql('u2')];
    await storeFromA(a, db, logs.map((l) => [l, G1]));
    const req = indexedDB.open(db, 2);
    req.onupgradeneeded = () => req.result.deleteObjectStore('logs');
    (await promisifyRequest(req)).close();
    a._delete(logs, true);
    await waitFor(() => ev.fails.length === 1, 'the failure reported');
    await a._settled();
    for (let i = 0; i < 10; i++) await turn();
    a._secure();
    assert.equal(sentKeys().length, 1, 'the delete failed: the accepted logs are marked when the page goes, no resend');
  });
});

describe('createPersistence: accepted logs, marked only when the page may go', () => {
  // Marking every delivered log at once cost a localStorage write of every id per delivery, and
  // rewrites as rows were deleted: ~2.5 us a log, the largest cost after track() but IndexedDB.
  // The mark matters only if the page goes before the row's delete commits.
  test('in sight, a delivery writes no mark; at pagehide the accepted logs whose delete has not committed are marked', async (t) => {
    const db = dbName();
    const { p: a } = tab(t, 'A', db);
    const logs = [ql('d1'), ql('d2'), ql('d3')];
    await storeFromA(a, db, logs.map((l) => [l, G1]));
    a._delete(logs.slice(0, 2), true);
    assert.deepEqual(sentKeys(), []);
    a._secure();
    assert.deepEqual(marksOf(), [['d1', 'd2']], 'the row (d3 still waits) is not deleted: d1, d2 marked as accepted');
    // After pagehide, answers read as the page goes are marked at once.
    a._delete([logs[2]!], true);
    assert.deepEqual(marksOf(), [['d1', 'd2'], ['d3']]);
    // The row's delete commits: every mark goes.
    await waitFor(() => sentKeys().length === 0, 'marks removed once the delete committed');
    // In sight again: back to no marks at delivery.
    a._resume();
    const more = [ql('d4')];
    await storeFromA(a, db, more.map((l) => [l, G1]));
    a._delete(more, true);
    assert.deepEqual(sentKeys(), []);
    await a._settled();
  });

  test('a tab that crashes between an accepted delivery and its row\'s delete: the next tab sends those logs again (a duplicate, never a loss)', async (t) => {
    const db = dbName();
    const { p: a } = tab(t, 'A', db);
    const logs = [ql('c1'), ql('c2')];
    await storeFromA(a, db, logs.map((l) => [l, G1]));
    a._delete([logs[0]!], true); // c2 still waits: the row stays
    clock += BEAT_DEAD; // no pagehide: a crash
    const { ev } = tab(t, 'B', db);
    await waitFor(() => ev.enqueued.length === 1, 'recovery');
    assert.deepEqual(ev.enqueued, [[metaA, logs]]);
  });
});

describe('createPersistence: marks never left behind', () => {
  test('without IndexedDB, neither unload sends nor deliveries write marks: nobody would ever remove them', async (t) => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')!;
    Object.defineProperty(globalThis, 'indexedDB', { configurable: true, writable: true, value: undefined });
    try {
      const { p } = tab(t, 'A', dbName());
      for (let i = 0; i < 5; i++) await turn();
      const logs = [ql('n1'), ql('n2')];
      for (const l of logs) p._put(l, G1);
      p._markSent(logs);
      p._delete(logs, true);
      p._secure();
      assert.deepEqual(sentKeys(), []);
      assert.deepEqual(journalKeys(), []);
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', saved);
    }
  });

  test('marks older than 24 h are removed at each claim, even when there is nothing to claim', async (t) => {
    createSentMarks('old', () => clock)._mark(['x1'], true, clock - 25 * HOUR);
    const db = dbName();
    const { p } = tab(t, 'A', db);
    await claimDone(p, db, 'A');
    assert.deepEqual(sentKeys(), []);
  });
});
