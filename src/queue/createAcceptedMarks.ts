import type { SentMarks } from './createSentMarks';

/**
 * Accepted logs whose row's delete has not committed yet (README, "Unload-sent logs"). Until the
 * delete commits, only a mark stops the next tab from sending them again if the page goes: an
 * unloading page aborts the delete. A mark costs a localStorage write of every id, at every
 * delivery, and matters only in those few ms; so the ids wait here, and are marked when the page
 * may go (`_leaving`: pagehide, hidden, freeze) and, from then on until the page is in sight
 * again, at once: answers read while the page unloads may be the last thing it does.
 */
export interface AcceptedMarks {
  /** The service accepted these stored logs. */
  _add(ids: string[]): void;
  /** Their row's delete committed: no mark, waiting or written, is needed any more. */
  _deleted(ids: string[]): void;
  /** The page may go: marks what waits; later ones are marked at once. */
  _leaving(): void;
  /** The page is in sight again: later ones wait. */
  _resume(): void;
  /** Marks what waits (shutdown: deletes that failed; the next tab must not send those logs). */
  _flush(): void;
  /** Forgets what waits (opt-out: the store is emptied). */
  _clear(): void;
}

export function createAcceptedMarks(marks: Pick<SentMarks, '_mark' | '_unmark'>): AcceptedMarks {
  const waiting = new Set<string>();
  let leaving = false;
  const flush = () => {
    if (waiting.size) marks._mark([...waiting], true);
    waiting.clear();
  };
  return {
    _add(ids) {
      if (leaving) {
        if (ids.length) marks._mark(ids, true);
      } else for (const id of ids) waiting.add(id);
    },
    _deleted(ids) {
      for (const id of ids) waiting.delete(id);
      marks._unmark(ids);
    },
    _leaving() {
      leaving = true;
      flush();
    },
    _resume: () => void (leaving = false),
    _flush: flush,
    _clear: () => waiting.clear(),
  };
}
