import type { Tracker, TrackerOptions } from '../types';
import type { Lz4 } from '../encode/encodeRequest';
import type { Transport } from '../send/createTransport';
import type { Persistence, PersistenceFactory } from '../queue/createPersistence';
import type { Delivery } from '../send/createDelivery';
import type { Batcher } from '../batch/createBatcher';
import type { OptOut } from './createOptOut';
import type { Reporter } from './createReporter';
import type { ResolvedOptions } from './resolveOptions';
import { resolveOptions } from './resolveOptions';
import { createReporter } from './createReporter';
import { createOptOut } from './createOptOut';
import { createMetaResolver } from './createMetaResolver';
import { createStoreLedger } from './createStoreLedger';
import { reportNoPage } from './reportNoPage';
import { hasDom } from '../lib/hasDom';
import { prepareLog } from './prepareLog';
import { createBatcher } from '../batch/createBatcher';
import { encodeRequest } from '../encode/encodeRequest';
import { createDelivery } from '../send/createDelivery';
import { createSharedHealth } from '../queue/createSharedHealth';
import { addListeners } from '../lib/addListeners';
import { dbName, healthKey, journalPrefix } from '../lib/storageKeys';
import { DEBUG_BUILD } from '../lib/debugBuild';
import { safeString } from '../lib/safeString';
import { newTabId } from '../lib/newTabId';
import { warnProjectNotInHost } from './warnProjectNotInHost';

/** The counters of `stats()` kept by the tracker itself. */
interface Counts {
  tracked: number;
  sent: number;
  unconfirmed: number;
  notStored: number;
}

/** The stages of one tracker, wired. */
interface Pipeline {
  _store: Persistence | undefined;
  _delivery: Delivery;
  _batcher: Batcher;
  /** Keeps this tab's unsent logs within maxStoredLogs and maxQueueBytes (see createPipeline). */
  _cap(): void;
}

/**
 * Makes the tracker's transport for its track URL: createTransport, or the signed transport of
 * `sls-webtrack/sts`, which reports to `reporter` what only it sees (a credentials provider that fails).
 */
export type TransportFactory = (url: string, reporter: Reporter) => Transport;

/** What an entry composes into the tracker: its transport, and the parts `sls-webtrack/core` does without. */
export interface Parts {
  /** The LZ4 encoder; without it `compress: 'lz4'` falls back to `deflate`. */
  _lz4?: Lz4;
  /** The transport: createTransport (anonymous), or `sls-webtrack/sts`'s signed one. */
  _transport: TransportFactory;
  /** The persistent queue (IndexedDB, createPersistence); without it logs wait in memory only. */
  _persist?: PersistenceFactory;
}

/** Wires persistence → delivery ← batcher, with their collaborators. */
function createPipeline(resolved: ResolvedOptions, tab: string, counts: Counts, reporter: Reporter, optOut: OptOut, parts: Parts): Pipeline {
  const health = createSharedHealth(healthKey(resolved._url), Date.now);
  const store = resolved._persist && parts._persist
    ? parts._persist(
        resolved,
        {
          _tab: tab,
          _db: dbName(resolved._url),
          _journal: journalPrefix(resolved._url),
          _now: Date.now,
          _enqueue(group) {
            if (DEBUG_BUILD) reporter._debug(`recovered ${group._logs.length} stored logs`);
            delivery._enqueue(group);
            cap();
          },
          _drop: reporter._drop,
          _fail: (message) => reporter._error(0, 'StorageUnavailable', message),
          _notStored: (n) => void (counts.notStored += n),
          _trusted: (n) => void (counts.unconfirmed += n),
          _health: health,
        },
      )
    : undefined;
  const delivery = createDelivery(
    resolved,
    {
      _transport: parts._transport(resolved._url, reporter),
      _encode: (meta, jsons, bytes, how) => encodeRequest(meta, jsons, bytes, how, parts._lz4),
      _ledger: createStoreLedger(store, counts, reporter),
      _health: health,
      _reporter: reporter,
      // Checked before every request: recovered rows, retries and answers that come in after an
      // opt-out (here or in another tab) are dropped, never sent.
      _optedOut: optOut._isOn,
      _now: Date.now,
      _random: Math.random,
    },
  );
  const batcher = createBatcher(resolved, delivery._enqueue);
  // A long outage must not grow memory (or the store) without bound: what this tab holds (in
  // batches, queued, in flight) stays within both caps; the oldest waiting logs go, counted. The
  // counts are kept as they change, so this costs a few additions per track().
  const cap = () => {
    let logs = batcher._size() + delivery._queued() + delivery._sending() - resolved._maxStoredLogs;
    let bytes = batcher._bytes() + delivery._bytes() - resolved._maxQueueBytes;
    if (logs <= 0 && bytes <= 0) return;
    const gone = delivery._trim(logs, bytes);
    for (const l of gone) {
      logs--;
      bytes -= l._bytes;
    }
    for (const l of batcher._trim(logs, bytes)) gone.push(l);
    if (!gone.length) return;
    store?._delete(gone);
    reporter._drop(gone.length, 'queueFull', DEBUG_BUILD && `more than ${resolved._maxStoredLogs} logs or ${resolved._maxQueueBytes} bytes waiting`);
  };
  return { _store: store, _delivery: delivery, _batcher: batcher, _cap: cap };
}

