import type { UseStore } from 'idb-keyval';
import { keyName, type RowKey, type StoredLog, type StoredRow } from './StoredRow';
import { promisifyRequest } from 'idb-keyval';

/**
 * A row: the logs of one group (topic, source, tags as JSON) that one task tracked, and the tab
 * that owns them. One row per write, not one per log: a burst of 4,096 logs is one put and, once
 * sent, one delete, an order of magnitude less IndexedDB work than a record per log
 * (bench/results/latest.md).
 */
interface Row {
  g: string;
  o: string;
  l: StoredLog[];
}

/** What a claim took over, and what the store holds once it has. */
export interface Claim {
  /** The rows taken over from tabs that are gone (or from earlier visits). */
  _rows: StoredRow[];
  /** The id of every log in the store, any tab's: marks of other logs protect nothing (createSentMarks). */
  _stored: Set<string>;
}

export interface LogStore {
  /** Stores a row; rows written in one task go out in one transaction. Resolves to whether it committed. */
  _put(key: RowKey, group: string, logs: StoredLog[]): Promise<boolean>;
  /** Deletes a row, coalesced like `_put`; resolves to whether the delete committed. */
  _delete(key: RowKey): Promise<boolean>;
  /**
   * Takes over every row whose owner is neither us nor alive, and writes the rows `journal()`
   * gives (what dead tabs journaled; asked once the rows are read) as ours, in one read-write transaction: IndexedDB runs overlapping
   * read-write transactions one at a time, so two tabs can never claim the same row. Resolves
   * once committed, or to undefined when it failed.
   */
  _claim(isAlive: (owner: string) => boolean, journal: () => StoredRow[]): Promise<Claim | undefined>;
  _clear(): Promise<void>;
  /** Resolves when every write asked for so far has settled. */
  _settled(): Promise<void>;
  /**
   * Aborts the writes not committed yet: their `_put`/`_delete` resolve to false, reported to
   * nobody (the caller journaled those rows and writes them again). For a page going into the
   * back/forward cache: WebKit keeps its open transaction alive there, and every other tab's
   * read-write transaction on the store waits behind it until the page is evicted or shown.
   */
  _abort(): void;
}

/**
 * Takes over every row whose owner is neither `owner` nor alive, in one read-write transaction.
 * One getAll and one getAllKeys rather than a cursor: a cursor costs an event-loop turn per row,
 * and every other tab's writes wait for this transaction.
 *
 * A journaled row has the key its tab gave it, so the row may be in the store too (its put
 * committed after all): the journal's copy replaces it, as it leaves out what its tab had settled
 * since. A journaled row already held by a live tab (or us) was taken over before: skipped.
 */
const claimRows = (useStore: UseStore, owner: string, isAlive: (owner: string) => boolean, journal: () => StoredRow[]): Promise<Claim> =>
  useStore('readwrite', async (store) => {
    const [rows, keys] = await Promise.all([
      promisifyRequest(store.getAll() as IDBRequest<Row[]>),
      promisifyRequest(store.getAllKeys() as unknown as IDBRequest<RowKey[]>),
    ]);
    const byKey = new Map<string, StoredRow & { _owner: string }>();
    rows.forEach((row, i) => byKey.set(keyName(keys[i]!), { _key: keys[i]!, _group: row.g, _logs: row.l, _owner: row.o }));
    for (const j of journal()) {
      const found = byKey.get(keyName(j._key));
      if (!found || (found._owner !== owner && !isAlive(found._owner))) byKey.set(keyName(j._key), { ...j, _owner: '' });
    }
    const out: Claim = { _rows: [], _stored: new Set() };
    for (const { _key, _group, _logs, _owner } of byKey.values()) {
      for (const [id] of _logs) out._stored.add(id);
      if (_owner === owner || isAlive(_owner)) continue;
      store.put({ g: _group, o: owner, l: _logs }, _key);
      out._rows.push({ _key, _group, _logs });
    }
    await promisifyRequest(store.transaction);
    return out;
  });

/**
 * One coalesced write: its puts and deletes in one read-write transaction, in `live` until it
 * settles. Resolves to true once committed.
 */
const writeRows = (useStore: UseStore, puts: Array<{ _key: RowKey; _row: Row }>, dels: RowKey[], live: Set<IDBTransaction>): Promise<boolean> =>
  useStore('readwrite', (store) => {
    const t = store.transaction;
    live.add(t);
    for (const put of puts) store.put(put._row, put._key);
    for (const k of dels) store.delete(k);
    return promisifyRequest(t)
      .finally(() => live.delete(t))
      .then(() => true);
  });

/**
 * The queue's storage layer (workbox-background-sync's QueueStore is the model). Transactions are
 * created in call order and IndexedDB runs read-write transactions on one store in that order, so
 * a delete never overtakes the put of the same row. Until this tab is visible as alive (`ready`),
 * writes wait, or another tab could take its rows. A failing transaction is reported through
 * `onFail`; the caller keeps the logs in memory either way.
 */
export function createLogStore(useStore: UseStore, owner: string, ready: Promise<unknown>, onFail: (e: unknown, logs: number) => void): LogStore {
  // Every operation starts through this promise, in call order, even once it has settled: a
  // shortcut taken as soon as it settles could start a delete before the put queued behind it.
  const gate: Promise<unknown> = ready.catch(() => undefined);
  let pending: Array<Promise<unknown>> = [];
  let puts: Array<{ _key: RowKey; _row: Row }> = [];
  let dels: RowKey[] = [];
  let scheduled = false;
  // Settles when the next coalesced write has committed (true) or failed (false).
  let next: Promise<boolean> | undefined;
  let settleNext: (committed: boolean) => void = () => undefined;
  // The write transactions not settled yet (_abort).
  const live = new Set<IDBTransaction>();

  const run = <T>(op: () => Promise<T>, logs: number, fallback: T): Promise<T> => {
    const p = gate.then(op).catch((e: unknown) => {
      // A transaction aborted by _abort rejects with no error: not committed, not a failure.
      if (e) onFail(e, logs);
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
        writeRows(useStore, p, d, live),
      p.reduce((n, put) => n + put._row.l.length, 0),
      false,
    ).then(done);
  };
  /** Queues the write of this task's puts and deletes; resolves to whether it committed. */
  const schedule = (): Promise<boolean> => {
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(write);
    }
    return (next ??= new Promise<boolean>((r) => { settleNext = r; }));
  };

  return {
    _put(key, group, logs) {
      puts.push({ _key: key, _row: { g: group, o: owner, l: logs } });
      return schedule();
    },
    _delete(key) {
      dels.push(key);
      return schedule();
    },
    _claim: (isAlive, journal) => run<Claim | undefined>(() => claimRows(useStore, owner, isAlive, journal), 0, undefined),
    _clear: () => run(() => useStore('readwrite', (store) => promisifyRequest(store.clear())), 0, undefined),
    _settled: async () => {
      if (scheduled) write();
      await Promise.all(pending);
    },
    _abort() {
      for (const t of live) {
        try {
          t.abort();
        } catch {
          // Committed in the meantime: nothing to abort.
        }
      }
    },
  };
}
