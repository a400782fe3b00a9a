// Every wait and period of the tracker, in milliseconds, with the reason for its value.

/** A request with no answer after this long is aborted and counts as a network error. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Backoff: the first retry waits up to this long, doubling per attempt (retryDelay)… */
export const BACKOFF_BASE_MS = 1000;
/** …never above this; also the cap on a `Retry-After` (a huge one, or a date far ahead)… */
export const BACKOFF_CAP_MS = 60_000;
/**
 * …and never below this, whatever the jitter draws or a `Retry-After` says (0, negative, blank, a
 * date in the past from a fast client clock): a retry with no wait, repeated, is a storm.
 */
export const BACKOFF_FLOOR_MS = 500;
/** No unload sends while any tab saw a failure this recently: the logs are safer in the store. */
export const UNLOAD_QUIET_MS = 3000;
/** IndexedDB that has not opened after this long is given up (memory only): a blocked open never settles. */
export const STORE_OPEN_TIMEOUT_MS = 3000;
/** Heartbeat period of a tab's presence where Web Locks are missing; a tab is gone after three missed beats. */
export const HEARTBEAT_MS = 5000;
/** How often a tab looks for logs left by tabs that died. */
export const CLAIM_EVERY_MS = 15_000;
/** A service failure this shortly before an unload send: a storm that the send may have ended. */
export const VERDICT_NEAR_MS = 1000;
/** Waiting for the first answer after an unload send gives up after this long, and trusts it. */
export const VERDICT_WAIT_MS = 10_000;
/** How often a tab holding unload-sent logs looks again for the answer that decides them. */
export const VERDICT_POLL_MS = 250;
/** Marks of unload sends older than this are discarded: those logs are sent again. */
export const MARK_MAX_AGE_MS = 24 * 3_600_000;
/** Answers shared between tabs are forgotten after this long. */
export const HEALTH_KEEP_MS = 60_000;
/**
 * A beacon's answer is never seen: its share of the keepalive budget is given back this long after
 * it left (a keepalive fetch gives its share back when it settles). Most beacons complete well
 * within it; one that is slower only makes the browser refuse a later one, which is handled.
 */
export const BEACON_HOLD_MS = 3000;
