import type { BatchMeta } from '../types';
import type { QueuedLog } from '../queue/queuedLog';

export interface BatcherLimits {
  _maxLogs: number;
  _maxBytes: number;
  _interval: number;
}

interface Group {
  _meta: BatchMeta;
  _logs: QueuedLog[];
  _bytes: number;
  _timer?: ReturnType<typeof setTimeout>;
}

export interface Batcher {
  /** Adds a log to its group; a full group is handed over at once, others after `_interval`. */
  _add(key: string, meta: BatchMeta, log: QueuedLog): void;
  /** Hands over every group now. */
  _flush(): void;
  /** Takes every group out without handing it over (for the unload path). */
  _drain(): Array<[BatchMeta, QueuedLog[]]>;
  /** Logs waiting in groups. */
  _size(): number;
}

/**
 * The batching policy in one place (OpenTelemetry's BatchSpanProcessor is the model): logs group
 * by (topic, source, tags); a group is handed to `ready` when it reaches `_maxLogs` logs or
 * `_maxBytes` bytes, or `_interval` ms after its first log. Adding is O(1): nothing is
 * re-serialized, sizes were measured once at normalization.
 */
export function createBatcher(limits: BatcherLimits, ready: (meta: BatchMeta, logs: QueuedLog[]) => void): Batcher {
  const groups = new Map<string, Group>();
  let size = 0;

  const handOver = (key: string) => {
    const g = groups.get(key);
    if (!g) return;
    groups.delete(key);
    if (g._timer !== undefined) clearTimeout(g._timer);
    size -= g._logs.length;
    ready(g._meta, g._logs);
  };

  return {
    _add(key, meta, log) {
      let g = groups.get(key);
      if (!g) {
        g = { _meta: meta, _logs: [], _bytes: 0 };
        groups.set(key, g);
        g._timer = setTimeout(() => handOver(key), limits._interval);
      }
      g._logs.push(log);
      g._bytes += log._bytes + 1;
      size++;
      if (g._logs.length >= limits._maxLogs || g._bytes >= limits._maxBytes) handOver(key);
    },
    _flush() {
      for (const key of [...groups.keys()]) handOver(key);
    },
    _drain() {
      const out: Array<[BatchMeta, QueuedLog[]]> = [];
      for (const g of groups.values()) {
        if (g._timer !== undefined) clearTimeout(g._timer);
        out.push([g._meta, g._logs]);
      }
      groups.clear();
      size = 0;
      return out;
    },
    _size: () => size,
  };
}
