/**
 * Why logs were dropped. Every drop is counted under one of these and reported through
 * `onDrop` and the debug log; nothing is lost silently.
 *
 * - `tooLarge`: one log cannot fit in a request (over 3 MB once normalized).
 * - `rejected`: the service refused the log on its own (400 InvalidKey, InvalidEncoding, …) after
 *   the batch was split down to that single log.
 * - `invalidOptions`: per-call topic/source/tags that can never be accepted (over 128 bytes).
 * - `shutdown`: `track()` called after `shutdown()`.
 * - `beforeSend`: the `beforeSend` option returned nothing (or threw).
 * - `sampled`: left out by `sampleRate`.
 * - `optOut`: tracked while opted out, or queued when `optOut()` was called.
 * - `queueFull`: more than `maxStoredLogs` of this tab's logs waiting to be sent (a long outage);
 *   oldest first, from memory and IndexedDB.
 * - `storeFull`: more than `maxStoredLogs` logs to recover from tabs that died or earlier visits; oldest first.
 * - `expired`: recovered from IndexedDB older than `maxAge`.
 * - `internal`: a bug in the tracker itself (reported rather than thrown out of `track()`).
 * - `unsupported`: tracked where there is no page (`window`, `document`): server-side rendering, a
 *   web worker. The tracker there is inert (README, "Server-side rendering and workers").
 */
export type DropReason = 'tooLarge' | 'rejected' | 'invalidOptions' | 'shutdown' | 'beforeSend' | 'sampled' | 'optOut' | 'queueFull' | 'storeFull' | 'expired' | 'internal' | 'unsupported';

export interface DropInfo {
  reason: DropReason;
  /** How many logs this report covers. */
  count: number;
  /** The service's error code, or a short explanation. */
  detail?: string;
}
