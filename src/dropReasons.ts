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
 * - `queueFull`: more than `maxStoredLogs` logs waiting in memory (an outage without IndexedDB); oldest first.
 * - `storeFull`: more than `maxStoredLogs` logs in IndexedDB at start-up; oldest first.
 * - `expired`: stored longer than `maxAge` before it could be sent.
 * - `internal`: a bug in the tracker itself (reported rather than thrown out of `track()`).
 */
export type DropReason = 'tooLarge' | 'rejected' | 'invalidOptions' | 'shutdown' | 'beforeSend' | 'sampled' | 'optOut' | 'queueFull' | 'storeFull' | 'expired' | 'internal';

export interface DropInfo {
  reason: DropReason;
  /** How many logs this report covers. */
  count: number;
  /** The service's error code, or a short explanation. */
  detail?: string;
}
