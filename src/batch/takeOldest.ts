import type { QueuedLog } from '../queue/QueuedLog';

/**
 * Cuts the oldest logs off `lists` (oldest list first, each from its front) until at least `logs`
 * logs and `bytes` bytes (QueuedLog._bytes) are cut, or none are left; returns them. Emptied lists
 * stay, for the caller to remove. The memory cap's one way to choose what goes: the send queue's
 * batches first, then the batcher's groups.
 */
export function takeOldest(lists: Iterable<{ _logs: QueuedLog[] }>, logs: number, bytes: number): QueuedLog[] {
  const out: QueuedLog[] = [];
  for (const { _logs: list } of lists) {
    if (logs <= 0 && bytes <= 0) break;
    let n = 0;
    for (; n < list.length && (logs > 0 || bytes > 0); n++) {
      logs--;
      bytes -= list[n]!._bytes;
    }
    for (const l of list.splice(0, n)) out.push(l);
  }
  return out;
}
