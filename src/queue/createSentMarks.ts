import { storedRecord } from '../lib/storedRecord';
import { storedKeys } from '../lib/storedKeys';
import { SENT_MARK_PREFIX } from '../lib/storageKeys';

/**
 * Which stored logs were sent although the store still holds them:
 * - sent in an unload request whose answer the page may never see (a beacon, or a keepalive fetch
 *   from a page that is being torn down);
 * - `confirmed`: accepted by the service, while the IndexedDB delete is under way. A page that
 *   unloads closes its database connections, which aborts unfinished transactions (IndexedDB
 *   spec, "close a database connection" with the forced flag), so the delete of a batch answered
 *   just before a reload may never happen.
 * Kept in localStorage because it is synchronous and survives exactly those moments. A lost mark
 * would make the next visit send those logs again.
 *
 * One entry per call, `sls-webtrack:sent:<tab>:<n>` → `{"t": ms, "i": [ids], "c": 1?}`, so live
 * tabs never read-modify-write each other's entries: a tab rewrites another's only for logs it
 * recovered from it, or once that tab is gone.
 *
 * A page that unloads may keep only the first of several localStorage writes (seen in Chromium:
 * an answer read as a tab closed removed an unload mark, and the confirmed mark written right
 * after it was never kept). So every change writes the new state before it removes the old: a
 * log is never left unmarked on the way, and a confirmed mark wins over an unload mark.
 */
export interface SentMarks {
  /**
   * `at`: when the request left (default now). A confirmed mark replaces this tab's earlier marks
   * of the same logs, after it has been written.
   */
  _mark(ids: string[], confirmed?: boolean, at?: number): void;
  /**
   * Forgets these ids in every tab's entries: this tab's at once, others' by a scan, only for ids
   * `_read` found marked by another tab (logs recovered from it): nobody else marks this tab's logs.
   */
  _unmark(ids: string[]): void;
  /**
   * Ids marked by any tab, with their mark (a confirmed one where there are both); drops entries
   * older than `maxAgeMs`. With `isAlive` and `stored` (every log id the store holds), also the
   * marks of gone tabs whose logs the store no longer holds: their row was deleted, but the page
   * went before it could remove the mark.
   */
  _read(maxAgeMs: number, isAlive?: (tab: string) => boolean, stored?: Set<string>): Map<string, SentMark>;
}

/** What a mark says of one log. */
export interface SentMark {
  /** When its request left (ms). */
  _sentAt: number;
  /** The service accepted it (only its row's delete is pending). */
  _accepted: boolean;
}

/** An entry as stored: when the request left, the ids, and `c: 1` when the service accepted them. */
type Entry = { t: number; i: string[]; c?: 1 };

/** The entry under `key`; an unreadable one (not JSON, another shape) reads as empty and old, so the next read removes it. */
function entry(key: string): Entry {
  const e = storedRecord(key) as Partial<Entry> | null | undefined;
  return e && typeof e.t === 'number' && Array.isArray(e.i) && e.i.every((id) => typeof id === 'string') ? (e as Entry) : { t: 0, i: [] };
}

/** Every mark entry of every tab. */
const entries = (): Array<[string, Entry]> => storedKeys(SENT_MARK_PREFIX).map((key) => [key, entry(key)]);

/** Writes `e` back without the ids `drop`; an emptied entry goes. */
function rewrite(key: string, e: Entry, drop: Set<string>): void {
  const i = e.i.filter((id) => !drop.has(id));
  storedRecord(key, i.length ? { ...e, i } : null);
}

export function createSentMarks(tab: string, now: () => number): SentMarks {
  let n = 0;
  const mine = new Map<string, string>(); // id → entry key
  // Ids another tab marked, as _read last saw them: the only ones an unmark must scan for.
  let foreign = new Set<string>();

  /** Removes `ids` from this tab's entries. */
  const unmarkOwn = (ids: string[]): void => {
    const byKey = new Map<string, Set<string>>();
    for (const id of ids) {
      const key = mine.get(id);
      if (!key) continue;
      mine.delete(id);
      byKey.set(key, (byKey.get(key) ?? new Set()).add(id));
    }
    for (const [key, drop] of byKey) rewrite(key, entry(key), drop);
  };

  return {
    _mark(ids, confirmed, at) {
      const key = `${SENT_MARK_PREFIX}${tab}:${n++}`;
      const t = at ?? now();
      // Storage full or blocked: the log stays unmarked and is resent by the next visit, which may
      // duplicate it but never loses it. Only once the confirmed mark is kept may the unload marks
      // of these logs go.
      if (storedRecord(key, { t, i: ids, c: confirmed ? 1 : undefined }) && confirmed) unmarkOwn(ids);
      for (const id of ids) mine.set(id, key);
    },
    _unmark(ids) {
      unmarkOwn(ids);
      const others = new Set(ids.filter((id) => foreign.delete(id)));
      // Marked by another tab (logs this tab recovered): only a scan finds them.
      if (others.size) for (const [key, e] of entries()) if (e.i.some((id) => others.has(id))) rewrite(key, e, others);
    },
    _read(maxAgeMs, isAlive, stored) {
      const out = new Map<string, SentMark>();
      foreign = new Set();
      for (const [key, e] of entries()) {
        if (!(now() - e.t < maxAgeMs)) {
          storedRecord(key, null);
          continue;
        }
        // `sls-webtrack:sent:<tab>:<n>`
        const owner = key.split(':')[2]!;
        const gone = new Set(stored && owner != tab && !isAlive?.(owner) ? e.i.filter((id) => !stored.has(id)) : []);
        if (gone.size) rewrite(key, e, gone);
        for (const id of e.i) {
          if (gone.has(id)) continue;
          if (owner != tab) foreign.add(id);
          if (!out.get(id)?._accepted) out.set(id, { _sentAt: e.t, _accepted: !!e.c });
        }
      }
      return out;
    },
  };
}
