import { BACKOFF_BASE_MS, BACKOFF_CAP_MS } from '../lib/timings';

/** Backoff limits: the first retry waits up to `_base` ms, doubling per attempt, never above `_cap`. */
export interface BackoffLimits {
  _base: number;
  _cap: number;
}

export const BACKOFF: BackoffLimits = { _base: BACKOFF_BASE_MS, _cap: BACKOFF_CAP_MS };

/**
 * Exponential backoff with full jitter (a uniformly random wait in [0, min(cap, base·2^attempt)]),
 * so that many clients recovering from one outage do not come back in step. A `Retry-After` from
 * the service wins over the computed wait, within the cap.
 *
 * @param attempt 0 for the first retry.
 * @param random a number in [0, 1), e.g. `Math.random()`.
 */
export function retryDelay(attempt: number, limits: BackoffLimits, random: number, retryAfter?: number): number {
  if (retryAfter !== undefined) return Math.min(retryAfter, limits._cap);
  const ceiling = Math.min(limits._cap, limits._base * 2 ** Math.min(attempt, 30));
  return Math.floor(random * ceiling);
}
