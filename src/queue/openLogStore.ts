import { createStore, type UseStore } from 'idb-keyval';

/**
 * Opens the IndexedDB store the queue lives in, through idb-keyval's `createStore` (it opens the
 * connection lazily and drops it when the browser closes it). idb-keyval's own get/set API reads
 * whole stores; the queue needs ordered, bounded reads, so it works on the raw object store that
 * `UseStore` hands out.
 *
 * What idb-keyval leaves to us: an `open` that never settles (blocked by another connection during
 * a version change) would stall every write, so the first use races a timeout; and when another
 * tab or the app deletes or upgrades the database, our connection must close (`versionchange`) or
 * it would block them. idb-keyval keeps a connection closed that way for good (its `onclose` only
 * sees closes by the browser), so the next use goes through a new `createStore`: it opens the
 * database again once the other side is done, and `onClosed` hears of it (what was stored may be
 * gone). Resolves to undefined when IndexedDB is missing or does not open in time: the tracker
 * then keeps its queue in memory.
 */
export async function openLogStore(dbName: string, timeoutMs: number, onClosed?: () => void): Promise<UseStore | undefined> {
  if (typeof indexedDB === 'undefined') return undefined;
  let inner: UseStore;
  try {
    inner = createStore(dbName, 'logs');
  } catch {
    return undefined;
  }
  const useStore: UseStore = (mode, callback) =>
    inner(mode, (store) => {
      const db = store.transaction.db;
      db.onversionchange = () => {
        db.close();
        inner = createStore(dbName, 'logs');
        onClosed?.();
      };
      return callback(store);
    });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ok = await Promise.race([
    useStore('readonly', (store) => store.count()).then(() => true, () => false),
    new Promise<boolean>((r) => { timer = setTimeout(() => r(false), timeoutMs); }),
  ]);
  clearTimeout(timer);
  return ok ? useStore : undefined;
}
