import type { ResolvedOptions } from './resolveOptions';
import type { Reporter } from './createReporter';
import { DEBUG_BUILD } from '../lib/debugBuild';

/**
 * What `track()` does where there is no page (README, "Server-side rendering and workers"): the
 * log is dropped as `unsupported` (counted in `stats()`, passed to `onDrop`), and the first one
 * also calls `onError` once (status 0, `Unsupported`). Nothing is printed: on a server, tracking
 * nothing is what is expected, and a warning at every start would only be noise. The tracker
 * around it starts nothing there: no store, no storage read, no listener, no timer.
 */
export function reportNoPage(o: ResolvedOptions, reporter: Reporter): () => void {
  let reported = false;
  return () => {
    reporter._drop(1, 'unsupported', DEBUG_BUILD && 'no window or document: nothing is tracked here');
    if (reported) return;
    reported = true;
    try {
      o._onError?.({ status: 0, errorCode: 'Unsupported', message: 'no window or document' });
    } catch {
      // A throwing onError must not reach the page (or the server) that called track().
    }
  };
}
