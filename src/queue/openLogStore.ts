import { createStore, type UseStore } from 'idb-keyval';

/**
 * Opens the IndexedDB store the queue lives in, through idb-keyval's `createStore` (it opens the
 * connection lazily and drops it when the browser closes it). idb-keyval's own get/set API reads
 * whole stores; the queue needs ordered, bounded reads, so it works on the raw object store that
 * `UseStore` hands out.
 *
 * What idb-keyval leaves to us: an `open` that never settles (blocked by another connection during
 * a version change) would stall every write, so the first use races a timeout; and a connection
 * closes itself when another tab asks for a version change, so that tab is never blocked by us.
 * Resolves to undefined when IndexedDB is missing or does not open in time: the tracker then keeps
 * its queue in memory.
 */
export async function openLogStore(dbName: string, timeoutMs: number): Promise<UseStore | undefined> {
  if (typeof indexedDB === 'undefined') return undefined;
  let useStore: UseStore;
  try {
    useStore = createStore(dbName, 'logs');
  } catch {
    return undefined;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const opened = useStore('readonly', (store) => {
    const db = store.transaction.db;
    db.onversionchange = () => db.close();
    return store.count();
  });
  const ok = await Promise.race([
    opened.then(() => true, () => false),
    new Promise<boolean>((r) => { timer = setTimeout(() => r(false), timeoutMs); }),
  ]);
  clearTimeout(timer);
  return ok ? useStore : undefined;
}
