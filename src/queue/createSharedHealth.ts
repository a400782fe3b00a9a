import { HEALTH_KEEP_MS } from '../lib/timings';
import { storedRecord } from '../lib/storedRecord';

/**
 * How the service answered the tabs of this origin lately, shared through localStorage. It
 * decides two things about unload sends, whose answers nobody may ever read: whether to make one
 * at all (not while failures are recent: the logs are safer in the store), and whether a
 * recovered log that an earlier page sent on unload was probably delivered, judged by the answers
 * the tabs got right around it (createPersistence).
 */
export interface SharedHealth {
  /** An answer now. */
  _answer(kind: AnswerKind): void;
  /** Whether a failure was seen from `from` to `to` (ms); with `serviceOnly`, network failures do not count. */
  _failedBetween(from: number, to: number, serviceOnly?: boolean): boolean;
  /** The kind of the first answer after `t`, or undefined when there has been none yet. */
  _firstAfter(t: number): AnswerKind | undefined;
}

/** Accepted: a 200. The only answer that says an unload send around then was taken. */
export const ANSWER_OK = 0;
/** No answer: a network failure or a timeout. */
export const ANSWER_NETWORK = 1;
/** The service failed: 5xx, 429, 403. */
export const ANSWER_SERVICE = 2;
/**
 * The service is up but refused the request: 401 (Web Tracking off), 404, or a 4xx for its
 * content. An unload send then was probably refused too.
 */
export const ANSWER_REFUSED = 3;
/** What an answer said about the service; numbers, as they are kept in localStorage. */
export type AnswerKind = typeof ANSWER_OK | typeof ANSWER_NETWORK | typeof ANSWER_SERVICE | typeof ANSWER_REFUSED;

/** One answer: when (ms) and what kind. */
type Seen = [time: number, kind: AnswerKind];

export function createSharedHealth(key: string, now: () => number): SharedHealth {
  // [time, kind], oldest first; runs of one kind keep only their first and last answer.
  // This tab's own copy serves when storage is unavailable.
  let own: Seen[] = [];
  const read = (): Seen[] => {
    // Unreadable, of another shape or blocked: this tab's own answers still count.
    const v = storedRecord(key);
    const shared = Array.isArray(v) ? v.filter((e): e is Seen => Array.isArray(e) && typeof e[0] === 'number') : [];
    // A write may have failed (storage full) while reads work: add this tab's newer answers.
    const last = shared.length ? shared[shared.length - 1]![0] : -1;
    return [...shared, ...own.filter(([t]) => t > last)];
  };
  return {
    _answer(kind) {
      const t = now();
      const list = read().filter(([x]) => x > t - HEALTH_KEEP_MS);
      const n = list.length;
      if (n >= 2 && list[n - 1]![1] === kind && list[n - 2]![1] === kind) list.pop();
      list.push([t, kind]);
      own = list;
      // Where storage is full or blocked other tabs will not see it; this one still does.
      storedRecord(key, list);
    },
    _failedBetween: (from, to, serviceOnly) =>
      read().some(([x, k]) => k > (serviceOnly ? ANSWER_NETWORK : ANSWER_OK) && x >= from && x <= to),
    _firstAfter: (t) => read().find(([x]) => x > t)?.[1],
  };
}
