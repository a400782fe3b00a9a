import type { LogStore } from './createLogStore';
import type { Journal } from './createJournal';
import type { StoredLog, StoredRow } from './StoredRow';
import type { QueuedLog } from './QueuedLog';
import type { RowIndex } from './createRowIndex';
import type { SentMarks } from './createSentMarks';
import { ROW_COMMITTED, ROW_NEW, ROW_WRITING } from './createRowIndex';

/** Rows on their way into IndexedDB and out of it; the row index learns what has committed. */
export interface RowWriter {
  /** A new row, of the logs of one group tracked in one task: indexed, and written when the store takes writes. */
  _add(group: string, logs: QueuedLog[]): void;
  /** Writes a row (the logs it still keeps), when the store takes writes. */
  _write(row: StoredRow): void;
  /**
   * These logs need no more keeping: a row goes once all its logs have, and then the marks of its
   * logs. Not before the delete has committed: until then the mark is what prevents a resend.
   */
  _settle(logIds: string[]): void;
  /** The database was closed under us (deleted or upgraded elsewhere): every row is written again. */
  _rewrite(): void;
  /**
   * Writes every row no write is under way for: those made before the store opened, and those
   * whose write did not commit (aborted: LogStore._abort).
   */
  _retry(): void;
}

/** The row of logs tracked in one task, keyed by its first log. */
const toRow = (group: string, logs: QueuedLog[]): StoredRow => ({
  _key: [logs[0]!._time, logs[0]!._logId],
  _group: group,
  _logs: logs.map((l): StoredLog => [l._logId, l._time, l._json, l._bytes]),
});

/**
 * `store(true)` is the store while it takes writes, `store(false)` the one deletes still go to
 * (also after a failure); each commit or delete lets the journal catch up.
 */
export function createRowWriter(
  rows: RowIndex,
  store: (put: boolean) => LogStore | undefined,
  /** A row's delete has committed: its logs need no marks any more. */
  unmark: SentMarks['_unmark'],
  journal: Pick<Journal, '_refresh'>,
): RowWriter {
  // Bumped by _rewrite: a put begun before proves nothing about the database after.
  let epoch = 0;
  const write = (row: StoredRow) => {
    const s = store(true);
    if (!s) return;
    const e = epoch;
    rows._set(row._key, ROW_WRITING);
    void s._put(row._key, row._group, row._logs).then((ok) => {
      // Not committed (aborted, or the store failed): IndexedDB has no write of it under way.
      if (e === epoch) rows._set(row._key, ok ? ROW_COMMITTED : ROW_NEW);
      journal._refresh();
    });
  };
  return {
    _add(group, logs) {
      const row = toRow(group, logs);
      rows._add(row._key, group, row._logs, ROW_NEW);
      write(row);
    },
    _write: write,
    _settle(logIds) {
      for (const row of rows._settle(logIds)) {
        if (row._stored !== ROW_NEW) void store(false)?._delete(row._key).then((ok) => ok && unmark(row._logIds));
      }
      journal._refresh();
    },
    _rewrite() {
      epoch++;
      rows._rows(ROW_COMMITTED).forEach(write);
    },
    _retry: () => rows._rows(ROW_NEW).forEach(write),
  };
}
