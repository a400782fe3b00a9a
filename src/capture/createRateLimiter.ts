/**
 * One summary of what a window suppressed: the first suppressed value, how many were suppressed,
 * and whether they were over the `total` limit (`true`: possibly different values, counted
 * together) rather than repeats of this one value over `perKey` (`false`).
 */
export interface Suppressed<T> {
  _value: T;
  _count: number;
  _overTotal: boolean;
}

/** What a window saw of one key ('' is the over-total bucket). */
interface KeyCount<T> {
  /** Values passed. */
  _passed: number;
  /** The first suppressed value, and how many were suppressed. */
  _first?: T;
  _suppressed: number;
}

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
  let seen = new Map<string, KeyCount<T>>();

  const sweep = (now: number): Array<Suppressed<T>> => {
    if (now < end) return [];
    const out: Array<Suppressed<T>> = [];
    for (const [key, c] of seen) if (c._suppressed) out.push({ _value: c._first as T, _count: c._suppressed, _overTotal: !key });
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
        seen.set(key, (s = seen.get(key) ?? { _passed: 0, _suppressed: 0 }));
      }
      if (s._passed < perKey && passed < total) {
        s._passed++;
        passed++;
        return true;
      }
      if (!s._suppressed) s._first = value;
      s._suppressed++;
      return false;
    },
    _sweep: sweep,
  };
}
