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
import { ROW_COMMITTED, ROW_NEW, ROW_WRITING, createRowIndex } from './createRowIndex';
import { createRowWriter } from './createRowWriter';
import { createFreshRows } from './createFreshRows';
import { createClaims } from './createClaims';
import { createJournal } from './createJournal';
import { HEARTBEAT_MS, STORE_OPEN_TIMEOUT_MS } from '../lib/timings';
import { peersLock } from '../lib/storageKeys';
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
  /** Prefix of this track URL's journals (storageKeys' journalPrefix). */
  _journal: string;
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
  /**
   * The page may be going away (`pagehide`, hidden, `freeze`): journals, synchronously, every
   * log that IndexedDB has not committed (what does not fit is dropped as `journalFull`), and
   * marks the accepted logs whose row's delete has not committed; until `_resume`, accepted logs
   * are marked at once.
   */
  _secure(): void;
  /** The page is in sight again (`pageshow`, visible): accepted logs need marks only at the next `_secure`. */
  _resume(): void;
  /** Whether IndexedDB has committed this log: it outlives this tab. */
  _kept(log: QueuedLog): boolean;
  /** Another tab of this database is alive: it takes this tab's logs over once this one is gone. */
  _shared(): boolean;
  _clear(): Promise<void>;
  /** Resolves once the database has opened (or failed to) and every write asked for so far has settled. */
  _settled(): Promise<void>;
  _stop(): void;
}

/**
 * The store's life: opening (rows wait for it), open, failed (IndexedDB missing, or a write
 * failed: new logs stay in memory, deletes still go to the store if there is one), stopped.
 */
type StoreState =
  | { _phase: typeof OPENING }
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
 * Until IndexedDB has committed a row, an unload would lose it (the browser aborts the
 * transaction): the row index knows which rows are committed, and `_secure` journals the others
 * (createJournal) when the page may be going away; the next page takes the journal over. When
 * another tab or the app deletes or upgrades the database, the connection closes and reopens, and
 * every row is written again (it may be gone).
 *
 * Logs sent during unload cannot report acceptance. They are marked (createSentMarks) and left in
 * the store; the tab that recovers them holds them until judgeUnloadSend decides from the answers
 * the tabs got around the send (createSharedHealth) whether to trust or resend them (README,
 * "Unload-sent logs").
 */
export function createPersistence(limits: PersistenceLimits, h: PersistenceHooks): Persistence {
  const presence = createTabPresence(h._tab, peersLock(h._db), h._now, HEARTBEAT_MS);
  const marks = createSentMarks(h._tab, h._now);
  const rows = createRowIndex();
  const journal = createJournal(h._journal, h._tab, () => rows._rows(ROW_WRITING), (n) =>
    h._drop(n, 'journalFull', DEBUG_BUILD && 'not in IndexedDB yet, and over the journal bound (or localStorage full)'),
  );
  let state: StoreState = { _phase: OPENING };
  const writer = createRowWriter(
    rows,
    (put) => (put ? (state._phase === OPEN ? state._store : undefined) : storeOf(state)),
    (ids) => {
      for (const id of ids) accepted.delete(id);
      marks._unmark(ids);
    },
    journal,
  );
  const fail = (e: unknown, logs: number) => {
    if (state._phase === OPENING || state._phase === OPEN) {
      state = { _phase: FAILED, _store: storeOf(state) };
      h._fail(`IndexedDB failed (${e instanceof Error ? e.name : String(e)})${DEBUG_BUILD ? ', memory only' : ''}`);
    }
    if (logs) h._notStored(logs);
  };
  const fresh = createFreshRows((group, logs) => {
    if (state._phase === FAILED) return h._notStored(logs.length);
    const key: RowKey = [logs[0]!._time, logs[0]!._logId];
    const row = logs.map((l): StoredLog => [l._logId, l._time, l._json, l._bytes]);
    rows._add(key, group, row, ROW_NEW);
    writer._write({ _key: key, _group: group, _logs: row });
  });
  let claims: Claims | undefined;
  // Accepted logs whose row's delete has not committed, not marked yet: a mark costs a
  // localStorage write of every id, at every delivery, and matters only if the page goes before
  // the delete commits. `_secure` writes them; after it (`leaving`), they are marked at once.
  const accepted = new Set<string>();
  let leaving = false;
  const markAccepted = (ids: string[]) => {
    if (ids.length) marks._mark(ids, true);
  };

  // Deleted or upgraded by another tab or the app: what the database held may be gone.
  const opening = openLogStore(h._db, STORE_OPEN_TIMEOUT_MS, writer._rewrite).then((useStore) => {
    if (state._phase !== OPENING) return;
    if (!useStore) {
      const lost = rows._count() + fresh._count();
      fresh._clear();
      rows._clear();
      return fail(new Error('IndexedDB unavailable'), lost);
    }
    state = { _phase: OPEN, _store: createLogStore(useStore, h._tab, presence._ready, fail) };
    // Rows made while the database was opening.
    rows._rows(ROW_NEW).forEach(writer._write);
    claims = createClaims({ _store: state._store, _presence: presence, _marks: marks, _journal: journal, _rows: rows, _settle: writer._settle, _hooks: h, _limits: limits });
    void claims._start();
  });

  return {
    _put(log, group) {
      if (state._phase === FAILED) return h._notStored(1);
      fresh._add(log, group);
    },
    _delete(logs, delivered) {
      const logIds = logs.map((l) => l._logId);
      // Not written yet: they need never be.
      fresh._remove(new Set(logIds));
      // Marked (by `_secure`, or now if the page may be going) until the row's delete commits: an
      // unload in between would abort it (createSentMarks); the mark replaces an unload mark of
      // theirs. Only logs whose row IndexedDB may hold: a mark of another log protects nothing
      // (the next claim after this tab is gone removes it).
      const stored = delivered ? logIds.filter((id) => (rows._of(id) ?? ROW_NEW) !== ROW_NEW) : [];
      if (leaving) markAccepted(stored);
      else for (const id of stored) accepted.add(id);
      writer._settle(logIds);
    },
    _markSent(logs, at) {
      // Without IndexedDB nobody will ever recover these logs, nor remove their marks.
      if (state._phase !== FAILED || state._store) marks._mark(logs.map((l) => l._logId), false, at);
    },
    _unmark: (logs) => marks._unmark(logs.map((l) => l._logId)),
    _secure() {
      leaving = true;
      markAccepted([...accepted]);
      accepted.clear();
      fresh._flushAll();
      journal._write(true);
    },
    _resume: () => void (leaving = false),
    _kept: (log) => rows._of(log._logId) === ROW_COMMITTED,
    _shared: presence._shared,
    _clear: async () => {
      claims?._clear();
      accepted.clear();
      fresh._clear();
      rows._clear();
      journal._write(false);
      await storeOf(state)?._clear();
    },
    _settled: async () => {
      fresh._flushAll();
      await opening;
      await storeOf(state)?._settled();
    },
    _stop() {
      state = { _phase: STOPPED, _store: storeOf(state) };
      claims?._stop();
      // Deletes that failed: the tab that claims these rows next must not send them again.
      markAccepted([...accepted]);
      // What is not committed by now was counted by the caller: nobody is to take it over.
      rows._clear();
      journal._write(false);
      presence._stop();
    },
  };
}
