/** The bytes of one POST body as they arrived, for `GET /_collector/bodies`. */
export interface BodyRecord {
  /** The id of its record in the request log (/_collector/requests). */
  id: number;
  mode: 'header' | 'query';
  /** lz4, deflate or none, as announced by x-log-compresstype. */
  compressType: string;
  /** x-log-bodyrawsize as sent, when it was a decimal integer; else null. */
  rawSize: number | null;
  status: number;
  errorCode: string | null;
  /** The body on the wire: compressed, as the client sent it. */
  bytes: Uint8Array;
}

export interface BodyLog {
  add(record: BodyRecord): void;
  /** Records with an id greater than `since`, oldest first. */
  since(since: number): BodyRecord[];
  clear(): void;
}

/**
 * The wire bodies of the most recent POSTs, so a test can hand each one to another decoder (the
 * tracker's LZ4 blocks to liblz4, say) exactly as the service would get it. Bounded by count and
 * by bytes: the oldest go first, so a benchmark of 3 MB bodies cannot grow memory without end.
 */
export function createBodyLog(maxBodies: number, maxBytes: number): BodyLog {
  let records: BodyRecord[] = [];
  let bytes = 0;
  return {
    add(record) {
      records.push(record);
      bytes += record.bytes.length;
      let drop = 0;
      while (records.length - drop > maxBodies || (bytes > maxBytes && drop < records.length - 1)) {
        bytes -= records[drop++]!.bytes.length;
      }
      if (drop) records = records.slice(drop);
    },
    since(since) {
      return records.filter((record) => record.id > since);
    },
    clear() {
      records = [];
      bytes = 0;
    },
  };
}
