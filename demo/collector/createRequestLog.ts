import type { RequestRecord } from './RequestRecord.ts';

export interface RequestLog {
  add(record: Omit<RequestRecord, 'id'>): RequestRecord;
  /** Records with an id greater than `since`. */
  since(since: number): RequestRecord[];
  clear(): void;
}

/**
 * Every ingest request, newest last. At least the last `capacity` records are kept (at most 10%
 * more) so a long benchmark cannot grow memory without bound; ids keep counting across trims and
 * resets so a poller never sees one twice.
 */
export function createRequestLog(capacity: number): RequestLog {
  let records: RequestRecord[] = [];
  let lastId = 0;
  return {
    add(partial) {
      const record = { id: ++lastId, ...partial };
      records.push(record);
      // Trim in chunks so a full log does not shift the array on every request.
      if (records.length > capacity + capacity / 10) records = records.slice(-capacity);
      return record;
    },
    since(since) {
      return records.filter((record) => record.id > since);
    },
    clear() {
      records = [];
    },
  };
}
