// The service's limits (README, "The wire contract": limits) and the tracker's own. Pure logic
// takes these as arguments; they live here so there is one place to change.

/** Logs in one request (`PostBodyTooLarge` above it). */
export const MAX_LOGS_PER_REQUEST = 4096;
/** Uncompressed UTF-8 body bytes per request: counted raw, as compressed vs raw is unverified. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;
/** UTF-8 bytes of one value (SLS log data model). */
export const MAX_VALUE_BYTES = 1024 * 1024;
/** UTF-8 bytes of one key; keys are ASCII after sanitizeKey, so bytes = chars. */
export const MAX_KEY_BYTES = 128;
/** UTF-8 bytes of topic and of source. */
export const MAX_TOPIC_BYTES = 128;
/** Keys the service owns; a log must not use them. */
export const RESERVED_KEYS: readonly string[] = [
  '__time__',
  '__source__',
  '__topic__',
  '__partition_time__',
  '_extract_others_',
  '__extract_others__',
];
/** Any key starting with this is reserved too (`__tag__:…` are the service's tag fields). */
export const RESERVED_KEY_PREFIX = '__tag__';

/**
 * The browser's keepalive budget: all in-flight keepalive fetches and beacons of a page share
 * 64 KiB (Fetch spec, https://github.com/whatwg/fetch/issues/679; Chrome counts sendBeacon in the
 * same quota, https://github.com/w3c/beacon/issues/38). We stay a little below it, as Sentry does.
 */
export const KEEPALIVE_BUDGET = 60_000;

// The tracker's own limits, not the service's: they keep toStringValue bounded on accidental
// object graphs (`window`, framework state) that would otherwise take seconds to walk.
/** Object nesting kept by toStringValue; deeper becomes "[Depth]". */
export const MAX_DEPTH = 20;
/** Values toStringValue visits per call; the rest becomes one "[Truncated]". */
export const MAX_NODES = 100_000;
/**
 * Logs, and bytes of their JSON, copied into IndexedDB per task at most (the copy is
 * synchronous, about 10 ms a MiB in Chromium): a burst of 100,000 logs, or one of 3 MB of big
 * logs, is written over many short tasks, not in one of hundreds of ms.
 */
export const MAX_ROW_LOGS = 2048;
export const MAX_ROW_BYTES = 1 << 20;
/**
 * Whole-request refusals in a row (a 4xx that names no log: 405, 413 without a code, 418, an
 * unknown code; classifyResponse) before sending stops, the logs kept, as on a configuration error.
 */
export const MAX_REFUSALS = 3;
/**
 * localStorage the journals of all tabs take at most, counted as the quota counts it: UTF-16, two
 * bytes a character of key and value. 1 MiB: a fifth of the smallest usual quota (5 MiB), so the
 * host page keeps the rest; several thousand logs of a few hundred bytes.
 */
export const JOURNAL_MAX_CHARS = 512 * 1024;
