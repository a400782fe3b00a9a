/**
 * One entry of the fault queue (POST /_collector/faults), e.g.
 * `{"status":503,"times":3}`, `{"status":429,"retryAfter":2}`, `{"delayMs":2000}`,
 * `{"drop":true,"times":2}`, `{"status":503,"forever":true,"logstore":"web"}`.
 */
export interface Fault {
  /** Answer this status with a JSON error instead of processing the request. */
  status?: number;
  /** errorCode of that answer; default by status (see faultErrorCode). */
  errorCode?: string;
  /** Seconds for a Retry-After header on that answer. */
  retryAfter?: number;
  /** Wait this long first; alone, the request is then processed normally. */
  delayMs?: number;
  /** Destroy the connection without answering (the client sees a network error). */
  drop?: boolean;
  /** How many requests this entry applies to; -1 (or `forever: true`) until cleared. Default 1. */
  times: number;
  /**
   * Only requests whose logs hold a value containing this text: scripts "the service rejects this
   * one log" (e.g. `{"status":400,"errorCode":"InvalidKey","logContains":"POISON","times":-1}`),
   * so a client's isolation of a bad log can be tested against the real decoding path.
   */
  logContains?: string;
  /** Only requests to this logstore / project; default any. */
  logstore?: string;
  project?: string;
}