/**
 * The page is going away or out of sight: send what waits, in query mode, within the keepalive
 * budget (README, "Unload"). `visibilitychange` comes first and the page may live on, so it uses
 * keepalive fetch and reads answers; `pagehide` uses sendBeacon, which says at once whether the
 * browser took the request; neither while another tab will take the logs over. Not
 * `beforeunload`: it breaks the back/forward cache. Then, and at `freeze` (a frozen page may be
 * discarded without another event), the store journals what IndexedDB has not committed: an
 * unloading page aborts those transactions. A page that goes into the back/forward cache aborts
 * them itself (Persistence._abandon) and writes them again when it is shown.
 */
function listenToPage(pipeline: Pipeline, sending: () => boolean): () => void {
  const unload = (e: Event) => {
    // With another tab of the database alive, that tab takes the logs over once this page is
    // gone: an unload send, whose answer nobody may see, would only put them at risk.
    if (sending()) pipeline._delivery._unload(e.type == 'pagehide', pipeline._batcher._drain(), pipeline._store?._shared());
    pipeline._store?._secure();
    // Into the back/forward cache: WebKit would keep the open writes there, blocking every tab.
    if ((e as PageTransitionEvent).persisted) pipeline._store?._abandon();
  };
  const back = () => {
    pipeline._store?._resume();
    pipeline._delivery._kick(false);
  };
  return addListeners([
    [document, 'visibilitychange', (e) => (document.visibilityState === 'hidden' ? unload(e) : back())],
    [window, 'pagehide', unload],
    [document, 'freeze', () => pipeline._store?._secure()],
    [window, 'online', () => pipeline._delivery._kick(false)],
    [window, 'pageshow', back],
  ]);
}

/**
 * Opt-out, here or in another tab: nothing more is tracked, and what waits is deleted, counted.
 * What is in flight and comes back, and what recovery finds in the store later, delivery drops
 * (DeliveryDeps._optedOut).
 */
function emptyQueue(pipeline: Pipeline, reporter: Reporter): void {
  const logs = [...pipeline._batcher._drain().flatMap((g) => g._logs), ...pipeline._delivery._clear()];
  void pipeline._store?._clear();
  if (logs.length) reporter._drop(logs.length, 'optOut', DEBUG_BUILD && 'queue emptied by optOut()');
}

/**
 * `flush()` and `shutdown()` as the page gets them: their promises always resolve. A bug on the
 * way is the tracker's to report (the debug log), not the page's to catch.
 */
function neverRejects(reporter: Reporter, t: Tracker): Tracker {
  const safe = (run: () => Promise<void>) => () =>
    run().catch((e: unknown) => {
      if (DEBUG_BUILD) reporter._debug(`failed: ${safeString(e)}`);
    });
  // One shutdown: a second call gets the first one's promise.
  let ending: Promise<void> | undefined;
  return { ...t, flush: safe(t.flush), shutdown: () => (ending ??= safe(t.shutdown)()) };
}

