import type { DropInfo } from './dropReasons';

/** Compression for header-mode requests. `none` sends in query mode (no CORS preflight). */
export type Compression = 'lz4' | 'deflate' | 'none';

/** Options of {@link createTracker}. Only `host`, `project` and `logstore` are required. */
export interface TrackerOptions {
  /**
   * The SLS endpoint: a bare host such as `cn-hangzhou.log.aliyuncs.com` (requests go to
   * `https://{project}.{host}`), or a full origin `http(s)://…` used as-is (custom domains, a local
   * collector), as the official SDK does.
   */
  host: string;
  /** SLS project name. */
  project: string;
  /** Logstore with Web Tracking switched on. */
  logstore: string;
  /** Default `__topic__` of every log (≤ 128 bytes). Default `''`. */
  topic?: string;
  /** Default `__source__` of every log (≤ 128 bytes). Default `''`: the service then records the client IP. */
  source?: string;
  /** Default tags (`__tag__:k`) of every log. Default none. */
  tags?: Record<string, string>;
  /** Milliseconds a log may wait for its batch to fill before it is sent. Default `2000`. */
  flushInterval?: number;
  /** Send a batch as soon as it holds this many logs. Default and maximum `4096` (the service's limit). */
  maxBatchLogs?: number;
  /**
   * Send a batch as soon as its uncompressed body reaches this many bytes; also the most a request
   * may carry, so a single log larger than it is dropped (`tooLarge`). Default and maximum
   * `3145728` (3 MB, the service's limit); minimum 1024.
   */
  maxBatchBytes?: number;
  /** `lz4` (default; header mode, raw LZ4 block), `deflate` (header mode, zlib via `CompressionStream`) or `none` (query mode, no preflight). */
  compress?: Compression;
  /**
   * Keep every log in IndexedDB until the service has it, so that a reload, a crash or an outage
   * loses nothing; logs left by a closed tab are sent by another tab or the next visit.
   * Default `true`. Without IndexedDB the tracker works in memory and says so once (`onError`).
   */
  persist?: boolean;
  /** Unsent logs of this tab kept at most, and logs recovered from other tabs or visits at most; beyond it the oldest are dropped (`queueFull`, `storeFull`). Default `20000`. */
  maxStoredLogs?: number;
  /** Logs recovered from IndexedDB older than this many ms (by client time) are dropped (`expired`). Default `604800000` (7 days). */
  maxAge?: number;
  /** Requests in flight at once. Default `2`. */
  maxInFlight?: number;
  /** Called for every log (or group of logs) that is dropped, with the reason. Default none. */
  onDrop?: (info: DropInfo) => void;
  /**
   * Called once per problem the tracker cannot solve alone: sending stopped on a configuration
   * error (`status` 401 Web Tracking off, 404 no such project or logstore; data is kept, `flush()`
   * or a reload tries again), or IndexedDB unavailable (`status` 0, `errorCode`
   * `StorageUnavailable`; the tracker goes on in memory). Default none.
   */
  onError?: (error: { status: number; errorCode: string; message: string }) => void;
  /**
   * Sees every log (with context fields merged in) before it is queued; return the log, a changed
   * copy, or `null`/`false` to drop it (counted as `beforeSend`). If it throws, the log is dropped
   * too (reason `beforeSend`): a scrubber that fails must not leak what it was meant to remove.
   * Default none.
   */
  beforeSend?: (log: Record<string, unknown>) => Record<string, unknown> | null | false | undefined;
  /** Fraction of logs kept, from 0 to 1; the rest are dropped and counted as `sampled`. Default `1`. */
  sampleRate?: number;
  /** Log what the tracker does (drops, renames, retries) with `console.debug`/`console.warn`. Default `false`. */
  debug?: boolean;
}

export interface ResolvedOptions {
  _url: string;
  _topic: string;
  _source: string;
  _tags: Record<string, string>;
  _interval: number;
  _maxLogs: number;
  _maxBytes: number;
  _compress: Compression;
  _inFlight: number;
  _onDrop: ((info: DropInfo) => void) | undefined;
  _onError: TrackerOptions['onError'];
  _debug: boolean;
  _beforeSend: TrackerOptions['beforeSend'];
  _sampleRate: number;
  _optOutKey: string;
  _persist: boolean;
  _maxStored: number;
  _maxAge: number;
}
