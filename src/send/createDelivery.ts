import type { Batch, QueuedLog } from '../queue/queuedLog';
import type { BatchMeta } from '../types';
import type { Compression } from '../options';
import type { Transport } from './createTransport';
import type { DropReason } from '../dropReasons';
import { bodyOverhead, buildBody } from '../batch/buildBody';
import { splitBatch } from '../batch/splitBatch';
import { encodeRequest, type Lz4 } from '../encode/encodeRequest';
import { classifyResponse } from './classifyResponse';
import { BACKOFF, retryDelay } from './retryDelay';
import { KEEPALIVE_BUDGET } from './createTransport';
import { MAX_LOGS_PER_REQUEST } from '../lib/limits';

export interface DeliveryOptions {
  _maxLogs: number;
  _maxBytes: number;
  _compress: Compression;
  _lz4: Lz4 | undefined;
  _inFlight: number;
  _transport: Transport;
  _now: () => number;
  _random: () => number;
  /** Logs the service accepted. */
  _delivered(logs: QueuedLog[]): void;
  /** Logs given up on, with the reason. */
  _dropped(logs: QueuedLog[], reason: DropReason, detail: string): void;
  /** Sending stopped on a configuration error (401/404). */
  _stopped(status: number, code: string): void;
  /** Every answer: 0 taken (or refused for its content), 1 no answer (network), 2 service failure. */
  _answered(kind: 0 | 1 | 2): void;
  /** Whether unload sends may be made now (no recent failure seen by any tab). */
  _mayUnload(): boolean;
  /** Logs going out during unload (or in flight then, sent at `at`), whose answer may never be seen. */
  _unloading(logs: QueuedLog[], beacon: boolean, at?: number): void;
  /** An unload send was answered after all. */
  _unloadAnswered(logs: QueuedLog[]): void;
  _debug(message: string): void;
}

export interface Delivery {
  /** Queues logs of one group, cut into requests that respect the service's limits. */
  _enqueue(meta: BatchMeta, logs: QueuedLog[]): void;
  /** Lifts backoff waits (and with `lift`, a configuration stop), and sends what is queued now. */
  _kick(lift: boolean): void;
  /** Resolves when nothing is in flight and nothing is ready to send. */
  _idle(): Promise<void>;
  /**
   * The page is being hidden or unloaded: sends what is queued in query mode within the keepalive
   * budget, by keepalive fetch (`beacon` false: the page may live on and read the answer) or by
   * sendBeacon (`beacon` true: `pagehide`). What does not fit stays queued (and stored).
   * Does nothing while the service or the network is failing: the logs are safer in the store.
   */
  _unload(beacon: boolean, extra: Array<[BatchMeta, QueuedLog[]]>): void;
  /** Logs in requests that have not been answered yet. */
  _sending(): number;
  /** Empties the queue (in-flight requests go on); returns the logs taken. */
  _clear(): QueuedLog[];
  /** Takes the oldest queued logs out until at most `max` wait; returns them. */
  _trim(max: number): QueuedLog[];
  _queued(): number;
}

/** Exact UTF-8 length of a body of these logs. */
const bytesOf = (meta: BatchMeta, logs: QueuedLog[]): number =>
  logs.reduce((n, l) => n + l._bytes + 1, bodyOverhead(meta) - (logs.length ? 1 : 0));

/**
 * Sends batches with a bounded number in flight and applies classifyResponse's outcome: retry
 * with backoff, split what is too large, isolate a bad log by halving, stop on configuration
 * errors. Logs keep their order, except that a retried batch goes back to the front.
 */