/**
 * The tracker, given the parts its entry composes in (`sls-webtrack/core`: none, memory only, and
 * `compress: 'lz4'` falls back to `deflate`): wiring only. Throws a `TypeError` naming the option when an option is
 * invalid; nothing later throws. Where there is no page it starts nothing and drops every log (reportNoPage).
 */
export function createTrackerWith(options: TrackerOptions, parts: Parts): Tracker {
  const resolved = resolveOptions(options);
  const debug = DEBUG_BUILD && !!options.debug; // the debug build's only: production never reads it
  const reporter = createReporter(resolved, debug);
  if (debug) warnProjectNotInHost(options.host, options.project);
  // No page (server-side rendering, a worker): the same tracker, with nothing started (reportNoPage).
  const noPage = !hasDom() && reportNoPage(resolved, reporter);
  const counts: Counts = { tracked: 0, sent: 0, unconfirmed: 0, notStored: 0 };
  const context: Array<() => Record<string, unknown>> = [];
  const tab = newTabId();
  let seq = 0;
  let closed = false;
  // Another tab's opt-out empties this tab's queue and store too (no storage event before pipeline exists).
  const optOut: OptOut = createOptOut(!noPage && resolved._optOutKey, reporter, () => emptyQueue(pipeline, reporter));
  const metaFor = createMetaResolver(resolved._topic, resolved._source, resolved._tags);
  const pipeline = createPipeline(resolved, tab, counts, reporter, optOut, noPage ? { _transport: parts._transport } : parts);
  const unlisten = noPage ? undefined : listenToPage(pipeline, () => !optOut._isOn() && !closed);
  const preparation = {
    ...resolved,
    _context: context,
    _stamp: (time?: number) => ({ ts: Math.round(time!) || Date.now(), id: tab + (seq++).toString(36) }),
    _reporter: reporter,
  };

  const track: Tracker['track'] = (log, call) => {
    try {
      if (noPage) return noPage();
      if (closed) return reporter._drop(1, 'shutdown', DEBUG_BUILD && 'track() after shutdown()');
      if (optOut._isOn()) return reporter._drop(1, 'optOut', DEBUG_BUILD && 'opted out');
      if (Math.random() >= resolved._sampleRate) return reporter._drop(1, 'sampled', DEBUG_BUILD && `sampleRate ${resolved._sampleRate}`);
      const meta = metaFor(call);
      if (typeof meta === 'string') return reporter._drop(1, 'invalidOptions', meta);
      const q = prepareLog(log, meta._overhead, preparation, call?.time);
      if (!q) return;
      counts.tracked++;
      pipeline._store?._put(q, meta._key);
      pipeline._batcher._add(meta._key, meta._meta, q);
      pipeline._cap();
    } catch (e) {
      // prepareLog never throws by design; this is the last guard so that track() never does.
      reporter._drop(1, 'internal', DEBUG_BUILD && safeString(e));
    }
  };
  const flush = async () => {
    if (closed) return;
    pipeline._batcher._flush();
    pipeline._delivery._kick(true);
    await pipeline._delivery._tried();
  };
  const shutdown = async () => {
    await flush();
    // Nothing more is sent, and every log is stored (the database opened first) or counted:
    // only then may other tabs claim this tab's rows, or both would send them.
    pipeline._delivery._stop();
    await pipeline._store?._settled();
    closed = true;
    unlisten?.();
    optOut._stop();
    const left = [...pipeline._batcher._drain().flatMap((g) => g._logs), ...pipeline._delivery._clear()].filter((l) => !pipeline._store?._kept(l));
    if (left.length) reporter._drop(left.length, 'shutdown', DEBUG_BUILD && 'not stored when shutdown() ended');
    pipeline._store?._stop();
  };

  return neverRejects(reporter, {
    track,
    flush,
    shutdown,
    stats: () => ({ ...counts, pending: pipeline._batcher._size() + pipeline._delivery._queued() + pipeline._delivery._sending(), dropped: reporter._dropped() }),
    addContext(provider) {
      context.push(provider);
      return () => void (context.includes(provider) && context.splice(context.indexOf(provider), 1));
    },
    optOut() {
      optOut._set(true);
      emptyQueue(pipeline, reporter);
    },
    optIn: () => optOut._set(false),
    isOptedOut: () => optOut._isOn(),
  });
}
