import type { TrackerOptions } from '../options';
import type { DropInfo } from '../dropReasons';
import type { Tracker } from './createTracker';
import { resolveOptions } from './resolveOptions';

/**
 * The tracker where there is no page (README, "Server-side rendering and workers"): every method
 * exists and is safe, nothing is stored, sent or listened to, and no timer starts, so a server that
 * renders a page creating the tracker at module scope neither throws nor stays alive for it.
 * Each `track()` is dropped as `unsupported` (counted in `stats()`, passed to `onDrop`); the first
 * one also calls `onError` once (status 0, `Unsupported`). Nothing is printed, not even with
 * `debug`: on a server, tracking nothing is what is expected, and a warning at every start would
 * only be noise.
 *
 * The options are checked all the same and an invalid one throws the browser's `TypeError`, so a
 * misconfiguration shows up in server-side rendering and tests, not only in the browser.
 */
export function createInertTracker(options: TrackerOptions): Tracker {
  const o = resolveOptions(options);
  const detail = 'no window or document: nothing is tracked here';
  let dropped = 0;
  let optedOut = false;
  const call = <A>(f: ((a: A) => void) | undefined, a: A) => {
    try {
      f?.(a);
    } catch (e) {
      if (o._debug) console.debug('[sls-webtrack] callback threw:', e);
    }
  };
  return {
    track() {
      call<DropInfo>(o._onDrop, { reason: 'unsupported', count: 1, detail });
      if (!dropped++) call(o._onError, { status: 0, errorCode: 'Unsupported', message: detail });
    },
    async flush() {},
    async shutdown() {},
    stats: () => ({ tracked: 0, sent: 0, unconfirmed: 0, pending: 0, notStored: 0, dropped: dropped ? { unsupported: dropped } : {} }),
    addContext: () => () => {},
    // In memory only: there is no localStorage to remember the choice in, and nothing to stop.
    optOut() {
      optedOut = true;
    },
    optIn() {
      optedOut = false;
    },
    isOptedOut: () => optedOut,
  };
}
