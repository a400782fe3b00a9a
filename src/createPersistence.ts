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
  /** Whether any tab saw a failure from `from` to `to` (createSharedHealth). */
  _failedBetween(from: number, to: number): boolean;
}

export interface Persistence {
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

/**
 * A failure this close to an unload send (before: a storm that this send may have ended; after:
 * one it may have started) makes us resend instead of trusting it.
 */
const NEAR_MS = 1_000;
/** How long after an unload send the recovering tab waits for failures to show before deciding. */
const DECIDE_MS = 2_000;
/** How often a tab looks for logs left by tabs that died. */
const CLAIM_EVERY_MS = 15_000;

const keyOf = (l: QueuedLog): LogKey => [l._ts, l._id];

/**
 * The persistent queue's policy (workbox-background-sync's Queue is the model): every log is
 * stored shortly after `track()`, deleted once the service has it, and taken over by another tab
 * or the next visit when the tab that owned it died.
 *
 * Logs sent during unload cannot report acceptance. They are marked (createSentMarks) and left in
 * the store. The tab that recovers them waits until `DECIDE_MS` after the send, then trusts the
 * mark and deletes them, unless some tab saw a failure within `NEAR_MS` of the send: then the
 * unload send may have failed too, and they are sent again. Unload sends are not made at all
 * while any tab saw a failure in the last 3 s. So a log is duplicated only when a failure came
 * within a second of an unload send that got through, and lost only when an unload send failed
 * with no other request failing within a second of it (README, "Delivery").
 */
export function createPersistence(limits: PersistenceLimits, h: PersistenceHooks): Persistence {
  const presence = createTabPresence(h._tab, h._now, 5000);
  const marks = createSentMarks(h._tab, h._now);
  let store: LogStore | undefined;
  let failed = false;
  // Recovered logs an earlier page sent on unload, with the time it sent them.
  const held: Array<[QueuedLog, string, number]> = [];
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

  const settleHeld = () => {
    heldTimer = undefined;
    const now = h._now();
    const due = held.filter(([, , t]) => now >= t + DECIDE_MS);
    if (due.length) {
      held.splice(0, held.length, ...held.filter(([, , t]) => now < t + DECIDE_MS));
      marks._forget(new Set(due.map(([l]) => l._id)));
      const near = ([, , t]: [QueuedLog, string, number]) => h._failedBetween(t - NEAR_MS, t + NEAR_MS);
      const resend = due.filter(near);
      const trusted = due.filter((x) => !near(x));
      if (trusted.length) {
        store?._delete(trusted.map(([l]) => keyOf(l)));
        h._trusted(trusted.length);
      }
      enqueueGroups(resend.map(([l, g]) => [l, g]));
    }
    if (held.length) heldTimer = setTimeout(settleHeld, Math.max(0, Math.min(...held.map(([, , t]) => t)) + DECIDE_MS - now) + 50);
  };

  const enqueueGroups = (logs: Array<[QueuedLog, string]>) => {
    const groups = new Map<string, QueuedLog[]>();
    for (const [l, g] of logs) groups.set(g, [...(groups.get(g) ?? []), l]);
    for (const [g, list] of groups) h._enqueue(JSON.parse(g) as BatchMeta, list);
  };

  const claim = async () => {
    if (!store) return;
    const alive = await presence._alive();
    const sent = marks._read(24 * 3_600_000);
    const { _logs, _expired } = await store._claim(alive, h._now(), limits._maxAge, Infinity);
    if (_expired) h._drop(_expired, 'expired', 'stored longer than maxAge');
    const fresh: Array<[QueuedLog, string]> = [];
    const accepted: QueuedLog[] = [];
    for (const c of _logs) {
      const l: QueuedLog = { _json: c._json, _bytes: c._bytes, _ts: c._key[0], _id: c._key[1] };
      const mark = sent.get(l._id);
      if (!mark) fresh.push([l, c._group]);
      else if (mark[1]) accepted.push(l);
      else held.push([l, c._group, mark[0]]);
    }
    if (accepted.length) {
      // The service took these; only their delete was lost.
      void store._delete(accepted.map(keyOf)).then(() => marks._forget(new Set(accepted.map((l) => l._id))));
    }
    enqueueGroups(fresh);
    if (heldTimer !== undefined) clearTimeout(heldTimer);
    settleHeld();
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
    _delete(logs, delivered) {
      if (!logs.length) return;
      withStore((s) => {
        // Marked until the delete commits: a reload in between would abort it (createSentMarks).
        const ids = logs.map((l) => l._id);
        if (delivered) marks._mark(ids, true);
        void s._delete(logs.map(keyOf)).then(() => delivered && marks._unmark(ids));
      });
    },
    _markSent: (logs, at) => marks._mark(logs.map((l) => l._id), false, at),
    _unmark: (logs) => marks._unmark(logs.map((l) => l._id)),
    _clear: async () => {
      held.length = 0;
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
