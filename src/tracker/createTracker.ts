import type { TrackerOptions } from '../options';
import type { BatchMeta } from '../types';
import type { DropInfo, DropReason } from '../dropReasons';
import type { QueuedLog } from '../queue/queuedLog';
import type { Persistence } from '../queue/createPersistence';
import { resolveOptions } from './resolveOptions';
import { normalizeLog } from '../normalize/normalizeLog';
import { sanitizeKey } from '../normalize/sanitizeKey';
import { utf8Length } from '../normalize/utf8Length';
import { bodyOverhead } from '../batch/buildBody';
import { MAX_TOPIC_BYTES } from '../lib/limits';
import { createBatcher } from '../batch/createBatcher';
import { createDelivery } from '../send/createDelivery';
import { createTransport } from '../send/createTransport';
import { createPersistence } from '../queue/createPersistence';
import { createSharedHealth } from '../queue/createSharedHealth';
import { addListeners } from '../lib/addListeners';
import type { Lz4 } from '../encode/encodeRequest';

/** Per-call overrides of the tracker's topic, source and tags. */
export interface TrackOptions {
  topic?: string;
  source?: string;
  tags?: Record<string, string>;
}

/** Counters since the tracker was created. */
export interface TrackerStats {
  /** Logs accepted by `track()`. */
  tracked: number;
  /** Logs the service accepted (its 200 seen). */
  sent: number;
  /** Logs sent during unload whose answer was never seen, trusted as delivered (README, "Delivery"). */
  unconfirmed: number;
  /** Logs waiting (in batches, queued or in flight), this tab's and those recovered from others. */
  pending: number;
  /** Logs that could not be written to IndexedDB: still sent from memory, but a reload would lose them. */
  notStored: number;
  /** Dropped logs by reason. */
  dropped: Partial<Record<DropReason, number>>;
}

export interface Tracker {
  /**
   * Queues one log. Never throws: any value is normalized (README, "What happens to bad input"),
   * and a log that can never be sent is dropped and reported through `onDrop`.
   */
  track(log: unknown, options?: TrackOptions): void;
  /** Sends everything now, lifting backoff waits and a configuration stop; resolves when nothing is left to try now. */
  flush(): Promise<void>;
  /** Flushes, waits for the store, then stops: listeners removed, later `track()` calls dropped (`shutdown`). */
  shutdown(): Promise<void>;
  stats(): TrackerStats;
  /**
   * Adds fields to every later log (the log's own fields win). The provider runs at each
   * `track()`; returns a function that removes it. Auto-capture uses it for visitor and session ids.
   */
  addContext(provider: () => Record<string, unknown>): () => void;
  /** Stops all capture and sending, empties the queue and the store, and remembers the choice (localStorage). */
  optOut(): void;
  /** Undoes `optOut()`. */
  optIn(): void;
  isOptedOut(): boolean;
}

const storage = (): Storage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // a sandboxed iframe, or storage blocked by the user
  }
};

/**
 * The tracker, given its LZ4 encoder or none (`sls-webtrack/core`, where `compress: 'lz4'` falls
 * back to `deflate`). Throws a `TypeError` naming the option when an option is invalid; nothing
 * later throws.
 */
