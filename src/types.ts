// Every public type of sls-webtrack, in one place. Internal shapes live next to the stage that
// makes them (normalize/normalizeLog.ts, batch/BatchMeta.ts, queue/QueuedLog.ts, send/Batch.ts).

/** Compression for header-mode requests. `none` sends in query mode (no CORS preflight). */
export type Compression = 'lz4' | 'deflate' | 'none';

/**
 * Why logs were dropped. Every drop is counted under one of these and reported through
 * `onDrop` and the debug log; nothing is lost silently.
 *
 * - `tooLarge`: one log cannot fit in a request (over 3 MB once normalized).
 * - `rejected`: the service refused the log on its own (400 InvalidKey, InvalidEncoding, …) after
 *   the batch was split down to that single log.
 * - `invalidOptions`: per-call options that can never be accepted: topic or source over 128 bytes
 *   (or not a string), a tag value over 1 MiB, options that throw when read.
 * - `shutdown`: `track()` called after `shutdown()`, or still waiting when `shutdown()` ended
 *   without IndexedDB to hand it over in (memory only, or `persist: false`).
 * - `beforeSend`: the `beforeSend` option returned nothing (or threw).
 * - `sampled`: left out by `sampleRate`.
 * - `optOut`: tracked while opted out; waiting when `optOut()` was called (here or in another tab);
 *   in flight then and not accepted; found in the store while opted out.
 * - `queueFull`: more than `maxStoredLogs` of this tab's logs, or more than `maxQueueBytes` bytes of
 *   them, waiting to be sent (a long outage); oldest first, from memory and IndexedDB.
 * - `storeFull`: more than `maxStoredLogs` logs to recover from tabs that died or earlier visits; oldest first.
 * - `expired`: recovered from IndexedDB older than `maxAge`.
 * - `journalFull`: when the page was hidden, frozen or unloaded, not committed to IndexedDB yet and
 *   beyond what the journal may keep (1 MiB of localStorage for all tabs, or localStorage full or
 *   blocked). Counted once per log; a page that lives on may still send it.
 * - `internal`: a bug in the tracker itself (reported rather than thrown out of `track()`).
 * - `unsupported`: tracked where there is no page (`window`, `document`): server-side rendering, a
 *   web worker. The tracker there is inert (README, "Server-side rendering and workers").
 */
export type DropReason =
  | 'tooLarge'
  | 'rejected'
  | 'invalidOptions'
  | 'shutdown'
  | 'beforeSend'
  | 'sampled'
  | 'optOut'
  | 'queueFull'
  | 'storeFull'
  | 'expired'
  | 'journalFull'
  | 'internal'
  | 'unsupported';

/** One report to `onDrop`. */
export interface DropInfo {
  reason: DropReason;
  /** How many logs this report covers. */
  count: number;
  /** The service's error code, or a short explanation. */
  detail?: string;
}

/** One report to `onError`: a problem the tracker cannot solve alone. */
export interface TrackerError {
  /** HTTP status of the answer that stopped sending, or 0 (storage). */
  status: number;
  /** The service's error code (`Unauthorized`, `LogStoreNotExist`…), `StorageUnavailable`, or `Unsupported` (no page). */
  errorCode: string;
  message: string;
}

