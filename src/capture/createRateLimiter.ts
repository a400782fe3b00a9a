/**
 * One summary of what a window suppressed: the first suppressed value, how many were suppressed,
 * and whether they were over the `total` limit (`true`: possibly different values, counted
 * together) rather than repeats of this one value over `perKey` (`false`).
 */
export type Suppressed<T> = [value: T, count: number, overTotal: boolean];

export interface RateLimiter<T> {
  /**
   * `true`: pass this one on now. `false`: it was counted, and a later `_sweep` reports it. Call
   * `_sweep(now)` first, so that a window that is over ends before the next one counts.
   */
  _take(key: string, value: T, now: number): boolean;
  /**
   * Ends the window when `now` is at or past its end (pass `Infinity` to end it early, e.g. when
   * the page hides) and returns what it suppressed; `[]` while the window runs.
   */
  _sweep(now: number): Array<Suppressed<T>>;
}

/**
 * Fixed-window limits, the clock passed in (Sentry's rate-limit state is the model): in each
 * window of `windowMs`, starting at the first value after the last window ended, at most `perKey`
 * values per key and `total` values in all pass. The rest are counted by key, so that a page stuck
 * in an error loop sends a few errors and one summary, not thousands, and loses nothing silently.
 * Values over `total` share one count: an error whose message changes each time (a counter in it)
 * must not produce one summary each.
 */
export function createRateLimiter<T>(perKey: number, total: number, windowMs: number): RateLimiter<T> {
  let end = Infinity; // no window running
  let passed = 0;
  // key → [values passed, first suppressed value, suppressed count]; '' is the over-total bucket.
  let seen = new Map<string, [number, T?, number?]>();

  const sweep = (now: number): Array<Suppressed<T>> => {
    if (now < end) return [];
    const out: Array<Suppressed<T>> = [];
    for (const [key, [, value, count]] of seen) if (count) out.push([value as T, count, !key]);
    seen = new Map();
    passed = 0;
    end = Infinity;
    return out;
  };

  return {
    _take(key, value, now) {
      if (end == Infinity) end = now + windowMs;
      key = '.' + key;
      let s = seen.get(key);
      if (!s) {
        if (passed >= total) key = '';
        seen.set(key, (s = seen.get(key) ?? [0]));
      }
      if (s[0] < perKey && passed < total) {
        s[0]++;
        passed++;
        return true;
      }
      if (!s[2]) s[1] = value;
      s[2] = (s[2] ?? 0) + 1;
      return false;
    },
    _sweep: sweep,
  };
}
