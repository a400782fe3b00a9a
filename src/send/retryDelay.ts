import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, BACKOFF_FLOOR_MS } from '../lib/timings';

/**
 * Backoff limits: no wait shorter than `_floor` ms; the first retry waits up to `_base` ms, doubling
 * per attempt, never above `_cap`.
 */
export interface BackoffLimits {
  _floor: number;
  _base: number;
  _cap: number;
}

export const BACKOFF: BackoffLimits = { _floor: BACKOFF_FLOOR_MS, _base: BACKOFF_BASE_MS, _cap: BACKOFF_CAP_MS };

/**
 * Exponential backoff with jitter: a uniformly random wait in [floor, max(floor, min(cap,
 * base·2^attempt))), so that many clients recovering from one outage do not come back in step. A
 * `Retry-After` from the service is a lower bound on that wait, not a replacement: it may lengthen
 * the wait up to the cap, never shorten it. A 0, a negative value, a date in the past ("now"),
 * repeated, would otherwise retry at the floor's flat rate however long the outage lasts (issue
 * 22): failures in a row still escalate.
 *
 * @param attempt 0 for the first retry.
 * @param random a number in [0, 1), e.g. `Math.random()`.
 * @param retryAfter the `Retry-After` in ms (classifyResponse), if any.
 */
export function retryDelay(attempt: number, limits: BackoffLimits, random: number, retryAfter = 0): number {
  const floor = limits._floor;
  const ceiling = Math.max(floor, Math.min(limits._cap, limits._base * 2 ** Math.min(attempt, 30)));
  // `>` is false for NaN: an unreadable Retry-After leaves the computed wait.
  const wait = floor + random * (ceiling - floor);
  return Math.floor(Math.min(limits._cap, retryAfter > wait ? retryAfter : wait));
}
