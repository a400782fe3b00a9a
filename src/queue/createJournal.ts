import type { RowKey, StoredLog, StoredRow } from './StoredRow';
import { storedRecord } from '../lib/storedRecord';
import { storedKeys } from '../lib/storedKeys';
import { JOURNAL_PREFIX } from '../lib/storageKeys';
import { JOURNAL_MAX_CHARS } from '../lib/limits';

/**
 * What a page could not commit to IndexedDB before it went away (README, "Persistence"). An
 * unloading page aborts the IndexedDB transactions that have not committed, but a localStorage
 * write is synchronous and survives it: at `pagehide`, `visibilitychange` to hidden and `freeze`,
 * the tab writes here every row that IndexedDB has not committed yet; the next page of the origin
 * (any tab) writes them into IndexedDB (createClaims) and then removes the entry.
 *
 * One entry per tab, `sls-webtrack:journal:<track URL>#<tab>` → `[[[time, id], group, [log, …]], …]`
 * (a log as createLogStore stores it), so tabs never read-modify-write each other's. All entries
 * together stay within JOURNAL_MAX_CHARS of key and value: a write takes what is left by the
 * others, oldest logs first.
 */
export interface Journal {
  /**
   * Replaces this tab's entry with as many of the uncommitted rows' logs as fit, oldest first (no
   * rows removes it). With `count`, the logs left out (bound reached, storage full or blocked)
   * are dropped as `journalFull`, each once.
   */
  _write(count: boolean): void;
  /** The rows changed (committed, settled): the entry, if there is one, is written again a task later. */
  _refresh(): void;
  /** The entries of other tabs that `isAlive` says are gone, as [key, rows]; unreadable ones are removed. */
  _orphans(isAlive: (tab: string) => boolean): Array<[string, StoredRow[]]>;
  /** Removes an entry whose rows are now committed. */
  _remove(key: string): void;
}

/** `[[time, id], group, logs]` as parsed from an entry: checked before it goes near IndexedDB. */
const isRow = (r: unknown): r is [RowKey, string, StoredLog[]] =>
  Array.isArray(r) &&
  typeof (r[0] as unknown[] | undefined)?.[0] == 'number' &&
  typeof r[1] == 'string' &&
  Array.isArray(r[2]) &&
  (r[2] as unknown[][]).every((l) => typeof l?.[0] == 'string' && typeof l[1] == 'number' && typeof l[2] == 'string' && typeof l[3] == 'number');

/** The entry text of `rows` in at most `budget` characters, and the logs that did not fit. */
function encode(rows: StoredRow[], budget: number): [string, StoredLog[]] {
  let text = '';
  const out: StoredLog[] = [];
  for (const r of rows) {
    // `[[time,"id"],"group"` + `,[` logs `]]`
    const head = JSON.stringify([r._key, r._group]).slice(0, -1);
    let logs = '';
    for (const l of r._logs) {
      const s = JSON.stringify(l);
      if (out.length || text.length + head.length + logs.length + s.length + 8 > budget) out.push(l);
      else logs += (logs ? ',' : '') + s;
    }
    if (logs) text += (text ? ',' : '') + head + ',[' + logs + ']]';
  }
  return ['[' + text + ']', out];
}

/** Characters of every journal but `key` (any track URL): they share the bound. */
function others(s: Storage, key: string): number {
  let n = 0;
  for (const k of storedKeys(JOURNAL_PREFIX)) if (k != key) n += k.length + (s.getItem(k)?.length ?? 0);
  return n;
}

/** Writes `rows` under `key`, as much as fits; returns the logs left out. */
function writeEntry(key: string, rows: StoredRow[]): StoredLog[] {
  const all = rows.flatMap((r) => r._logs);
  try {
    // Throws where storage is blocked or missing.
    const s = localStorage;
    let budget = all.length ? JOURNAL_MAX_CHARS - key.length - others(s, key) : 0;
    for (;;) {
      const [text, out] = encode(rows, budget);
      if (out.length == all.length) break;
      try {
        s.setItem(key, text);
        return out;
      } catch {
        // The quota is full (the host page's own data): try half as much.
        budget = text.length >> 1;
      }
    }
    s.removeItem(key);
  } catch {
    // no storage, or blocked: nothing kept
  }
  return all;
}

/**
 * This tab's journal under `prefix + tab`, of the rows `uncommitted()` gives; `drop` counts what
 * does not fit.
 */
export function createJournal(prefix: string, tab: string, uncommitted: () => StoredRow[], drop: (count: number) => void): Journal {
  const key = prefix + tab;
  // This tab has an entry: written again as its rows commit or settle.
  let written = false;
  let later: ReturnType<typeof setTimeout> | undefined;
  // Logs already dropped: each is counted once.
  const dropped = new Set<string>();
  const write = (): StoredLog[] => {
    clearTimeout(later);
    later = undefined;
    const rows = uncommitted();
    written = rows.length > 0;
    return writeEntry(key, rows);
  };

  return {
    _write(count) {
      let n = 0;
      for (const [logId] of write()) {
        if (count && !dropped.has(logId)) {
          dropped.add(logId);
          n++;
        }
      }
      if (n) drop(n);
    },
    _refresh() {
      if (written && !later) later = setTimeout(write, 0);
    },
    _orphans(isAlive) {
      const out: Array<[string, StoredRow[]]> = [];
      for (const k of storedKeys(prefix)) {
        const owner = k.slice(prefix.length);
        if (owner == tab || isAlive(owner)) continue;
        const rows = storedRecord(k);
        if (Array.isArray(rows) && rows.every(isRow)) out.push([k, rows.map(([k, g, l]) => ({ _key: k, _group: g, _logs: l }))]);
        else storedRecord(k, null);
      }
      return out;
    },
    _remove: (k) => void storedRecord(k, null),
  };
}