export function createDelivery(o: DeliveryOptions): Delivery {
  const queue: Batch[] = [];
  let inFlight = 0;
  let sending = 0;
  let stopped = false;
  let failing = false;
  // After `pagehide` the page may still run a little: a request started then would reach the
  // service with nobody to see its answer, and the logs be sent again by the next visit.
  let gone = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiters: Array<() => void> = [];
  // Keepalive requests in flight: they go on after the page is gone, answer unseen.
  const flying = new Set<Batch>();

  const batch = (meta: BatchMeta, logs: QueuedLog[], raw?: boolean): Batch => ({
    _meta: meta, _logs: logs, _attempt: 0, _notBefore: 0, ...(raw ? { _raw: true } : {}),
  });

  const halve = (b: Batch): void => {
    const mid = Math.ceil(b._logs.length / 2);
    queue.unshift(batch(b._meta, b._logs.slice(0, mid), b._raw), batch(b._meta, b._logs.slice(mid), b._raw));
  };

  const settle = (): void => {
    if (inFlight > 0) return;
    if (!stopped && queue.some((b) => b._notBefore <= o._now())) return;
    const w = waiters;
    waiters = [];
    w.forEach((f) => f());
  };

  const sendOne = async (b: Batch, unload: boolean): Promise<void> => {
    const body = buildBody(b._meta, b._logs.map((l) => l._json));
    const req = await encodeRequest(body, bytesOf(b._meta, b._logs), unload ? 'none' : b._raw ? 'raw' : o._compress, o._lz4);
    if (gone && !unload) {
      // pagehide came while this was being encoded: keep it for the next visit instead.
      queue.unshift(b);
      return;
    }
    b._keepalive = unload || o._transport._fits(req._wire);
    b._sentAt = o._now();
    if (b._keepalive) flying.add(b);
    const answer = await o._transport._send(req, b._keepalive);
    flying.delete(b);
    if (gone && !answer._status) {
      // Cut off by the unload: maybe accepted, maybe not. It stays marked (if it was in flight
      // with keepalive) and stored; the next visit decides. Not a failure of the service.
      queue.unshift(b);
      return;
    }
    if (b._marked) o._unloadAnswered(b._logs);
    const out = classifyResponse(answer._status, answer._code, answer._retryAfter, o._now());
    failing = out._kind === 'retry';
    o._answered(!failing ? 0 : answer._status ? 2 : 1);
    switch (out._kind) {
      case 'ok':
        o._delivered(b._logs);
        return;
      case 'split':
        if (b._logs.length > 1) halve(b);
        else o._dropped(b._logs, 'tooLarge', answer._code || 'PostBodyTooLarge');
        return;
      case 'raw':
        if (!b._raw && o._compress !== 'none') queue.unshift({ ...b, _raw: true });
        else if (b._logs.length > 1) halve(b);
        else o._dropped(b._logs, 'rejected', answer._code);
        return;
      case 'isolate':
        // One bad log must not cost the good ones: halve until it stands alone.
        if (b._logs.length > 1) halve(b);
        else o._dropped(b._logs, 'rejected', out._code);
        return;
      case 'config':
        queue.unshift(b);
        if (!stopped) {
          stopped = true;
          o._stopped(answer._status, out._code);
        }
        return;
      case 'retry': {
        const wait = retryDelay(b._attempt, BACKOFF, o._random(), out._after);
        o._debug(`retry in ${wait} ms after ${answer._status || 'network error'} ${answer._code}`);
        queue.unshift({ ...b, _attempt: b._attempt + 1, _notBefore: o._now() + wait });
        return;
      }
    }
  };

  const launch = (b: Batch, unload: boolean): void => {
    b._marked = unload;
    inFlight++;
    sending += b._logs.length;
    sendOne(b, unload)
      .catch((e: unknown) => {
        // A bug or an encoder failure must not lose the batch: retry it later.
        o._debug(`send failed: ${String(e)}`);
        queue.unshift({ ...b, _attempt: b._attempt + 1, _notBefore: o._now() + retryDelay(b._attempt, BACKOFF, o._random()) });
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
    const now = o._now();
    while (!stopped && !gone && inFlight < o._inFlight) {
      const i = queue.findIndex((b) => b._notBefore <= now);
      if (i < 0) break;
      launch(queue.splice(i, 1)[0]!, false);
    }
    if (!stopped) {
      let next = Infinity;
      for (const b of queue) if (b._notBefore > now) next = Math.min(next, b._notBefore);
      if (next < Infinity) timer = setTimeout(pump, next - now);
    }
    settle();
  };

  const add = (meta: BatchMeta, logs: QueuedLog[]): void => {
    const { chunks, tooBig } = splitBatch(logs, bodyOverhead(meta), o._maxLogs, o._maxBytes);
    if (tooBig.length) o._dropped(tooBig, 'tooLarge', 'a single log is larger than one request may be');
    for (const c of chunks) queue.push(batch(meta, c));
  };

  return {
    _enqueue(meta, logs) {
      add(meta, logs);
      // Not inside the track() that filled the batch: encoding it there would stall that call.
      soon();
    },
    _kick(lift) {
      if (lift) stopped = false;
      gone = false;
      for (const b of queue) b._notBefore = 0;
      pump();
    },
    _idle: () => new Promise<void>((resolve) => {
      waiters.push(resolve);
      settle();
    }),
    _unload(beacon, extra) {
      for (const [meta, logs] of extra) add(meta, logs);
      if (beacon) {
        gone = true;
        // The page is going: requests in flight with keepalive will be answered to nobody. Mark
        // them like unload sends, so that the next visit does not resend them wholesale.
        for (const b of flying) {
          if (!b._marked) o._unloading(b._logs, true, b._sentAt);
          b._marked = true;
        }
      }
      if (stopped || failing || !o._mayUnload() || (typeof navigator !== 'undefined' && navigator.onLine === false)) {
        // Kept: sent as usual if the page lives on (pump does nothing after pagehide).
        return soon();
      }
      const rest: Batch[] = [];
      // Keepalive fetches launched below start after a microtask: count their bytes here.
      let reserved = 0;
      for (const b of queue.splice(0)) {
        let logs = b._logs;
        const overhead = bodyOverhead(b._meta) - 1;
        while (logs.length) {
          // Greedy: as many logs as fit what is left of the keepalive budget.
          const budget = KEEPALIVE_BUDGET - o._transport._pending() - reserved;
          let size = overhead;
          let n = 0;
          while (n < logs.length && n < MAX_LOGS_PER_REQUEST && size + logs[n]!._bytes + 1 <= budget) size += logs[n++]!._bytes + 1;
          if (!n) break;
          const chunk = logs.slice(0, n);
          if (beacon) {
            const body = buildBody(b._meta, chunk.map((l) => l._json));
            if (!o._transport._beacon('?APIVersion=0.6.0', body, size)) break;
            o._unloading(chunk, true);
          } else {
            o._unloading(chunk, false);
            launch(batch(b._meta, chunk), true);
            reserved += size;
          }
          logs = logs.slice(n);
        }
        if (logs.length) rest.push({ ...b, _logs: logs });
      }
      queue.unshift(...rest);
    },
    _clear: () => queue.splice(0).flatMap((b) => b._logs),
    _trim(max) {
      const out: QueuedLog[] = [];
      let over = queue.reduce((n, b) => n + b._logs.length, 0) - max;
      // Retried batches sit at the front: the front holds the oldest logs.
      while (over > 0 && queue.length) {
        const b = queue[0]!;
        const cut = b._logs.splice(0, over);
        out.push(...cut);
        over -= cut.length;
        if (!b._logs.length) queue.shift();
      }
      return out;
    },
    _queued: () => queue.reduce((n, b) => n + b._logs.length, 0),
    _sending: () => sending,
  };
}
