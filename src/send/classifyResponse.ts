/**
 * What to do with a batch after the service answered, per PROTOCOL.md's table. One place decides
 * it for every path (normal sends, retries, unload).
 *
 * | answer                                   | outcome                                        |
 * |------------------------------------------|------------------------------------------------|
 * | 200                                      | `ok`: delete the logs                          |
 * | 400 PostBodyTooLarge, 413                | `split`: halve the batch and resend            |
 * | 400 PostBodyUncompressError              | `raw`: resend uncompressed                     |
 * | other 400, 499, other 4xx not below      | `isolate`: halve until the bad log stands alone, then drop it |
 * | 401 (Web Tracking off), 404              | `config`: stop sending, keep the data, report  |
 * | 403, 408, 429, 5xx, network error        | `retry`: backoff with jitter, `Retry-After` wins |
 */
export type Outcome =
  | { _kind: 'ok' }
  | { _kind: 'split' }
  | { _kind: 'raw' }
  | { _kind: 'isolate'; _code: string }
  | { _kind: 'config'; _code: string }
  | { _kind: 'retry'; _after?: number };

/**
 * @param status HTTP status, or 0 for a network error / timeout.
 * @param errorCode the `errorCode` of the JSON answer, '' when there is none.
 * @param retryAfter the `Retry-After` header, or null.
 * @param now the clock, for `Retry-After` given as a date.
 */
export function classifyResponse(status: number, errorCode: string, retryAfter: string | null, now: number): Outcome {
  if (status >= 200 && status < 300) return { _kind: 'ok' };
  if (status === 413 || errorCode === 'PostBodyTooLarge') return { _kind: 'split' };
  if (errorCode === 'PostBodyUncompressError') return { _kind: 'raw' };
  if (status === 401 || status === 404) return { _kind: 'config', _code: errorCode || `HTTP ${status}` };
  if (status === 0 || status === 403 || status === 408 || status === 429 || status >= 500) {
    const after = parseRetryAfter(retryAfter, now);
    return after === undefined ? { _kind: 'retry' } : { _kind: 'retry', _after: after };
  }
  return { _kind: 'isolate', _code: errorCode || `HTTP ${status}` };
}

/** `Retry-After` as seconds or an HTTP date → milliseconds to wait; undefined when absent or unreadable. */
function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
