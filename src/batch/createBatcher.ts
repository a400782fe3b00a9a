import type { BatchMeta } from './BatchMeta';
import type { QueuedLog } from '../queue/QueuedLog';
import { takeOldest } from './takeOldest';

export interface BatcherLimits {
  _maxBatchLogs: number;
  _maxBatchBytes: number;
  _flushInterval: number;
}

/** The logs of one (topic, source, tags) group. */
export interface LogGroup {
  _meta: BatchMeta;
  _logs: QueuedLog[];
}

interface OpenGroup extends LogGroup {
  /** Σ (bytes + 1) of its logs: the body without its envelope (bodySize). */
  _bytes: number;
  _timer: ReturnType<typeof setTimeout>;
}

export interface Batcher {
  /** Adds a log to its group; a full group is handed over at once, others after `_flushInterval`. */
  _add(key: string, meta: BatchMeta, log: QueuedLog): void;
  /** Hands over every group now. */
  _flush(): void;
  /** Takes every group out without handing it over (for the unload path). */
  _drain(): LogGroup[];
  /** Logs waiting in groups. */
  _size(): number;
  /** Bytes (QueuedLog._bytes) of the logs waiting in groups. */
  _bytes(): number;
  /** Takes the oldest logs out (oldest group first) until at least `logs` logs and `bytes` bytes are gone; returns them. */
  _trim(logs: number, bytes: number): QueuedLog[];
}

/**
 * The batching policy in one place (OpenTelemetry's BatchSpanProcessor is the model): logs group
 * by (topic, source, tags); a group is handed to `ready` when it reaches `_maxBatchLogs` logs or
 * `_maxBatchBytes` bytes, or `_flushInterval` ms after its first log. Adding is O(1): nothing is
 * re-serialized, sizes were measured once at normalization.
 */
export function createBatcher(limits: BatcherLimits, ready: (group: LogGroup) => void): Batcher {
  const groups = new Map<string, OpenGroup>();
  let size = 0;
  let bytes = 0;

  const handOver = (key: string) => {
    const group = groups.get(key);
    if (!group) return;
    groups.delete(key);
    clearTimeout(group._timer);
    size -= group._logs.length;
    bytes -= group._bytes - group._logs.length;
    ready({ _meta: group._meta, _logs: group._logs });
  };

  return {
    _add(key, meta, log) {
      let group = groups.get(key);
      if (!group) {
        group = { _meta: meta, _logs: [], _bytes: 0, _timer: setTimeout(() => handOver(key), limits._flushInterval) };
        groups.set(key, group);
      }
      group._logs.push(log);
      group._bytes += log._bytes + 1;
      size++;
      bytes += log._bytes;
      if (group._logs.length >= limits._maxBatchLogs || group._bytes >= limits._maxBatchBytes) handOver(key);
    },
    _flush() {
      for (const key of [...groups.keys()]) handOver(key);
    },
    _drain() {
      const out: LogGroup[] = [];
      for (const group of groups.values()) {
        clearTimeout(group._timer);
        out.push({ _meta: group._meta, _logs: group._logs });
      }
      groups.clear();
      size = bytes = 0;
      return out;
    },
    _size: () => size,
    _bytes: () => bytes,
    _trim(logs, over) {
      // A Map iterates in insertion order: the group opened first holds the oldest logs.
      const out = takeOldest(groups.values(), logs, over);
      size -= out.length;
      // The groups count each log's bytes and its comma (bodySize); `bytes` the logs' alone.
      let cut = 0;
      for (const l of out) {
        cut += l._bytes + 1;
        bytes -= l._bytes;
      }
      // Emptied groups go; the first one left lost the rest of what was cut (not a recount: one
      // log may be cut at each track() while a burst is over the cap).
      for (const [key, group] of groups) {
        if (group._logs.length) {
          group._bytes -= cut;
          break;
        }
        cut -= group._bytes;
        clearTimeout(group._timer);
        groups.delete(key);
      }
      return out;
    },
  };
}
