// The stored format (what a later version must still read): positional, because every byte of it
// is structured-cloned into IndexedDB once per log; named fields are used everywhere else.

/** Key of a stored row: [client time ms, id] of its first log. IndexedDB orders array keys: oldest first. */
export type RowKey = [time: number, logId: string];

/** A row key as a Map key (two arrays with the same items are different keys). */
export const keyName = (key: RowKey): string => key[0] + ' ' + key[1];

/** One stored log. */
export type StoredLog = [logId: string, time: number, json: string, bytes: number];

/**
 * A row as the store, the journal and the row index know it: the key it has (or will have) in
 * IndexedDB, its group (topic, source, tags as JSON) and its logs.
 */
export interface StoredRow {
  _key: RowKey;
  _group: string;
  _logs: StoredLog[];
}
