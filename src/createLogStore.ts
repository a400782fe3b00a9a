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
  /** Deletes logs the service accepted (or that were dropped); coalesced like `_put`. Resolves once committed (or failed). */
  _delete(keys: LogKey[]): Promise<void>;
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
 * claim, trim. Transactions are created in call order and IndexedDB runs read-write transactions
 * on one store in that order, so a delete never overtakes the put of the same log; nothing else
 * orders them, so a slow claim in another tab delays a put by one transaction, not by a queue.
 * Until this tab is visible as alive (`ready`), writes wait, or another tab could take its logs.
 * A failing transaction is reported through `onFail`; the caller keeps the logs in memory.
 */
export function createLogStore(useStore: UseStore, owner: string, ready: Promise<unknown>, onFail: (e: unknown, logs: number) => void): LogStore {
  let gate: Promise<unknown> | undefined = ready.catch(() => undefined).then(() => { gate = undefined; });
  let pending: Array<Promise<unknown>> = [];
  let puts: Array<[LogKey, Row]> = [];
  let dels: LogKey[] = [];
  let scheduled = false;
  // Settles when the next coalesced write has committed (or failed).
  let next: Promise<void> | undefined;
  let settleNext: () => void = () => undefined;

  const run = <T>(op: () => Promise<T>, logs: number, fallback: T): Promise<T> => {
    const p = (gate ? gate.then(op) : op()).catch((e: unknown) => {
      onFail(e, logs);
      return fallback;
    });
    pending.push(p);
    void p.then(() => { pending = pending.filter((q) => q !== p); });
    return p;
  };

  const write = () => {
    scheduled = false;
    const p = puts;
    const d = dels;
    const done = settleNext;
    puts = [];
    dels = [];
    next = undefined;
    void run(
      () =>
        useStore('readwrite', (store) => {
          for (const [k, v] of p) store.put(v, k);
          for (const k of d) store.delete(k);
          return promisifyRequest(store.transaction);
        }),
      p.length,
      undefined,
    ).then(done);
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
      dels.push(...keys);
      schedule();
      return (next ??= new Promise<void>((r) => { settleNext = r; }));
    },
    // One getAll and one getAllKeys rather than a cursor: a cursor costs an event-loop turn per
    // row, and every other tab's writes wait for this transaction.
    _claim: (isAlive, now, maxAgeMs, limit) =>
      run(
        () =>
          useStore('readwrite', async (store) => {
            const [rows, keys] = await Promise.all([
              promisifyRequest(store.getAll() as IDBRequest<Row[]>),
              promisifyRequest(store.getAllKeys() as unknown as IDBRequest<LogKey[]>),
            ]);
            const logs: ClaimedLog[] = [];
            let expired = 0;
            for (let i = 0; i < rows.length && logs.length < limit; i++) {
              const row = rows[i]!;
              const key = keys[i]!;
              if (row.o === owner || isAlive(row.o)) continue;
              if (key[0] < now - maxAgeMs) {
                store.delete(key);
                expired++;
              } else {
                store.put({ ...row, o: owner }, key);
                logs.push({ _key: key, _group: row.g, _json: row.j, _bytes: row.b });
              }
            }
            await promisifyRequest(store.transaction);
            return { _logs: logs, _expired: expired };
          }),
        0,
        { _logs: [] as ClaimedLog[], _expired: 0 },
      ),
    _trim: (max) =>
      run(
        () =>
          useStore('readwrite', async (store) => {
            const excess = (await promisifyRequest(store.count())) - max;
            if (excess <= 0) return 0;
            const keys = await promisifyRequest(store.getAllKeys(null, excess));
            for (const k of keys) store.delete(k);
            await promisifyRequest(store.transaction);
            return keys.length;
          }),
        0,
        0,
      ),
    _clear: () => run(() => useStore('readwrite', (store) => promisifyRequest(store.clear())), 0, undefined),
    _settled: async () => {
      if (scheduled) write();
      await Promise.all(pending);
    },
  };
}
