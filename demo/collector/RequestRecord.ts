/** One ingest request as `GET /_collector/requests` lists it, accepted or not. */
export interface RequestRecord {
  /** Increasing from 1 for the life of the process (not reset), for `?since=<id>`. */
  id: number;
  /** The x-log-requestid the answer carried. */
  requestId: string;
  /** Arrival, milliseconds since the epoch. */
  time: number;
  method: string;
  project: string;
  /**
   * Why that project: `host`, the Host named it (`<project>.localhost`); `default`, the Host named
   * none (`127.0.0.1`, `localhost`), so `defaultProject`, whatever project the client had in mind.
   * Also on the answer, as `x-collector-project: <project>; by=host|default`.
   */
  projectBy: 'host' | 'default';
  logstore: string;
  /** header: x-log-* headers; query: POST ?APIVersion=; get: the GET / track.gif form. */
  mode: 'header' | 'query' | 'get';
  /** lz4, deflate or none as announced (an unsupported announced value is kept as sent). */
  compressType: string;
  /** Uncompressed body bytes; null when unknown (not read, or did not decompress). */
  rawBytes: number | null;
  /** Body bytes on the wire that were read (0 for GET, or when refused before reading). */
  wireBytes: number;
  /** Logs in the body; null when it was not parsed far enough to say. */
  logs: number | null;
  /** HTTP status answered; 0 when no answer was sent (dropped by a fault, client went away). */
  status: number;
  errorCode: string | null;
  topic: string | null;
  contentType: string | null;
  origin: string | null;
  userAgent: string | null;
  /** anonymous: a Web Tracking form; signed: `POST /logstores/{logstore}` with an Authorization. */
  auth: 'anonymous' | 'signed';
  /** The AccessKeyId a signed request named (whether or not it checked out); null when anonymous. */
  accessKeyId: string | null;
  /** True when /_collector/faults decided the answer (status, drop) or delayed it. */
  injected: boolean;
  /** From arrival to the answer. */
  durationMs: number;
}