/** Options of `createTracker`. Only `host`, `project` and `logstore` are required. */
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
  /** Default tags (`__tag__:k`) of every log: string values of at most 1 MiB (the service's value limit). Default none. */
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
  /**
   * Unsent logs of this tab kept at most (in batches, queued or in flight), and logs recovered from
   * other tabs or visits at most; beyond it the oldest waiting are dropped (`queueFull`,
   * `storeFull`). Default `20000`.
   */
  maxStoredLogs?: number;
  /**
   * Bytes (of their JSON) of the unsent logs this tab holds in memory at most: in batches, queued
   * or in flight. Beyond it the oldest waiting are dropped (`queueFull`), so that an outage with
   * big logs cannot fill the heap. Default `8388608` (8 MiB); 1 MiB to 1 GiB.
   */
  maxQueueBytes?: number;
  /** Logs recovered from IndexedDB older than this many ms (by client time) are dropped (`expired`). Default `604800000` (7 days). */
  maxAge?: number;
  /** Requests in flight at once. Default `2`. */
  maxInFlight?: number;
  /** Called for every log (or group of logs) that is dropped, with the reason. Default none. */
  onDrop?: (info: DropInfo) => void;
  /**
   * Called once per problem the tracker cannot solve alone: sending stopped on a configuration
   * error (`status` 401 Web Tracking off, 404 no such project or logstore) or on a whole-request
   * refusal three times in a row (405, 413 without PostBodyTooLarge, …; data is kept, `flush()`
   * or a reload tries again), IndexedDB unavailable (`status` 0, `errorCode`
   * `StorageUnavailable`; the tracker goes on in memory), or no page to track in (`status` 0,
   * `Unsupported`: server-side rendering, a web worker; the tracker is inert). Default none.
   */
  onError?: (error: TrackerError) => void;
  /**
   * Sees every log (with context fields merged in) before it is queued; return the log, a changed
   * copy, or `null`/`false` to drop it (counted as `beforeSend`). If it throws, the log is dropped
   * too (reason `beforeSend`): a scrubber that fails must not leak what it was meant to remove.
   * Default none.
   */
  beforeSend?: (log: Record<string, unknown>) => Record<string, unknown> | null | false | undefined;
  /** Fraction of logs kept, from 0 to 1; the rest are dropped and counted as `sampled`. Default `1`. */
  sampleRate?: number;
  /**
   * Log what the tracker does (drops, renames, retries) with `console.debug`/`console.warn`.
   * The messages exist only in the debug build (`sls-webtrack.debug.mjs`, `sls-webtrack.debug.min.js`);
   * the production bundles keep `onDrop` and `onError` and leave the text out. Default `false`.
   */
  debug?: boolean;
}

/** Per-call overrides of the tracker's topic, source and tags, and the log's time. */
export interface TrackOptions {
  topic?: string;
  source?: string;
  tags?: Record<string, string>;
  /**
   * When the logged thing happened, in ms since the epoch (the log's `_ts`), for a log tracked
   * after the fact: an error buffered before the script loaded, a page view that waited for its
   * title. Default: now.
   */
  time?: number;
}

/** Counters since the tracker was created. */
export interface TrackerStats {
  /** Logs accepted by `track()`. */
  tracked: number;
  /** Logs the service accepted (its 200 seen). */
  sent: number;
  /** Logs sent during unload whose answer was never seen, trusted as delivered (README, "Delivery"). */
  unconfirmed: number;
  /** Logs waiting (in batches, queued or in flight), this tab's and those recovered from others. */
  pending: number;
  /** Logs that could not be written to IndexedDB: still sent from memory, but a reload would lose them. */
  notStored: number;
  /** Dropped logs by reason. */
  dropped: Partial<Record<DropReason, number>>;
}

export interface Tracker {
  /**
   * Queues one log. Never throws: any value is normalized (README, "What happens to bad input"),
   * and a log that can never be sent is dropped and reported through `onDrop`.
   */
  track(log: unknown, options?: TrackOptions): void;
  /**
   * Sends everything now, lifting the backoff wait and a stop; resolves once every log waiting
   * when it was called has been tried (answered or dropped), or nothing can be tried now (sending
   * stopped, the service failing). Never rejects.
   */
  flush(): Promise<void>;
  /**
   * Flushes, waits for the store, then stops: nothing more is sent, listeners are removed, later
   * `track()` calls are dropped (`shutdown`), and what is still waiting stays in IndexedDB for
   * another tab or the next visit (without IndexedDB it is dropped as `shutdown`).
   */
  shutdown(): Promise<void>;
  stats(): TrackerStats;
  /**
   * Adds fields to every later log (the log's own fields win). The provider runs at each
   * `track()`; returns a function that removes it. Auto-capture uses it for visitor and session ids.
   */
  addContext(provider: () => Record<string, unknown>): () => void;
  /**
   * Stops all capture and sending, empties the queue and the store, and remembers the choice
   * (localStorage, shared by the tabs of the origin). From then on no request carrying a log
   * leaves the page, in this tab or any other: not a retry, not an unload send, not a recovered log.
   */
  optOut(): void;
  /** Undoes `optOut()`. */
  optIn(): void;
  isOptedOut(): boolean;
  /**
   * Logs a page view now (`trigger: 'manual'`), for an app that knows better than the URL when a
   * page is shown and what it is called; `fields` go over the view's own (`title`, `url`, …).
   * Given by `autoCapture` with page views on (`true` or `'manual'`); absent otherwise.
   */
  pageView?(fields?: Record<string, unknown>): void;
}

