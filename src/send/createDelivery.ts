import type { Batch } from './Batch';
import type { DeliveryDeps, DeliveryOptions } from './DeliveryDeps';
import type { LogGroup } from '../batch/createBatcher';
import type { QueuedLog } from '../queue/QueuedLog';
import { SERVICE_FAILING, SERVICE_STOPPED, SERVICE_UP, newDeliveryState, type DeliveryState } from './DeliveryState';
import { BACKOFF, retryDelay } from './retryDelay';
import { appendLogs, takeAll, takeFirst, trimQueue } from './sendQueue';
import { retryLater, sendBatch } from './sendBatch';
import { sendOnUnload } from './sendOnUnload';
import { DEBUG_BUILD } from '../lib/debugBuild';
import { safeString } from '../lib/safeString';

export interface Delivery {
  /**
   * Queues the logs of one group, in requests that respect the service's limits (sendQueue's
   * appendLogs), and sends a task later: not inside the track() that filled the batch, which
   * encoding it would stall.
   */
  _enqueue(group: LogGroup): void;
  /** Lifts the backoff wait (and with `lift`, a configuration stop), and sends what is queued now. */
  _kick(lift: boolean): void;
  /**
   * Resolves once every batch queued or in flight now has been tried (answered, or dropped), or
   * nothing can be tried now (stopped, the page gone, the service failing and its wait not over).
   * Batches queued later are not waited for: a steady stream of logs must not hold a flush().
   */
  _tried(): Promise<void>;
  /**
   * The page is being hidden or unloaded: `extra` and the queue go out by sendOnUnload (not with
   * `hold`). What was not sent stays queued, sent as usual if the page lives on (the pump sends
   * nothing after pagehide).
   */
  _unload(beacon: boolean, extra: LogGroup[], hold?: boolean): void;
  /** Logs in requests that have not been answered yet. */
  _sending(): number;
  /** Bytes (QueuedLog._bytes) of the logs queued and in flight. */
  _bytes(): number;
  /** Empties the queue (in-flight requests go on); returns the logs taken. */
  _clear(): QueuedLog[];
  /** Takes the oldest queued logs out until at least `logs` logs and `bytes` bytes are gone; returns them. */
  _trim(logs: number, bytes: number): QueuedLog[];
  _queued(): number;
  /**
   * Sends nothing more, ever (shutdown): what waits stays queued, and in the store. Stopped as on
   * a configuration error, and never lifted: the tracker calls no `_kick` after it.
   */
  _stop(): void;
}

/** sendBatch; a bug or an encoder failure there must not lose the batch: it is retried later. */
const trySend = (b: Batch, unload: boolean, options: DeliveryOptions, deps: DeliveryDeps, state: DeliveryState): Promise<void> =>
  sendBatch(b, unload, options, deps, state).catch((e: unknown) => {
    if (DEBUG_BUILD) deps._reporter._debug(`send failed: ${safeString(e)}`);
    retryLater(state, b, retryDelay(state._attempt, BACKOFF, deps._random()), deps._now());
  });

/**
 * `flush()` calls waiting (Delivery._tried): each waits for every batch queued or in flight when
 * it was called (a `_gen` below its mark), or for nothing to be possible now.
 */
function createFlushWaiters(state: DeliveryState, inFlight: Set<Batch>, now: () => number) {
  let waiters: Array<[mark: number, resolve: () => void]> = [];
  const settle = (): void => {
    const s = state._service;
    const stuck = !inFlight.size && (s === SERVICE_STOPPED || state._pageGone || (s === SERVICE_FAILING && state._wake > now()));
    const left = (mark: number) => [...state._queue, ...inFlight].some((b) => b._gen < mark);
    waiters = waiters.filter(([mark, resolve]) => (stuck || !left(mark) ? void resolve() : true));
  };
  return {
    _settle: settle,
    _add: () => new Promise<void>((resolve) => void (waiters.push([++state._gen, resolve]), settle())),
  };
}

/**
 * The send queue and its pump. While the service takes logs, up to `_maxInFlight` requests are in
 * flight; once it fails, the backoff is the service's (DeliveryState): one probe at a time, the
 * oldest batch, on the backoff schedule, whatever the backlog, and everything else waits. Each
 * answer is applied by sendBatch (retry, split, isolate a bad log, stop on a configuration error
 * or repeated refusals). Logs keep their order, except that a retried batch goes back to the
 * front. Once the user opts out, whatever comes back to the queue is dropped (`optOut`).
 */
export function createDelivery(options: DeliveryOptions, deps: DeliveryDeps): Delivery {
  const state = newDeliveryState();
  /** Batches in flight, and their logs and bytes. */
  const inFlight = new Set<Batch>();
  let sendingLogs = 0;
  let sendingBytes = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waiters = createFlushWaiters(state, inFlight, deps._now);

  const launch = (b: Batch, unload: boolean): void => {
    const bytes = b._logs.reduce((n, l) => n + l._bytes, 0);
    b._marked = unload;
    inFlight.add(b);
    sendingLogs += b._logs.length;
    sendingBytes += bytes;
    void trySend(b, unload, options, deps, state).finally(() => {
      inFlight.delete(b);
      sendingLogs -= b._logs.length;
      sendingBytes -= bytes;
      soon();
    });
  };

  // A task from now (pump sets the backoff timer again for what has to wait); also after a request
  // settles: one cancelled by a navigation settles inside the `pagehide` dispatch, where a new send
  // would reach the service with nobody left to see its answer. A task later, `pagehide` is over.
  const soon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(pump, 0);
  };

  const pump = (): void => {
    clearTimeout(timer);
    timer = undefined;
    // Opted out: a retry, a half, a recovered row must not go out. Deleted and counted instead.
    if (deps._optedOut() && state._queue.length) {
      deps._ledger._dropped(clear(), 'optOut', DEBUG_BUILD && 'opted out');
    }
    const now = deps._now();
    const failing = state._service === SERVICE_FAILING;
    if (state._service !== SERVICE_STOPPED && !state._pageGone) {
      if (failing && state._wake > now) timer = setTimeout(pump, state._wake - now);
      else for (let b: Batch | undefined; inFlight.size < (failing ? 1 : options._maxInFlight) && (b = takeFirst(state)); ) launch(b, false);
    }
    waiters._settle();
  };

  const add = ({ _meta: meta, _logs: logs }: LogGroup): void => {
    const tooBig = appendLogs(state, meta, logs, options._maxBatchLogs, options._maxBatchBytes);
    if (tooBig.length) deps._ledger._dropped(tooBig, 'tooLarge', DEBUG_BUILD && 'a single log is larger than one request may be');
  };
  const clear = (): QueuedLog[] => takeAll(state).flatMap((b) => b._logs);

  return {
    _enqueue(group) {
      add(group);
      soon();
    },
    _kick(lift) {
      if (lift && state._service === SERVICE_STOPPED) state._service = SERVICE_UP;
      // Only pagehide sets it: the page is back from the back/forward cache.
      if (state._pageGone) deps._transport._restored();
      state._pageGone = false;
      state._wake = 0;
      pump();
    },
    _tried: waiters._add,
    _unload(beacon, extra, hold) {
      for (const group of extra) add(group);
      if (!sendOnUnload(beacon, deps, state, (b) => launch(b, true), hold)) soon();
    },
    _clear: clear,
    _trim: (logs, bytes) => trimQueue(state, logs, bytes),
    _queued: () => state._logs,
    _sending: () => sendingLogs,
    _bytes: () => state._bytes + sendingBytes,
    _stop: () => void (state._service = SERVICE_STOPPED),
  };
}
