/**
 * The service's limits, as the README's "The wire contract" lists them. Pure validation code
 * takes them as an argument so a test can drive the rules with small numbers.
 */
export interface Limits {
  /** Bytes of the uncompressed UTF-8 body (API page: 3 MB; counted raw, since raw vs wire is unverified). */
  maxRawBytes: number;
  /** Logs in one request (API page). */
  maxLogs: number;
  /** UTF-8 bytes of one value (SLS log data model docs). */
  maxValueBytes: number;
  /** UTF-8 bytes of one key, and of one tag key. */
  maxKeyBytes: number;
  /** UTF-8 bytes of `__topic__` and of `__source__`. */
  maxTopicBytes: number;
  /** Bytes of the query string of the GET form (Web Tracking docs: "under 16 KB"). */
  maxQueryBytes: number;
}

export const slsLimits: Limits = {
  maxRawBytes: 3 * 1024 * 1024,
  maxLogs: 4096,
  maxValueBytes: 1024 * 1024,
  maxKeyBytes: 128,
  maxTopicBytes: 128,
  maxQueryBytes: 16 * 1024,
};
