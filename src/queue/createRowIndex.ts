import type { RowKey } from './createLogStore';

/** A stored row whose every log is settled: it can be deleted, and then the marks of its logs. */
export interface SettledRow {
  _key: RowKey;
  /** The ids of all its logs. */
  _logIds: string[];
}

/** Which logs of which stored row still need keeping. */
export interface RowIndex {
  /** A row written or claimed, with the ids of its logs. */
  _add(key: RowKey, logIds: string[]): void;
  /** These logs need no more keeping; returns the rows that have no log left to keep. */
  _settle(logIds: string[]): SettledRow[];
  /** The ids of a row's logs that still need keeping. */
  _unsettled(key: RowKey): ReadonlySet<string> | undefined;
  /** Logs that still need keeping. */
  _count(): number;
  _clear(): void;
}

interface IndexedRow extends SettledRow {
  _left: Set<string>;
}

const rowName = (key: RowKey): string => key[0] + ' ' + key[1];

export function createRowIndex(): RowIndex {
  const rows = new Map<string, IndexedRow>();
  const rowOfLog = new Map<string, string>();
  return {
    _add(key, logIds) {
      const name = rowName(key);
      rows.set(name, { _key: key, _logIds: logIds, _left: new Set(logIds) });
      for (const id of logIds) rowOfLog.set(id, name);
    },
    _settle(logIds) {
      const out: SettledRow[] = [];
      for (const id of logIds) {
        const name = rowOfLog.get(id);
        rowOfLog.delete(id);
        const row = name === undefined ? undefined : rows.get(name);
        if (!row) continue;
        row._left.delete(id);
        if (row._left.size) continue;
        rows.delete(name!);
        out.push(row);
      }
      return out;
    },
    _unsettled: (key) => rows.get(rowName(key))?._left,
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
