import type { Batch } from './Batch';
import type { QueuedLog } from '../queue/QueuedLog';

// The send queue is a plain array of batches, oldest first; a retried batch goes back to the
// front (`unshift`). These are the operations that need more than one array method.

/** Takes out the first batch that may be sent at `now`. */
export function takeReady(queue: Batch[], now: number): Batch | undefined {
  const i = queue.findIndex((b) => b._notBefore <= now);
  return i < 0 ? undefined : queue.splice(i, 1)[0];
}

/** When the next waiting batch may be sent (ms), or Infinity when none waits. */
export function nextWake(queue: Batch[], now: number): number {
  let next = Infinity;
  for (const b of queue) if (b._notBefore > now) next = Math.min(next, b._notBefore);
  return next;
}

/** Logs waiting in the queue. */
export const logCount = (queue: Batch[]): number => queue.reduce((n, b) => n + b._logs.length, 0);

/** Takes the oldest logs out until at most `max` wait; returns them. */
export function trimQueue(queue: Batch[], max: number): QueuedLog[] {
  const out: QueuedLog[] = [];
  let over = logCount(queue) - max;
  // Retried batches sit at the front: the front holds the oldest logs.
  while (over > 0 && queue.length) {
    const b = queue[0]!;
    const cut = b._logs.splice(0, over);
    out.push(...cut);
    over -= cut.length;
    if (!b._logs.length) queue.shift();
  }
  return out;
}
