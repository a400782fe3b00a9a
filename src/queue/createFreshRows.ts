import type { QueuedLog } from './QueuedLog';
import { MAX_ROW_BYTES, MAX_ROW_LOGS } from '../lib/limits';

/** Logs tracked in this task, by group, waiting to be written as rows. */
export interface FreshRows {
  /** Adds a log to the row of its group; rows are written a task later. */
  _add(log: QueuedLog, group: string): void;
  /** These need never be written. */
  _remove(logIds: Set<string>): void;
  /** Writes every waiting row now. */
  _flushAll(): void;
  /** Logs waiting. */
  _count(): number;
  _clear(): void;
}

/**
 * Coalesces the logs of one group tracked in one task into one row, handed to `write` a task
 * later (not a microtask: copying a big burst into IndexedDB is tens of ms of main thread, better
 * not added to the page's own task that tracked it), at most MAX_ROW_LOGS logs per task.
 */
export function createFreshRows(write: (group: string, logs: QueuedLog[]) => void): FreshRows {
  const fresh = new Map<string, QueuedLog[]>();
  // Ids that need never be written, left out when their row is written: one removal costs a Set
  // insert, not a pass over every waiting log (a burst beyond the memory cap removes one log
  // per track()).
  const removed = new Set<string>();
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    let budget = MAX_ROW_LOGS;
    let bytes = MAX_ROW_BYTES;
    for (const [group, all] of fresh) {
      let n = 0;
      while (n < all.length && n < budget && bytes > 0) bytes -= all[n++]!._bytes;
      if (!n) break;
      let logs = all.splice(0, n);
      if (!all.length) fresh.delete(group);
      budget -= n;
      if (removed.size) logs = logs.filter((l) => !removed.has(l._logId));
      if (logs.length) write(group, logs);
    }
    if (fresh.size) schedule();
    else removed.clear();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(flush, 0);
  };

  return {
    _add(log, group) {
      const list = fresh.get(group);
      if (list) list.push(log);
      else fresh.set(group, [log]);
      schedule();
    },
    _remove(logIds) {
      if (fresh.size) for (const id of logIds) removed.add(id);
    },
    _flushAll() {
      while (fresh.size) flush();
    },
    _count() {
      let n = 0;
      for (const list of fresh.values()) for (const l of list) if (!removed.has(l._logId)) n++;
      return n;
    },
    _clear() {
      fresh.clear();
      removed.clear();
    },
  };
}
