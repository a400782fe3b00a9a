import type { Tracker } from '../types';
import type { ResolvedOptions } from './resolveOptions';
import type { Reporter } from './createReporter';
import { DEBUG_BUILD } from '../lib/debugBuild';

/**
 * The tracker where there is no page (README, "Server-side rendering and workers"): every method
 * exists and is safe, nothing is stored, sent or listened to, and no timer starts, so a server that
 * renders a page creating the tracker at module scope neither throws nor stays alive for it.
 * Each `track()` is dropped as `unsupported` (counted in `stats()`, passed to `onDrop`); the first
 * one also calls `onError` once (status 0, `Unsupported`). Nothing is printed: on a server,
 * tracking nothing is what is expected, and a warning at every start would only be noise.
 * createTrackerWith checks the options first, so an invalid one throws the browser's `TypeError`.
 */
export function createInertTracker(o: ResolvedOptions, reporter: Reporter): Tracker {
  let reported = false;
  // In memory only: there is no storage to remember the choice in, and nothing to stop.
  let optedOut = false;
  const nothing = async () => {};
  return {
    track() {
      reporter._drop(1, 'unsupported', DEBUG_BUILD && 'no window or document: nothing is tracked here');
      if (reported) return;
      reported = true;
      try {
        o._onError?.({ status: 0, errorCode: 'Unsupported', message: 'no window or document' });
      } catch {
        // A throwing onError must not reach the page (or the server) that called track().
      }
    },
    flush: nothing,
    shutdown: nothing,
    stats: () => ({ tracked: 0, sent: 0, unconfirmed: 0, pending: 0, notStored: 0, dropped: reporter._dropped() }),
    addContext: () => () => {},
    optOut: () => void (optedOut = true),
    optIn: () => void (optedOut = false),
    isOptedOut: () => optedOut,
  };
}
