/**
 * When the tabs of this origin saw the service or the network fail, shared through localStorage.
 * It decides two things about unload sends, whose answers nobody may ever read: whether to make
 * one at all (not while failures are recent: the logs are safer in the store), and whether a
 * recovered log that an earlier page sent on unload was probably delivered (no failure seen
 * right after it was sent) or must be sent again.
 */
export interface SharedHealth {
  _fail(): void;
  /** Whether a failure was seen from `from` to `to` (ms). */
  _failedBetween(from: number, to: number): boolean;
}

/** Failures older than this are forgotten; it bounds the list too (one entry per 100 ms at most). */
const KEEP_MS = 60_000;

export function createSharedHealth(key: string, now: () => number): SharedHealth {
  let own: number[] = []; // this tab's view, for when storage is unavailable
  const read = (): number[] => {
    try {
      const shared = JSON.parse(localStorage.getItem(key) ?? '[]') as unknown;
      if (Array.isArray(shared)) return shared.filter((t): t is number => typeof t === 'number');
    } catch {
      // unreadable or blocked: fall back on this tab's own failures
    }
    return own;
  };
  return {
    _fail() {
      const t = now();
      const list = read().filter((x) => x > t - KEEP_MS);
      // A burst of failures says no more than its first and last: keep the list short.
      if (list.length && t - list[list.length - 1]! < 100) list.pop();
      list.push(t);
      own = list;
      try {
        localStorage.setItem(key, JSON.stringify(list));
      } catch {
        // storage blocked: other tabs will not see it, this one still does
      }
    },
    _failedBetween: (from, to) => read().some((x) => x >= from && x <= to),
  };
}
