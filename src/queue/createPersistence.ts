import type { DropReason } from '../types';
import type { LogGroup } from '../batch/createBatcher';
import type { QueuedLog } from './QueuedLog';
import type { LogStore, RowKey, StoredLog } from './createLogStore';
import type { SharedHealth } from './createSharedHealth';
import type { Claims } from './createClaims';
import { createLogStore } from './createLogStore';
import { openLogStore } from './openLogStore';
import { createTabPresence } from './createTabPresence';
import { createSentMarks } from './createSentMarks';
import { createRowIndex } from './createRowIndex';
import { createFreshRows } from './createFreshRows';
import { createClaims } from './createClaims';
import { HEARTBEAT_MS, STORE_OPEN_TIMEOUT_MS } from '../lib/timings';
import { DEBUG_BUILD } from '../lib/debugBuild';

/** Limits of the persistent queue. */
export interface PersistenceLimits {
  /** Logs taken over from other tabs or visits at most; the oldest beyond it are dropped (`storeFull`). */
  _maxStoredLogs: number;
  /** Stored logs older than this (ms, by client time) are dropped (`expired`). */
  _maxAge: number;
}

export interface PersistenceHooks {
  _tab: string;
  _db: string;
  _now: () => number;
  /** Logs recovered from a dead tab or an earlier visit, to be sent. */
  _enqueue(group: LogGroup): void;
  _drop(count: number, reason: DropReason, detail?: string | false): void;
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

/** A row made while the database was still opening. */
interface UnwrittenRow {
  _key: RowKey;
  _group: string;
  _logs: StoredLog[];
}

/**
 * The store's life: opening (rows wait for it), open, failed (IndexedDB missing, or a write
 * failed: new logs stay in memory, deletes still go to the store if there is one), stopped.
 */
type StoreState =
  | { _phase: typeof OPENING; _unwritten: UnwrittenRow[] }
  | { _phase: typeof OPEN; _store: LogStore }
  | { _phase: typeof FAILED | typeof STOPPED; _store: LogStore | undefined };
// The phases, numbers with names so that the minifier inlines them.
const OPENING = 0;
const OPEN = 1;
const FAILED = 2;
const STOPPED = 3;

const storeOf = (s: StoreState): LogStore | undefined => (s._phase === OPENING ? undefined : s._store);

/**
 * The persistent queue's policy (workbox-background-sync's Queue is the model): every log is
 * stored shortly after `track()` (one row per group per task, createFreshRows), deleted once the
 * service has all the logs of its row (createRowIndex), and taken over by another tab or the next
 * visit when the tab that owned it died (claim, sortRecovered).
 *
 * Logs sent during unload cannot report acceptance. They are marked (createSentMarks) and left in
 * the store; the tab that recovers them holds them (createHeldLogs) until judgeUnloadSend decides
 * from the answers the tabs got around the send (createSharedHealth) whether to trust or resend
 * them (README, "Unload-sent logs").
 */
export function createPersistence(limits: PersistenceLimits, h: PersistenceHooks): Persistence {
  const presence = createTabPresence(h._tab, h._now, HEARTBEAT_MS);
  const marks = createSentMarks(h._tab, h._now);
  const rows = createRowIndex();
  let state: StoreState = { _phase: OPENING, _unwritten: [] };

  const fail = (e: unknown, logs: number) => {
    if (state._phase === OPENING || state._phase === OPEN) {
      state = { _phase: FAILED, _store: storeOf(state) };
      h._fail(`IndexedDB failed (${e instanceof Error ? e.name : String(e)})${DEBUG_BUILD ? ', memory only' : ''}`);
    }
    if (logs) h._notStored(logs);
  };
  /** These logs need no more keeping: a row goes once all its logs have, and then its marks. */
  const settle = (logIds: string[]) => {
    for (const row of rows._settle(logIds)) void storeOf(state)?._delete(row._key).then(() => marks._unmark(row._logIds));
  };
  const fresh = createFreshRows((group, logs) => {
    const key: RowKey = [logs[0]!._time, logs[0]!._logId];
    rows._add(key, logs.map((l) => l._logId));
    const row = logs.map((l): StoredLog => [l._logId, l._time, l._json, l._bytes]);
    if (state._phase === OPENING) state._unwritten.push({ _key: key, _group: group, _logs: row });
    else storeOf(state)?._put(key, group, row);
  });
  let claims: Claims | undefined;

  const opened = (store: LogStore, unwritten: UnwrittenRow[]) => {
    state = { _phase: OPEN, _store: store };
    // Rows made while the database was opening: write what is still unsettled of them.
    for (const row of unwritten) {
      const left = rows._unsettled(row._key);
      const keep = left ? row._logs.filter(([logId]) => left.has(logId)) : [];
      if (keep.length) store._put(row._key, row._group, keep);
    }
  };
  void openLogStore(h._db, STORE_OPEN_TIMEOUT_MS).then(async (useStore) => {
    if (state._phase !== OPENING) return;
    if (!useStore) {
      const lost = rows._count() + fresh._count();
      fresh._clear();
      rows._clear();
      return fail(new Error('IndexedDB unavailable'), lost);
    }
    const store = createLogStore(useStore, h._tab, presence._ready, fail);
    opened(store, state._unwritten);
    claims = createClaims({ _store: store, _presence: presence, _marks: marks, _rows: rows, _settle: settle, _hooks: h, _limits: limits });
    await claims._start();
  });

  return {
    _put(log, group) {
      if (state._phase === FAILED) return h._notStored(1);
      fresh._add(log, group);
    },
    _delete(logs, delivered) {
      if (!logs.length) return;
      const logIds = logs.map((l) => l._logId);
      // Not written yet: they need never be.
      fresh._remove(new Set(logIds));
      // Marked until the row's delete commits: a reload in between would abort it (createSentMarks).
      if (delivered && storeOf(state)) marks._mark(logIds, true);
      settle(logIds);
    },
    _markSent: (logs, at) => marks._mark(logs.map((l) => l._logId), false, at),
    _unmark: (logs) => marks._unmark(logs.map((l) => l._logId)),
    _clear: async () => {
      claims?._clear();
      fresh._clear();
      rows._clear();
      await storeOf(state)?._clear();
    },
    _settled: async () => {
      fresh._flushAll();
      await storeOf(state)?._settled();
    },
    _stop() {
      state = { _phase: STOPPED, _store: storeOf(state) };
      claims?._stop();
      presence._stop();
    },
  };
}
