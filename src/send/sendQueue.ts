import type { Batch } from './Batch';
import type { DeliveryState } from './DeliveryState';
import type { BatchMeta } from '../batch/BatchMeta';
import type { QueuedLog } from '../queue/QueuedLog';
import { bodyOverhead, bodySize } from '../batch/buildBody';
import { splitBatch } from '../batch/splitBatch';
import { takeOldest } from '../batch/takeOldest';
import { fitLogs } from './fitLogs';

// The send queue is a plain array of batches, oldest first; a retried batch goes back to the
// front. Every change goes through these functions, which keep its log and byte counts exact
// (DeliveryState._logs, _bytes): the memory cap reads them at every track().

/** How far back from the end appendLogs looks for a batch of the same meta to fill. */
const LOOK_BACK = 16;

const count = (s: DeliveryState, logs: readonly QueuedLog[], sign: number): void => {
  s._logs += sign * logs.length;
  for (const l of logs) s._bytes += sign * l._bytes;
};

/** Puts batches back at the front, in order (a retry, halves, what an unload send left). */
export function putFront(s: DeliveryState, batches: Batch[]): void {
  for (const b of batches) count(s, b._logs, 1);
  s._queue.unshift(...batches);
}

/**
 * Queues the logs of one group in as few requests as the limits allow: first into the latest
 * queued batch of the same meta, as many as fit after its logs (so that a backlog of small
 * batches, say one every `flushInterval` through an outage, goes out in full-size requests once
 * the service is back), the rest cut by splitBatch. Logs of one meta keep their order. Returns the
 * logs that can never fit a request.
 */
export function appendLogs(s: DeliveryState, meta: BatchMeta, logs: QueuedLog[], maxLogs: number, maxBytes: number): QueuedLog[] {
  const key = JSON.stringify(meta);
  const overhead = bodyOverhead(meta);
  const q = s._queue;
  for (let i = q.length - 1; i >= Math.max(0, q.length - LOOK_BACK); i--) {
    const b = q[i]!;
    if (b._key !== key) continue;
    if (b._solo) break;
    // fitLogs counts from an envelope of `overhead` bytes: start it where b's body ends.
    const n = fitLogs(logs, bodySize(overhead, b._logs) + 1, maxBytes, maxLogs - b._logs.length);
    const taken = logs.slice(0, n);
    count(s, taken, 1);
    b._logs.push(...taken);
    logs = logs.slice(n);
    break;
  }
  const { chunks, tooBig } = splitBatch(logs, overhead, maxLogs, maxBytes);
  for (const c of chunks) {
    count(s, c, 1);
    q.push({ _meta: meta, _key: key, _logs: c, _gen: s._gen });
  }
  return tooBig;
}

/** Takes the oldest batch out. */
export function takeFirst(s: DeliveryState): Batch | undefined {
  const b = s._queue.shift();
  if (b) count(s, b._logs, -1);
  return b;
}

/** Takes every batch out. */
export function takeAll(s: DeliveryState): Batch[] {
  s._logs = s._bytes = 0;
  return s._queue.splice(0);
}

/**
 * Takes the oldest logs out until at least `logs` logs and `bytes` bytes are gone (or the queue
 * is empty); returns them. Retried batches sit at the front: the front holds the oldest logs.
 */
export function trimQueue(s: DeliveryState, logs: number, bytes: number): QueuedLog[] {
  const out = takeOldest(s._queue, logs, bytes);
  count(s, out, -1);
  while (s._queue[0]?._logs.length === 0) s._queue.shift();
  return out;
}
