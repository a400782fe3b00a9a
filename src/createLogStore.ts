import type { UseStore } from 'idb-keyval';
import { promisifyRequest } from 'idb-keyval';

/** Key of a stored log: [client time ms, log id]. IndexedDB orders array keys, so oldest first. */
export type LogKey = [number, string];

/** A log as stored: its group (topic, source, tags as JSON), JSON text, size, and owning tab. */
interface Row {
  g: string;
  j: string;
  b: number;
  o: string;
}

/** A log taken over from a tab that is gone (or from an earlier visit). */
export interface ClaimedLog {
  _key: LogKey;
  _group: string;
  _json: string;
  _bytes: number;
}

export interface LogStore {
  /** Stores a log; writes made in one task go out in one transaction. */
  _put(key: LogKey, group: string, json: string, bytes: number): void;
  /** Deletes logs the service accepted (or that were dropped); coalesced like `_put`. */
  _delete(keys: LogKey[]): void;
  /**
   * Takes over up to `limit` logs, oldest first, whose owner is neither us nor alive, in one
   * read-write transaction: IndexedDB runs overlapping read-write transactions one at a time, so
   * two tabs can never claim the same log. Logs older than `maxAgeMs` are deleted and counted.
   */
  _claim(isAlive: (owner: string) => boolean, now: number, maxAgeMs: number, limit: number): Promise<{ _logs: ClaimedLog[]; _expired: number }>;
  /** Number of stored logs, and deletes the oldest beyond `max`; resolves to how many it deleted. */
  _trim(max: number): Promise<number>;
  _clear(): Promise<void>;
  /** Resolves when every write asked for so far has settled. */
  _settled(): Promise<void>;
}

/**
 * The queue's storage layer (workbox-background-sync's QueueStore is the model): put, delete,
 * claim, trim. Every operation goes through one promise chain, so a delete can never overtake the
 * put of the same log. A failing transaction is reported through `onFail` and does not stop the
 * chain; the caller keeps the logs in memory either way.
 */
export function createLogStore(useStore: UseStore, owner: string, ready: Promise<unknown>, onFail: (e: unknown, logs: number) => void): LogStore {
  let chain: Promise<unknown> = ready.catch(() => undefined);
  let puts: Array<[LogKey, Row]> = [];
  let dels: LogKey[] = [];
  let scheduled = false;

  const run = <T>(op: () => Promise<T>, logs: number, fallback: T): Promise<T> => {
    const p = chain.then(op).catch((e: unknown) => {
      onFail(e, logs);
      return fallback;
    });
    chain = p;
    return p;
  };

  const write = () => {
    scheduled = false;
    const p = puts;
    const d = dels;
    puts = [];
    dels = [];
    void run(
      () =>
        useStore('readwrite', (store) => {
          for (const [k, v] of p) store.put(v, k);
          for (const k of d) store.delete(k);
          return promisifyRequest(store.transaction);
        }),
      p.length,
      undefined,
    );
  };
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(write);
    }
  };

  return {
    _put(key, group, json, bytes) {
      puts.push([key, { g: group, j: json, b: bytes, o: owner }]);
      schedule();
    },
    _delete(keys) {
      if (!keys.length) return;
      dels.push(...keys);
      schedule();
    },
    _claim: (isAlive, now, maxAgeMs, limit) =>
      run(
        () =>
          useStore('readwrite', (store) => new Promise<{ _logs: ClaimedLog[]; _expired: number }>((resolve, reject) => {
            const logs: ClaimedLog[] = [];
            let expired = 0;
            const req = store.openCursor();
            req.onerror = () => reject(req.error);
            req.onsuccess = () => {
              const cursor = req.result;
              if (!cursor || logs.length >= limit) return resolve({ _logs: logs, _expired: expired });
              const row = cursor.value as Row;
              const key = cursor.key as LogKey;
              if (row.o !== owner && !isAlive(row.o)) {
                if (key[0] < now - maxAgeMs) {
                  cursor.delete();
                  expired++;
                } else {
                  cursor.update({ ...row, o: owner });
                  logs.push({ _key: key, _group: row.g, _json: row.j, _bytes: row.b });
                }
              }
              cursor.continue();
            };
          })),
        0,
        { _logs: [], _expired: 0 },
      ),
    _trim: (max) =>
      run(
        () =>
          useStore('readwrite', async (store) => {
            const excess = (await promisifyRequest(store.count())) - max;
            if (excess <= 0) return 0;
            const keys = await promisifyRequest(store.getAllKeys(null, excess));
            for (const k of keys) store.delete(k);
            return keys.length;
          }),
        0,
        0,
      ),
    _clear: () => run(() => useStore('readwrite', (store) => promisifyRequest(store.clear())), 0, undefined),
    _settled: () => {
      if (scheduled) write();
      return chain.then(() => undefined);
    },
  };
}
