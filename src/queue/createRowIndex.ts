import { keyName, type RowKey, type StoredLog, type StoredRow } from './StoredRow';

/** A row whose every log is settled: it can be deleted, and then the marks of its logs. */
export interface SettledRow {
  _key: RowKey;
  /** The ids of all its logs. */
  _logIds: string[];
  /** Where the row is in IndexedDB (ROW_NEW, ROW_WRITING, ROW_COMMITTED). */
  _stored: RowState;
}

// Where a row is in IndexedDB (numbers with names, so that the minifier inlines them):
/** Not handed to IndexedDB yet (the database is opening, or was closed under it). */
export const ROW_NEW = 0;
/** Its put is under way: it may commit or not. */
export const ROW_WRITING = 1;
/** Its put has committed. */
export const ROW_COMMITTED = 2;
export type RowState = typeof ROW_NEW | typeof ROW_WRITING | typeof ROW_COMMITTED;

/** Which logs of which row still need keeping, and whether IndexedDB has the row yet. */
export interface RowIndex {
  /** A row made or claimed, with its logs. */
  _add(key: RowKey, group: string, logs: StoredLog[], stored: RowState): void;
  /** Where a row is now (unknown rows are ignored). */
  _set(key: RowKey, stored: RowState): void;
  /** These logs need no more keeping; returns the rows that have no log left to keep. */
  _settle(logIds: string[]): SettledRow[];
  /** Rows in state `stored` or below, with the logs they still need to keep, in the order made. */
  _rows(stored: RowState): StoredRow[];
  /** Where the row of this log is, or undefined for a log in no row. */
  _of(logId: string): RowState | undefined;
  /** Logs that still need keeping. */
  _count(): number;
  _clear(): void;
}

interface IndexedRow extends SettledRow, StoredRow {
  _left: Set<string>;
}

export function createRowIndex(): RowIndex {
  const rows = new Map<string, IndexedRow>();
  const rowOfLog = new Map<string, IndexedRow>();
  return {
    _add(key, group, logs, stored) {
      const logIds = logs.map(([id]) => id);
      const row: IndexedRow = { _key: key, _group: group, _logs: logs, _logIds: logIds, _left: new Set(logIds), _stored: stored };
      rows.set(keyName(key), row);
      for (const id of logIds) rowOfLog.set(id, row);
    },
    _set(key, stored) {
      const row = rows.get(keyName(key));
      if (row) row._stored = stored;
    },
    _settle(logIds) {
      const out: SettledRow[] = [];
      for (const id of logIds) {
        const row = rowOfLog.get(id);
        rowOfLog.delete(id);
        if (!row?._left.delete(id) || row._left.size) continue;
        rows.delete(keyName(row._key));
        out.push(row);
      }
      return out;
    },
    _rows: (stored) =>
      [...rows.values()]
        .filter((r) => r._stored <= stored)
        .map((r) => ({ _key: r._key, _group: r._group, _logs: r._logs.filter(([id]) => r._left.has(id)) })),
    _of: (logId) => rowOfLog.get(logId)?._stored,
    _count() {
      let n = 0;
      for (const row of rows.values()) n += row._left.size;
      return n;
    },
    _clear() {
      rows.clear();
      rowOfLog.clear();
    },
  };
}
