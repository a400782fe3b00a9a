// PutWebTracking limits (see spec/PROTOCOL.md, "Limits"). Pure logic takes these as arguments;
// they live here so there is one place to change when the service changes.

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

// The tracker's own limits, not the service's: they keep toStringValue bounded on accidental
// object graphs (`window`, framework state) that would otherwise take seconds to walk.
/** Object nesting kept by toStringValue; deeper becomes "[Depth]". */
export const MAX_DEPTH = 20;
/** Values toStringValue visits per call; the rest becomes one "[Truncated]". */
export const MAX_NODES = 100_000;
