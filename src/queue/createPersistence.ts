import type { BatchMeta } from '../types';
import type { QueuedLog } from './queuedLog';
import type { DropReason } from '../dropReasons';
import type { LogStore, RowKey, StoredLog } from './createLogStore';
import { createLogStore } from './createLogStore';
import { openLogStore } from './openLogStore';
import { createTabPresence } from './createTabPresence';
import { createSentMarks } from './createSentMarks';
import type { SharedHealth } from './createSharedHealth';

/** Limits of the persistent queue. */
export interface PersistenceLimits {
  /** Logs taken over from other tabs or visits at most; the oldest beyond it are dropped (`storeFull`). */
  _maxLogs: number;
  /** Stored logs older than this (ms, by client time) are dropped (`expired`). */
  _maxAge: number;
}

export interface PersistenceHooks {
  _tab: string;
  _db: string;
  _now: () => number;
  /** Logs recovered from a dead tab or an earlier visit, to be sent. */
  _enqueue(meta: BatchMeta, logs: QueuedLog[]): void;
  _drop(count: number, reason: DropReason, detail: string): void;
  /** Storage failed: reported once by the caller. */
  _fail(message: string): void;
  /** Logs that could not be stored (they are still sent from memory, but would not survive a reload). */
  _notStored(count: number): void;
  /** Unload-sent logs trusted as delivered (their answer was never seen). */
  _trusted(count: number): void;
  /** The tabs' recent answers (createSharedHealth). */
  _health: Pick<SharedHealth, '_failedBetween' | '_firstAfter'>;
}

export interface Persistence {
  /** Stores a log; the logs of one group tracked in one task share one row. */
  _put(log: QueuedLog, group: string): void;
  /** The service accepted these (`delivered`), or they were dropped: forget them. */
  _delete(logs: QueuedLog[], delivered?: boolean): void;
  /** Sent (at `at`, default now) during unload, answer possibly never seen. */
  _markSent(logs: QueuedLog[], at?: number): void;
  /** An unload send was answered after all (the page lived on). */
  _unmark(logs: QueuedLog[]): void;
  _clear(): Promise<void>;
  _settled(): Promise<void>;
  _stop(): void;
}

/** A service failure this shortly before an unload send: a storm that the send may have ended. */
const NEAR_MS = 1_000;
/** Waiting for the first answer after an unload send gives up after this long, and trusts it. */
const DECIDE_MS = 10_000;
/** How often a tab looks for logs left by tabs that died. */
const CLAIM_EVERY_MS = 15_000;

const rowId = (k: RowKey): string => k[0] + ' ' + k[1];

/**
 * The persistent queue's policy (workbox-background-sync's Queue is the model): every log is
 * stored shortly after `track()` (one row per group per task), deleted once the service has all
 * the logs of its row, and taken over by another tab or the next visit when the tab that owned it
 * died.
 *
 * Logs sent during unload cannot report acceptance. They are marked (createSentMarks) and left in
 * the store. The tab that recovers them judges the send by the answers the tabs got around it
 * (createSharedHealth): if the first answer any tab got after the send was a failure, or the
 * service failed within `NEAR_MS` before it (a storm the send may have ended), they are sent
 * again; otherwise the mark is trusted and they are forgotten (with no answer at all within
 * `DECIDE_MS`, trusted too). Unload sends are not made at all while any tab saw a failure in the
 * last 3 s. So a log is duplicated only when an unload send got through and the very next answer
 * was a failure, and lost only when an unload send failed and the very next answer was a success
 * (README, "Delivery").
 */
