import type { Batch } from './Batch';
import type { Compression, DropReason } from '../types';
import type { Transport } from './createTransport';
import type { EncodedRequest } from '../encode/encodeRequest';
import type { LogGroup } from '../batch/createBatcher';
import type { QueuedLog } from '../queue/QueuedLog';
import type { SharedHealth } from '../queue/createSharedHealth';
import type { Reporter } from '../tracker/createReporter';
import { SERVICE_STOPPED, SERVICE_UP, type DeliveryState } from './DeliveryState';
import { bodyOverhead } from '../batch/buildBody';
import { splitBatch } from '../batch/splitBatch';
import { newBatch } from './decideAnswer';
import { BACKOFF, retryDelay } from './retryDelay';
import { logCount, nextWake, takeReady, trimQueue } from './sendQueue';
import { sendBatch } from './sendBatch';
import { sendOnUnload } from './sendOnUnload';
import { DEBUG_BUILD } from '../lib/debugBuild';

export interface DeliveryOptions {
  _maxBatchLogs: number;
  _maxBatchBytes: number;
  _maxInFlight: number;
  _compress: Compression;
}

/** The store's side of delivery: what became of logs, so that they are kept exactly as long as needed. */
export interface Ledger {
  /** The service accepted these. */
  _accepted(logs: QueuedLog[]): void;
  /** Given up on, with the reason: no more keeping, and the drop is counted. */
  _dropped(logs: QueuedLog[], reason: DropReason, detail?: string | false): void;
  /** Going out during unload (or in flight then, sent at `at`): their answer may never be seen. */
  _unloading(logs: QueuedLog[], beacon: boolean, at?: number): void;
  /** An unload send was answered after all. */
  _unloadAnswered(logs: QueuedLog[]): void;
}

/** Encodes a body for one way of sending it (encodeRequest, with the tracker's LZ4 encoder if any). */
export type Encoder = (body: string, bytes: number, how: Compression | 'raw') => Promise<EncodedRequest>;

/** Delivery's collaborators. */
export interface DeliveryDeps {
  _transport: Transport;
  _encode: Encoder;
  _ledger: Ledger;
  _health: Pick<SharedHealth, '_answer' | '_failedBetween'>;
  _reporter: Pick<Reporter, '_error' | '_debug'>;
  _now: () => number;
  _random: () => number;
}

export interface Delivery {
  /** Queues the logs of one group, cut into requests that respect the service's limits. */
  _enqueue(group: LogGroup): void;
  /** Lifts backoff waits (and with `lift`, a configuration stop), and sends what is queued now. */
  _kick(lift: boolean): void;
  /** Resolves when nothing is in flight and nothing is ready to send. */
  _idle(): Promise<void>;
  /** The page is being hidden or unloaded: `extra` and the queue go out by sendOnUnload (not with `hold`). */
  _unload(beacon: boolean, extra: LogGroup[], hold?: boolean): void;
  /** Logs in requests that have not been answered yet. */
  _sending(): number;
  /** Empties the queue (in-flight requests go on); returns the logs taken. */
  _clear(): QueuedLog[];
  /** Takes the oldest queued logs out until at most `max` wait; returns them. */
  _trim(max: number): QueuedLog[];
  _queued(): number;
  /** Sends nothing more, ever (shutdown): what waits stays queued, and in the store. */
  _stop(): void;
}

/**
 * The send queue and its pump, with at most `_maxInFlight` requests in flight; each request's
 * answer is applied by sendBatch (retry with backoff, split, isolate a bad log, stop on a
 * configuration error). Logs keep their order, except that a retried batch goes back to the front.
 */
export function createDelivery(o: DeliveryOptions, deps: DeliveryDeps): Delivery {
  const state: DeliveryState = { _queue: [], _flying: new Set(), _service: SERVICE_UP, _pageGone: false };
  const queue = state._queue;
  let inFlight = 0;
  let sending = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waiters: Array<() => void> = [];

  const settle = (): void => {
    if (inFlight > 0 || (state._service !== SERVICE_STOPPED && queue.some((b) => b._notBefore <= deps._now()))) return;
    for (const resolve of waiters.splice(0)) resolve();
  };

  const launch = (b: Batch, unload: boolean): void => {
    b._marked = unload;
    inFlight++;
    sending += b._logs.length;
    sendBatch(b, unload, o, deps, state)
      .catch((e: unknown) => {
        // A bug or an encoder failure must not lose the batch: retry it later.
        if (DEBUG_BUILD) deps._reporter._debug(`send failed: ${String(e)}`);
        queue.unshift({ ...b, _attempt: b._attempt + 1, _notBefore: deps._now() + retryDelay(b._attempt, BACKOFF, deps._random()) });
      })
      .finally(() => {
        inFlight--;
        sending -= b._logs.length;
        // Not at once: a request cancelled by a navigation settles in the middle of the `pagehide`
        // dispatch, before our own listener may have run; a new send started there would reach
        // the service with nobody left to see its answer. A task later, `pagehide` is over.
        soon();
      });
  };

  /** Pumps a task from now; pump() sets the backoff timer again for what still has to wait. */
  const soon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(pump, 0);
  };

  const pump = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const now = deps._now();
    const stopped = state._service === SERVICE_STOPPED;
    for (let b: Batch | undefined; !stopped && !state._pageGone && inFlight < o._maxInFlight && (b = takeReady(queue, now)); ) launch(b, false);
    const next = stopped ? Infinity : nextWake(queue, now);
    if (next < Infinity) timer = setTimeout(pump, next - now);
    settle();
  };

  const add = ({ _meta: meta, _logs: logs }: LogGroup): void => {
    const { chunks, tooBig } = splitBatch(logs, bodyOverhead(meta), o._maxBatchLogs, o._maxBatchBytes);
    if (tooBig.length) deps._ledger._dropped(tooBig, 'tooLarge', DEBUG_BUILD && 'a single log is larger than one request may be');
    for (const c of chunks) queue.push(newBatch(meta, c));
  };

  return {
    _enqueue(group) {
      add(group);
      // Not inside the track() that filled the batch: encoding it there would stall that call.
      soon();
    },
    _kick(lift) {
      if (lift && state._service === SERVICE_STOPPED) state._service = SERVICE_UP;
      state._pageGone = false;
      for (const b of queue) b._notBefore = 0;
      pump();
    },
    _idle: () => new Promise<void>((resolve) => void (waiters.push(resolve), settle())),
    _unload(beacon, extra, hold) {
      for (const group of extra) add(group);
      // Kept when nothing was sent: sent as usual if the page lives on (pump does nothing after pagehide).
      if (!sendOnUnload(beacon, deps, state, (b) => launch(b, true), hold)) soon();
    },
    _clear: () => queue.splice(0).flatMap((b) => b._logs),
    _trim: (max) => trimQueue(queue, max),
    _queued: () => logCount(queue),
    _sending: () => sending,
    // Stopped as on a configuration error, and never lifted: the tracker calls no _kick after it.
    _stop: () => void (state._service = SERVICE_STOPPED),
  };
}
