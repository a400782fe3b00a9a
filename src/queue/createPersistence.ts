import type { QueuedLog } from './QueuedLog';
import type { LogStore } from './createLogStore';
import type { PersistenceHooks, PersistenceLimits } from './PersistenceHooks';
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
import { createAcceptedMarks } from './createAcceptedMarks';
import { HEARTBEAT_MS, STORE_OPEN_TIMEOUT_MS } from '../lib/timings';
import { peersLock } from '../lib/storageKeys';
import { DEBUG_BUILD } from '../lib/debugBuild';

export interface Persistence {
  /** Stores a log; the logs of one group tracked in one task share one row. */
  _put(log: QueuedLog, group: string): void;
  /**
   * The service accepted these (`delivered`), or they were dropped: forget them (those not
   * written yet need never be). Accepted ones are marked as such until their row's delete commits
   * (createAcceptedMarks); only those whose row IndexedDB may hold: a mark of another log
   * protects nothing.
   */
  _delete(logs: QueuedLog[], delivered?: boolean): void;
  /**
   * Sent (at `at`, default now) during unload, answer possibly never seen. Not marked without
   * IndexedDB: nobody would ever recover these logs, nor remove their marks.
   */
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
  /**
   * The page went into the back/forward cache (after `_secure`): the writes not committed are
   * aborted (LogStore._abort); their rows are journaled, and written again at `_resume`.
   */
  _abandon(): void;
  /**
   * The page is in sight again (`pageshow`, visible): accepted logs need marks only at the next
   * `_secure`, and rows whose write did not commit are written again.
   */
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

/** How an entry composes persistence into the tracker (createTracker's Parts). */
export type PersistenceFactory = (limits: PersistenceLimits, hooks: PersistenceHooks) => Persistence;

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

/** The state after a failure of IndexedDB, reported the first time. */
const failed = (s: StoreState, hooks: PersistenceHooks, e: unknown): StoreState => {
  if (s._phase !== OPENING && s._phase !== OPEN) return s;
  hooks._fail(`IndexedDB failed (${e instanceof Error ? e.name : String(e)})${DEBUG_BUILD ? ', memory only' : ''}`);
  return { _phase: FAILED, _store: storeOf(s) };
};

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
export function createPersistence(limits: PersistenceLimits, hooks: PersistenceHooks): Persistence {
  const presence = createTabPresence(hooks._tab, peersLock(hooks._db), hooks._now, HEARTBEAT_MS);
  const marks = createSentMarks(hooks._tab, hooks._now);
  const accepted = createAcceptedMarks(marks);
  const rows = createRowIndex();
  const journal = createJournal(hooks._journal, hooks._tab, () => rows._rows(ROW_WRITING), (n) =>
    hooks._drop(n, 'journalFull', DEBUG_BUILD && 'not in IndexedDB yet, and over the journal bound (or localStorage full)'),
  );
  let state: StoreState = { _phase: OPENING };
  const writer = createRowWriter(rows, (put) => (put ? (state._phase === OPEN ? state._store : undefined) : storeOf(state)), accepted._deleted, journal);
  const fail = (e: unknown, logs: number) => {
    state = failed(state, hooks, e);
    if (logs) hooks._notStored(logs);
  };
  const fresh = createFreshRows((group, logs) => (state._phase === FAILED ? hooks._notStored(logs.length) : writer._add(group, logs)));
  let claims: Claims | undefined;
  /** Forgets every log waiting to be written or settled; returns how many there were. */
  const forget = (): number => {
    const n = rows._count() + fresh._count();
    fresh._clear();
    rows._clear();
    return n;
  };

  const opening = openLogStore(hooks._db, STORE_OPEN_TIMEOUT_MS, writer._rewrite).then((useStore) => {
    if (state._phase !== OPENING) return;
    if (!useStore) return fail(new Error('IndexedDB unavailable'), forget());
    state = { _phase: OPEN, _store: createLogStore(useStore, hooks._tab, presence._ready, fail) };
    // Rows made while the database was opening.
    writer._retry();
    claims = createClaims({ _store: state._store, _presence: presence, _marks: marks, _journal: journal, _rows: rows, _settle: writer._settle, _hooks: hooks, _limits: limits });
    void claims._start();
  });

  return {
    _put: (log, group) => (state._phase === FAILED ? hooks._notStored(1) : fresh._add(log, group)),
    _delete(logs, delivered) {
      const logIds = logs.map((l) => l._logId);
      fresh._remove(new Set(logIds));
      if (delivered) accepted._add(logIds.filter((id) => (rows._of(id) ?? ROW_NEW) !== ROW_NEW));
      writer._settle(logIds);
    },
    _markSent: (logs, at) => (state._phase !== FAILED || state._store) && marks._mark(logs.map((l) => l._logId), false, at),
    _unmark: (logs) => marks._unmark(logs.map((l) => l._logId)),
    _secure() {
      accepted._leaving();
      fresh._flushAll();
      journal._write(true);
    },
    _abandon: () => storeOf(state)?._abort(),
    _resume() {
      accepted._resume();
      writer._retry();
    },
    _kept: (log) => rows._of(log._logId) === ROW_COMMITTED,
    _shared: presence._shared,
    async _clear() {
      claims?._clear();
      accepted._clear();
      forget();
      journal._write(false);
      await storeOf(state)?._clear();
    },
    async _settled() {
      fresh._flushAll();
      await opening;
      await storeOf(state)?._settled();
    },
    _stop() {
      state = { _phase: STOPPED, _store: storeOf(state) };
      claims?._stop();
      accepted._flush();
      // What is not committed by now was counted by the caller: nobody is to take it over.
      forget();
      journal._write(false);
      presence._stop();
    },
  };
}