export function createPersistence(limits: PersistenceLimits, h: PersistenceHooks): Persistence {
  const presence = createTabPresence(h._tab, h._now, 5000);
  const marks = createSentMarks(h._tab, h._now);
  let store: LogStore | undefined;
  let failed = false;
  // Logs tracked in this task, by group, waiting for their row.
  let fresh = new Map<string, QueuedLog[]>();
  let scheduled = false;
  // Rows written or claimed, with the ids of their logs not settled yet.
  const rows = new Map<string, [RowKey, Set<string>, string[]]>();
  const rowOf = new Map<string, string>(); // log id → row id
  // Rows made while the database was still opening.
  let unwritten: Array<[RowKey, string, StoredLog[]]> = [];
  // Recovered logs an earlier page sent on unload, with their group and the time it sent them.
  const held: Array<[QueuedLog, string, number]> = [];
  let heldTimer: ReturnType<typeof setTimeout> | undefined;

  const fail = (e: unknown, logs: number) => {
    if (!failed) {
      failed = true;
      h._fail(`IndexedDB failed (${e instanceof Error ? e.name : String(e)}), memory only`);
    }
    if (logs) h._notStored(logs);
  };

  const track = (key: RowKey, ids: string[]) => {
    const id = rowId(key);
    rows.set(id, [key, new Set(ids), ids]);
    for (const i of ids) rowOf.set(i, id);
  };

  /** These logs need no more keeping: a row goes once all its logs have, and then its marks. */
  const settle = (ids: string[]) => {
    for (const i of ids) {
      const id = rowOf.get(i);
      rowOf.delete(i);
      const row = id === undefined ? undefined : rows.get(id);
      if (!row) continue;
      row[1].delete(i);
      if (row[1].size) continue;
      rows.delete(id!);
      const all = row[2];
      void store?._delete(row[0]).then(() => marks._unmark(all));
    }
  };

  // At most this many logs are copied into IndexedDB per task (the copy is synchronous): a burst
  // of 100,000 logs is written over many short tasks, not in one of hundreds of ms.
  const ROW_LOGS = 2048;
  const flushFresh = () => {
    scheduled = false;
    let budget = ROW_LOGS;
    for (const [g, all] of fresh) {
      if (budget <= 0) break;
      const logs = all.splice(0, budget);
      if (!all.length) fresh.delete(g);
      if (!logs.length) continue;
      budget -= logs.length;
      const key: RowKey = [logs[0]!._ts, logs[0]!._id];
      track(key, logs.map((l) => l._id));
      const row = logs.map((l): StoredLog => [l._id, l._ts, l._json, l._bytes]);
      if (store) store._put(key, g, row);
      else if (!failed) unwritten.push([key, g, row]);
    }
    if (fresh.size) {
      scheduled = true;
      setTimeout(flushFresh, 0);
    }
  };

  const enqueueGroups = (logs: Array<[QueuedLog, string]>) => {
    const groups = new Map<string, QueuedLog[]>();
    for (const [l, g] of logs) groups.set(g, [...(groups.get(g) ?? []), l]);
    for (const [g, list] of groups) h._enqueue(JSON.parse(g) as BatchMeta, list);
  };

  const settleHeld = () => {
    heldTimer = undefined;
    const now = h._now();
    const verdicts = held.map(([, , t]): boolean | undefined => {
      if (h._health._failedBetween(t - NEAR_MS, t, true)) return false;
      const first = h._health._firstAfter(t);
      return first === undefined ? (now >= t + DECIDE_MS ? true : undefined) : first === 0;
    });
    const trusted = held.filter((_, i) => verdicts[i] === true);
    const resend = held.filter((_, i) => verdicts[i] === false);
    const due = [...trusted, ...resend];
    if (due.length) {
      held.splice(0, held.length, ...held.filter((_, i) => verdicts[i] === undefined));
      marks._forget(new Set(due.map(([l]) => l._id)));
      if (trusted.length) {
        settle(trusted.map(([l]) => l._id));
        h._trusted(trusted.length);
      }
      enqueueGroups(resend.map(([l, g]) => [l, g]));
    }
    // Look again shortly: the verdict waits for the next answer of any tab.
    if (held.length) heldTimer = setTimeout(settleHeld, 250);
  };

  const claim = async () => {
    if (!store) return;
    const alive = await presence._alive();
    const claimed = await store._claim(alive);
    if (!claimed.length) return;
    const sent = marks._read(24 * 3_600_000);
    const now = h._now();
    const todo: Array<[QueuedLog, string]> = [];
    let expired = 0;
    const done: string[] = [];
    const accepted = new Set<string>();
    for (const row of claimed) {
      track(row._key, row._logs.map(([id]) => id));
      for (const [id, ts, json, bytes] of row._logs) {
        const l: QueuedLog = { _json: json, _bytes: bytes, _ts: ts, _id: id };
        const mark = sent.get(id);
        if (ts < now - limits._maxAge) {
          expired++;
          done.push(id);
        } else if (mark?.[1]) {
          // The service took it; only the row's delete was lost (createSentMarks).
          accepted.add(id);
          done.push(id);
        } else if (mark) held.push([l, row._group, mark[0]]);
        else todo.push([l, row._group]);
      }
    }
    if (expired) h._drop(expired, 'expired', 'stored longer than maxAge');
    // Oldest first: rows come in key order, and within a row in tracking order.
    const over = todo.length - limits._maxLogs;
    if (over > 0) {
      h._drop(over, 'storeFull', `more than ${limits._maxLogs} stored logs to recover`);
      for (const [l] of todo.splice(0, over)) done.push(l._id);
    }
    settle(done);
    if (accepted.size) marks._forget(accepted);
    enqueueGroups(todo);
    if (heldTimer !== undefined) clearTimeout(heldTimer);
    settleHeld();
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  let stopped = false;
  void openLogStore(h._db, 3000).then(async (useStore) => {
    if (stopped) return;
    if (!useStore) {
      let lost = 0;
      for (const [, ids] of rows.values()) lost += ids.size;
      for (const list of fresh.values()) lost += list.length;
      fresh.clear();
      rows.clear();
      rowOf.clear();
      unwritten = [];
      return fail(new Error('IndexedDB unavailable'), lost);
    }
    store = createLogStore(useStore, h._tab, presence._ready, fail);
    // Rows made while the database was opening: write what is still unsettled of them.
    for (const [key, g, logs] of unwritten) {
      const left = rows.get(rowId(key))?.[1];
      const keep = left ? logs.filter(([id]) => left.has(id)) : [];
      if (keep.length) store._put(key, g, keep);
    }
    unwritten = [];
    await claim();
    if (!stopped) timer = setInterval(() => void claim(), CLAIM_EVERY_MS);
  });

  return {
    _put(log, group) {
      if (failed) return h._notStored(1);
      const list = fresh.get(group);
      if (list) list.push(log);
      else fresh.set(group, [log]);
      if (!scheduled) {
        scheduled = true;
        // A task later, not a microtask: copying a big burst into IndexedDB is tens of ms of
        // main thread, better not added to the page's own task that tracked it.
        setTimeout(flushFresh, 0);
      }
    },
    _delete(logs, delivered) {
      if (!logs.length) return;
      const ids = logs.map((l) => l._id);
      const gone = new Set(ids);
      // Not written yet: they need never be.
      for (const [g, list] of fresh) fresh.set(g, list.filter((l) => !gone.has(l._id)));
      // Marked until the row's delete commits: a reload in between would abort it (createSentMarks).
      if (delivered && store) marks._mark(ids, true);
      settle(ids);
    },
    _markSent: (logs, at) => marks._mark(logs.map((l) => l._id), false, at),
    _unmark: (logs) => marks._unmark(logs.map((l) => l._id)),
    _clear: async () => {
      held.length = 0;
      fresh.clear();
      rows.clear();
      rowOf.clear();
      await store?._clear();
    },
    _settled: async () => {
      while (fresh.size) flushFresh();
      await store?._settled();
    },
    _stop() {
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      if (heldTimer !== undefined) clearTimeout(heldTimer);
      presence._stop();
    },
  };
}
