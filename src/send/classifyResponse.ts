/**
 * What an answer of the service means, per the wire contract's table of answers (README,
 * "Answers"). One place decides it for every path (normal sends, retries, unload); decideAnswer
 * turns it into what happens to the batch.
 *
 * | answer                                   | outcome                                        |
 * |------------------------------------------|------------------------------------------------|
 * | 200                                      | `ok`: delete the logs                          |
 * | PostBodyTooLarge (400, or any status)    | `split`: halve the batch and resend            |
 * | 400 PostBodyUncompressError              | `raw`: resend uncompressed                     |
 * | 400 InvalidKey, InvalidEncoding, PostBodyInvalid, InvalidTimestamp; 499 | `isolate`: halve until the bad log stands alone, then drop it |
 * | 401 (Web Tracking off), 404              | `config`: stop sending, keep the data, report  |
 * | 403, 408, 429, 5xx, network error        | `retry`: backoff with jitter, `Retry-After` a lower bound (up to the cap) |
 * | any other 4xx (405, 413 without PostBodyTooLarge, 418, 400 with no or an unknown code) | `refused`: the request, not one log: retried with backoff, then sending stops (MAX_REFUSALS), the logs kept |
 */
// Outcome kinds: numbers with names, so that the minifier inlines them.
export const OUTCOME_OK = 0;
export const OUTCOME_SPLIT = 1;
export const OUTCOME_RAW = 2;
export const OUTCOME_ISOLATE = 3;
export const OUTCOME_CONFIG = 4;
export const OUTCOME_RETRY = 5;
export const OUTCOME_REFUSED = 6;

export type Outcome =
  | { _kind: typeof OUTCOME_OK }
  | { _kind: typeof OUTCOME_SPLIT }
  | { _kind: typeof OUTCOME_RAW }
  | { _kind: typeof OUTCOME_ISOLATE | typeof OUTCOME_CONFIG | typeof OUTCOME_REFUSED; _code: string }
  | { _kind: typeof OUTCOME_RETRY; _after?: number };

/** The codes that name a bad log (README, "The wire contract" and "Answers"): only these are worth halving for. */
const LOG_CODES = /^(InvalidKey|InvalidEncoding|PostBodyInvalid|InvalidTimestamp)$/;

/**
 * @param status HTTP status, or 0 for a network error / timeout.
 * @param errorCode the `errorCode` of the JSON answer, '' when there is none.
 * @param retryAfter the `Retry-After` header, or null.
 * @param now the clock, for `Retry-After` given as a date.
 */
export function classifyResponse(status: number, errorCode: string, retryAfter: string | null, now: number): Outcome {
  if (status >= 200 && status < 300) return { _kind: OUTCOME_OK };
  if (errorCode === 'PostBodyTooLarge') return { _kind: OUTCOME_SPLIT };
  if (errorCode === 'PostBodyUncompressError') return { _kind: OUTCOME_RAW };
  const code = errorCode || `HTTP ${status}`;
  if (status === 401 || status === 404) return { _kind: OUTCOME_CONFIG, _code: code };
  if (status === 0 || status === 403 || status === 408 || status === 429 || status >= 500) {
    const after = parseRetryAfter(retryAfter, now);
    return after === undefined ? { _kind: OUTCOME_RETRY } : { _kind: OUTCOME_RETRY, _after: after };
  }
  return { _kind: status === 499 || LOG_CODES.test(errorCode) ? OUTCOME_ISOLATE : OUTCOME_REFUSED, _code: code };
}

/**
 * `Retry-After` as seconds or an HTTP date → milliseconds to wait (retryDelay keeps it within
 * [floor, cap]); undefined when absent or unreadable.
 */
function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
