import type { BatchMeta } from './types';
import type { QueuedLog } from './queuedLog';
import type { DropReason } from './dropReasons';
import type { LogKey, LogStore } from './createLogStore';
import { createLogStore } from './createLogStore';
import { openLogStore } from './openLogStore';
import { createTabPresence } from './createTabPresence';
import { createSentMarks } from './createSentMarks';

/** Limits of the persistent queue. */
export interface PersistenceLimits {
  /** Stored logs kept at most; the oldest beyond it are dropped (`storeFull`). */
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
}

export interface Persistence {
  _put(log: QueuedLog, group: string): void;
  /** The service accepted these, or they were dropped: forget them. */
  _delete(logs: QueuedLog[]): void;
  /** Sent during unload, answer possibly never seen. */
  _markSent(logs: QueuedLog[]): void;
  /** An unload send was answered after all (the page lived on). */
  _unmark(logs: QueuedLog[]): void;
  /** Feeds the first answers after a recovery, to settle logs an earlier page sent on unload. */
  _answered(ok: boolean): void;
  _clear(): Promise<void>;
  _settled(): Promise<void>;
  _stop(): void;
}

/** How long after an unload send a failing service makes us resend instead of trusting it. */
const CONFIRM_MS = 60_000;
/** How often a tab looks for logs left by tabs that died. */
const CLAIM_EVERY_MS = 15_000;

const keyOf = (l: QueuedLog): LogKey => [l._ts, l._id];

/**
 * The persistent queue's policy (workbox-background-sync's Queue is the model): every log is
 * stored shortly after `track()`, deleted once the service has it, and taken over by another tab
 * or the next visit when the tab that owned it died.
 *
 * Logs sent during unload cannot report acceptance. They are marked (createSentMarks) and left in
 * the store. The visit that recovers them trusts the mark, deleting them, unless the service fails
 * its first request within `CONFIRM_MS` of the mark: then the unload send most likely failed
 * too, and they are sent again. So a log is duplicated only when the service failed right after
 * accepting an unload send, and lost only when it rejected the unload send and then accepted the
 * very next request (see README, "Delivery").
 */
export function createPersistence(limits: PersistenceLimits, h: PersistenceHooks): Persistence {
  const presence = createTabPresence(h._tab, h._now, 5000);
  const marks = createSentMarks(h._tab, h._now);
  let store: LogStore | undefined;
  let failed = false;
  let held: Array<[QueuedLog, string]> = [];
  let heldTimer: ReturnType<typeof setTimeout> | undefined;
  const early: Array<(s: LogStore) => void> = [];
  let earlyPuts = 0;

  const fail = (e: unknown, logs: number) => {
    if (!failed) {
      failed = true;
      h._fail(`IndexedDB failed (${e instanceof Error ? e.name : String(e)}): logs are kept in memory only`);
    }
    if (logs) h._notStored(logs);
  };

  const settleHeld = (ok: boolean) => {
    if (!held.length) return;
    const logs = held;
    held = [];
    if (heldTimer !== undefined) clearTimeout(heldTimer);
    heldTimer = undefined;
    marks._forget(new Set(logs.map(([l]) => l._id)));
    if (ok) {
      store?._delete(logs.map(([l]) => keyOf(l)));
      h._trusted(logs.length);
    } else {
      enqueueGroups(logs);
    }
  };

  const enqueueGroups = (logs: Array<[QueuedLog, string]>) => {
    const groups = new Map<string, QueuedLog[]>();
    for (const [l, g] of logs) groups.set(g, [...(groups.get(g) ?? []), l]);
    for (const [g, list] of groups) h._enqueue(JSON.parse(g) as BatchMeta, list);
  };

  const claim = async () => {
    if (!store) return;
    const alive = await presence._alive();
    const sent = marks._read(CONFIRM_MS * 60 * 24);
    const { _logs, _expired } = await store._claim(alive, h._now(), limits._maxAge, Infinity);
    if (_expired) h._drop(_expired, 'expired', 'stored longer than maxAge');
    const now = h._now();
    const fresh: Array<[QueuedLog, string]> = [];
    const trusted: QueuedLog[] = [];
    for (const c of _logs) {
      const l: QueuedLog = { _json: c._json, _bytes: c._bytes, _ts: c._key[0], _id: c._key[1] };
      const t = sent.get(l._id);
      if (t === undefined) fresh.push([l, c._group]);
      else if (now - t < CONFIRM_MS) held.push([l, c._group]);
      else trusted.push(l);
    }
    if (trusted.length) {
      store._delete(trusted.map(keyOf));
      marks._forget(new Set(trusted.map((l) => l._id)));
      h._trusted(trusted.length);
    }
    if (held.length && heldTimer === undefined) heldTimer = setTimeout(() => settleHeld(true), CONFIRM_MS);
    enqueueGroups(fresh);
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  void openLogStore(h._db, 3000).then(async (useStore) => {
    if (!useStore) {
      early.length = 0;
      return fail(new Error('IndexedDB unavailable'), earlyPuts);
    }
    store = createLogStore(useStore, h._tab, presence._ready, fail);
    for (const f of early.splice(0)) f(store);
    earlyPuts = 0;
    const trimmed = await store._trim(limits._maxLogs);
    if (trimmed) h._drop(trimmed, 'storeFull', `more than ${limits._maxLogs} logs stored`);
    await claim();
    timer = setInterval(() => void claim(), CLAIM_EVERY_MS);
  });

  const withStore = (f: (s: LogStore) => void): boolean => {
    if (store) f(store);
    else if (!failed) early.push(f);
    return !failed;
  };

  return {
    _put(log, group) {
      if (!withStore((s) => s._put(keyOf(log), group, log._json, log._bytes))) h._notStored(1);
      else if (!store) earlyPuts++;
    },
    _delete: (logs) => withStore((s) => s._delete(logs.map(keyOf))),
    _markSent: (logs) => marks._mark(logs.map((l) => l._id)),
    _unmark: (logs) => marks._unmark(logs.map((l) => l._id)),
    _answered: (ok) => settleHeld(ok),
    _clear: async () => {
      held = [];
      await store?._clear();
    },
    _settled: async () => {
      await store?._settled();
    },
    _stop() {
      if (timer !== undefined) clearInterval(timer);
      presence._stop();
    },
  };
}