/** Options of `autoCapture`. Every capture source is on by default and can be switched off. */
export interface AutoCaptureOptions {
  /**
   * Log page views: first load, SPA route changes, hash changes, bfcache restores, prerender
   * activation, each with the title the page has once its router has set it (logged 1 s after the
   * navigation, at once if the page leaves). `'manual'`: only the views the app logs with
   * `tracker.pageView()`. Default `true`.
   */
  pageViews?: boolean | 'manual';
  /** Log uncaught errors, unhandled rejections and failed resource loads. Default `true`. */
  errors?: boolean;
  /** Log web vitals (LCP, CLS, INP, FCP, TTFB), final values, when the page hides. Default `true`. */
  vitals?: boolean;
  /** Add `visitor_id` (random, kept in localStorage as `sls-webtrack:vid`) to every log, `track()` calls too. Default `true`. */
  visitorId?: boolean;
  /** Add `session_id` (random, renewed after `sessionTimeout` without a log; `sls-webtrack:sid`) to every log. Default `true`. */
  sessionId?: boolean;
  /** Query parameters kept in captured URLs (page, referrer, error source, resource); all others are removed. Default `[]`. */
  allowedParams?: string[];
  /**
   * Keep the fragment's path in captured URLs (`#/orders/42`; its parameters are filtered like the
   * query), and count a change of the fragment alone as a page view. For hash-routed SPAs.
   * Default `false`: fragments are removed and a fragment change is no page view.
   */
  keepHash?: boolean;
  /** Milliseconds without a log after which a new session starts. Default `1800000` (30 minutes). */
  sessionTimeout?: number;
  /** Identical errors (same kind, message, source, line, column) logged per `errorWindow`; the rest are counted in a summary. Default `5`. */
  maxSameErrors?: number;
  /** Errors logged per `errorWindow` in all; the rest are counted in a summary. Default `30`. */
  maxErrors?: number;
  /** The error rate limit's window in milliseconds. Default `60000`. */
  errorWindow?: number;
  /** Characters of an error's stack kept. Default `4096`. */
  stackLimit?: number;
}

/**
 * Temporary credentials for `sls-webtrack/sts`, as STS AssumeRole returns them (README, "Signed
 * mode (STS)"). They stay in memory: never stored, logged or put in a URL.
 */
export interface StsCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  /** When they expire: ISO 8601 (STS's `Expiration`), or ms since the epoch. Default: never (asked again only after a 401). */
  expiration?: string | number;
}

/** Options of `createTracker` from `sls-webtrack/sts`: every option of the main entry, and `credentials`. */
export interface StsTrackerOptions extends TrackerOptions {
  /**
   * Gets temporary credentials from the app's backend (its AssumeRole endpoint; never an AccessKey
   * in the page). Called when a request first needs them, again 60 s before `expiration` and after
   * the service refuses them (401); one call at a time, shared by every request waiting. A
   * rejection is reported (`onError`, status 0, `CredentialsUnavailable`) and retried with the
   * tracker's backoff; the logs wait.
   */
  credentials: () => Promise<StsCredentials>;
}