export function createTrackerWith(options: TrackerOptions, lz4?: Lz4): Tracker {
  const o = resolveOptions(options);
  const dropped: Partial<Record<DropReason, number>> = {};
  const stats = { tracked: 0, sent: 0, unconfirmed: 0, notStored: 0 };
  const context: Array<() => Record<string, unknown>> = [];
  const tab = Math.random().toString(36).slice(2, 10);
  let seq = 0;
  let closed = false;
  let optedOut = storage()?.getItem(o._optOutKey) === '1';

  const debug = (message: string) => {
    if (o._debug) console.debug('[sls-webtrack]', message);
  };
  const drop = (count: number, reason: DropReason, detail: string) => {
    dropped[reason] = (dropped[reason] ?? 0) + count;
    const info: DropInfo = { reason, count, detail };
    if (o._debug) console.warn('[sls-webtrack] dropped', info);
    try {
      o._onDrop?.(info);
    } catch (e) {
      debug(`onDrop threw: ${String(e)}`);
    }
  };
  const report = (status: number, errorCode: string, message: string) => {
    console.warn('[sls-webtrack]', message);
    try {
      o._onError?.({ status, errorCode, message });
    } catch (e) {
      debug(`onError threw: ${String(e)}`);
    }
  };

  const cleanTags = (tags: Record<string, unknown>): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const k in tags) out[sanitizeKey(k)] = String(tags[k]);
    return out;
  };
  const defaultMeta: BatchMeta = { topic: o._topic, source: o._source, tags: cleanTags(o._tags) };
  const defaultKey = JSON.stringify(defaultMeta);

  const health = createSharedHealth(`sls-webtrack:answers:${o._url}`, Date.now);
  const store: Persistence | undefined = o._persist
    ? createPersistence(
        { _maxLogs: o._maxStored, _maxAge: o._maxAge },
        {
          _tab: tab,
          _db: `sls-webtrack ${o._url}`,
          _now: Date.now,
          _enqueue: (meta, logs) => {
            debug(`recovered ${logs.length} stored logs`);
            delivery._enqueue(meta, logs);
          },
          _drop: drop,
          _fail: (message) => report(0, 'StorageUnavailable', message),
          _notStored: (n) => { stats.notStored += n; },
          _trusted: (n) => { stats.unconfirmed += n; },
          _health: health,
        },
      )
    : undefined;

  const transport = createTransport(o._url, 30_000);
  const delivery = createDelivery({
    _maxLogs: o._maxLogs,
    _maxBytes: o._maxBytes,
    _compress: o._compress,
    _lz4: lz4,
    _inFlight: o._inFlight,
    _transport: transport,
    _now: Date.now,
    _random: Math.random,
    _delivered(logs) {
      stats.sent += logs.length;
      store?._delete(logs, true);
    },
    _dropped(logs, reason, detail) {
      store?._delete(logs);
      drop(logs.length, reason, detail);
    },
    _stopped: (status, code) =>
      report(status, code, `sending stopped (${status} ${code}): check Web Tracking, project and logstore; logs are kept`),
    _answered: health._answer,
    // No unload sends while failures are recent: the logs are safer in the store.
    _mayUnload: () => !health._failedBetween(Date.now() - 3000, Date.now()),
    _unloading(logs, beacon, at) {
      store?._markSent(logs, at);
      if (beacon) stats.unconfirmed += logs.length;
    },
    _unloadAnswered: (logs) => store?._unmark(logs),
    _debug: debug,
  });
  const batcher = createBatcher({ _maxLogs: o._maxLogs, _maxBytes: o._maxBytes, _interval: o._interval }, (meta, logs) => {
    delivery._enqueue(meta, logs);
    // A long outage must not grow memory (or the store) without bound: drop the oldest, counted.
    const gone = delivery._trim(o._maxStored);
    if (gone.length) {
      store?._delete(gone);
      drop(gone.length, 'queueFull', `more than ${o._maxStored} logs waiting`);
    }
  });

  const metaFor = (t: TrackOptions): [string, BatchMeta] | string => {
    const topic = t.topic ?? o._topic;
    const source = t.source ?? o._source;
    if (typeof topic !== 'string' || typeof source !== 'string') return 'topic and source must be strings';
    if (utf8Length(topic) > MAX_TOPIC_BYTES || utf8Length(source) > MAX_TOPIC_BYTES) return 'topic or source over 128 bytes';
    const tags = t.tags && typeof t.tags === 'object' ? cleanTags({ ...o._tags, ...t.tags }) : defaultMeta.tags;
    const meta = { topic, source, tags };
    return [JSON.stringify(meta), meta];
  };

  const remember = (on: boolean) => {
    try {
      if (on) storage()?.setItem(o._optOutKey, '1');
      else storage()?.removeItem(o._optOutKey);
    } catch (e) {
      debug(`could not remember the opt-out choice: ${String(e)}`);
    }
  };
  const emptyQueue = () => {
    const logs = [...batcher._drain().flatMap(([, l]) => l), ...delivery._clear()];
    void store?._clear();
    if (logs.length) drop(logs.length, 'optOut', 'queue emptied by optOut()');
  };

  // The page is going away or out of sight: send what waits, in query mode, within the keepalive
  // budget (README, "Delivery"). `visibilitychange` comes first and the page may live on, so it uses
  // keepalive fetch and reads answers; `pagehide` uses sendBeacon, which says at once whether the
  // browser took the request. Not `beforeunload`: it breaks the back/forward cache.
  const unload = (beacon: boolean) => {
    if (!optedOut && !closed) delivery._unload(beacon, batcher._drain());
  };
  const unlisten = addListeners([
    [document, 'visibilitychange', () => document.visibilityState === 'hidden' && unload(false)],
    [window, 'pagehide', () => unload(true)],
    [window, 'online', () => delivery._kick(false)],
    [window, 'pageshow', () => delivery._kick(false)],
    [window, 'storage', (e) => {
      if ((e as StorageEvent).key === o._optOutKey) optedOut = (e as StorageEvent).newValue === '1';
    }],
  ]);

  return {
    track(log, t) {
      try {
        if (closed) return drop(1, 'shutdown', 'track() after shutdown()');
        if (optedOut) return drop(1, 'optOut', 'opted out');
        if (o._sampleRate < 1 && Math.random() >= o._sampleRate) return drop(1, 'sampled', `sampleRate ${o._sampleRate}`);
        let key = defaultKey;
        let meta = defaultMeta;
        if (t) {
          const m = metaFor(t);
          if (typeof m === 'string') return drop(1, 'invalidOptions', m);
          [key, meta] = m;
        }
        if (context.length && log && typeof log === 'object' && !Array.isArray(log) && !(log instanceof Error)) {
          const merged: Record<string, unknown> = {};
          for (const p of context) {
            try {
              Object.assign(merged, p());
            } catch (e) {
              debug(`context provider threw: ${String(e)}`);
            }
          }
          log = Object.assign(merged, log);
        }
        if (o._beforeSend) {
          let out: ReturnType<NonNullable<typeof o._beforeSend>>;
          try {
            out = o._beforeSend(log && typeof log === 'object' ? (log as Record<string, unknown>) : { message: log });
          } catch (e) {
            return drop(1, 'beforeSend', `beforeSend threw: ${String(e)}`);
          }
          if (!out) return drop(1, 'beforeSend', 'beforeSend returned no log');
          log = out;
        }
        const ts = Date.now();
        const id = tab + (seq++).toString(36);
        const n = normalizeLog(log, { ts, id });
        if (n._notes) debug(n._notes.join('; '));
        if (bodyOverhead(meta) + n._bytes > o._maxBytes) {
          return drop(1, 'tooLarge', `log of ${n._bytes} bytes cannot fit in one request`);
        }
        const q: QueuedLog = { _json: n._json, _bytes: n._bytes, _id: id, _ts: ts };
        stats.tracked++;
        store?._put(q, key);
        batcher._add(key, meta, q);
      } catch (e) {
        // normalizeLog never throws by design; this is the last guard so that track() never does.
        drop(1, 'internal', String(e));
      }
    },
    async flush() {
      batcher._flush();
      delivery._kick(true);
      await delivery._idle();
    },
    async shutdown() {
      batcher._flush();
      delivery._kick(true);
      await delivery._idle();
      await store?._settled();
      closed = true;
      unlisten();
      store?._stop();
    },
    stats: () => ({
      ...stats,
      pending: batcher._size() + delivery._queued() + delivery._sending(),
      dropped: { ...dropped },
    }),
    addContext(provider) {
      context.push(provider);
      return () => {
        const i = context.indexOf(provider);
        if (i >= 0) context.splice(i, 1);
      };
    },
    optOut() {
      optedOut = true;
      remember(true);
      emptyQueue();
    },
    optIn() {
      optedOut = false;
      remember(false);
    },
    isOptedOut: () => optedOut,
  };
}
